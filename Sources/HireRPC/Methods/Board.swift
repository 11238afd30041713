import HireCore

/// One MTB column: its wire key and CSV header.
public struct ColumnView: Codable, Sendable, Equatable {
    public var key: String
    public var header: String
    public init(key: String, header: String) {
        self.key = key
        self.header = header
    }
}

/// A problem with one line of an imported file.
public struct LineError: Codable, Sendable, Equatable {
    public var line: Int
    public var message: String
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}

/// What an import did (or, in a dry run, would do).
public struct ImportResult: Codable, Sendable, Equatable, SchemaDocumented {
    /// The recorded run; absent in a dry run, which records nothing.
    public var runId: String?
    public var rows: Int
    public var inserted: Int
    public var updated: Int
    public var unchanged: Int
    public var removed: Int
    public var skipped: Int
    public var errors: [LineError]
    /// Updated jobs with a description whose company or position changed: their descriptions
    /// are now stale (left out of matching until confirmed or replaced).
    public var staleDescriptions: Int?
    /// True when nothing was written: the counts say what the import would do.
    public var dryRun: Bool?
    public init(
        runId: String?, rows: Int, inserted: Int, updated: Int, unchanged: Int, removed: Int, skipped: Int, errors: [LineError],
        staleDescriptions: Int? = nil, dryRun: Bool? = nil
    ) {
        self.runId = runId
        self.rows = rows
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
        self.removed = removed
        self.skipped = skipped
        self.errors = errors
        self.staleDescriptions = staleDescriptions
        self.dryRun = dryRun
    }
    public static let fieldDocs = [
        "runId": "The recorded run (absent in a dry run).",
        "staleDescriptions": "Updated jobs whose company or position changed while they had a description: it is now stale.",
        "dryRun": "True when nothing was written (the counts say what the import would do).",
    ]
}

/// How an import treats the existing board.
public enum ImportMode: String, Codable, Sendable, SchemaStringEnum {
    /// Upsert by jobId; jobs not in the file stay.
    case merge
    /// The board becomes exactly the file.
    case replace
}

/// What an import does with bad rows.
public enum OnError: String, Codable, Sendable, SchemaStringEnum {
    /// One bad row rejects the whole file; nothing changes.
    case abort
    /// Good rows go in; bad lines are reported.
    case skip
}

/// The Master Tracking Board.
public enum MTB {
    public enum Columns: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "mtb.columns", summary: "List the 20 board columns (wire key and CSV header) in board order.",
            access: .session, readOnly: true)
        public typealias Params = Empty
        public struct Result: Codable, Sendable {
            public var columns: [ColumnView]
            public init(columns: [ColumnView]) { self.columns = columns }
        }
        public static let example = Empty()
    }

    public struct ImportParams: Codable, Sendable, SchemaDocumented, BackgroundParams {
        public var path: String?
        public var csv: String?
        public var remote: String?
        public var mode: ImportMode?
        public var onError: OnError?
        public var dryRun: Bool?
        public var confirm: Bool?
        public var maxRemoveShare: Double?
        public var background: Bool?
        public init(
            path: String? = nil, csv: String? = nil, mode: ImportMode? = nil, onError: OnError? = nil, dryRun: Bool? = nil,
            confirm: Bool? = nil, maxRemoveShare: Double? = nil, background: Bool? = nil
        ) {
            self.path = path
            self.csv = csv
            self.mode = mode
            self.onError = onError
            self.dryRun = dryRun
            self.confirm = confirm
            self.maxRemoveShare = maxRemoveShare
            self.background = background
        }
        /// The share of the board (0…1) a replace may remove without `confirm`, unless the call says otherwise.
        public static let defaultMaxRemoveShare = 0.2
        /// `--replace`, `--skip-bad-rows` and `--yes` on the command line.
        public static let flagAliases = [
            FlagAlias("replace", param: "mode", value: "replace"), FlagAlias("skip-bad-rows", param: "onError", value: "skip"),
            FlagAlias("yes", param: "confirm", value: "true"),
        ]
        public static let fieldDocs = [
            "path": "A CSV file the daemon can read (absolute path).", "csv": "The CSV text itself (instead of path).",
            "remote": "A CSV on an rclone remote, NAME:path (instead of path; read with the rclone configuration of the daemon's user).",
            "mode": "merge (default): upsert by jobId; replace: the board becomes exactly the file.",
            "onError": "abort (default): one bad row rejects the file; skip: good rows go in (a replace keeps the job of a bad row whose JobID it can read, and removes nothing when a quote left open hides the rest of the file).",
            "dryRun": "Count what the import would insert, update and remove, and write nothing (no run either).",
            "confirm": "Let a replace remove more than maxRemoveShare of the board (hire: --yes).",
            "maxRemoveShare": "The share of the board (0 to 1, default 0.2) a replace may remove without confirm.",
            "background": "Answer {runId} at once and go on as a background run, after the connection closes too (see runs.get, runs.wait).",
        ]
    }

    public enum Import: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "mtb.import", summary: "Import a Master Tracking Board CSV (merge or replace).",
            details: "Headers match case- and space-insensitively; a UTF-8 BOM and CRLF are accepted; unknown columns are kept. The import is one transaction, the original file is archived encrypted and a run is recorded. A replace that would remove more than maxRemoveShare of the board (default 20%) changes nothing and fails with replaceNeedsConfirmation unless confirm is true (hire asks on a terminal). dryRun counts and writes nothing. mtb.undo restores the board a replace changed, the same day.",
            access: .role(.recruiter), readOnly: false, errors: [.badCSV, .importRejected, .replaceNeedsConfirmation], reportsProgress: true,
            positionals: ["path"], flagAliases: ImportParams.flagAliases)
        public typealias Params = ImportParams
        public typealias Result = ImportResult
        public static let example = ImportParams(path: "/home/dana/mtb.csv")
    }

    public enum Undo: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "mtb.undo", summary: "Put the board back as it was before the last replacing import (the same day).",
            details: "Jobs the import added are removed; jobs it changed or removed come back as they were, with their descriptions, profiles and description originals. Possible until the end of the day of the import (the daemon's local time zone) and as long as no job was created, changed or deleted since. One transaction, recorded as a run; it can be done once.",
            access: .role(.recruiter), readOnly: false, errors: [.nothingToUndo])
        public typealias Params = Empty
        public struct Result: Codable, Sendable, Equatable, SchemaDocumented {
            public var runId: String
            public var undoneRunId: String
            public var restored: Int
            public var removed: Int
            public init(runId: String, undoneRunId: String, restored: Int, removed: Int) {
                self.runId = runId
                self.undoneRunId = undoneRunId
                self.restored = restored
                self.removed = removed
            }
            public static let fieldDocs = [
                "runId": "The undo's own run.", "undoneRunId": "The run of the import undone.",
                "restored": "Jobs put back as they were (changed or removed by the import).",
                "removed": "Jobs the import had added, removed again.",
            ]
        }
        public static let example = Empty()
    }

    public enum Values: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "mtb.values", summary: "List a column's distinct values with counts, most frequent first.",
            access: .role(.recruiter), readOnly: true, errors: [.unknownColumn], positionals: ["column"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var column: String
            public var prefix: String?
            public var limit: Int?
            public init(column: String, prefix: String? = nil, limit: Int? = nil) {
                self.column = column
                self.prefix = prefix
                self.limit = limit
            }
            public static let fieldDocs = [
                "column": "A column key (see mtb.columns).", "prefix": "Only values starting with this (case-insensitive).",
                "limit": "At most this many values (default 50, max 1000).",
            ]
        }
        public struct ValueCount: Codable, Sendable, Equatable {
            public var value: String
            public var count: Int
            public init(value: String, count: Int) {
                self.value = value
                self.count = count
            }
        }
        public struct Result: Codable, Sendable {
            public var values: [ValueCount]
            /// How many distinct values there are (starting with `prefix`), shown or not.
            public var distinct: Int?
            public init(values: [ValueCount], distinct: Int? = nil) {
                self.values = values
                self.distinct = distinct
            }
        }
        public static let example = Params(column: "state")
    }

    public enum Filter: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "mtb.filter", summary: "Find the jobs whose columns equal the values given (exact match).",
            details: "A row passes when, for every column given, its value equals one of the values given (after trimming). The result is saved as a run unless save is false.",
            access: .role(.recruiter), readOnly: false, errors: [.unknownColumn])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var filters: Filters
            public var save: Bool?
            public var includeRows: Bool?
            public init(filters: Filters, save: Bool? = nil, includeRows: Bool? = nil) {
                self.filters = filters
                self.save = save
                self.includeRows = includeRows
            }
            public static let fieldDocs = [
                "filters": "Column key → value or list of values.", "save": "Record the result as a run (default true).",
                "includeRows": "Also return the matching jobs.",
            ]
        }
        public struct Result: Codable, Sendable {
            public var runId: String?
            public var jobIds: [String]
            public var total: Int
            public var rows: [JobView]?
            public init(runId: String?, jobIds: [String], total: Int, rows: [JobView]?) {
                self.runId = runId
                self.jobIds = jobIds
                self.total = total
                self.rows = rows
            }
        }
        public static let example = Params(filters: ["state": FilterValues(["TX"]), "cat": FilterValues(["A", "B"])])
    }
}
