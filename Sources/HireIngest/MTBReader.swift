import HireCore

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

    /// Tells the records an earlier import stored exactly as they are: those are handed out
    /// as ``Step/known(position:)``, unparsed. Set from the reading thread.
    public var knownRows: KnownRows? {
        didSet { if oldValue == nil, let knownRows { adopt(knownRows) } }
    }
    /// Once ``knownRows`` is set: per board row, the line its JobID was first read on (0: not
    /// yet). A JobID the board has is checked for repeats here, by its row, and only the
    /// others go to the duplicate check's table (a re-import adds nothing to it).
    private var boardLines: [UInt32] = []
    /// What this file's record hashes are seeded with: its header and ``readingRules``.
    public let recordSeed: UInt64

    /// The version of the rules that make a record into a stored row (this reader's checks and
    /// trimming, the extras' encoding, the salary and date parsers): bump it whenever a change
    /// would store some record differently, so that no row is taken as unchanged by the hash
    /// of a record read under older rules. (2: `ByteHash` reads a record's last bytes
    /// differently, so hashes stored before would not match anyway.)
    public static let readingRules: UInt64 = 2

    /// After a ``Step/failure(_:)``: the bad row's JobID, when the record is whole and its
    /// JobID field is there and valid (a wrong field count, a bad byte elsewhere in the row).
    /// A replacing import keeps that job as it is instead of removing it.
    public private(set) var failedJobId: String?

    private let csv: CSVReader
    private let layout: MTBRowLayout
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
        csv.stopsAtOversizedRecord = true
        guard let record = try csv.next() else { throw MTBHeaderError.noHeader }
        csv.stopsAtOversizedRecord = false
        switch record.problem {
        case .invalidUTF8, .unterminatedQuote, .recordTooLarge:
            if let problem = record.problem { throw MTBHeaderError.unreadable(line: record.line, problem) }
        case .strayQuote, nil: break
        }
        header = try MTBHeader.parse(record.fields)
        headerLine = record.line
        recordSeed = Array(record.fields.joined(separator: "\u{1F}").utf8).withUnsafeBytes { ByteHash.hash($0, seed: Self.readingRules) }
        layout = MTBRowLayout(header: header)
        duplicates = checkDuplicateJobIDs ? DuplicateTracker() : nil
        // Checked in readRow, where an unchanged record needs no check.
        csv.defersUTF8Validation = true
    }

    /// The next row or row error, or nil at the end of the file. Blank records are skipped.
    /// - Throws: ``CSVReaderError`` when the input cannot be read.
    public func next() throws -> Result<MTBRow, MTBRowError>? {
        var row: MTBRow?
        switch try readRow({ row = $0.makeRow() }) {
        case .row: return row.map { .success($0) }
        case .failure(let error): return .failure(error)
        case .end: return nil
        case .known: preconditionFailure("next() reads without knownRows")
        }
    }

    /// What ``readRow(_:)`` found.
    public enum Step {
        /// A good row, handed to the closure.
        case row
        /// A bad row (the closure was not called).
        case failure(MTBRowError)
        /// A record the board holds as it is, at this position (see ``knownRows``; the
        /// closure was not called).
        case known(position: Int)
        /// The end of the file.
        case end
    }

    /// Reads the next row or row error (blank records are skipped) and calls `body` with a
    /// good row's view, which is valid only inside `body`: the checks of ``next()`` without a
    /// `String` per field.
    /// - Throws: ``CSVReaderError`` when the input cannot be read, or what `body` throws.
    public func readRow(_ body: (MTBRowView) throws -> Void) throws -> Step {
        failedJobId = nil
        while true {
            let step: Step?? = try csv.nextRecord { record -> Step? in
                let fail = { (kind: MTBRowError.Kind) in Step.failure(MTBRowError(line: record.line, kind: kind)) }
                let invalidUTF8 = { record.utf8Unchecked && !isValidUTF8(record.raw) }
                var failure: Step?
                switch record.problem {
                case .recordTooLarge(let limit): failure = fail(.recordTooLarge(limit: limit))
                case .unterminatedQuote: failure = fail(.unterminatedQuote)
                case .invalidUTF8: failure = fail(.invalidUTF8)
                case .strayQuote, nil:
                    guard (0..<record.count).contains(where: { !trimmedWhitespace(record[$0]).isEmpty }) else { return nil }
                    if record.count != header.fieldCount {
                        failure = invalidUTF8() ? fail(.invalidUTF8) : fail(.wrongFieldCount(expected: header.fieldCount, got: record.count))
                    }
                }
                rowsRead += 1
                if rowsRead == Self.sizingRows, knownRows == nil, let expectedBytes, duplicates != nil, csv.bytesConsumed > 0 {
                    let estimate = Double(expectedBytes) / Double(csv.bytesConsumed) * Double(rowsRead) * 1.05
                    duplicates?.reserveCapacity(Int(min(estimate, Double(Self.maxReservedRows))))
                }
                if let failure {
                    failedJobId = self.jobId(of: record)
                    return failure
                }
                let raw = record.raw
                let recordHash = max(1, ByteHash.hash(UnsafeRawBufferPointer(raw), seed: recordSeed))
                let row = MTBRowView(record: record, layout: layout, recordHash: recordHash)
                guard let jobId = row.value(.jobId), !jobId.isEmpty else { return fail(invalidUTF8() ? .invalidUTF8 : .missingJobID) }
                // A JobID the board has is checked for repeats by its row.
                func seenOnBoard(_ position: Int) -> Step? {
                    guard duplicates != nil else { return nil }
                    if boardLines[position] != 0 {
                        let first = Int(boardLines[position])
                        return .failure(MTBRowError(line: record.line, kind: .duplicateJobID(String(decoding: jobId, as: UTF8.self), firstLine: first)))
                    }
                    boardLines[position] = UInt32(truncatingIfNeeded: record.line)
                    return nil
                }
                // A record the board holds exactly was valid when it was stored: not checked again.
                if knownRows != nil, let known = knownRows!.position(jobId: UnsafeRawBufferPointer(jobId), recordHash: recordHash) {
                    return seenOnBoard(known) ?? .known(position: known)
                }
                if invalidUTF8() {
                    failedJobId = self.jobId(of: record)
                    return fail(.invalidUTF8)
                }
                if knownRows != nil, duplicates != nil, let position = knownRows!.position(jobId: UnsafeRawBufferPointer(jobId)) {
                    if let repeated = seenOnBoard(position) { return repeated }
                } else if duplicates != nil, let error = duplicates?.check(jobId: jobId, line: record.line) {
                    return .failure(error)
                }
                try body(row)
                return .row
            }
            switch step {
            case nil: return .end
            case .some(nil): continue  // a blank record
            case .some(.some(let step)): return step
            }
        }
    }

    /// A bad record's JobID, if its field is there, valid UTF-8 and not blank (and the record
    /// whole: not cut by a quote left open or a size limit).
    private func jobId(of record: CSVRecordView) -> String? {
        guard record.problem == nil || record.problem == .strayQuote else { return nil }
        let field = layout.fields[MTBColumn.jobId.ordinal]
        guard field >= 0, field < record.count else { return nil }
        let value = trimmedWhitespace(record[field])
        guard !value.isEmpty, isValidUTF8(value) else { return nil }
        return String(decoding: value, as: UTF8.self)
    }

    /// Moves the JobIDs read so far that the board has from the duplicate check's table to
    /// `boardLines` (they stay in the table, where nothing looks for them any more).
    private func adopt(_ known: KnownRows) {
        guard let duplicates else { return }
        boardLines = Array(repeating: 0, count: known.count)
        duplicates.forEach { jobId, line in
            if let position = known.position(jobId: UnsafeRawBufferPointer(jobId)) { boardLines[position] = UInt32(truncatingIfNeeded: line) }
        }
    }

    /// Rows read before the duplicate check's table is sized from their average length; not
    /// sized when ``knownRows`` came first (a re-import: its JobIDs are checked by board row).
    /// The import's reading thread runs at most 8,192 rows ahead of the store, which offers
    /// the known rows before it takes any, so this many rows come after the offer.
    static let sizingRows = 16_384
    /// The most rows the table is sized for up front (it still grows past that).
    static let maxReservedRows = 20_000_000

    /// How many bytes of the input have been consumed, for progress reports.
    public var bytesConsumed: Int { csv.bytesConsumed }

    /// See ``CSVReader/shouldStop``.
    public var shouldStop: (() -> Bool)? {
        get { csv.shouldStop }
        set { csv.shouldStop = newValue }
    }
}
