import HireMatching
import Testing

@Test func builtinIsTheDefaultProvider() {
    #expect(MatchingProvider(rawValue: "builtin") == .builtin)
    #expect(MatchingProvider(rawValue: "gpt") == nil)
}
