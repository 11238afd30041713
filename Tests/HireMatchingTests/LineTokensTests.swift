import Foundation
import HireTestSupport
import Testing

@testable import HireMatching

/// Job ads, like resumes, give each line its tokens from one pass over the whole text; a line
/// must get exactly the tokens reading it alone gives (the lexicon's ids aside, which reading
/// alone does not look up, and offsets counted from the text's start: the profilers read
/// neither of a line's tokens).
@Suite struct LineTokensTests {
    static func texts() throws -> [String] {
        var texts: [String] = []
        for folder in ["resumes", "jobs"] {
            let directory = ByteFastPathTests.examples.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".txt") || name.hasSuffix(".md") {
                texts.append(try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
            }
        }
        let pieces = [
            "c++", "c#", ".net", "node.js", "ci/cd", "company's", "don't", "ASP.NET", "Node.JS", "R&D", "P&L", "C+", "+", "1.", "5", "x.",
            "net", " ", "\t", "\u{A0}", "•", "- ", "\u{2028}", "\u{85}", "Skills:", "ОПЫТ", "Ёж", "é", "e\u{301}", "'", "’s", "Go", "/", "#",
            ".", "-", "2019", "–", "Present",
        ]
        var random = SplitMix(state: 11)
        for _ in 0..<3000 {
            texts.append((0..<Int(random.next() % 14)).map { _ in random.pick(pieces) + random.pick(["", "", " ", "\n", "\r\n", "\r", "\n\n"]) }.joined())
        }
        return texts
    }

    @Test func linesTakeTheTokensReadingThemAloneGives() throws {
        let lexicon = Taxonomy.builtin.lexicon
        for text in try Self.texts() {
            let alone = Sections.lines(of: text)
            let shared = Sections.lines(of: text, tokens: Tokenizer.tokens(in: text, lexicon: lexicon))
            #expect(alone.map(\.text) == shared.map(\.text))
            #expect(alone.map(\.offset) == shared.map(\.offset))
            #expect(alone.map(\.lowered) == shared.map(\.lowered))
            for (line, other) in zip(alone, shared) {
                // Offsets count from the text's start rather than the line's: the same shift for all.
                let shift = (other.tokens.first?.offset ?? 0) - (line.tokens.first?.offset ?? 0)
                let looked = other.tokens.map { token in
                    #expect(token.known == (lexicon.find(token.text) ?? -1))
                    var token = token
                    token.known = -2
                    token.offset -= shift
                    token.end -= shift
                    return token
                }
                #expect(looked == line.tokens, "\(Array(line.text.unicodeScalars))")
            }
        }
    }
}
