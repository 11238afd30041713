/// One record of a CSV file, as ``CSVReader`` yields it.
public struct CSVRecord: Sendable, Hashable {
    /// The 1-based physical line where the record starts (a record whose quoted fields hold
    /// line breaks spans several lines; this is the first).
    public var line: Int
    /// The fields, unquoted, in file order. Never trimmed: spaces are kept as written.
    public var fields: [String]
    /// What was wrong with the record, if anything. The fields are still as good as the
    /// reader could make them (see ``CSVProblem``).
    public var problem: CSVProblem?

    public init(line: Int, fields: [String], problem: CSVProblem? = nil) {
        self.line = line
        self.fields = fields
        self.problem = problem
    }
}

/// Something wrong with one record. The reader reports it with the record rather than
/// throwing, so an import can skip the bad row and go on.
///
/// When a record has several problems it carries the most serious one, in this order:
/// ``recordTooLarge``, ``unterminatedQuote``, ``invalidUTF8``, ``strayQuote``.
public enum CSVProblem: Sendable, Hashable {
    /// A quote where RFC 4180 does not allow one: inside an unquoted field (`ab"c`), or text
    /// between a closing quote and the next comma (`"ab"c`). The reader is lenient: the quote
    /// in an unquoted field is kept as a character, and text after a closing quote is
    /// appended to the field (`"ab"c` reads as `abc`).
    case strayQuote
    /// Some of the record's bytes are not valid UTF-8. Each bad sequence in the fields is
    /// replaced with U+FFFD.
    case invalidUTF8
    /// A quoted field was still open at the end of the input: the rest of the input is this
    /// one record, reported at the line where it starts.
    case unterminatedQuote
    /// The record is longer than the reader's limit (in bytes); its fields are dropped
    /// (empty) and reading goes on after it.
    case recordTooLarge(limit: Int)

    /// A short human-readable description, e.g. "invalid UTF-8".
    public var description: String {
        switch self {
        case .strayQuote: "stray quote (kept as written)"
        case .invalidUTF8: "invalid UTF-8"
        case .unterminatedQuote: "unterminated quoted field (a quote opened here is never closed)"
        case .recordTooLarge(let limit): "record longer than \(limit) bytes"
        }
    }

    /// The description with its line, e.g. "line 17: invalid UTF-8".
    public func message(line: Int) -> String { "line \(line): \(description)" }

    /// Larger is more serious; a record keeps its most serious problem.
    var severity: Int {
        switch self {
        case .strayQuote: 1
        case .invalidUTF8: 2
        case .unterminatedQuote: 3
        case .recordTooLarge: 4
        }
    }
}
