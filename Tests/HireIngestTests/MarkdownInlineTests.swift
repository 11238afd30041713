import HireTestSupport
import Testing

@testable import HireIngest

/// The inline Markdown reader reads a line's Unicode scalars instead of its Characters when
/// each Character is one scalar that no other scalar equals; it must give exactly what
/// reading the Characters gives.
struct MarkdownInlineTests {
    /// Pieces of inline markup, prose, and scalars on the fast path's edges: combining marks,
    /// a ZWJ sequence, scalars a Character equals to another one (U+1FEF is a backtick to
    /// Character's `==`, U+212B an Å, U+037E a semicolon), wide and no-break spaces.
    static let pieces = [
        "\\", "`", "``", "```", "!", "[", "]", "(", ")", "<", ">", "*", "**", "_", "__", "~", "~~", " ", "  ", "a", "Go", "1", ":", "@",
        "/", "x@y", "http://e.com", "é", "—", "’", "Zürich", "Опыт", "\u{1FEF}", "e\u{301}", "[\u{301}", "`\u{301}", "*\u{301}",
        "👩‍💻", "\u{212B}", "\u{C5}", "\u{37E}", ";", "\u{A0}", "\u{2003}", "\u{2000}", "\t", "中文", "🇺🇸",
    ]

    @Test func scalarsReadAsCharactersDo() {
        var random = SplitMix(state: 9)
        var lines = Self.pieces + ["[a](b)", "![alt](u)", "[t][r]", "<https://x>", "<b>bold</b>", "`code`", "**strong**", "snake_case", "5 * 3"]
        for _ in 0..<20_000 {
            lines.append((0..<(1 + Int(random.next() % 12))).map { _ in random.pick(Self.pieces) }.joined())
        }
        var fast = 0, read = 0
        // Lines without a byte that starts inline markup are their own text before either reader
        // is asked (even with a U+1FEF, which the Character reader alone takes for a backtick).
        for line in lines where line.utf8.contains(where: { "\\`![<*_~".utf8.contains($0) }) {
            read += 1
            if MarkdownText.scalarsIfEachIsACharacter(line[...]) != nil { fast += 1 }
            // Byte for byte: String's == would also accept a canonically equivalent text.
            #expect(Array(MarkdownText.inline(line[...]).utf8) == Array(MarkdownText.inlineByCharacters(line[...]).utf8), "\(Array(line.unicodeScalars))")
        }
        // The fast path is taken for many of them (a quarter of the pieces are on its edges).
        #expect(fast > read / 6)
    }

    @Test func theFastPathTakesOnlyLinesWhoseScalarsAreTheirCharacters() {
        for line in ["[a](b) *x*", "Zürich — *Go* `x`", "Опыт: **Go**", "a\u{A0}*b*", "\u{C5} *x*"] {
            #expect(MarkdownText.scalarsIfEachIsACharacter(line[...]) != nil, "\(line)")
        }
        for line in ["e\u{301} *x*", "*\u{301}x*", "\u{1FEF}x\u{1FEF}", "\u{212B} *x*", "👩‍💻 *x*", "🇺🇸 *x*", "a\u{37E} *b*"] {
            #expect(MarkdownText.scalarsIfEachIsACharacter(line[...]) == nil, "\(Array(line.unicodeScalars))")
        }
        // What the Characters make of U+1FEF: a backtick, as the scalars must not be asked.
        #expect(MarkdownText.inline("\u{1FEF}x\u{1FEF} *y*") == "x y")
    }
}
