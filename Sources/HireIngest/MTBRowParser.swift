import Foundation
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
/// Holds every JobID seen as bytes, back to back, with the line it was first seen on and an
/// open-addressing table over them: about 24 bytes per short id, 24 MB for a 1M-row file (a
/// `[String: Int]` was 50 MB, and a `String` and a SipHash per row).
public struct DuplicateTracker: Sendable {
    /// The JobIDs seen, numbered in the order seen. Past 4 GiB of JobIDs (a file far beyond the
    /// daemon's size limit) ids are no longer recorded: the board's unique key still refuses a
    /// repeat. At most 60% full: a million JobIDs fit in 2M slots, 8 MB.
    private var ids = ByteKeys()
    private var firstLines: [UInt32] = []

    public init() {}

    /// Makes room for `rows` JobIDs at once.
    public mutating func reserveCapacity(_ rows: Int) {
        ids.reserveCapacity(rows, bytesEach: 8)
        firstLines.reserveCapacity(rows)
    }

    /// Records the row's JobID; returns an error when it was already seen.
    public mutating func check(_ row: MTBRow) -> MTBRowError? { check(jobId: row.jobId, line: row.line) }

    /// Records a JobID seen on `line`; returns an error when it was already seen.
    public mutating func check(jobId: String, line: Int) -> MTBRowError? {
        var jobId = jobId
        return jobId.withUTF8 { check(jobId: $0, line: line) }
    }

    /// Records a JobID (its UTF-8 bytes) seen on `line`; returns an error when it was already seen.
    public mutating func check(jobId: UnsafeBufferPointer<UInt8>, line: Int) -> MTBRowError? {
        guard let (id, isNew) = ids.add(jobId) else { return nil }
        if !isNew {
            return MTBRowError(line: line, kind: .duplicateJobID(String(decoding: jobId, as: UTF8.self), firstLine: Int(firstLines[id])))
        }
        firstLines.append(UInt32(truncatingIfNeeded: line))
        return nil
    }

    /// Every JobID recorded, with the line it was first seen on.
    public func forEach(_ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
        ids.forEach { id, jobId in body(jobId, Int(firstLines[id])) }
    }
}
