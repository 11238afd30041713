import HireCore

/// A processing run as history lists it.
public struct RunView: Codable, Sendable, Equatable {
    public var id: String
    public var kind: String
    public var status: RunStatus
    public var createdAt: String
    public var finishedAt: String?
    public var durationMs: Int?
    /// Counts and headline results (e.g. rows imported, jobs matched).
    public var summary: JSONValue
    /// The parameters the run was started with (e.g. the filters applied); in history.get.
    public var parameters: JSONValue?
    /// The run's results (e.g. the job ids a filter extracted); in history.get.
    public var results: JSONValue?

    public init(
        id: String, kind: String, status: RunStatus, createdAt: String, finishedAt: String?, durationMs: Int?, summary: JSONValue,
        parameters: JSONValue? = nil, results: JSONValue? = nil
    ) {
        self.id = id
        self.kind = kind
        self.status = status
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.durationMs = durationMs
        self.summary = summary
        self.parameters = parameters
        self.results = results
    }
}

/// The history of processing runs.
public enum History {
    public enum List: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "history.list", summary: "List processing runs, newest first.", access: .session, readOnly: true,
            errors: [.badCursor])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var kind: String?
            public var from: String?
            public var to: String?
            public var status: RunStatus?
            public var limit: Int?
            public var cursor: String?
            public init(kind: String? = nil, from: String? = nil, to: String? = nil, status: RunStatus? = nil, limit: Int? = nil, cursor: String? = nil) {
                self.kind = kind
                self.from = from
                self.to = to
                self.status = status
                self.limit = limit
                self.cursor = cursor
            }
            public static let fieldDocs = [
                "kind": "mtb.import, mtb.filter, jobs.import, …", "from": "Runs created at or after (RFC 3339 or a date).",
                "to": "Runs created before (RFC 3339 or a date; a date includes the whole day).", "status": "Only runs in this state.",
                "limit": "Page size (default 50, max 1000).", "cursor": "nextCursor of the previous page.",
            ]
        }
        public struct Result: Codable, Sendable {
            public var runs: [RunView]
            public var nextCursor: String?
            public init(runs: [RunView], nextCursor: String?) {
                self.runs = runs
                self.nextCursor = nextCursor
            }
        }
        public static let example = Params(kind: "mtb.filter")
    }

    public enum Get: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "history.get", summary: "Show one run with its parameters and results.", access: .session, readOnly: true,
            errors: [.runNotFound], positionals: ["runId"], verbAliases: ["show"])
        public struct Params: Codable, Sendable {
            public var runId: String
            public init(runId: String) { self.runId = runId }
        }
        public typealias Result = RunView
        public static let example = Params(runId: "…")
    }

    public enum Delete: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "history.delete", summary: "Delete runs from the history.", access: .session, readOnly: false,
            positionals: ["runIds"])
        public struct Params: Codable, Sendable {
            public var runIds: [String]
            public init(runIds: [String]) { self.runIds = runIds }
        }
        public struct Result: Codable, Sendable {
            public var deleted: Int
            public init(deleted: Int) { self.deleted = deleted }
        }
        public static let example = Params(runIds: ["…"])
    }

    public enum Export: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "history.export", summary: "Export one CSV per run (its parameters, summary and results).",
            details: "With dir, the CSVs are written there (never inside the daemon's data dir); with remote, into a folder on an rclone remote; without either they come back in the reply.",
            access: .session, readOnly: true, errors: [.runNotFound], positionals: ["runIds"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var runIds: [String]
            public var dir: String?
            public var remote: String?
            public var overwrite: Bool?
            public init(runIds: [String], dir: String? = nil, remote: String? = nil, overwrite: Bool? = nil) {
                self.runIds = runIds
                self.dir = dir
                self.remote = remote
                self.overwrite = overwrite
            }
            public static let fieldDocs = [
                "runIds": "The runs to export.",
                "dir": "Write the CSVs into this directory (created if missing; not inside the daemon's data dir); without it they are returned in exports.",
                "remote": "Write the CSVs into the folder NAME:path on an rclone remote instead (the rclone configuration of the daemon's user).",
                "overwrite": "Replace files of the same name in dir (or remote) (default: refuse).",
            ]
        }
        /// One run's CSV, returned in the reply.
        public struct RunCSV: Codable, Sendable, Equatable {
            public var runId: String
            /// The name the file would have in dir.
            public var filename: String
            public var csv: String
            public init(runId: String, filename: String, csv: String) {
                self.runId = runId
                self.filename = filename
                self.csv = csv
            }
        }
        public struct Result: Codable, Sendable {
            /// The files written (with dir or remote; else empty).
            public var files: [String]
            /// The CSVs themselves (without dir).
            public var exports: [RunCSV]?
            public init(files: [String], exports: [RunCSV]? = nil) {
                self.files = files
                self.exports = exports
            }
        }
        public static let example = Params(runIds: ["…"], dir: "/tmp")
    }
}

/// Counts for a dashboard.
public enum Stats {
    public enum Get: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "stats.get", summary: "Count jobs, resumes and runs by kind.", access: .session, readOnly: true)
        public typealias Params = Empty
        public struct Result: Codable, Sendable {
            public var jobs: Int
            public var resumes: Int
            public var runs: [String: Int]
            public var lastActivityAt: String?
            public init(jobs: Int, resumes: Int, runs: [String: Int], lastActivityAt: String?) {
                self.jobs = jobs
                self.resumes = resumes
                self.runs = runs
                self.lastActivityAt = lastActivityAt
            }
        }
        public static let example = Empty()
    }
}
