import HireCore

extension ProviderKind: SchemaStringEnum {}

/// LLM providers a user configured: OpenAI-compatible or Anthropic endpoints that
/// `jobs.process`, `resumes.add`, `match.run` and `interviews.create` may use instead of the
/// builtin engine (`provider: NAME`).
public enum Providers {
    /// A provider as `providers.list` shows it: its settings and whether it has an API key,
    /// never the key.
    public struct View: Codable, Sendable, Equatable, SchemaDocumented {
        public var name: String
        public var kind: ProviderKind
        public var baseURL: String
        public var model: String
        public var maxConcurrency: Int
        public var allowPersonalData: Bool
        public var timeoutSeconds: Double
        public var hasApiKey: Bool
        /// Whether personal data is replaced by placeholders before it is sent.
        public var redactsPersonalData: Bool
        /// True for the daemon's machine-wide provider (its configuration, not the user's).
        public var machineWide: Bool?
        public init(_ settings: ProviderSettings, hasApiKey: Bool, machineWide: Bool = false) {
            name = settings.name
            kind = settings.kind
            baseURL = settings.baseURL
            model = settings.model
            maxConcurrency = settings.maxConcurrency
            allowPersonalData = settings.allowPersonalData
            timeoutSeconds = settings.timeoutSeconds
            self.hasApiKey = hasApiKey
            redactsPersonalData = !settings.allowPersonalData && !settings.isLoopback
            self.machineWide = machineWide ? true : nil
        }
        public static let fieldDocs = [
            "name": "Its name, for provider params and --provider.", "kind": "openai (Chat Completions) or anthropic (Messages).",
            "baseURL": "Where its API is.", "model": "The model asked.", "maxConcurrency": "Most requests in flight at once.",
            "allowPersonalData": "Whether personal data may reach a provider off this machine.",
            "timeoutSeconds": "How long one request may take.", "hasApiKey": "Whether an API key is stored (it is never shown).",
            "redactsPersonalData": "Whether names, emails, phones, addresses and links are replaced by placeholders before sending.",
            "machineWide": "True for the provider the daemon's configuration gives every user (its key, from a systemd credential, is never shown).",
        ]
    }

    public enum Set: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "providers.set", summary: "Add an LLM provider, or change the one with this name.",
            details: "kind openai speaks Chat Completions at any base URL (llama.cpp, Ollama, vLLM, LM Studio, a cloud API); kind anthropic speaks the Messages API. The API key is kept in your encrypted vault and never shown or logged; leave it out to keep the one stored, give an empty one to remove it. A provider whose base URL is not on loopback gets no personal data unless allowPersonalData is true.",
            access: .session, readOnly: false, positionals: ["name"],
            prompts: [Prompt("apiKey", "API key (empty: none, or keep the one stored): ", .optionalSecret)])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var name: String
            public var kind: ProviderKind
            public var baseURL: String
            public var model: String
            public var apiKey: String?
            public var maxConcurrency: Int?
            public var allowPersonalData: Bool?
            public var timeoutSeconds: Double?
            public init(
                name: String, kind: ProviderKind, baseURL: String, model: String, apiKey: String? = nil, maxConcurrency: Int? = nil,
                allowPersonalData: Bool? = nil, timeoutSeconds: Double? = nil
            ) {
                self.name = name
                self.kind = kind
                self.baseURL = baseURL
                self.model = model
                self.apiKey = apiKey
                self.maxConcurrency = maxConcurrency
                self.allowPersonalData = allowPersonalData
                self.timeoutSeconds = timeoutSeconds
            }
            public static let fieldDocs = [
                "name": "A name of letters, digits, - and _ (not builtin).", "kind": "openai or anthropic.",
                "baseURL": "The API's base URL, e.g. http://127.0.0.1:8080/v1 or https://api.anthropic.com/v1.",
                "model": "The model to ask.",
                "apiKey": "The API key (kept in your vault; empty removes it). hire asks for it without echo at a terminal, or reads it with --api-key-stdin: given as --api-key it shows in the process list.",
                "maxConcurrency": "Most requests in flight at once, 1–64 (default 2).",
                "allowPersonalData": "Send personal data to a provider off this machine (default false).",
                "timeoutSeconds": "How long one request may take, 1–600 (default 120).",
            ]
        }
        public typealias Result = View
        public static let example = Params(name: "local", kind: .openai, baseURL: "http://127.0.0.1:8080/v1", model: "smollm2")
    }

    public enum List: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "providers.list", summary: "List your LLM providers and the machine-wide one (API keys are never shown).", access: .session, readOnly: true)
        public typealias Params = Empty
        public struct Result: Codable, Sendable {
            public var providers: [View]
            public init(providers: [View]) { self.providers = providers }
        }
        public static let example = Empty()
    }

    public enum Delete: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "providers.delete", summary: "Delete an LLM provider, its API key and the answers cached from it.", access: .session,
            readOnly: false, errors: [.unknownProvider], positionals: ["name"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var name: String
            public init(name: String) { self.name = name }
            public static let fieldDocs = ["name": "The provider's name."]
        }
        public struct Result: Codable, Sendable {
            public var deleted: Bool
            public init(deleted: Bool) { self.deleted = deleted }
        }
        public static let example = Params(name: "local")
    }

    public enum Test: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "providers.test", summary: "Send one tiny request to an LLM provider: reachable, model known, JSON answer, latency.",
            access: .session, readOnly: true, errors: [.unknownProvider], positionals: ["name"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var name: String
            public init(name: String) { self.name = name }
            public static let fieldDocs = ["name": "The provider's name."]
        }
        public struct Result: Codable, Sendable, SchemaDocumented {
            public var ok: Bool
            public var reachable: Bool
            public var modelKnown: Bool
            public var jsonValid: Bool
            public var latencyMs: Int
            public var usage: TokenUsage?
            public var error: String?
            public init(ok: Bool, reachable: Bool, modelKnown: Bool, jsonValid: Bool, latencyMs: Int, usage: TokenUsage?, error: String?) {
                self.ok = ok
                self.reachable = reachable
                self.modelKnown = modelKnown
                self.jsonValid = jsonValid
                self.latencyMs = latencyMs
                self.usage = usage
                self.error = error
            }
            public static let fieldDocs = [
                "ok": "The provider answered with JSON that meets the schema.",
                "reachable": "The provider answered over HTTP.", "modelKnown": "It knows the model (no 404).",
                "jsonValid": "The answer met the requested schema.",
                "latencyMs": "How long the request took.", "usage": "The tokens it reported.", "error": "What went wrong, if anything.",
            ]
        }
        public static let example = Params(name: "local")
    }
}
