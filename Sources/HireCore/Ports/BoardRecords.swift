import Foundation

// What the board's store port (`JobStore`) takes and gives: jobs as stored, import batches
// and their outcome, undo, and the order and cursor of a page.

/// A job as stored: the 20 board columns in board order, extra columns, parsed fields.
public struct StoredJob: Sendable, Equatable {
    public var seq: Int64
    /// The 20 column values in board order (index 0 is the JobID).
    public var values: [String]
    /// Columns the board does not know, in file order.
    public var extras: [ExtraColumn]
    public var parsed: ParsedFields
    public var description: String?
    /// The description was written for another job: the job's company or position changed
    /// since (see ``identityChanged(_:_:)``). Left out of matching until confirmed or replaced.
    public var descriptionStale: Bool
    public var profile: String?
    public var createdAt: Date
    public var updatedAt: Date

    public var jobId: String { values[0] }

    public init(
        seq: Int64, values: [String], extras: [ExtraColumn], parsed: ParsedFields, description: String?, descriptionStale: Bool,
        profile: String?, createdAt: Date, updatedAt: Date
    ) {
        self.seq = seq
        self.values = values
        self.extras = extras
        self.parsed = parsed
        self.description = description
        self.descriptionStale = descriptionStale
        self.profile = profile
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

extension StoredJob {
    /// True when a job's identity changed between two rows of values (board order): its company
    /// or position, compared without regard to case or runs of spaces. The city is not part of
    /// it: a job that moves or gets its city spelled out is still the job its description describes.
    public static func identityChanged(_ old: [String], _ new: [String]) -> Bool {
        func normalized(_ value: String) -> String {
            value.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        // The same text is the same identity: only a difference is normalized (an import's
        // changed rows mostly keep their company and position).
        return identityColumns.contains { old[$0] != new[$0] && normalized(old[$0]) != normalized(new[$0]) }
    }

    /// The ordinals of the columns that say which job a row is (company, position).
    public static let identityColumns = [BoardColumn.company.ordinal, BoardColumn.position.ordinal]
}


/// A column of an imported file that the board does not know.
public struct ExtraColumn: Codable, Sendable, Equatable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Extra columns as JSON with sorted keys: the same columns always give the same text,
    /// so a merge import finds an unchanged row unchanged (across daemon restarts too).
    public static func encoded(_ extras: [ExtraColumn]) throws -> String? {
        guard !extras.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(extras), as: UTF8.self)
    }
}

/// Fields parsed from the board's text for sorting (null when the text does not parse).
public struct ParsedFields: Sendable, Equatable {
    public var salaryMin: Double?
    public var salaryMax: Double?
    public var currency: String?
    public var period: String?
    public var receivedDate: String?
    public init(salaryMin: Double? = nil, salaryMax: Double? = nil, currency: String? = nil, period: String? = nil, receivedDate: String? = nil) {
        self.salaryMin = salaryMin
        self.salaryMax = salaryMax
        self.currency = currency
        self.period = period
        self.receivedDate = receivedDate
    }
}

/// One row to import, already validated.
public struct ImportRow: Sendable {
    public var values: [String]
    public var extras: [ExtraColumn]
    public var parsed: ParsedFields
    public init(values: [String], extras: [ExtraColumn], parsed: ParsedFields) {
        self.values = values
        self.extras = extras
        self.parsed = parsed
    }
}

/// What an import changed.
public struct ImportCounts: Sendable, Equatable {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    public var removed = 0
    /// Updated jobs with a description whose company or position changed: their description is now stale.
    public var staleDescriptions = 0
    public init() {}
}

/// How an import treats the board beyond merging rows.
public struct ImportOptions: Sendable {
    /// Remove the jobs the file lacks.
    public var replace: Bool
    /// Count everything, then roll back: nothing is written.
    public var dryRun: Bool
    /// A replace removing a larger share of the board (0…1) throws ``ReplaceLimitExceeded``
    /// and changes nothing; nil: no limit.
    public var maxRemoveShare: Double?
    /// The run a committed replace is recorded as, and when it started: kept with the undo state.
    public var run: (id: String, at: Date)?
    /// Given, once the store has the board's index, what tells the rows of the file that an
    /// earlier import stored exactly as they are (the reader then skips parsing them).
    public var knownRows: (@Sendable (KnownRows) -> Void)?
    /// Asked just before the import commits: true rolls it back (`CancellationError`), so that
    /// a cancel that came after the last row was read still leaves the board as it was.
    public var isCancelled: (@Sendable () -> Bool)?
    /// The caller vouches that no JobID comes twice (the file's reader refused repeats): into
    /// an empty board the rows then go in without being looked up. Otherwise a repeated JobID
    /// updates the row its first occurrence made, as it would on a board that has it.
    public var jobIdsUnique: Bool
    /// Given each batch once the store is done with it, so that its buffers can hold the
    /// reader's next one: a million-row import filled 350 MB of new batch memory otherwise,
    /// each page faulted in and zeroed by the kernel (a tenth of the reading thread's time).
    public var recycle: (@Sendable (ImportBatch) -> Void)?

    public init(
        replace: Bool, dryRun: Bool = false, maxRemoveShare: Double? = nil, run: (id: String, at: Date)? = nil,
        knownRows: (@Sendable (KnownRows) -> Void)? = nil, isCancelled: (@Sendable () -> Bool)? = nil, jobIdsUnique: Bool = false
    ) {
        self.isCancelled = isCancelled
        self.jobIdsUnique = jobIdsUnique
        self.replace = replace
        self.dryRun = dryRun
        self.maxRemoveShare = maxRemoveShare
        self.run = run
        self.knownRows = knownRows
    }
}

/// Tells a file record that an earlier import stored exactly as it is: the board remembers,
/// per row, the hash of the record it was last imported from (seeded with the file's header
/// and the parser's version, so the same bytes under another header are another record).
/// A record whose JobID names a row with that hash is that row, unchanged: the daily
/// re-import of a board that mostly matches reads its unchanged records without parsing them
/// and does no work for them in the store.
public struct KnownRows: Sendable {
    public typealias Find = @Sendable (_ jobId: UnsafeRawBufferPointer, _ recordHash: UInt64) -> Int?
    public typealias Locate = @Sendable (_ jobId: UnsafeRawBufferPointer) -> Int?
    public typealias Holds = @Sendable (_ position: Int, _ jobId: UnsafeRawBufferPointer, _ recordHash: UInt64) -> Bool

    /// How many rows the board has (positions are below this).
    public let count: Int
    private let find: Find
    private let locate: Locate
    private let holds: Holds
    /// Where the next record is looked for first: a file mostly keeps the board's order, and
    /// checking one row in place costs less than a lookup in the JobIDs' hash table.
    private var next = 0

    /// For a board of `count` rows, called from the reading thread: `find` answers the
    /// position of the row with this JobID whose record hash is this one, `locate` the
    /// position of the row with this JobID, `holds` whether a position's row is exactly this
    /// record (its JobID and record hash).
    public init(count: Int, find: @escaping Find, locate: @escaping Locate, holds: @escaping Holds) {
        self.count = count
        self.find = find
        self.locate = locate
        self.holds = holds
    }

    /// The board position of the row stored from exactly this record, or nil.
    public mutating func position(jobId: UnsafeRawBufferPointer, recordHash: UInt64) -> Int? {
        if next < count, holds(next, jobId, recordHash) {
            next += 1
            return next - 1
        }
        guard let found = find(jobId, recordHash) else { return nil }
        next = found + 1
        return found
    }

    /// The board position of the row with this JobID, or nil.
    public func position(jobId: UnsafeRawBufferPointer) -> Int? { locate(jobId) }
}

/// A replace would remove more of the board than allowed without confirmation; nothing changed.
public struct ReplaceLimitExceeded: Error, Equatable {
    /// Jobs the replace would remove.
    public var removed: Int
    /// Jobs on the board before the import.
    public var boardSize: Int
    public init(removed: Int, boardSize: Int) {
        self.removed = removed
        self.boardSize = boardSize
    }
}

/// What `undoReplace` restored.
public struct UndoCounts: Sendable, Equatable {
    /// The run of the replacing import that was undone.
    public var runId: String
    /// Jobs put back as they were (removed or changed by the import).
    public var restored: Int
    /// Jobs the import had added, removed again.
    public var removed: Int
    public init(runId: String, restored: Int, removed: Int) {
        self.runId = runId
        self.restored = restored
        self.removed = removed
    }
}

/// Why there is nothing to undo.
public enum UndoUnavailable: Error, Equatable {
    /// No replacing import since the last undo, or the board changed after it.
    case nothingToUndo
    /// The last replacing import is too old (it ran at `at`).
    case expired(runId: String, at: Date)
}

/// How `listJobs` orders and pages.
public struct JobOrder: Sendable {
    /// A job-table column (validated by the caller).
    public var column: String
    public var descending: Bool
    /// Numeric columns sort as numbers, the rest as text; missing values come last.
    public var numeric: Bool
    public init(column: String, descending: Bool, numeric: Bool) {
        self.column = column
        self.descending = descending
        self.numeric = numeric
    }
}

/// Where the previous page ended: the sort value and seq of its last job.
public struct JobCursor: Codable, Sendable, Equatable {
    public var number: Double?
    public var text: String?
    public var seq: Int64
    public init(number: Double?, text: String?, seq: Int64) {
        self.number = number
        self.text = text
        self.seq = seq
    }
}

