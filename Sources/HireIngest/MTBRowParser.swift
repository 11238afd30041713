import HireCore

/// Turns CSV records into board rows, checking each against the file's header.
///
/// A record is a bad row (an ``MTBRowError`` naming its start line) when its bytes are not
/// valid UTF-8, a quote is never closed, it is too large, it has more or fewer fields than
/// the header, or its JobID is empty. Records whose every field is blank (an Excel export's
/// `,,,,` lines, a line of spaces) carry nothing and are skipped. JobIDs repeated within a
/// file are not checked here: feed rows to a ``DuplicateTracker`` for that.
///
/// Values under a blank header cell (``MTBHeader/Slot/unnamed``) are dropped when empty
/// and otherwise kept as an extra column named "Column N" (N its 1-based position), so
/// nothing the file holds is lost.
public struct MTBRowParser: Sendable {
    /// The file's header.
    public let header: MTBHeader

    public init(header: MTBHeader) { self.header = header }

    /// The row the record holds, a row error, or nil for a blank record.
    public func parse(_ record: CSVRecord) -> Result<MTBRow, MTBRowError>? {
        let fail = { (kind: MTBRowError.Kind) in Result<MTBRow, MTBRowError>.failure(MTBRowError(line: record.line, kind: kind)) }
        switch record.problem {
        case .recordTooLarge(let limit): return fail(.recordTooLarge(limit: limit))
        case .unterminatedQuote: return fail(.unterminatedQuote)
        case .invalidUTF8: return fail(.invalidUTF8)
        case .strayQuote, nil: break
        }
        if record.fields.allSatisfy(\.isBlank) { return nil }
        guard record.fields.count == header.fieldCount else {
            return fail(.wrongFieldCount(expected: header.fieldCount, got: record.fields.count))
        }
        var cells = [String?](repeating: nil, count: MTBColumn.allCases.count)
        var extras: [MTBExtra] = []
        for (index, slot) in header.slots.enumerated() {
            let value = record.fields[index].trimmingWhitespace
            switch slot {
            case .column(let column): cells[column.ordinal] = value
            case .extra(let name): extras.append(MTBExtra(name: name, value: value))
            case .unnamed: if !value.isEmpty { extras.append(MTBExtra(name: "Column \(index + 1)", value: value)) }
            }
        }
        guard let jobId = cells[MTBColumn.jobId.ordinal], !jobId.isEmpty else { return fail(.missingJobID) }
        return .success(MTBRow(line: record.line, cells: cells, extras: extras, warning: record.problem))
    }
}

/// Finds JobIDs repeated within one file. The first occurrence wins; later ones are errors.
///
/// Holds every JobID seen (about 50 bytes each for short ids): ~50 MB for a 1M-row file.
public struct DuplicateTracker: Sendable {
    private var firstLines: [String: Int] = [:]

    public init() {}

    /// Makes room for `rows` JobIDs at once.
    public mutating func reserveCapacity(_ rows: Int) {
        firstLines.reserveCapacity(rows)
    }

    /// Records the row's JobID; returns an error when it was already seen.
    public mutating func check(_ row: MTBRow) -> MTBRowError? { check(jobId: row.jobId, line: row.line) }

    /// Records a JobID seen on `line`; returns an error when it was already seen.
    public mutating func check(jobId: String, line: Int) -> MTBRowError? {
        // One hash and one probe per row (a lookup then an insert was two of each, 7% of an
        // import's reading thread); a repeat, which is rare, puts the first line back.
        guard let firstLine = firstLines.updateValue(line, forKey: jobId) else { return nil }
        firstLines[jobId] = firstLine
        return MTBRowError(line: line, kind: .duplicateJobID(jobId, firstLine: firstLine))
    }
}
