import Foundation

/// Rows to import, validated, packed into a few buffers: every row's text back to back in
/// one byte array, bound straight from it into the INSERT. A batch of thousands of rows is a
/// handful of allocations, where ``ImportRow``s are a `String` per value and an array per row,
/// each built by the reader and freed by the database thread.
///
/// Fill a row with ``appendValue(_:)-(UnsafeBufferPointer<UInt8>)`` once per board column
/// (board order), then ``endRow(extras:salaryMin:salaryMax:currency:period:receivedDate:)``.
public struct ImportBatch: Sendable {
    /// Text slots per row: the board's values, then extras, currency, period, receivedDate.
    @usableFromInline package static let slotsPerRow = BoardColumn.allCases.count + 4

    /// Every row's text, back to back; byte 0 is a pad so that even an empty value's pointer
    /// is inside the buffer (a NULL pointer would bind NULL).
    @usableFromInline package internal(set) var text: [UInt8] = [0]
    /// Per slot, where its text ends in `text`; a NULL value is stored as `-(end + 1)`.
    @usableFromInline package internal(set) var ends: [Int32] = []
    package private(set) var salaries: [Double] = []
    /// Per row, the hash of the file record it came from (0: none, see ``KnownRows``).
    package private(set) var recordHashes: [UInt64] = []
    /// Board positions of the file's records that an earlier import stored exactly as they
    /// are: unchanged rows, not parsed and not among ``count``.
    package private(set) var known: [Int32] = []
    /// The JobIDs of rows skipped as bad: a replace keeps those jobs as they are (a typo in
    /// one row of the daily file must not remove its job).
    public private(set) var keptJobIds: [String] = []
    /// The number of rows.
    public private(set) var count = 0

    /// Keeps the job with this JobID as it is: its row in the file was skipped as bad.
    public mutating func keep(jobId: String) { keptJobIds.append(jobId) }

    /// Set when the file could not be read as records from some point on (a quote left open
    /// swallows the rest of it, a record beyond the size limit hides its JobID): a replace
    /// then cannot tell what the file lacks, and removes no job.
    public private(set) var keepsUnseenJobs = false

    /// Keeps every job the file does not name (see ``keepsUnseenJobs``).
    public mutating func keepUnseenJobs() { keepsUnseenJobs = true }

    /// An empty batch with room for about `rows` rows of `bytesPerRow` bytes.
    public init(rows: Int = 0, bytesPerRow: Int = 0) {
        text.reserveCapacity(1 + rows * bytesPerRow)
        ends.reserveCapacity(rows * Self.slotsPerRow)
        salaries.reserveCapacity(rows * 2)
        recordHashes.reserveCapacity(rows)
    }

    /// Empties the batch, keeping its memory (or, when another copy still shares it, as much).
    public mutating func removeAll() {
        text.removeAll(keepingCapacity: true)
        text.append(0)
        ends.removeAll(keepingCapacity: true)
        salaries.removeAll(keepingCapacity: true)
        recordHashes.removeAll(keepingCapacity: true)
        known.removeAll(keepingCapacity: true)
        keptJobIds.removeAll(keepingCapacity: true)
        keepsUnseenJobs = false
        count = 0
    }

    /// Appends the next board column's value of the row being built. (Inlinable: the import's
    /// reader calls it twenty times a row.)
    @inlinable
    public mutating func appendValue(_ bytes: UnsafeBufferPointer<UInt8>) {
        text.append(contentsOf: bytes)
        ends.append(Int32(text.count))
    }

    /// Appends the next board column's value of the row being built.
    public mutating func appendValue(_ value: String) {
        text.append(contentsOf: value.utf8)
        ends.append(Int32(text.count))
    }

    private mutating func appendOptional(_ value: String?) {
        if let value {
            appendValue(value)
        } else {
            ends.append(-Int32(text.count) - 1)
        }
    }

    /// Ends the row whose board values were just appended; `recordHash` is its file record's
    /// (0 for a row not read from a board file).
    public mutating func endRow(
        extras: [ExtraColumn], salaryMin: Double?, salaryMax: Double?, currency: String?, period: String?, receivedDate: String?,
        recordHash: UInt64 = 0
    ) throws {
        precondition(ends.count == count * Self.slotsPerRow + BoardColumn.allCases.count, "a row needs every board value")
        appendOptional(try ExtraColumn.encoded(extras))
        appendOptional(currency)
        appendOptional(period)
        appendOptional(receivedDate)
        salaries.append(salaryMin ?? .nan)
        salaries.append(salaryMax ?? .nan)
        recordHashes.append(recordHash)
        count += 1
    }

    /// Notes a record the board holds unchanged, at this position (see ``KnownRows``).
    public mutating func appendKnown(position: Int) { known.append(Int32(position)) }

    /// Appends a row.
    public mutating func append(_ row: ImportRow) throws {
        for value in row.values { appendValue(value) }
        try endRow(
            extras: row.extras, salaryMin: row.parsed.salaryMin, salaryMax: row.parsed.salaryMax, currency: row.parsed.currency,
            period: row.parsed.period, receivedDate: row.parsed.receivedDate)
    }

    // MARK: - Reading

    /// Slot `slot` of row `row` as a byte range of `text`, nil for NULL. (Inlinable: the
    /// import's database thread binds every value through it.)
    @inlinable
    package func range(row: Int, slot: Int) -> Range<Int>? {
        let index = row * Self.slotsPerRow + slot
        let end = Int(ends[index])
        let previous = index == 0 ? 1 : Int(ends[index - 1])
        let start = previous < 0 ? -previous - 1 : previous
        return end < 0 ? nil : start..<end
    }

    package func string(row: Int, slot: Int) -> String? {
        range(row: row, slot: slot).map { range in text.withUnsafeBufferPointer { String(decoding: $0[range], as: UTF8.self) } }
    }

    /// Row `row`'s board values, in board order.
    package func values(row: Int) -> [String] { (0..<BoardColumn.allCases.count).map { string(row: row, slot: $0) ?? "" } }

    /// Row `row`'s extras as stored (JSON), nil when it has none.
    package func extrasJSON(row: Int) -> String? { string(row: row, slot: BoardColumn.allCases.count) }

    package func salary(row: Int, max: Bool) -> Double? {
        let value = salaries[row * 2 + (max ? 1 : 0)]
        return value.isNaN ? nil : value
    }

    /// Row `row`'s parsed fields.
    package func parsed(row: Int) -> ParsedFields {
        let columns = BoardColumn.allCases.count
        return ParsedFields(
            salaryMin: salary(row: row, max: false), salaryMax: salary(row: row, max: true), currency: string(row: row, slot: columns + 1),
            period: string(row: row, slot: columns + 2), receivedDate: string(row: row, slot: columns + 3))
    }
}
