import Foundation
import HireTestSupport
import Testing

@testable import HireMatching

@Suite struct TermVectorTests {
    @Test func keepsTechnicalTokensWhole() {
        let vector = TermVector(text: "C++ and C# on .NET, Node.js services, CI/CD, foo.bar")
        for term in ["skill:c++", "skill:c#", "skill:.net", "skill:node.js", "skill:ci/cd", "foo.bar"] {
            #expect(vector.terms[term] == 1, "\(term)")
        }
        #expect(vector.terms["and"] == nil)
    }

    /// A skill mention is one term in place of its words: it counts once, as one word.
    @Test func aSkillMentionReplacesItsWords() {
        let vector = TermVector(text: "Machine learning with C++")
        #expect(vector.terms == ["skill:machine learning": 1, "skill:c++": 1])
        #expect(vector.length == 2)
    }

    @Test func aliasesMeetThroughSkillTerms() {
        let a = TermVector(text: "Deployed with k8s")
        let b = TermVector(text: "Kubernetes administration")
        #expect(a.terms["skill:kubernetes"] == 1)
        #expect(b.terms["skill:kubernetes"] == 1)
    }

    @Test func stemsEnglishLightly() {
        let vector = TermVector(text: "developer developers development developing engineers engineering")
        #expect(vector.terms["develop"] == 4)
        #expect(vector.terms["engine"] == nil)
        #expect(vector.terms.count == 2)
        #expect(vector.length == 6)
    }

    @Test func readsAnyScript() {
        let vector = TermVector(text: "Ведущий РАЗРАБОТЧИК Python, опыт работы с Kubernetes и PostgreSQL; ёлка")
        #expect(vector.terms.keys.contains { $0.hasPrefix("разработчик") })
        #expect(vector.terms["и"] == nil)
        #expect(vector.terms["с"] == nil)
        #expect(vector.terms.keys.contains { $0.hasPrefix("елк") })
        #expect(vector.terms["skill:postgresql"] == 1)
        let greek = TermVector(text: "Μηχανικός λογισμικού")
        #expect(greek.terms["μηχανικός"] == 1)
    }

    @Test func dropsStopwordsAndBareNumbers() {
        let vector = TermVector(text: "The team of 25 is in the office 5 days a week")
        #expect(vector.terms["the"] == nil)
        #expect(vector.terms["25"] == nil)
        #expect(vector.terms["team"] == 1)
    }

    @Test func encodingRoundTrips() throws {
        let vector = TermVector(text: Fixtures.softwareResume)
        let bytes = vector.encoded()
        let decoded = try #require(TermVector(encoded: bytes))
        #expect(decoded == vector)
        #expect(bytes == decoded.encoded())
        #expect(TermVector(encoded: []) == nil)
        #expect(TermVector(encoded: Array(bytes.dropLast())) == nil)
        #expect(TermVector(encoded: bytes + [0]) == nil)
        var wrongVersion = bytes
        wrongVersion[0] = 99
        #expect(TermVector(encoded: wrongVersion) == nil)
        let empty = TermVector(text: "")
        #expect(TermVector(encoded: empty.encoded()) == empty)
    }

    /// Terms are kept in the order of their bytes, sorted on their first eight bytes first: the
    /// same order as `<` for composed text, whatever prefix terms share or script they use.
    @Test func termsAreSortedByTheirBytesAsStringsSortThem() throws {
        var random = SplitMix(state: 3)
        let pieces = ["a", "b", "z", "é", "ж", "中", "😀", "-", ".", "1", "aaaaaaa", "aaaaaaaa", "abcdefgh", "ÿ"]
        var terms: [String: Int] = [:]
        for _ in 0..<3000 {
            let term = (0..<Int(1 + random.next() % 6)).map { _ in random.pick(pieces) }.joined()
            terms[term.precomposedStringWithCanonicalMapping, default: 0] += 1
        }
        let vector = TermVector(terms: terms, length: terms.values.reduce(0, +))
        let sorted = vector.sortedEntries.map(\.term)
        #expect(sorted == terms.keys.sorted())
        let decoded = try #require(TermVector(encoded: vector.encoded()))
        #expect(decoded == vector)
    }

    /// A long text's tokens are read in two halves on two cores: the same vector and mentions.
    @Test func halvesGiveTheVectorOfOnePass() throws {
        for text in try LineTokensTests.texts().prefix(400) + [Fixtures.softwareResume, String(repeating: Fixtures.softwareResume, count: 30)] {
            let tokens = Tokenizer.tokens(in: text, lexicon: Taxonomy.builtin.lexicon)
            let one = TermVector.reading(tokens: tokens, taxonomy: .builtin, splitFrom: .max)
            let halves = TermVector.reading(tokens: tokens, taxonomy: .builtin, splitFrom: 0)
            #expect(one.vector == halves.vector)
            #expect(one.vector.encoded() == halves.vector.encoded())
            #expect(one.skills.map(\.skill) == halves.skills.map(\.skill))
            #expect(one.skills.map(\.start) == halves.skills.map(\.start))
        }
    }
}
