import Foundation

/// Why a ``CSVReader`` could not read its input at all (problems with single records are
/// reported on the record instead, see ``CSVProblem``).
public enum CSVReaderError: Error {
    /// The file could not be opened for reading.
    case cannotOpen(path: String)
    /// Reading from the file failed part-way.
    case readFailed(underlying: any Error)

    /// What a person reads: the failure in words, without the underlying error's internals.
    public var message: String {
        switch self {
        case .cannotOpen(let path): "cannot open \(path)"
        case .readFailed(let underlying):
            if (underlying as NSError).domain == NSPOSIXErrorDomain {
                "reading stopped part-way: \(String(cString: strerror(Int32((underlying as NSError).code))))"
            } else {
                "reading stopped part-way (an input/output error)"
            }
        }
    }
}

/// A streaming RFC 4180 CSV reader that yields one ``CSVRecord`` at a time.
///
/// - Fields are separated by commas; a field may be quoted with `"`, and a quoted field may
///   hold commas, line breaks and doubled quotes (`""` is one `"`).
/// - Records end with LF, CRLF or a lone CR; the last record may have no line ending.
/// - A UTF-8 byte order mark at the very start is skipped.
/// - Empty lines between records are skipped and yield nothing.
/// - Problems with one record (invalid UTF-8, stray or unterminated quotes, oversized
///   records) are reported on that record; only I/O failures throw.
///
/// A file is read in chunks, so memory stays bounded by the chunk size plus the longest
/// record (itself bounded by `maxRecordBytes`). The reader works on bytes: ``next()`` builds
/// one `String` per field, ``nextRecord(_:)`` hands out the fields' bytes instead.
///
/// ```swift
/// let reader = try CSVReader(path: "/tmp/board.csv")
/// while let record = try reader.next() { … }
/// ```
public final class CSVReader {
    /// How much a file read asks for at once.
    public static let defaultChunkSize = 256 * 1024
    /// The default limit on one record's size in bytes (quotes included).
    public static let defaultMaxRecordBytes = 16 * 1024 * 1024

    /// A record longer than this (in bytes) is reported as ``CSVProblem/recordTooLarge(limit:)``
    /// with no fields. Only enforced for file input (in-memory input is already in memory).
    public let maxRecordBytes: Int

    /// When true, a record that grows past ``maxRecordBytes`` ends the input there, instead of
    /// being read to its end to go on after it: for a header, which nothing makes that long
    /// (a gigabyte of zeros is then refused after its first 16 MiB, not at its end).
    public var stopsAtOversizedRecord = false

    /// When true, a record with bytes beyond ASCII is handed on without checking that they are
    /// valid UTF-8 (``CSVRecordView/utf8Unchecked``): for a caller that may not need the
    /// record (one it already holds by its hash) and checks the others itself.
    public var defersUTF8Validation = false

    /// Asked before each read of the file, as is the current task's cancellation: when either
    /// says stop, reading throws `CancellationError` (a huge or endless input, even one long
    /// record, can be abandoned; off a task, such as on a thread of its own, only this counts).
    public var shouldStop: (() -> Bool)?

    private let handle: FileHandle?
    private let ownsHandle: Bool
    private let chunkSize: Int

    /// Unread input: bytes `scanPosition...` have not been looked at yet.
    private var buffer: [UInt8]
    private var scanPosition = 0
    private var atEndOfInput: Bool
    private var checkedForBOM = false
    /// Bytes dropped from the front of `buffer` so far.
    private var bytesDropped = 0
    /// The byte just before `buffer[0]` in the input (to tell CRLF from LF across chunks).
    private var byteBeforeBuffer: UInt8 = 0
    /// The physical line (1-based) of the next unread byte.
    private var line = 1
    /// Where file reads land before they join `buffer`: one block for the reader's life (a
    /// fresh block per read costs a page fault per 4 KiB, a third of reading a large file).
    private var readBlock: UnsafeMutableRawBufferPointer?
    /// Reused from record to record to avoid allocations.
    private var spans: [FieldSpan] = []
    private var unescaped: [UInt8] = []
    private var ranges: [FieldRange] = []

    /// Reads the file at `path`, which is closed when the reader goes away.
    public convenience init(
        path: String, chunkSize: Int = CSVReader.defaultChunkSize, maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes
    ) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CSVReaderError.cannotOpen(path: path) }
        self.init(fileHandle: handle, ownsHandle: true, chunkSize: chunkSize, maxRecordBytes: maxRecordBytes)
    }

    /// Reads from an open file handle, from its current offset. The caller keeps ownership:
    /// the handle is not closed.
    public convenience init(
        fileHandle: FileHandle, chunkSize: Int = CSVReader.defaultChunkSize,
        maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes
    ) {
        self.init(fileHandle: fileHandle, ownsHandle: false, chunkSize: chunkSize, maxRecordBytes: maxRecordBytes)
    }

    private init(fileHandle: FileHandle, ownsHandle: Bool, chunkSize: Int, maxRecordBytes: Int) {
        self.handle = fileHandle
        self.ownsHandle = ownsHandle
        self.chunkSize = max(1, chunkSize)
        self.maxRecordBytes = max(1, maxRecordBytes)
        self.buffer = []
        self.buffer.reserveCapacity(self.chunkSize * 2)
        self.atEndOfInput = false
    }

    /// Reads CSV text that is already in memory.
    public init(bytes: [UInt8]) {
        self.handle = nil
        self.ownsHandle = false
        self.chunkSize = 0
        self.maxRecordBytes = Int.max
        self.buffer = bytes
        self.atEndOfInput = true
    }

    /// Reads CSV text that is already in memory.
    public convenience init(data: Data) { self.init(bytes: [UInt8](data)) }

    /// Reads CSV text that is already in memory.
    public convenience init(string: String) { self.init(bytes: Array(string.utf8)) }

    deinit {
        if ownsHandle { try? handle?.close() }
        readBlock?.deallocate()
    }

    /// How many bytes of the input have been consumed, for progress reports.
    public var bytesConsumed: Int { bytesDropped + scanPosition }

    /// The next record, or nil at the end of the input.
    /// - Throws: ``CSVReaderError/readFailed(underlying:)`` when the file cannot be read.
    public func next() throws -> CSVRecord? {
        try nextRecord { record in
            var fields: [String] = []
            fields.reserveCapacity(record.count)
            for index in 0..<record.count {
                // Invalid sequences become U+FFFD.
                fields.append(String(decoding: record[index], as: UTF8.self))
            }
            return CSVRecord(line: record.line, fields: fields, problem: record.problem)
        }
    }

    /// Calls `body` with the next record as byte ranges of the reader's buffer, without
    /// building a `String` per field; nil at the end of the input. The view (and every
    /// buffer it hands out) is valid only inside `body`.
    /// - Throws: ``CSVReaderError/readFailed(underlying:)`` when the file cannot be read, or
    ///   what `body` throws.
    public func nextRecord<Result>(_ body: (CSVRecordView) throws -> Result) throws -> Result? {
        if !checkedForBOM { try skipBOM() }
        var scan = RecordScan()
        // Taken out of `self` so that the array is uniquely referenced: clearing it then keeps
        // its storage instead of allocating a new one.
        var spans = self.spans
        self.spans = []
        spans.removeAll(keepingCapacity: true)
        defer { self.spans = spans }
        while true {
            let end = scanRecord(&scan, &spans)
            if let end {
                let result = try withRecord(scan, spans, end: end, body)
                scanPosition = end + 1
                line += 1  // the record's terminator (a lone CR, or the LF of LF / CRLF)
                return result
            }
            // The buffer ran out in the middle of a record (or between records).
            if atEndOfInput {
                switch scan.state {
                case .recordStart:
                    return nil
                case .quoted:
                    scan.escaped = true
                    scan.unterminated = true
                    scan.endField(at: buffer.count, into: &spans)
                case .fieldStart, .unquoted, .quoteInQuoted:
                    scan.endField(at: buffer.count, into: &spans)
                }
                let result = try withRecord(scan, spans, end: buffer.count, body)
                scanPosition = buffer.count
                return result
            }
            try refill(&scan, &spans)
        }
    }

    // MARK: - Scanning

    private enum State {
        case recordStart, fieldStart, unquoted, quoted, quoteInQuoted
    }

    /// Where one field's raw bytes are, relative to the record's start.
    private struct FieldSpan {
        var start: Int
        var end: Int
        /// The field starts with a quote.
        var quoted: Bool
        /// Removing the quotes needs more than dropping the first and last byte.
        var escaped: Bool
    }

    /// The state of the record being scanned; it survives refills of the buffer.
    private struct RecordScan {
        var state = State.recordStart
        var recordStart = 0
        var line = 0
        var fieldStart = 0
        var quoted = false
        var escaped = false
        var strayQuote = false
        var unterminated = false
        var oversized = false
        /// The OR of every byte in quoted or unquoted text: below 0x80 means all ASCII.
        var highBits: UInt8 = 0

        mutating func endField(at index: Int, into spans: inout [FieldSpan]) {
            if !oversized {
                spans.append(
                    FieldSpan(start: fieldStart - recordStart, end: index - recordStart, quoted: quoted, escaped: escaped))
            }
            fieldStart = index + 1
            quoted = false
            escaped = false
        }
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// A byte repeated in each of a word's eight bytes.
    private static let commas: UInt64 = 0x2C2C_2C2C_2C2C_2C2C
    private static let quotes: UInt64 = 0x2222_2222_2222_2222
    private static let lineFeeds: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
    private static let carriageReturns: UInt64 = 0x0D0D_0D0D_0D0D_0D0D

    /// The high bit of each byte of `word` equal to the byte `repeated` holds; exact for the
    /// lowest such byte (higher ones may be flagged wrongly after it, which the scan never
    /// looks at: it stops at the lowest flag of all).
    @inline(__always)
    private static func matches(_ word: UInt64, _ repeated: UInt64) -> UInt64 {
        let x = word ^ repeated
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// Moves `i` over field text eight bytes at a time, up to the first quote, CR or LF (and
    /// comma, outside quotes), or to where fewer than eight bytes are left (the byte loop goes
    /// on from there); sets `high`'s top bit if a byte passed was beyond ASCII.
    @inline(__always)
    private static func skipText(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int, commas: Bool, _ high: inout UInt8) {
        var passed: UInt64 = 0
        while i + 8 <= bytes.count {
            let word = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
            var stops = matches(word, quotes) | matches(word, lineFeeds) | matches(word, carriageReturns)
            if commas { stops |= matches(word, Self.commas) }
            if stops != 0 {
                let before = stops.trailingZeroBitCount / 8
                if before > 0 { passed |= word & (UInt64.max >> (64 - 8 * before)) }
                i += before
                break
            }
            passed |= word
            i += 8
        }
        if passed & 0x8080_8080_8080_8080 != 0 { high |= 0x80 }
    }

    /// Scans from `scanPosition`; returns the index of the byte that ends the record (a CR or
    /// LF), or nil when the buffer ran out first (with `scanPosition` at the buffer's end).
    private func scanRecord(_ scan: inout RecordScan, _ spans: inout [FieldSpan]) -> Int? {
        let quote = Self.quote, comma = Self.comma, lf = Self.lineFeed, cr = Self.carriageReturn
        var line = self.line
        let before = byteBeforeBuffer
        let start = scanPosition
        let (end, stop): (Int?, Int) = buffer.withUnsafeBufferPointer { bytes in
            let count = bytes.count
            var i = start
            scanning: while i < count {
                switch scan.state {
                case .recordStart:
                    let byte = bytes[i]
                    if byte == lf {
                        // The LF of a CRLF was counted at its CR.
                        if (i > 0 ? bytes[i - 1] : before) != cr { line += 1 }
                        i += 1
                    } else if byte == cr {
                        line += 1
                        i += 1
                    } else {
                        scan.recordStart = i
                        scan.fieldStart = i
                        scan.line = line
                        scan.state = .fieldStart
                    }
                case .fieldStart:
                    let byte = bytes[i]
                    if byte == quote {
                        scan.quoted = true
                        scan.state = .quoted
                        i += 1
                    } else if byte == comma {
                        scan.endField(at: i, into: &spans)
                        i += 1
                    } else if byte == lf || byte == cr {
                        scan.endField(at: i, into: &spans)
                        return (i, i)
                    } else {
                        scan.state = .unquoted
                    }
                case .unquoted:
                    var high = scan.highBits
                    Self.skipText(bytes, &i, commas: true, &high)
                    while i < count {
                        let byte = bytes[i]
                        // All four stop bytes are below 0x2D: most bytes need one comparison.
                        if byte <= comma, byte == comma || byte == lf || byte == cr || byte == quote { break }
                        high |= byte
                        i += 1
                    }
                    scan.highBits = high
                    guard i < count else { break scanning }
                    let byte = bytes[i]
                    if byte == quote {
                        scan.strayQuote = true
                        i += 1
                    } else if byte == comma {
                        scan.endField(at: i, into: &spans)
                        scan.state = .fieldStart
                        i += 1
                    } else {
                        scan.endField(at: i, into: &spans)
                        return (i, i)
                    }
                case .quoted:
                    var high = scan.highBits
                    Self.skipText(bytes, &i, commas: false, &high)
                    while i < count {
                        let byte = bytes[i]
                        if byte <= quote, byte == quote || byte == lf || byte == cr { break }
                        high |= byte
                        i += 1
                    }
                    scan.highBits = high
                    guard i < count else { break scanning }
                    let byte = bytes[i]
                    if byte == quote {
                        scan.state = .quoteInQuoted
                    } else if byte == cr {
                        line += 1
                    } else if (i > 0 ? bytes[i - 1] : before) != cr {
                        line += 1
                    }
                    i += 1
                case .quoteInQuoted:
                    let byte = bytes[i]
                    if byte == quote {
                        scan.escaped = true
                        scan.state = .quoted
                        i += 1
                    } else if byte == comma {
                        scan.endField(at: i, into: &spans)
                        scan.state = .fieldStart
                        i += 1
                    } else if byte == lf || byte == cr {
                        scan.endField(at: i, into: &spans)
                        return (i, i)
                    } else {
                        // Text after a closing quote: kept, and the field needs unescaping.
                        scan.strayQuote = true
                        scan.escaped = true
                        scan.state = .unquoted
                    }
                }
            }
            return (nil, count)
        }
        self.line = line
        if end == nil { scanPosition = stop }
        return end
    }

    /// Drops consumed bytes from the buffer and appends the next chunk of the file.
    private func refill(_ scan: inout RecordScan, _ spans: inout [FieldSpan]) throws {
        guard handle != nil else {
            atEndOfInput = true
            return
        }
        var keepFrom = scan.state == .recordStart ? buffer.count : scan.recordStart
        if scan.state != .recordStart, !scan.oversized, buffer.count - scan.recordStart > maxRecordBytes {
            // Stop keeping this record; keep scanning to find where it ends.
            scan.oversized = true
            spans.removeAll(keepingCapacity: true)
        }
        if scan.oversized { keepFrom = buffer.count }
        if keepFrom > 0 {
            byteBeforeBuffer = buffer[keepFrom - 1]
            buffer.removeSubrange(0..<keepFrom)
            bytesDropped += keepFrom
            scanPosition -= keepFrom
            scan.recordStart -= keepFrom
            scan.fieldStart -= keepFrom
        }
        if scan.oversized, stopsAtOversizedRecord {
            atEndOfInput = true
            return
        }
        try readChunk()
    }

    /// Appends the next chunk of the file to the buffer, or notes the end of the input.
    private func readChunk() throws {
        guard let handle else {
            atEndOfInput = true
            return
        }
        if Task.isCancelled || shouldStop?() == true { throw CancellationError() }
        let block = readBlock ?? UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        readBlock = block
        var count: Int
        repeat {
            count = read(handle.fileDescriptor, block.baseAddress, chunkSize)
        } while count < 0 && errno == EINTR
        guard count >= 0 else {
            throw CSVReaderError.readFailed(underlying: NSError(domain: NSPOSIXErrorDomain, code: Int(errno)))
        }
        guard count > 0 else {
            atEndOfInput = true
            return
        }
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: block[0..<count]))
    }

    /// Reads until there are at least three bytes (or the input ends) and skips a BOM.
    private func skipBOM() throws {
        checkedForBOM = true
        while buffer.count < 3, !atEndOfInput { try readChunk() }
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
            scanPosition = 3
        }
    }

    // MARK: - Building fields

    /// Resolves the record's fields to byte ranges (quotes removed; escaped fields are
    /// unescaped into `unescaped`, one after the other) and calls `body` with them.
    private func withRecord<Result>(
        _ scan: RecordScan, _ spans: [FieldSpan], end: Int, _ body: (CSVRecordView) throws -> Result
    ) throws -> Result {
        var problem: CSVProblem? = nil
        func note(_ found: CSVProblem) {
            if found.severity > (problem?.severity ?? 0) { problem = found }
        }
        var ranges = self.ranges
        self.ranges = []
        ranges.removeAll(keepingCapacity: true)
        defer { self.ranges = ranges }
        if scan.oversized || (handle != nil && end - scan.recordStart > maxRecordBytes) {
            let problem = CSVProblem.recordTooLarge(limit: maxRecordBytes)
            return try body(
                CSVRecordView(line: scan.line, problem: problem, ranges: [], buffer: nil, unescaped: nil, record: 0..<0, utf8Unchecked: false))
        }
        if scan.strayQuote { note(.strayQuote) }
        if scan.unterminated { note(.unterminatedQuote) }
        var unescaped = self.unescaped
        self.unescaped = []
        unescaped.removeAll(keepingCapacity: true)
        defer { self.unescaped = unescaped }
        return try buffer.withUnsafeBufferPointer { bytes in
            // Quotes and commas are ASCII, so the record is valid UTF-8 exactly when all its
            // fields are: validate once.
            let unchecked = scan.highBits >= 0x80 && defersUTF8Validation
            if scan.highBits >= 0x80, !unchecked, !isValidUTF8(UnsafeBufferPointer(rebasing: bytes[scan.recordStart..<end])) {
                note(.invalidUTF8)
            }
            for span in spans {
                var lower = scan.recordStart + span.start
                var upper = scan.recordStart + span.end
                if span.escaped {
                    let from = unescaped.count
                    Self.unescape(UnsafeBufferPointer(rebasing: bytes[lower..<upper]), into: &unescaped)
                    ranges.append(FieldRange(lower: from, upper: unescaped.count, unescaped: true))
                    continue
                }
                if span.quoted {
                    lower += 1
                    upper -= 1
                }
                ranges.append(FieldRange(lower: lower, upper: upper, unescaped: false))
            }
            return try unescaped.withUnsafeBufferPointer { unescapedBytes in
                try body(
                    CSVRecordView(
                        line: scan.line, problem: problem, ranges: ranges, buffer: bytes, unescaped: unescapedBytes,
                        record: scan.recordStart..<end, utf8Unchecked: unchecked))
            }
        }
    }

    /// Copies a quoted field's raw bytes (starting at its opening quote) without the quotes:
    /// `""` inside quotes is one quote, and anything after the closing quote is literal.
    private static func unescape(_ raw: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var inQuotes = true
        var i = 1
        while i < raw.count {
            let byte = raw[i]
            if inQuotes, byte == quote {
                if i + 1 < raw.count, raw[i + 1] == quote {
                    out.append(quote)
                    i += 2
                } else {
                    inQuotes = false
                    i += 1
                }
                continue
            }
            out.append(byte)
            i += 1
        }
    }
}

/// Where one field's bytes are: in the read buffer, or (for a field that needed unescaping)
/// in the reader's unescaping buffer.
struct FieldRange {
    var lower: Int
    var upper: Int
    var unescaped: Bool
}

/// One record as ``CSVReader/nextRecord(_:)`` hands it out: its fields as bytes of the
/// reader's buffers, unquoted and unescaped, never trimmed. Valid only inside the closure it
/// is given to.
public struct CSVRecordView {
    /// The 1-based physical line where the record starts.
    public let line: Int
    /// What was wrong with the record, if anything (see ``CSVRecord/problem``). With
    /// ``CSVProblem/invalidUTF8`` the fields' bytes are as read (not repaired).
    public let problem: CSVProblem?
    let ranges: [FieldRange]
    let buffer: UnsafeBufferPointer<UInt8>?
    let unescaped: UnsafeBufferPointer<UInt8>?
    /// The record's bytes in `buffer`, as read (quotes and separators included, its line
    /// ending not).
    let record: Range<Int>
    /// The record has bytes beyond ASCII that were not checked for valid UTF-8 (see
    /// ``CSVReader/defersUTF8Validation``): ``problem`` cannot say `invalidUTF8`, and ``raw``
    /// is to be checked by the caller.
    public let utf8Unchecked: Bool

    /// How many fields the record has (0 for a record that was too large).
    public var count: Int { ranges.count }

    /// The record as it is in the file, without its line ending (empty for a record that was
    /// too large).
    public var raw: UnsafeBufferPointer<UInt8> {
        guard let buffer else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(rebasing: buffer[record])
    }

    /// The bytes of field `index` (0-based).
    public subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
        let range = ranges[index]
        let base = range.unescaped ? unescaped! : buffer!
        return UnsafeBufferPointer(rebasing: base[range.lower..<range.upper])
    }
}
