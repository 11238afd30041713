import Foundation
import HireCore
import HireMatching
import HireRPC

/// `providers.*`: the LLM providers a user configured, kept in their vault with their API
/// keys, and the one tiny request `providers.test` sends.
struct ProviderService: Sendable {
    let models: ModelEngine

    /// Checks and stores a provider. `apiKey` as `ProviderStore.putProvider` takes it.
    func set(_ settings: ProviderSettings, apiKey: String?, vault: some ProviderStore) async throws -> (ProviderSettings, Bool) {
        try Self.check(settings)
        try refuseMachineWide(settings.name)
        try await vault.putProvider(settings, apiKey: apiKey)
        guard let stored = try await vault.provider(named: settings.name) else { throw ProviderError.unknown(settings.name, known: []) }
        return (stored.settings, stored.apiKey != nil)
    }

    func delete(_ name: String, vault: some ProviderStore) async throws {
        try refuseMachineWide(name)
        guard try await vault.deleteProvider(named: name) else {
            throw ProviderError.unknown(name, known: try await vault.providers().map(\.settings.name))
        }
    }

    /// The machine-wide provider's name belongs to the daemon's configuration, not to a user.
    private func refuseMachineWide(_ name: String) throws(InvalidInput) {
        guard name == models.machine?.settings.name else { return }
        throw InvalidInput("\(name) is the machine-wide provider, set in the daemon's configuration; choose another name", param: "name")
    }

    /// The user's providers, then the machine-wide one.
    func list(vault: some ProviderStore) async throws -> [Providers.View] {
        let own = try await vault.providers().map { Providers.View($0.settings, hasApiKey: $0.hasKey) }
        return own + (models.machine.map { [Providers.View($0.settings, hasApiKey: $0.apiKey != nil, machineWide: true)] } ?? [])
    }

    /// One tiny request: whether the provider answers, and with JSON meeting a schema.
    func test(_ name: String, vault: some ProviderStore) async throws -> Providers.Test.Result {
        guard let provider = try await models.provider(name, vault: vault), let client = models.client else {
            throw ProviderError.unknown(name, known: try await vault.providers().map(\.settings.name))
        }
        let schema = ModelSchema.object([("ok", .boolean)])
        let request = ModelRequest(
            instructions: "You check that this connection works.", input: #"Reply with {"ok": true}."#, schemaName: "connection_test",
            schema: schema.json.jsonString, maxTokens: 16)
        let clock = ContinuousClock()
        let started = clock.now
        do throws(ModelFailure) {
            let reply = try await client.complete(request, provider: provider.settings, apiKey: provider.apiKey)
            let latency = Self.milliseconds(clock.now - started)
            do throws(SchemaViolation) {
                try schema.validate(try ModelEngine.parse(reply.text))
                return .init(ok: true, reachable: true, modelKnown: true, jsonValid: true, latencyMs: latency, usage: reply.usage, error: nil)
            } catch {
                return .init(
                    ok: false, reachable: true, modelKnown: true, jsonValid: false, latencyMs: latency, usage: reply.usage, error: error.message)
            }
        } catch {
            // A refusal, an error status or an unusable body is still an answer: the provider is
            // reachable; a 404 says the model (or the path) is not known to it.
            let reachable: Bool = switch error {
            case .refused, .malformed, .status: true
            case .timedOut, .unreachable: false
            }
            let modelKnown = if case .status(404, _) = error { false } else { reachable }
            return .init(
                ok: false, reachable: reachable, modelKnown: modelKnown, jsonValid: false, latencyMs: Self.milliseconds(clock.now - started),
                usage: nil, error: error.reason)
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    /// A name of letters, digits, `-` and `_`, not `builtin`; an http(s) base URL with a host;
    /// a model; limits in range.
    static func check(_ settings: ProviderSettings) throws(InvalidInput) {
        let name = settings.name
        guard !name.isEmpty, name.count <= 40, name.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") })
        else { throw InvalidInput("name must be 1–40 letters, digits, - or _", param: "name") }
        guard name != MatchingProvider.builtin.rawValue else { throw InvalidInput("builtin is the builtin engine's name", param: "name") }
        guard let url = URLComponents(string: settings.baseURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
            !(url.host ?? "").isEmpty, url.query == nil, url.user == nil
        else { throw InvalidInput("baseURL must be an http or https URL with a host, without a query or credentials", param: "baseURL") }
        guard !settings.model.trimmingCharacters(in: .whitespaces).isEmpty else { throw InvalidInput("model must not be empty", param: "model") }
        guard (1...64).contains(settings.maxConcurrency) else { throw InvalidInput("maxConcurrency must be 1–64", param: "maxConcurrency") }
        guard (1...600).contains(settings.timeoutSeconds) else { throw InvalidInput("timeoutSeconds must be 1–600", param: "timeoutSeconds") }
    }
}

extension ProviderService: RegistrableService {
    func registerMethods(with router: inout Router) {
        router.register(Providers.Set.self) { params, context in
            let settings = ProviderSettings(
                name: params.name, kind: params.kind, baseURL: params.baseURL, model: params.model, maxConcurrency: params.maxConcurrency ?? 2,
                allowPersonalData: params.allowPersonalData ?? false, timeoutSeconds: params.timeoutSeconds ?? 120)
            let (stored, hasKey) = try await self.set(settings, apiKey: params.apiKey, vault: try context.store())
            return Providers.View(stored, hasApiKey: hasKey)
        }
        router.register(Providers.List.self) { _, context in
            Providers.List.Result(providers: try await self.list(vault: try context.store()))
        }
        router.register(Providers.Delete.self) { params, context in
            try await self.delete(params.name, vault: try context.store())
            return Providers.Delete.Result(deleted: true)
        }
        router.register(Providers.Test.self) { params, context in try await self.test(params.name, vault: try context.store()) }
    }
}
