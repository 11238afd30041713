/// The words of a PDF with their boxes, as `pdftotext -bbox-layout` writes them: XHTML with
/// `<page width height>`, `<flow>`, `<block>`, `<line>` and `<word xMin yMin xMax yMax>`
/// elements, in poppler's reading order. Coordinates are in points from the top left corner.
struct PDFLayout {
    struct Box {
        var xMin: Double
        var yMin: Double
        var xMax: Double
        var yMax: Double

        var height: Double { yMax - yMin }
    }

    struct Word {
        var box: Box
        var text: String
    }

    struct Line {
        var box: Box
        var words: [Word]
    }

    struct Block {
        var box: Box
        var lines: [Line]
        /// The index of the flow (poppler's run of blocks read together) on its page.
        var flow: Int
    }

    struct Page {
        var width: Double
        var blocks: [Block]
    }

    var pages: [Page]

    /// Reads the XHTML; nil when it is not what `-bbox-layout` writes (no `<doc>` with pages,
    /// or an element without its coordinates), so the caller can read the plain text instead.
    init?(xhtml: [UInt8]) {
        var parser = Parser(xhtml)
        guard let pages = parser.parse() else { return nil }
        self.pages = pages
    }

    private struct Parser {
        let bytes: [UInt8]
        var scanner: XMLTagScanner
        var pages: [Page] = []
        var sawDocument = false
        var flow = -1
        var block: Block?
        var line: Line?
        var word: (box: Box, text: [UInt8])?

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            scanner = XMLTagScanner(bytes)
        }

        mutating func parse() -> [Page]? {
            while let event = scanner.next() {
                switch event {
                case .open(let name, let attributes, let selfClosing):
                    guard open(bytes[name], attributes: attributes, selfClosing: selfClosing) else { return nil }
                case .close(let name):
                    close(bytes[name])
                case .text(let range):
                    if word != nil { XMLEntities.decode(bytes[range], into: &word!.text) }
                case .cdata(let range):
                    if word != nil { word!.text.append(contentsOf: bytes[range]) }
                }
            }
            return sawDocument ? pages : nil
        }

        /// Starts an element; false when one that needs coordinates has none.
        private mutating func open(_ name: ArraySlice<UInt8>, attributes: Range<Int>, selfClosing: Bool) -> Bool {
            switch String(decoding: name, as: UTF8.self) {
            case "doc":
                sawDocument = true
            case "page":
                guard let width = number("width", attributes) else { return false }
                pages.append(Page(width: width, blocks: []))
                flow = -1
            case "flow":
                flow += 1
            case "block":
                guard let box = box(attributes) else { return false }
                block = Block(box: box, lines: [], flow: max(flow, 0))
            case "line":
                guard let box = box(attributes) else { return false }
                line = Line(box: box, words: [])
            case "word":
                guard let box = box(attributes) else { return false }
                word = (box, [])
            default:
                break
            }
            if selfClosing { close(name) }
            return true
        }

        private mutating func close(_ name: ArraySlice<UInt8>) {
            switch String(decoding: name, as: UTF8.self) {
            case "word":
                if let finished = word, !finished.text.isEmpty {
                    line?.words.append(Word(box: finished.box, text: String(decoding: finished.text, as: UTF8.self)))
                }
                word = nil
            case "line":
                if let finished = line, !finished.words.isEmpty { block?.lines.append(finished) }
                line = nil
            case "block":
                if let finished = block, !finished.lines.isEmpty, !pages.isEmpty {
                    pages[pages.count - 1].blocks.append(finished)
                }
                block = nil
            default:
                break
            }
        }

        private func box(_ attributes: Range<Int>) -> Box? {
            guard let xMin = number("xMin", attributes), let yMin = number("yMin", attributes),
                let xMax = number("xMax", attributes), let yMax = number("yMax", attributes)
            else { return nil }
            return Box(xMin: xMin, yMin: yMin, xMax: xMax, yMax: yMax)
        }

        private func number(_ name: String, _ attributes: Range<Int>) -> Double? {
            scanner.attribute(name, in: attributes).flatMap { Double(String(decoding: $0, as: UTF8.self)) }
        }
    }
}
