/// Why a provider cannot be used.
public enum ProviderError: Error, Sendable, Equatable {
    /// No provider has this name; `known` are those the daemon has.
    case unknown(String, known: [String])
    /// The daemon was built without LLM providers (the core tests build it so).
    case unavailable
}
