import Foundation
import HireCore
import HireMatching
import HireCrypto
import HireRPC
import Synchronization

/// A provider chosen for one call, with its key, as the vault keeps them.
struct ModelProvider: Sendable {
    let settings: ProviderSettings
    let apiKey: String?

    /// Personal data is replaced by placeholders unless the provider is on this machine or its
    /// configuration allows it.
    var redacts: Bool { !settings.allowPersonalData && !settings.isLoopback }
}

/// One kind of question a provider is asked: what to do, the answer's schema, and how the
/// answer becomes a value.
struct ModelTask<Answer: Decodable & Sendable>: Sendable {
    /// Names the schema on the wire and keys the cache (`job_profile`).
    let name: String
    let instructions: String
    let schema: ModelSchema
    let maxTokens: Int
}

/// Asks providers strict-JSON questions: each answer is checked against the task's schema;
/// a failing one gets one repair request naming what was wrong; a second failure, a
/// timeout, a refusal or an HTTP error leaves the item to the builtin engine, recorded in
/// the run's ledger with the reason. Answers are cached in the vault by a hash of the
/// question, the provider and the model.
struct ModelEngine: Sendable {
    /// Nil when the daemon was built without providers.
    let client: (any LanguageModelClient)?
    /// The machine-wide provider of the daemon's configuration, which every user may name.
    var machine: ModelProvider? = nil

    /// The provider `name` names (the user's own, else the machine-wide one), or nil for the
    /// builtin engine (no name, or `builtin`).
    func provider(_ name: String?, vault: some ProviderStore) async throws -> ModelProvider? {
        guard let name, name != MatchingProvider.builtin.rawValue else { return nil }
        let chosen: ModelProvider
        if let found = try await vault.provider(named: name) {
            chosen = ModelProvider(settings: found.settings, apiKey: found.apiKey)
        } else if let machine, machine.settings.name == name {
            chosen = machine
        } else {
            let known = try await vault.providers().map(\.settings.name) + (machine.map { [$0.settings.name] } ?? [])
            throw ProviderError.unknown(name, known: [MatchingProvider.builtin.rawValue] + known)
        }
        guard client != nil else { throw ProviderError.unavailable }
        return chosen
    }

    /// The task's answer for `input`, or nil when the item falls back (recorded in `ledger`
    /// under `item`). `names`: people's names in the input, replaced before sending when the
    /// provider redacts.
    func ask<Answer>(
        _ task: ModelTask<Answer>, input: String, names: [String] = [], item: String, provider: ModelProvider, vault: some ProviderStore,
        ledger: ModelLedger
    ) async -> Answer? {
        guard let client else { return nil }
        let key = Self.cacheKey(task: task, input: input, provider: provider.settings)
        if let cached = try? await vault.cachedAnswer(key: key), let answer = try? Self.decode(Answer.self, JSONValue(parsing: cached)) {
            ledger.noteCached()
            return answer
        }
        let redaction = provider.redacts ? Redaction(input, names: names) : nil
        let sent = redaction?.text ?? input
        var request = ModelRequest(
            instructions: task.instructions, input: sent, schemaName: task.name, schema: task.schema.json.jsonString, maxTokens: task.maxTokens)
        var problem = ""
        for _ in 0..<2 {
            let reply: ModelReply
            do throws(ModelFailure) {
                reply = try await client.complete(request, provider: provider.settings, apiKey: provider.apiKey)
            } catch {
                ledger.noteFallback(item: item, reason: error.reason)
                return nil
            }
            ledger.note(reply.usage)
            do throws(SchemaViolation) {
                let value = try Self.parse(reply.text)
                try task.schema.validate(value)
                let restored = redaction?.restore(value) ?? value
                let answer = try Self.decode(Answer.self, restored)
                try? await vault.putCachedAnswer(key: key, provider: provider.settings.name, answer: restored.jsonString)
                return answer
            } catch {
                problem = error.message
                // The repair: the same question, the rejected answer, and what was wrong with it.
                request.input = """
                    \(sent)

                    Your previous answer was rejected: \(problem).
                    Previous answer: \(reply.text.prefix(4000))
                    Answer again with corrected JSON only.
                    """
            }
        }
        ledger.noteFallback(item: item, reason: "invalid answer after one repair: \(problem)")
        return nil
    }

    /// The answer's JSON: the text itself, or the object inside a code fence or prose.
    static func parse(_ text: String) throws(SchemaViolation) -> JSONValue {
        if let value = try? JSONValue(parsing: text) { return value }
        if let open = text.firstIndex(of: "{"), let close = text.lastIndex(of: "}"), open < close,
            let value = try? JSONValue(parsing: String(text[open...close]))
        {
            return value
        }
        throw SchemaViolation("the answer is not JSON")
    }

    static func decode<Answer: Decodable>(_ type: Answer.Type, _ value: JSONValue) throws(SchemaViolation) -> Answer {
        do {
            return try JSONDecoder().decode(Answer.self, from: Data(value.jsonBytes))
        } catch {
            throw SchemaViolation("the answer does not have the expected shape")
        }
    }

    /// SHA-256 of the task, the provider's endpoint and model, and the input.
    static func cacheKey(task: ModelTask<some Any>, input: String, provider: ProviderSettings) -> String {
        let hash = SHA256()
        for part in [task.name, task.instructions, provider.kind.rawValue, provider.baseURL, provider.model, input] {
            hash.update(Array(part.utf8) + [0])
        }
        return hash.finish()
    }
}

/// An item a provider's answer did not serve, and why.
struct ModelFallback: Codable, Sendable {
    var item: String
    var reason: String
}

/// What one run's requests to a provider cost, and which items fell back to the builtin
/// engine and why: recorded with the run (`history.get` shows it).
final class ModelLedger: Sendable {
    private struct State {
        var usage = TokenUsage()
        var requests = 0
        var withoutUsage = 0
        var cached = 0
        var fallbacks: [ModelFallback] = []
    }

    let provider: ModelProvider
    private let state = Mutex(State())

    init(provider: ModelProvider) { self.provider = provider }

    func note(_ usage: TokenUsage?) {
        state.withLock { state in
            state.requests += 1
            if let usage { state.usage = state.usage + usage } else { state.withoutUsage += 1 }
        }
    }

    func noteCached() { state.withLock { $0.cached += 1 } }

    func noteFallback(item: String, reason: String) { state.withLock { $0.fallbacks.append(ModelFallback(item: item, reason: reason)) } }

    /// Each item that fell back and why.
    var fallbackList: [ModelFallback] { state.withLock { $0.fallbacks } }

    /// The run's summary members: provider, model, usage and how many items fell back.
    var summary: [String: JSONValue] {
        state.withLock { state in
            [
                "provider": .string(provider.settings.name), "model": .string(provider.settings.model),
                "usage": [
                    "inputTokens": .int(state.usage.inputTokens), "outputTokens": .int(state.usage.outputTokens),
                    "requests": .int(state.requests), "requestsWithoutUsage": .int(state.withoutUsage), "cached": .int(state.cached),
                ],
                "fallbacks": .int(state.fallbacks.count),
            ]
        }
    }

    /// The run's results member: each item that fell back and why.
    var fallbacks: JSONValue { .array(fallbackList.map { ["item": .string($0.item), "reason": .string($0.reason)] }) }
}
