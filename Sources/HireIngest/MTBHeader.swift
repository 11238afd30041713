import HireCore

/// Why a board file's header cannot be used.
public enum MTBHeaderError: Error, Sendable, Hashable {
    /// The input has no header line (it is empty or blank).
    case noHeader
    /// No header column is JobID.
    case missingJobID
    /// Two header columns name the same column. Positions are 1-based; `name` is the MTB
    /// header text for a board column, or the second name as written for an extra column.
    case duplicateColumn(name: String, first: Int, second: Int)
    /// The header line itself is unreadable (invalid UTF-8, an unterminated quote…).
    case unreadable(line: Int, CSVProblem)

    /// A human-readable description, e.g. `duplicate column "State": columns 5 and 21`.
    public var message: String {
        switch self {
        case .noHeader: "the file has no header line"
        case .missingJobID: "the header has no JobID column"
        case .duplicateColumn(let name, let first, let second): "duplicate column \"\(name)\": columns \(first) and \(second)"
        case .unreadable(let line, let problem): "header: \(problem.message(line: line))"
        }
    }
}

/// What each column of a board file holds, read from its header line.
///
/// Header names match the board's columns case- and space-insensitively: names are compared
/// after lowercasing and removing all whitespace, so `"Job ID"`, `"JobID"`, `"jobid "` are
/// all JobID, and `"Pipeline#"` is Pipeline #. Columns the board does not know are kept as
/// extra columns under their name as written (trimmed). A blank header cell is
/// ``Slot/unnamed``: see ``MTBRowParser`` for what happens to values under it.
public struct MTBHeader: Sendable, Hashable {
    /// What one column of the file holds.
    public enum Slot: Sendable, Hashable {
        /// One of the board's 20 columns.
        case column(MTBColumn)
        /// A column the board does not know, with its header as written (trimmed).
        case extra(String)
        /// A column with a blank header.
        case unnamed
    }

    /// One slot per field of the header, in file order.
    public let slots: [Slot]

    /// How many fields each row must have.
    public var fieldCount: Int { slots.count }

    /// The board columns present in the file, in file order.
    public var columns: [MTBColumn] {
        slots.compactMap { if case .column(let column) = $0 { column } else { nil } }
    }

    /// The names of the extra columns, in file order.
    public var extraNames: [String] {
        slots.compactMap { if case .extra(let name) = $0 { name } else { nil } }
    }

    /// The 0-based field index of `column`, or nil when the file does not have it.
    public func index(of column: MTBColumn) -> Int? { slots.firstIndex(of: .column(column)) }

    /// Builds a header from slots that are known to be valid (e.g. for tests or exports).
    public init(slots: [Slot]) { self.slots = slots }

    /// Reads a header line's fields.
    /// - Throws: ``MTBHeaderError/duplicateColumn(name:first:second:)`` when two fields name
    ///   the same column (board or extra), ``MTBHeaderError/missingJobID`` without JobID.
    public static func parse(_ fields: [String]) throws(MTBHeaderError) -> MTBHeader {
        var slots: [Slot] = []
        slots.reserveCapacity(fields.count)
        var seenColumns: [MTBColumn: Int] = [:]  // → 1-based position
        var seenExtras: [String: Int] = [:]  // normalised name → 1-based position
        for (index, field) in fields.enumerated() {
            let name = field.trimmingWhitespace
            let key = normalise(name)
            if key.isEmpty {
                slots.append(.unnamed)
            } else if let column = MTBColumn(header: name) {
                if let first = seenColumns[column] {
                    throw .duplicateColumn(name: column.header, first: first, second: index + 1)
                }
                seenColumns[column] = index + 1
                slots.append(.column(column))
            } else {
                if let first = seenExtras[key] { throw .duplicateColumn(name: name, first: first, second: index + 1) }
                seenExtras[key] = index + 1
                slots.append(.extra(name))
            }
        }
        guard slots.contains(.column(.jobId)) else { throw .missingJobID }
        return MTBHeader(slots: slots)
    }

    /// A header name as it is compared: lowercased, with all whitespace removed.
    public static func normalise(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars where !scalar.isSpace { scalars.append(scalar) }
        return String(scalars).lowercased()
    }
}
