import HireCore


/// One good row of a board file as bytes of the reader's buffers, as
/// ``MTBReader/readRow(_:)`` hands it out: the same checks and values as an ``MTBRow``
/// without building a `String` per field. Valid only inside the closure it is given to.
public struct MTBRowView {
    /// The 1-based line where the row starts in the file.
    public var line: Int { record.line }
    /// A problem the reader tolerated (see ``MTBRow/warning``).
    public var warning: CSVProblem? { record.problem }

    let record: CSVRecordView
    let layout: MTBRowLayout
    /// The hash of the record as it is in the file, seeded with the file's header (never 0;
    /// see ``MTBReader/recordSeed``).
    public let recordHash: UInt64

    /// The trimmed bytes of `column` (empty when the cell is), or nil when the file does not
    /// have the column.
    public func value(_ column: MTBColumn) -> UnsafeBufferPointer<UInt8>? {
        let field = layout.fields[column.ordinal]
        return field < 0 ? nil : trimmedWhitespace(record[field])
    }

    /// The file's extra columns, in file order, values trimmed (see ``MTBRowParser`` for the
    /// unnamed ones). Built on each call; empty without a `String` when the header has none.
    public var extras: [MTBExtra] {
        guard layout.hasExtras else { return [] }
        var extras: [MTBExtra] = []
        for (index, slot) in layout.slots.enumerated() {
            switch slot {
            case .column: continue
            case .extra(let name):
                extras.append(MTBExtra(name: name, value: String(decoding: trimmedWhitespace(record[index]), as: UTF8.self)))
            case .unnamed:
                let value = trimmedWhitespace(record[index])
                if !value.isEmpty { extras.append(MTBExtra(name: "Column \(index + 1)", value: String(decoding: value, as: UTF8.self))) }
            }
        }
        return extras
    }

    /// The row with its values as strings.
    public func makeRow() -> MTBRow {
        var cells = [String?](repeating: nil, count: MTBColumn.allCases.count)
        for column in MTBColumn.allCases {
            if let value = value(column) { cells[column.ordinal] = String(decoding: value, as: UTF8.self) }
        }
        return MTBRow(line: line, cells: cells, extras: extras, warning: warning)
    }
}

/// Where a header puts each board column, computed once per file.
struct MTBRowLayout {
    /// The header's slots.
    let slots: [MTBHeader.Slot]
    /// By ``MTBColumn/ordinal``: the column's field index, -1 when the file lacks it.
    let fields: [Int]
    /// The header has extra or unnamed slots.
    let hasExtras: Bool

    init(header: MTBHeader) {
        slots = header.slots
        var fields = [Int](repeating: -1, count: MTBColumn.allCases.count)
        var hasExtras = false
        for (index, slot) in header.slots.enumerated() {
            if case .column(let column) = slot { fields[column.ordinal] = index } else { hasExtras = true }
        }
        self.fields = fields
        self.hasExtras = hasExtras
    }
}

/// The bytes without leading and trailing Unicode whitespace, like
/// `String.trimmingWhitespace`: ASCII whitespace is skipped byte by byte, and only a field
/// that starts or ends with a non-ASCII byte is decoded to look for wider spaces (U+00A0…).
/// The bytes must be valid UTF-8.
func trimmedWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    func isASCIIWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
    var lower = 0
    var upper = bytes.count
    while lower < upper, isASCIIWhitespace(bytes[lower]) { lower += 1 }
    while upper > lower, isASCIIWhitespace(bytes[upper - 1]) { upper -= 1 }
    if lower < upper, bytes[lower] >= 0x80 || bytes[upper - 1] >= 0x80 {
        let scalars = String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self).unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].isSpace {
            lower += UTF8.width(scalars[start])
            start = scalars.index(after: start)
        }
        while end > start, scalars[scalars.index(before: end)].isSpace {
            end = scalars.index(before: end)
            upper -= UTF8.width(scalars[end])
        }
    }
    return UnsafeBufferPointer(rebasing: bytes[lower..<upper])
}
