import Testing

@testable import HireIngest

/// A `pdftotext -bbox-layout` page holding `blocks` (XHTML `<block>` elements), one per flow.
private func xhtml(_ blocks: [String]) -> [UInt8] {
    let flows = blocks.map { "<flow>\($0)</flow>" }.joined()
    return Array(
        """
        <!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><title>A &amp; B</title></head>
        <body><doc><page width="612.000000" height="792.000000">\(flows)</page></doc></body></html>
        """.utf8)
}

/// A block of one-word lines, 12 points apart, at `x`, its first line at `y`.
private func block(x: Double, y: Double, _ words: [String]) -> String {
    let lines = words.enumerated().map { index, word in
        let top = y + Double(index) * 12
        return """
            <line xMin="\(x)" yMin="\(top)" xMax="\(x + 60)" yMax="\(top + 10)">\
            <word xMin="\(x)" yMin="\(top)" xMax="\(x + 60)" yMax="\(top + 10)">\(word)</word></line>
            """
    }
    let bottom = y + Double(words.count - 1) * 12 + 10
    return "<block xMin=\"\(x)\" yMin=\"\(y)\" xMax=\"\(x + 60)\" yMax=\"\(bottom)\">\(lines.joined())</block>"
}

@Suite struct PDFLayoutTests {
    @Test func wordsAreDecodedAndTheTitleIsNotText() throws {
        let layout = try #require(PDFLayout(xhtml: xhtml([block(x: 50, y: 50, ["R&amp;D", "&lt;b&gt;", "&#233;t&#xE9;"])])))
        #expect(layout.text == "R&D\n<b>\nété\n\n")
    }

    @Test func wordsThatTouchAreNotSpaced() throws {
        let line = """
            <block xMin="50" yMin="50" xMax="200" yMax="60"><line xMin="50" yMin="50" xMax="200" yMax="60">\
            <word xMin="50" yMin="50" xMax="90" yMax="60">html.xml</word>\
            <word xMin="90.5" yMin="50" xMax="93" yMax="60">,</word>\
            <word xMin="97" yMin="50" xMax="120" yMax="60">and</word></line></block>
            """
        #expect(PDFLayout(xhtml: xhtml([line]))?.text == "html.xml, and\n\n")
    }

    @Test func headingsOfTheLeftColumnStayWithTheirLines() throws {
        // poppler's order interleaves the columns; the gutter (110–300) splits them.
        let layout = try #require(
            PDFLayout(
                xhtml: xhtml([
                    block(x: 50, y: 50, ["Skills"]), block(x: 300, y: 50, ["Summary", "one", "two", "three"]),
                    block(x: 50, y: 66, ["Swift", "Go"]), block(x: 300, y: 110, ["Experience", "four", "five"]),
                    block(x: 50, y: 110, ["Education", "BSc"]),
                ])))
        #expect(
            layout.text.split(separator: "\n").map(String.init) == [
                "Skills", "Swift", "Go", "Education", "BSc", "Summary", "one", "two", "three", "Experience", "four", "five",
            ])
    }

    @Test func aColumnOfDatesBesideTheTextIsNoColumn() throws {
        // The dates cover little of the page's height: poppler's order stays.
        let layout = try #require(
            PDFLayout(
                xhtml: xhtml([
                    block(x: 50, y: 50, ["Engineer", "a", "b", "c", "d"]), block(x: 400, y: 50, ["2020"]),
                    block(x: 50, y: 120, ["Analyst", "e", "f", "g", "h"]), block(x: 400, y: 120, ["2018"]),
                ])))
        #expect(layout.text == "Engineer\na\nb\nc\nd\n\n2020\n\nAnalyst\ne\nf\ng\nh\n\n2018\n\n")
    }

    @Test func outputWithoutPagesOrCoordinatesIsNotALayout() {
        #expect(PDFLayout(xhtml: Array("Marcus Chen\nContact\n".utf8)) == nil)
        #expect(PDFLayout(xhtml: Array("<doc><page width=\"612\"><flow><block xMin=\"1\">".utf8)) == nil)
        #expect(PDFLayout(xhtml: xhtml([]))?.text == "")
    }
}
