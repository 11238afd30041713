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
    private let expectedBytes: Int?
    private var rowsRead = 0

    /// Reads the header.
    /// - Parameter checkDuplicateJobIDs: report a JobID repeated in the file as a row error
    ///   (see ``DuplicateTracker``).
    /// - Throws: ``MTBHeaderError`` for a missing or bad header, ``CSVReaderError`` when the
    ///   input cannot be read.
    /// - Parameter expectedBytes: the input's size, when known: the duplicate check then sizes
    ///   its table once, from the first rows' length, instead of growing it (and hashing every
    ///   JobID again) each time it fills.
    public init(_ csv: CSVReader, checkDuplicateJobIDs: Bool = true, expectedBytes: Int? = nil) throws {
        self.csv = csv
        self.expectedBytes = expectedBytes
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
            rowsRead += 1
            if rowsRead == Self.sizingRows, let expectedBytes, duplicates != nil, csv.bytesConsumed > 0 {
                let estimate = Double(expectedBytes) / Double(csv.bytesConsumed) * Double(rowsRead) * 1.05
                duplicates?.reserveCapacity(Int(min(estimate, Double(Self.maxReservedRows))))
            }
            if case .success(let row) = result, duplicates != nil, let error = duplicates?.check(row) {
                return .failure(error)
            }
            return result
        }
        return nil
    }

    /// Rows read before the duplicate check's table is sized from their average length.
    static let sizingRows = 1024
    /// The most rows the table is sized for up front (it still grows past that).
    static let maxReservedRows = 20_000_000

    /// How many bytes of the input have been consumed, for progress reports.
    public var bytesConsumed: Int { csv.bytesConsumed }
}
