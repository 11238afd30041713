import HireRPC
/// Reads a board file: its header, then one row (or row error) at a time.
///
/// ```swift
/// let reader = try MTBReader(CSVReader(path: path))
/// while let result = try reader.next() {
///     switch result {
///     case .success(let row): …
///     case .failure(let error): errors.append((error.line, error.message))
///     }
/// }
/// ```
public final class MTBReader {
    /// The file's header.
    public let header: MTBHeader
    /// The line the header is on (1 unless blank lines come first).
    public let headerLine: Int

    private let csv: CSVReader
    private let parser: MTBRowParser
    private var duplicates: DuplicateTracker?

    /// Reads the header.
    /// - Parameter checkDuplicateJobIDs: report a JobID repeated in the file as a row error
    ///   (see ``DuplicateTracker``).
    /// - Throws: ``MTBHeaderError`` for a missing or bad header, ``CSVReaderError`` when the
    ///   input cannot be read.
    public init(_ csv: CSVReader, checkDuplicateJobIDs: Bool = true) throws {
        self.csv = csv
        guard let record = try csv.next() else { throw MTBHeaderError.noHeader }
        switch record.problem {
        case .invalidUTF8, .unterminatedQuote, .recordTooLarge:
            if let problem = record.problem { throw MTBHeaderError.unreadable(line: record.line, problem) }
        case .strayQuote, nil: break
        }
        header = try MTBHeader.parse(record.fields)
        headerLine = record.line
        parser = MTBRowParser(header: header)
        duplicates = checkDuplicateJobIDs ? DuplicateTracker() : nil
    }

    /// The next row or row error, or nil at the end of the file. Blank records are skipped.
    /// - Throws: ``CSVReaderError`` when the input cannot be read.
    public func next() throws -> Result<MTBRow, MTBRowError>? {
        while let record = try csv.next() {
            guard let result = parser.parse(record) else { continue }
            if case .success(let row) = result, duplicates != nil, let error = duplicates?.check(row) {
                return .failure(error)
            }
            return result
        }
        return nil
    }

    /// How many bytes of the input have been consumed, for progress reports.
    public var bytesConsumed: Int { csv.bytesConsumed }
}
