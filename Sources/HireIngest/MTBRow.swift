import HireCore

/// One good row of a board file.
public struct MTBRow: Sendable, Hashable {
    /// The 1-based line where the row starts in the file.
    public var line: Int
    /// The file's extra columns, in file order, values trimmed.
    public var extras: [MTBExtra]
    /// A problem the reader tolerated (only ``CSVProblem/strayQuote``: the text was kept as
    /// written), for an import to mention without rejecting the row.
    public var warning: CSVProblem?
    /// One cell per board column, by ``MTBColumn/ordinal``; nil when the file lacks the column.
    private var cells: [String?]

    public init(line: Int, values: [MTBColumn: String], extras: [MTBExtra] = [], warning: CSVProblem? = nil) {
        self.init(line: line, cells: Self.cells(values), extras: extras, warning: warning)
    }

    init(line: Int, cells: [String?], extras: [MTBExtra], warning: CSVProblem?) {
        self.line = line
        self.cells = cells
        self.extras = extras
        self.warning = warning
    }

    /// The board columns the file has, trimmed (`""` when the cell is empty). Columns missing
    /// from the file's header are absent. Built on each call: prefer the subscript in loops.
    public var values: [MTBColumn: String] {
        get {
            var values: [MTBColumn: String] = [:]
            for column in MTBColumn.allCases { values[column] = cells[column.ordinal] }
            return values
        }
        set { cells = Self.cells(newValue) }
    }

    /// The row's JobID (never empty for a row from ``MTBRowParser``).
    public var jobId: String { cells[0] ?? "" }

    /// The value of `column`, `""` when the file does not have the column.
    public subscript(column: MTBColumn) -> String {
        get { cells[column.ordinal] ?? "" }
        set { cells[column.ordinal] = newValue }
    }

    /// The value of `column`, or nil when the file does not have the column.
    public func value(_ column: MTBColumn) -> String? { cells[column.ordinal] }

    private static func cells(_ values: [MTBColumn: String]) -> [String?] {
        var cells = [String?](repeating: nil, count: MTBColumn.allCases.count)
        for (column, value) in values { cells[column.ordinal] = value }
        return cells
    }
}

/// A value in a column the board does not know.
public struct MTBExtra: Sendable, Hashable {
    /// The column's header as written (trimmed).
    public var name: String
    /// The value, trimmed.
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A bad row of a board file, with the line it starts on.
public struct MTBRowError: Error, Sendable, Hashable {
    /// What is wrong with the row.
    public enum Kind: Sendable, Hashable {
        case wrongFieldCount(expected: Int, got: Int)
        case missingJobID
        case invalidUTF8
        case unterminatedQuote
        case recordTooLarge(limit: Int)
        /// The JobID already appeared on `firstLine` (see ``DuplicateTracker``).
        case duplicateJobID(String, firstLine: Int)
    }

    /// The 1-based line where the row starts.
    public var line: Int
    public var kind: Kind

    public init(line: Int, kind: Kind) {
        self.line = line
        self.kind = kind
    }

    /// What is wrong, without the line number (e.g. "expected 20 fields, got 19"), for
    /// `{line, message}` error lists.
    public var message: String {
        switch kind {
        case .wrongFieldCount(let expected, let got): "expected \(expected) fields, got \(got)"
        case .missingJobID: "missing JobID"
        case .invalidUTF8: CSVProblem.invalidUTF8.description
        case .unterminatedQuote: CSVProblem.unterminatedQuote.description
        case .recordTooLarge(let limit): CSVProblem.recordTooLarge(limit: limit).description
        case .duplicateJobID(let jobId, let firstLine): "JobID \"\(jobId)\" already appears on line \(firstLine)"
        }
    }

    /// The message with its line, e.g. "line 17: expected 20 fields, got 19".
    public var description: String { "line \(line): \(message)" }
}
