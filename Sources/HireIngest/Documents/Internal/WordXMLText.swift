/// The text of one WordprocessingML part (`word/document.xml`, a header, a footer) as lines,
/// read with a small tag scanner rather than an XML parser: only element names matter, never
/// attributes, and names are compared without their namespace prefix.
///
/// - A paragraph (`p`) is a line; `tab`/`ptab` in a run is a tab, `br`/`cr` a line break.
/// - Only text elements (`t`) are text, so deleted text (`delText`) and field codes
///   (`instrText`) are never read; moved-away text (`moveFrom`) and the fallback copy of
///   text boxes (`mc:Fallback`, which repeats `mc:Choice`) are skipped whole.
/// - A table row whose cells hold one line each is one line, cells joined by " | "; a row with
///   a cell of several lines is a layout table (a two-column resume): each cell's lines come
///   in turn, a blank line between cells.
enum WordXMLText {
    static func lines(of xml: [UInt8]) -> [String] {
        var builder = Builder()
        var scanner = XMLTagScanner(xml)
        while let event = scanner.next() {
            switch event {
            case .open(let name, _, let selfClosing): builder.open(WordElement(xml[name]), selfClosing: selfClosing)
            case .close(let name): builder.close(WordElement(xml[name]))
            case .text(let range): builder.text(xml[range], decodeEntities: true)
            case .cdata(let range): builder.text(xml[range], decodeEntities: false)
            }
        }
        return builder.finish()
    }

    private struct Table {
        var cells: [[String]] = []
        var cell: [String]?
    }

    private struct Builder {
        var lines: [String] = []
        var paragraphs: [[UInt8]] = []
        var tables: [Table] = []
        var runDepth = 0
        var textDepth = 0
        /// The element depth at which a skipped element opened, while inside one.
        var skipAt: Int?
        var depth = 0

        mutating func open(_ element: WordElement, selfClosing: Bool) {
            if skipAt != nil {
                if !selfClosing { depth += 1 }
                return
            }
            if !selfClosing {
                depth += 1
                if element == .skipped {
                    skipAt = depth
                    return
                }
            }
            switch element {
            case .paragraph: if selfClosing { emit("") } else { paragraphs.append([]) }
            case .run: if !selfClosing { runDepth += 1 }
            case .text: if !selfClosing { textDepth += 1 }
            case .tab: if runDepth > 0 { append(0x09) }
            case .lineBreak: if runDepth > 0 { append(0x0A) }
            case .hyphen: if runDepth > 0 { append(0x2D) }
            case .table: if !selfClosing { tables.append(Table()) }
            case .cell: if !selfClosing, !tables.isEmpty { tables[tables.count - 1].cell = [] }
            case .row, .skipped, .other: break
            }
        }

        mutating func close(_ element: WordElement) {
            defer { depth -= 1 }
            if let start = skipAt {
                if depth == start { skipAt = nil }
                return
            }
            switch element {
            case .paragraph: if let paragraph = paragraphs.popLast() { emit(String(decoding: paragraph, as: UTF8.self)) }
            case .run: runDepth = max(0, runDepth - 1)
            case .text: textDepth = max(0, textDepth - 1)
            case .cell: closeCell()
            case .row: closeRow()
            case .table:
                closeRow()
                if !tables.isEmpty { tables.removeLast() }
            case .tab, .lineBreak, .hyphen, .skipped, .other: break
            }
        }

        mutating func text(_ bytes: ArraySlice<UInt8>, decodeEntities: Bool) {
            guard textDepth > 0, skipAt == nil else { return }
            if paragraphs.isEmpty { paragraphs.append([]) }
            if decodeEntities {
                XMLEntities.decode(bytes, into: &paragraphs[paragraphs.count - 1])
            } else {
                paragraphs[paragraphs.count - 1].append(contentsOf: bytes)
            }
        }

        mutating func finish() -> [String] {
            while let paragraph = paragraphs.popLast() { emit(String(decoding: paragraph, as: UTF8.self)) }
            while !tables.isEmpty {
                closeRow()
                tables.removeLast()
            }
            return lines
        }

        private mutating func append(_ byte: UInt8) {
            if paragraphs.isEmpty { paragraphs.append([]) }
            paragraphs[paragraphs.count - 1].append(byte)
        }

        /// Into the innermost table cell that is open, or the document.
        private mutating func emit(_ line: String) {
            if let index = tables.lastIndex(where: { $0.cell != nil }) {
                tables[index].cell?.append(line)
            } else {
                lines.append(line)
            }
        }

        private mutating func closeCell() {
            guard let index = tables.indices.last, let cell = tables[index].cell else { return }
            tables[index].cells.append(cell)
            tables[index].cell = nil
        }

        private mutating func closeRow() {
            guard let index = tables.indices.last else { return }
            closeCell()
            let cells = tables[index].cells.map { cell in
                cell.flatMap { $0.split(separator: "\n") }.map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
            }
            tables[index].cells = []
            let filled = cells.filter { !$0.isEmpty }
            if filled.allSatisfy({ $0.count == 1 }) {
                if !filled.isEmpty { emit(filled.map { $0[0] }.joined(separator: " | ")) }
            } else {
                for (number, cell) in filled.enumerated() {
                    if number > 0 { emit("") }
                    cell.forEach { emit($0) }
                }
            }
        }
    }
}

/// The WordprocessingML elements that matter for text, by local name (without the prefix).
enum WordElement: Equatable {
    case paragraph, run, text, tab, lineBreak, hyphen, table, row, cell
    /// Elements whose whole content is left out.
    case skipped
    case other

    private static let names: [(name: [UInt8], element: WordElement)] = {
        let table: [(String, WordElement)] = [
            ("p", .paragraph), ("r", .run), ("t", .text), ("tab", .tab), ("ptab", .tab), ("br", .lineBreak),
            ("cr", .lineBreak), ("noBreakHyphen", .hyphen), ("tbl", .table), ("tr", .row), ("tc", .cell),
            ("Fallback", .skipped), ("moveFrom", .skipped), ("del", .skipped), ("delText", .skipped),
            ("instrText", .skipped),
        ]
        return table.map { (Array($0.0.utf8), $0.1) }
    }()

    /// The element a qualified name (`w:p`, `p`) names.
    init(_ qualified: ArraySlice<UInt8>) {
        let local = qualified.lastIndex(of: UInt8(ascii: ":")).map { qualified[($0 + 1)...] } ?? qualified
        for entry in Self.names where entry.name.count == local.count && entry.name.elementsEqual(local) {
            self = entry.element
            return
        }
        self = .other
    }
}
