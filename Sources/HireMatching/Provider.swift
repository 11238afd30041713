/// The engines this daemon has. LLM providers plug in here later; `builtin` needs no network.
public enum MatchingProvider: String, Sendable, CaseIterable {
    case builtin
}
