import HireCore

/// A resume as the wire shows it: the profile the engines read from it, and where it came from.
public struct ResumeView: Codable, Sendable, Equatable {
    public var id: String
    public var name: String?
    public var filename: String?
    public var skills: [String]
    public var titles: [String]
    public var yearsExperience: Double?
    public var education: String?
    public var location: String?
    public var email: String?
    public var phone: String?
    public var createdAt: String
    /// `docx`, `pdf`, `text` or `markdown`.
    public var format: String?
    /// The whole profile, with what the flat fields above leave out.
    public var profile: ResumeProfile?
    /// The extracted text, with `includeText`.
    public var text: String?
    /// In `resumes.add` with `allowDuplicates`: the earlier resume of the same file or person.
    public var duplicateOf: String?
    /// Why it is one: `sameFile`, `email`, `phone` or `name`.
    public var duplicateReason: String?

    public init(id: String, filename: String?, format: String?, profile: ResumeProfile, createdAt: String, text: String? = nil) {
        self.id = id
        self.name = profile.name
        self.filename = filename
        self.skills = profile.skills
        self.titles = profile.titles
        self.yearsExperience = profile.yearsExperience
        self.education = profile.education
        self.location = profile.location
        self.email = profile.email
        self.phone = profile.phone
        self.createdAt = createdAt
        self.format = format
        self.profile = profile
        self.text = text
    }
}

/// A file that could not be added, and why.
public struct FileError: Codable, Sendable, Equatable {
    public var path: String?
    public var filename: String?
    public var code: Int
    public var message: String
    /// With code `duplicateResume`: the resume in the vault of the same file or person.
    public var duplicateOf: String?
    /// Why it is one: `sameFile`, `email`, `phone` or `name`.
    public var duplicateReason: String?
    public init(
        path: String?, filename: String?, code: RPCErrorCode, message: String, duplicateOf: String? = nil, duplicateReason: String? = nil
    ) {
        self.path = path
        self.filename = filename
        self.code = code.rawValue
        self.message = message
        self.duplicateOf = duplicateOf
        self.duplicateReason = duplicateReason
    }
}

/// Resumes: documents turned into text and profiles, kept encrypted in the vault.
public enum Resumes {
    public enum Add: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "resumes.add", summary: "Add resumes from DOCX, PDF, text or Markdown files, or from text.",
            details: "Each file is read to text, profiled (skills, titles, years, education, contacts) and kept with its original as an encrypted blob. A file with no extractable text is reported in errors and not stored; the others go in. A resume of the same file or person as one in the vault (same bytes; or the same email; or the same phone; or the same full name when no email or phone tells them apart) is a duplicate: not stored, reported in errors with code duplicateResume and duplicateOf, unless allowDuplicates, when it is stored and carries duplicateOf.",
            access: .session, readOnly: false, errors: [.unreadableDocument, .noText, .unsupportedFormat, .duplicateResume],
            reportsProgress: true, positionals: ["paths"])
        public struct Params: Codable, Sendable, SchemaDocumented, BackgroundParams {
            public var path: String?
            public var paths: [String]?
            public var remote: String?
            public var text: String?
            public var filename: String?
            public var name: String?
            public var allowDuplicates: Bool?
            public var provider: String?
            public var background: Bool?
            public init(
                path: String? = nil, paths: [String]? = nil, text: String? = nil, filename: String? = nil, name: String? = nil,
                allowDuplicates: Bool? = nil, provider: String? = nil, background: Bool? = nil
            ) {
                self.path = path
                self.paths = paths
                self.text = text
                self.filename = filename
                self.name = name
                self.allowDuplicates = allowDuplicates
                self.provider = provider
                self.background = background
            }
            public static let fieldDocs = [
                "path": "One file the daemon can read (absolute path).", "paths": "Several files (absolute paths).",
                "remote": "A file, or a folder of files, on an rclone remote: NAME:path (the rclone configuration of the daemon's user).",
                "text": "The resume as text (instead of a file).", "filename": "A name for text (its extension picks the format).",
                "name": "The candidate's name, when the document does not show it.",
                "allowDuplicates": "Store a resume even when it is the same file or person as one in the vault (it still carries duplicateOf).",
                "provider": "The engine that reads the resumes: builtin (default) or one of providers.list; its run (runId) records usage and fallbacks.",
                "background": "Answer {runId} at once and go on as a background run, after the connection closes too (see runs.get, runs.wait).",
            ]
        }
        public struct Result: Codable, Sendable {
            public var resumes: [ResumeView]
            public var errors: [FileError]
            /// With a provider: the run that records its usage and the resumes that fell back.
            public var runId: String?
            public init(resumes: [ResumeView], errors: [FileError], runId: String? = nil) {
                self.resumes = resumes
                self.errors = errors
                self.runId = runId
            }
        }
        public static let example = Params(paths: ["/home/dana/resumes/ana-lopez.pdf"])
    }

    public enum List: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "resumes.list", summary: "List resumes, newest first, optionally searched.", access: .session, readOnly: true,
            errors: [.badCursor])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var query: String?
            public var limit: Int?
            public var cursor: String?
            public init(query: String? = nil, limit: Int? = nil, cursor: String? = nil) {
                self.query = query
                self.limit = limit
                self.cursor = cursor
            }
            public static let fieldDocs = [
                "query": "Words that must all appear in the resume (its text, name, skills or titles).",
                "limit": "Page size (default 50, max 1000).", "cursor": "nextCursor of the previous page.",
            ]
        }
        public struct Result: Codable, Sendable {
            public var resumes: [ResumeView]
            public var nextCursor: String?
            public init(resumes: [ResumeView], nextCursor: String?) {
                self.resumes = resumes
                self.nextCursor = nextCursor
            }
        }
        public static let example = Params(query: "kubernetes")
    }

    public enum Get: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "resumes.get", summary: "Fetch one resume and its profile.", access: .session, readOnly: true,
            errors: [.resumeNotFound], positionals: ["resumeId"])
        public struct Params: Codable, Sendable {
            public var resumeId: String
            public var includeText: Bool?
            public init(resumeId: String, includeText: Bool? = nil) {
                self.resumeId = resumeId
                self.includeText = includeText
            }
        }
        public typealias Result = ResumeView
        public static let example = Params(resumeId: "R-1a2b3c4d")
    }

    public enum Delete: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "resumes.delete", summary: "Delete resumes and their original files.", access: .session, readOnly: false,
            positionals: ["resumeIds"])
        public struct Params: Codable, Sendable {
            public var resumeIds: [String]
            public init(resumeIds: [String]) { self.resumeIds = resumeIds }
        }
        public struct Result: Codable, Sendable {
            public var deleted: Int
            /// The ids given that name no resume of yours (nothing was deleted for them).
            public var notFound: [String]
            public init(deleted: Int, notFound: [String] = []) {
                self.deleted = deleted
                self.notFound = notFound
            }
        }
        public static let example = Params(resumeIds: ["R-1a2b3c4d"])
    }

    public enum Share: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "resumes.share", summary: "Share one of your resumes with an org, or stop sharing it.",
            details: "Every member of the org can then read it (orgs.resumes), on every machine, end-to-end encrypted; your own copy stays yours. Sharing again updates the shared copy; unshare removes it from the members' copies (what a member already read, they keep).",
            access: .role(.recruiter), readOnly: false, errors: [.resumeNotFound, .orgNotFound, .orgForbidden],
            positionals: ["resumeId", "orgId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var resumeId: String
            public var orgId: String
            public var unshare: Bool?
            public init(resumeId: String, orgId: String, unshare: Bool? = nil) {
                self.resumeId = resumeId
                self.orgId = orgId
                self.unshare = unshare
            }
            public static let fieldDocs = ["unshare": "Stop sharing the resume with the org."]
        }
        public struct Result: Codable, Sendable {
            public var resumeId: String
            public var orgId: String
            /// Whether the org now shares the resume.
            public var shared: Bool
            public init(resumeId: String, orgId: String, shared: Bool) {
                self.resumeId = resumeId
                self.orgId = orgId
                self.shared = shared
            }
        }
        public static let example = Params(resumeId: "R-1a2b3c4d", orgId: "8c1d…")
    }
}

/// One ranked pair of a matching run, as the domain has it.
public typealias MatchEntry = RankedMatch

/// Matching resumes against jobs.
public enum Match {
    /// Rank jobs for each resume, or resumes for each job.
    public typealias Per = MatchPer

    public enum Run: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "match.run", summary: "Rank jobs for resumes (or resumes for jobs), with explanations.",
            details: "The score (0–100) is BM25 text relevance over words and skills (synonyms meet), relative to the best candidate. Equal scores are ordered by their evidence: checks passed (years, location and remote, visa, salary, education), title and skill coverage. `require` leaves out pairs that fail the checks it names. A ranking learned from your match.feedback re-orders the top while it beats this default (see match.model). The same data always gives the same ranking. The result is stored as a run.",
            access: .session, readOnly: false, errors: [.unknownColumn, .resumeNotFound, .jobNotFound, .descriptionStale, .unknownProvider],
            reportsProgress: true,
            flagAliases: [
                FlagAlias("resume", param: "resumeIds"), FlagAlias("job", param: "jobIds", implies: ["per": "job"]),
                FlagAlias("top", param: "topK"),
            ], isDefaultVerb: true)
        public struct Params: Codable, Sendable, SchemaDocumented, BackgroundParams {
            public var resumeIds: [String]?
            public var jobIds: [String]?
            public var filters: Filters?
            public var require: [String]?
            public var topK: Int?
            public var per: Per?
            public var provider: String?
            public var background: Bool?
            public init(
                resumeIds: [String]? = nil, jobIds: [String]? = nil, filters: Filters? = nil, require: [String]? = nil, topK: Int? = nil,
                per: Per? = nil, provider: String? = nil, background: Bool? = nil
            ) {
                self.resumeIds = resumeIds
                self.jobIds = jobIds
                self.filters = filters
                self.require = require
                self.topK = topK
                self.per = per
                self.provider = provider
                self.background = background
            }
            public static let fieldDocs = [
                "resumeIds": "Resumes to match (default: all).", "jobIds": "Jobs to match (default: all, or filters).",
                "filters": "Jobs to match, as mtb.filter.",
                "require": "Checks every match must pass: years, location, visa, salary, education. A pair that fails one is left out; one whose data does not tell is kept.",
                "topK": "Matches kept per resume (or per job); default 10, max 1000.",
                "per": "resume (default): best jobs for each resume; job: best resumes for each job.",
                "provider": "builtin (default), or one of providers.list: it re-orders each group's best 10 and adds its rationale to each explanation.",
                "background": "Answer {runId} at once and go on as a background run, after the connection closes too (see runs.get, runs.wait).",
            ]
        }
        public struct Result: Codable, Sendable {
            public var runId: String
            public var matches: [MatchEntry]
            public init(runId: String, matches: [MatchEntry]) {
                self.runId = runId
                self.matches = matches
            }
        }
        public static let example = Params(resumeIds: ["R-1a2b3c4d"], topK: 5)
    }

    public enum Get: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "match.get", summary: "Fetch the results of a matching run.", access: .session, readOnly: true,
            errors: [.runNotFound], positionals: ["runId"], verbAliases: ["show"])
        public struct Params: Codable, Sendable {
            public var runId: String
            public init(runId: String) { self.runId = runId }
        }
        public typealias Result = Run.Result
        public static let example = Params(runId: "run-01J9Z")
    }

    public enum Export: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "match.export", summary: "Export a matching run as CSV, one row per match.", access: .session, readOnly: true,
            errors: [.runNotFound], positionals: ["runId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var runId: String
            public var path: String?
            public var remote: String?
            public var overwrite: Bool?
            public init(runId: String, path: String? = nil, remote: String? = nil, overwrite: Bool? = nil) {
                self.runId = runId
                self.path = path
                self.remote = remote
                self.overwrite = overwrite
            }
            public static let fieldDocs = [
                "path": "Write the CSV to this new file (else it is returned as csv); not inside the daemon's data dir.",
                "remote": "Write the CSV to NAME:path on an rclone remote instead (the rclone configuration of the daemon's user).",
                "overwrite": "Replace the file at path (or remote) if it exists (default: refuse).",
            ]
        }
        public typealias Result = Jobs.Export.Result
        public static let example = Params(runId: "run-01J9Z")
    }
}
