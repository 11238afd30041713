import Testing

@testable import HireIngest

/// The Markdown reader finds line breaks on bytes; it must split exactly where Characters do.
struct MarkdownLinesTests {
    @Test func splitsWhereCharactersDo() {
        let breaks = ["\n", "\r", "\r\n", "\n\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", "\r\r\n"]
        let pieces = ["", "a", "Ünïcödé", "e\u{301}", "€", "👩‍💻", "\u{2027}x", "\u{C285}", "- item", "  "]
        var texts = ["", "\n", "\r\n", "abc", "\r\n\r\n", "x\u{2028}\u{2029}y", "\u{E2}"]
        for first in pieces {
            for separator in breaks {
                for second in pieces { texts.append(first + separator + second + separator) }
            }
        }
        for text in texts {
            let expected = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
            #expect(MarkdownText.lines(of: text).map(String.init) == expected, "\(Array(text.unicodeScalars))")
        }
    }

    /// Lines without markup skip the inline reader; a line with any mark (an escape too) does not.
    @Test func onlyLinesWithMarksGoThroughTheInlineReader() throws {
        let markdown = "Plain line, with (brackets) and #hash: kept as written\nan \\#escaped hash and a \\. dot\ncode `x` and *emphasis*\n"
        let text = try DocumentReader.read(data: Array(markdown.utf8), filename: "r.md").text
        #expect(text == "Plain line, with (brackets) and #hash: kept as written\nan #escaped hash and a . dot\ncode x and emphasis")
    }
}
