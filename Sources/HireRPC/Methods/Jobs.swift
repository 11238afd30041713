import HireCore

/// How `jobs.list` sorts.
public struct JobSort: Codable, Sendable, Equatable, SchemaDocumented {
    public var by: String
    public var order: Direction?
    public init(by: String, order: Direction? = nil) {
        self.by = by
        self.order = order
    }
    public enum Direction: String, Codable, Sendable, SchemaStringEnum { case asc, desc }
    public static let fieldDocs = [
        "by": "A column key (salary sorts by the yearly amount, $48/hr as $99,840; received by the date it says), salaryMin, receivedDate or updatedAt.",
        "order": "asc (default) or desc.",
    ]
}

/// Jobs: the board's rows with their descriptions.
public enum Jobs {
    public enum List: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "jobs.list", summary: "List jobs, filtered, searched and sorted, a page at a time.",
            access: .role(.recruiter), readOnly: true, errors: [.unknownColumn, .badCursor])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var filters: Filters?
            public var query: String?
            public var sort: JobSort?
            public var limit: Int?
            public var cursor: String?
            public init(filters: Filters? = nil, query: String? = nil, sort: JobSort? = nil, limit: Int? = nil, cursor: String? = nil) {
                self.filters = filters
                self.query = query
                self.sort = sort
                self.limit = limit
                self.cursor = cursor
            }
            public static let fieldDocs = [
                "filters": "Exact-match filters, as mtb.filter.", "query": "Full-text search over every column and the description.",
                "sort": "{by, order}.", "limit": "Page size (default 50, max 1000).", "cursor": "nextCursor of the previous page.",
            ]
        }
        public struct Result: Codable, Sendable {
            public var jobs: [JobView]
            public var total: Int
            public var nextCursor: String?
            public init(jobs: [JobView], total: Int, nextCursor: String?) {
                self.jobs = jobs
                self.total = total
                self.nextCursor = nextCursor
            }
        }
        public static let example = Params(filters: ["state": FilterValues(["TX"])], sort: JobSort(by: "salaryMin", order: .desc))
    }

    public enum Get: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "jobs.get", summary: "Fetch one job with its description and profile.", access: .role(.recruiter),
            readOnly: true, errors: [.jobNotFound], positionals: ["jobId"])
        public struct Params: Codable, Sendable {
            public var jobId: String
            public init(jobId: String) { self.jobId = jobId }
        }
        public typealias Result = JobView
        public static let example = Params(jobId: "J-000123")
    }

    public enum Create: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "jobs.create", summary: "Add a job to the board.", access: .role(.recruiter), readOnly: false,
            errors: [.jobExists], positionals: ["jobId"])
        public typealias Params = JobFields
        public typealias Result = JobView
        public static let example = JobFields(jobId: "J-000124")
    }

    public enum Update: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "jobs.update", summary: "Change some columns of a job.", access: .role(.recruiter), readOnly: false,
            errors: [.jobNotFound], positionals: ["jobId"])
        public typealias Params = JobFields
        public typealias Result = JobView
        public static let example = JobFields(jobId: "J-000123")
    }

    public enum Delete: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "jobs.delete", summary: "Delete jobs.", access: .role(.recruiter), readOnly: false, positionals: ["jobIds"])
        public struct Params: Codable, Sendable {
            public var jobIds: [String]
            public init(jobIds: [String]) { self.jobIds = jobIds }
        }
        public struct Result: Codable, Sendable {
            public var deleted: Int
            /// The ids given that name no job (nothing was deleted for them).
            public var notFound: [String]
            public init(deleted: Int, notFound: [String] = []) {
                self.deleted = deleted
                self.notFound = notFound
            }
        }
        public static let example = Params(jobIds: ["J-000123"])
    }

    public enum Search: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "jobs.search", summary: "Full-text search of jobs, best first, with snippets.", access: .role(.recruiter),
            readOnly: true, errors: [.badQuery], positionals: ["query"])
        public struct Params: Codable, Sendable {
            public var query: String
            public var limit: Int?
            public init(query: String, limit: Int? = nil) {
                self.query = query
                self.limit = limit
            }
        }
        public struct Hit: Codable, Sendable, Equatable {
            public var jobId: String
            public var company: String
            public var position: String
            public var city: String
            public var state: String
            public var score: Double
            public var snippet: String
            public init(jobId: String, company: String, position: String, city: String, state: String, score: Double, snippet: String) {
                self.jobId = jobId
                self.company = company
                self.position = position
                self.city = city
                self.state = state
                self.score = score
                self.snippet = snippet
            }
        }
        public struct Result: Codable, Sendable {
            public var hits: [Hit]
            public init(hits: [Hit]) { self.hits = hits }
        }
        public static let example = Params(query: "kubernetes engineer")
    }

    public enum Export: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "jobs.export", summary: "Export jobs as CSV: the 20 columns in board order, then extra columns.",
            access: .role(.recruiter), readOnly: true, errors: [.unknownColumn])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var path: String?
            public var remote: String?
            public var overwrite: Bool?
            public var filters: Filters?
            public var query: String?
            public init(path: String? = nil, remote: String? = nil, overwrite: Bool? = nil, filters: Filters? = nil, query: String? = nil) {
                self.path = path
                self.remote = remote
                self.overwrite = overwrite
                self.filters = filters
                self.query = query
            }
            public static let fieldDocs = [
                "path": "Write the CSV to this new file (else it is returned as csv); not inside the daemon's data dir.",
                "remote": "Write the CSV to NAME:path on an rclone remote instead (the rclone configuration of the daemon's user).",
                "overwrite": "Replace the file at path (or remote) if it exists (default: refuse).", "filters": "As mtb.filter.",
                "query": "Full-text search.",
            ]
        }
        public struct Result: Codable, Sendable {
            public var rows: Int
            public var path: String?
            public var csv: String?
            public init(rows: Int, path: String?, csv: String?) {
                self.rows = rows
                self.path = path
                self.csv = csv
            }
        }
        public static let example = Params(filters: ["state": FilterValues(["TX"])])
    }

    public enum Import: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "jobs.import", summary: "Import jobs from a CSV in the export format (as mtb.import).",
            access: .role(.recruiter), readOnly: false, errors: [.badCSV, .importRejected, .replaceNeedsConfirmation], reportsProgress: true,
            positionals: ["path"], flagAliases: MTB.ImportParams.flagAliases)
        public typealias Params = MTB.ImportParams
        public typealias Result = ImportResult
        public static let example = MTB.ImportParams(path: "/home/dana/jobs.csv")
    }

    public enum AttachDescription: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "jobs.attachDescription", summary: "Attach a job description (a file or text) and profile it.",
            details: "DOCX, PDF, text and Markdown files are read to text; the original file is kept as an encrypted blob. The job's profile is made at once with the builtin engine.",
            access: .role(.recruiter), readOnly: false, errors: [.jobNotFound, .unreadableDocument, .noText, .unsupportedFormat],
            positionals: ["jobId", "path"], verbAliases: ["describe"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var jobId: String
            public var path: String?
            public var remote: String?
            public var text: String?
            public init(jobId: String, path: String? = nil, remote: String? = nil, text: String? = nil) {
                self.jobId = jobId
                self.path = path
                self.remote = remote
                self.text = text
            }
            public static let fieldDocs = [
                "path": "A DOCX, PDF, text or Markdown file the daemon can read (absolute path).",
                "text": "The description as text (instead of path).",
                "remote": "A file on an rclone remote, NAME:path (instead of path; the rclone configuration of the daemon's user).",
            ]
        }
        public typealias Result = JobView
        public static let example = Params(jobId: "J-000123", path: "/home/dana/jds/J-000123.docx")
    }

    public enum ConfirmDescription: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "jobs.confirmDescription", summary: "Confirm that a job's stale description still describes it.",
            details: "A description becomes stale when an import or jobs.update changes the job's company or position; a stale description is kept but left out of matching. Confirming clears the flag (the profile is made again); attaching a new description clears it too.",
            access: .role(.recruiter), readOnly: false, errors: [.jobNotFound], positionals: ["jobId"])
        public struct Params: Codable, Sendable {
            public var jobId: String
            public init(jobId: String) { self.jobId = jobId }
        }
        public typealias Result = JobView
        public static let example = Params(jobId: "J-000123")
    }

    public enum Process: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "jobs.process", summary: "Turn job descriptions and board rows into structured profiles.",
            details: "Runs as a recorded run with progress. A job that fails is listed in errors and the run goes on. With no jobIds or filters, every job without a profile is processed.",
            access: .role(.recruiter), readOnly: false, errors: [.unknownColumn, .unknownProvider], reportsProgress: true,
            positionals: ["jobIds"])
        public struct Params: Codable, Sendable, SchemaDocumented, BackgroundParams {
            public var jobIds: [String]?
            public var filters: Filters?
            public var provider: String?
            public var background: Bool?
            public init(jobIds: [String]? = nil, filters: Filters? = nil, provider: String? = nil, background: Bool? = nil) {
                self.jobIds = jobIds
                self.filters = filters
                self.provider = provider
                self.background = background
            }
            public static let fieldDocs = [
                "jobIds": "Jobs to process (default: all without a profile).", "filters": "Jobs to process, as mtb.filter.",
                "provider": "builtin (default), or one of providers.list; a job its answer does not serve gets the builtin profile, and the run says why.",
                "background": "Answer {runId} at once and go on as a background run, after the connection closes too (see runs.get, runs.wait).",
            ]
        }
        public struct Failure: Codable, Sendable, Equatable {
            public var jobId: String
            public var message: String
            public init(jobId: String, message: String) {
                self.jobId = jobId
                self.message = message
            }
        }
        public struct Result: Codable, Sendable {
            public var runId: String
            public var processed: Int
            public var failed: Int
            public var errors: [Failure]
            public init(runId: String, processed: Int, failed: Int, errors: [Failure]) {
                self.runId = runId
                self.processed = processed
                self.failed = failed
                self.errors = errors
            }
        }
        public static let example = Params(filters: ["state": FilterValues(["TX"])])
    }
}
