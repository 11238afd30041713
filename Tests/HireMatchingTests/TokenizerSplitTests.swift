import Foundation
import HireTestSupport
import Testing

@testable import HireMatching

/// A long text is tokenized in two halves on two cores, split after a line break near its
/// middle; the halves must give exactly the tokens one pass gives (words, offsets, what came
/// before each, the lexicon's ids), wherever the break falls.
@Suite struct TokenizerSplitTests {
    @Test func twoHalvesGiveTheTokensOfOnePass() throws {
        let lexicon = Taxonomy.builtin.lexicon
        let texts = try LineTokensTests.texts()
        var random = SplitMix(state: 5)
        // Each text alone, and joined with another so that the break falls amid every kind of piece.
        let joined = (0..<3000).map { _ in random.pick(texts) + random.pick(["\n", "", " "]) + random.pick(texts) }
        var split = 0
        for text in texts + joined {
            var copy = text
            let (whole, halves) = copy.withUTF8 { bytes in
                (
                    Tokenizer.tokens(in: bytes, lexicon: lexicon, splitFrom: .max),
                    Tokenizer.tokens(in: bytes, lexicon: lexicon, splitFrom: 0)
                )
            }
            Self.expectSame(whole, halves, text)
            if text.contains("\n") { split += 1 }
        }
        #expect(split > 1000)  // most texts had a break to split at
    }

    @Test func aLongResumeIsReadTheSameInHalves() throws {
        let resume = try String(
            contentsOf: ByteFastPathTests.examples.appendingPathComponent("resumes/daniel-okafor.txt"), encoding: .utf8)
        var text = String(repeating: resume, count: 80)  // over the size from which it splits
        #expect(text.utf8.count >= Concurrently.worthwhile)
        let (whole, halves) = text.withUTF8 { bytes in
            (
                Tokenizer.tokens(in: bytes, lexicon: Taxonomy.builtin.lexicon, splitFrom: .max),
                Tokenizer.tokens(in: bytes, lexicon: Taxonomy.builtin.lexicon)
            )
        }
        Self.expectSame(whole, halves, "daniel-okafor.txt × 80")
    }

    /// Records the first token where the two differ (a whole list is too long to read).
    static func expectSame(_ whole: [Token], _ halves: [Token], _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard whole != halves else { return }
        let index = zip(whole, halves).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(whole.count, halves.count)
        Issue.record(
            "token \(index) of \(whole.count) (\(halves.count) in halves): \(whole.dropFirst(index).first.map { "\($0)" } ?? "none") ≠ \(halves.dropFirst(index).first.map { "\($0)" } ?? "none") in \(text.prefix(200).debugDescription)",
            sourceLocation: sourceLocation)
    }
}
