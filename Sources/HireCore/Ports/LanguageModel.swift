import Foundation

/// The wire dialect of an LLM provider.
public enum ProviderKind: String, Sendable, Codable, CaseIterable {
    /// Chat Completions at any base URL: llama.cpp, Ollama, vLLM, LM Studio, cloud APIs.
    case openai
    /// Anthropic's Messages API.
    case anthropic
}

/// One provider a user configured (`providers.set`), as the vault keeps it. The API key is
/// kept beside it in the vault and never leaves it but in the provider's own requests.
public struct ProviderSettings: Sendable, Equatable, Codable {
    /// The user's name for it (`--provider NAME`); never `builtin`.
    public var name: String
    public var kind: ProviderKind
    /// Where its API lives, e.g. `http://127.0.0.1:8080/v1` or `https://api.anthropic.com/v1`.
    public var baseURL: String
    public var model: String
    /// At most this many requests in flight to it at once.
    public var maxConcurrency: Int
    /// Whether personal data (names, emails, phones, addresses, links) may reach it when
    /// its base URL is not on loopback.
    public var allowPersonalData: Bool
    /// How long one request may take before it counts as failed.
    public var timeoutSeconds: Double

    public init(
        name: String, kind: ProviderKind, baseURL: String, model: String, maxConcurrency: Int = 2, allowPersonalData: Bool = false,
        timeoutSeconds: Double = 120
    ) {
        self.name = name
        self.kind = kind
        self.baseURL = baseURL
        self.model = model
        self.maxConcurrency = maxConcurrency
        self.allowPersonalData = allowPersonalData
        self.timeoutSeconds = timeoutSeconds
    }

    /// Whether the base URL's host is this machine (127.0.0.0/8, ::1 or `localhost`).
    public var isLoopback: Bool {
        guard let host = URLComponents(string: baseURL)?.host?.lowercased() else { return false }
        return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}

/// One question to a model: instructions, the input, and the JSON Schema its answer must meet.
public struct ModelRequest: Sendable, Equatable {
    /// The instructions (a system prompt).
    public var instructions: String
    /// The input: a job description, a resume, questions and answers.
    public var input: String
    /// A name for the schema (`job_profile`), as the OpenAI dialect wants one.
    public var schemaName: String
    /// The JSON Schema of the answer, as JSON text.
    public var schema: String
    /// The most tokens the answer may take.
    public var maxTokens: Int

    public init(instructions: String, input: String, schemaName: String, schema: String, maxTokens: Int) {
        self.instructions = instructions
        self.input = input
        self.schemaName = schemaName
        self.schema = schema
        self.maxTokens = maxTokens
    }
}

/// Tokens a provider reports for a request (or a run's requests added up).
public struct TokenUsage: Sendable, Equatable, Codable {
    public var inputTokens: Int
    public var outputTokens: Int

    public init(inputTokens: Int = 0, outputTokens: Int = 0) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }

    public static func + (a: TokenUsage, b: TokenUsage) -> TokenUsage {
        TokenUsage(inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens)
    }
}

/// A model's answer: its text (meant to be JSON) and the tokens it reported, when it did.
public struct ModelReply: Sendable, Equatable {
    public var text: String
    public var usage: TokenUsage?

    public init(text: String, usage: TokenUsage?) {
        self.text = text
        self.usage = usage
    }
}

/// Why a provider gave no answer. Messages never carry the request's content or the key.
public enum ModelFailure: Error, Sendable, Equatable {
    /// The model declined to answer (its refusal, or a stop for safety reasons).
    case refused(String)
    /// No answer within the provider's timeout.
    case timedOut
    /// The provider answered with this HTTP status (after the retries 429 and 5xx get).
    case status(Int, String)
    /// The provider could not be reached (connection refused, TLS, DNS).
    case unreachable(String)
    /// The answer was not in the provider's documented shape.
    case malformed(String)

    /// What happened, for a run's record and a client: never personal data.
    public var reason: String {
        switch self {
        case .refused(let why): "the model refused: \(why)"
        case .timedOut: "no answer within the timeout"
        case .status(let code, let message): "HTTP \(code)\(message.isEmpty ? "" : ": \(message)")"
        case .unreachable(let why): "unreachable: \(why)"
        case .malformed(let why): "answer not in the expected shape: \(why)"
        }
    }
}

/// Speaks to LLM providers over HTTP. The daemon is given one when it was built with
/// providers (`hired` is; the core tests are not).
public protocol LanguageModelClient: Sendable {
    /// Asks `provider` one question and returns its answer, after the retries a 429 or 5xx gets.
    func complete(_ request: ModelRequest, provider: ProviderSettings, apiKey: String?) async throws(ModelFailure) -> ModelReply
}
