/// The engine every daemon has: `builtin` needs no network. LLM providers are configured per
/// user (`providers.set`) and named beside it.
public enum MatchingProvider: String, Sendable, CaseIterable {
    case builtin
}
