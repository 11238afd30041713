import HireCore

/// An application as the wire shows it. A candidate's history carries no notes.
public struct ApplicationView: Codable, Sendable, Equatable, SchemaDocumented {
    /// The posting's title and company as they were when the application was sent.
    public struct PostingSummary: Codable, Sendable, Equatable {
        public var title: String
        public var company: String
        public init(title: String, company: String) {
            self.title = title
            self.company = company
        }
    }

    public var id: String
    public var postingId: String
    public var posting: PostingSummary
    public var candidate: MemberView
    public var resumeId: String
    public var status: ApplicationStatus
    public var submittedAt: String
    public var updatedAt: String
    public var score: Double?
    public var explanation: MatchExplanation?
    public var history: [StatusChange]
    /// The candidate's profile as read from the resume sent (the owner's lists and gets).
    public var profile: ResumeProfile?
    /// `applications.get`: the resume as it was sent.
    public var resume: ResumeView?
    /// `applications.get`: the cover letter, if any.
    public var coverLetter: String?
    /// `applications.get`: its interviews, oldest first.
    public var interviews: [InterviewView]?

    public init(
        id: String, postingId: String, posting: PostingSummary, candidate: MemberView, resumeId: String, status: ApplicationStatus,
        submittedAt: String, updatedAt: String, score: Double?, explanation: MatchExplanation?, history: [StatusChange],
        profile: ResumeProfile? = nil, resume: ResumeView? = nil, coverLetter: String? = nil
    ) {
        self.id = id
        self.postingId = postingId
        self.posting = posting
        self.candidate = candidate
        self.resumeId = resumeId
        self.status = status
        self.submittedAt = submittedAt
        self.updatedAt = updatedAt
        self.score = score
        self.explanation = explanation
        self.history = history
        self.profile = profile
        self.resume = resume
        self.coverLetter = coverLetter
    }

    public static let fieldDocs = [
        "status": "submitted, screening, interviewing, offered, hired, rejected or withdrawn.",
        "score": "How well the resume matches the posting, 0–100, relative to the posting's other applicants as match.run scores are (100: the best of them, however good; explanation.skillCoverage and the checks say how good). The owner's view, once delivered.",
        "history": "Every status change: {at, from, to, by, note?}; notes are the owner's only.",
    ]
}

/// How `applications.list` sorts.
public struct ApplicationSort: Codable, Sendable, Equatable, SchemaDocumented {
    public var by: ApplicationOrder
    public var order: JobSort.Direction?
    public init(by: ApplicationOrder, order: JobSort.Direction? = nil) {
        self.by = by
        self.order = order
    }
    public static let fieldDocs = ["by": "score (default) or submittedAt.", "order": "desc (default) or asc."]
}

/// A page of applications.
public struct ApplicationPage: Codable, Sendable {
    public var applications: [ApplicationView]
    public var nextCursor: String?
    /// `applications.list`: how many of the applications asked for (all statuses) are in each
    /// status: the pipeline at a glance.
    public var pipeline: [String: Int]?
    public init(applications: [ApplicationView], nextCursor: String?, pipeline: [String: Int]? = nil) {
        self.applications = applications
        self.nextCursor = nextCursor
        self.pipeline = pipeline
    }
}

/// Applications: a candidate's resume sent to a posting, sealed to its recruiter, and the
/// pipeline it moves through.
public enum Applications {
    public enum Submit: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "applications.submit", summary: "Apply to an open posting with one of your resumes.",
            details: "The application is sealed to the posting's recruiter (for an org's posting, to the org, whose every member reads it) and delivered when their vault next opens; you keep a copy. One application per posting.",
            access: .role(.candidate), readOnly: false,
            errors: [.postingNotFound, .postingClosed, .alreadyApplied, .resumeNotFound, .recipientHasNoKey], positionals: ["postingId"],
            flagAliases: [FlagAlias("resume", param: "resumeId"), FlagAlias("cover-letter", param: "coverLetterPath")],
            shortcut: "apply")
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var postingId: String
            public var resumeId: String
            public var coverLetter: String?
            public var coverLetterPath: String?
            public init(postingId: String, resumeId: String, coverLetter: String? = nil, coverLetterPath: String? = nil) {
                self.postingId = postingId
                self.resumeId = resumeId
                self.coverLetter = coverLetter
                self.coverLetterPath = coverLetterPath
            }
            public static let fieldDocs = [
                "postingId": "The posting to apply to.", "resumeId": "One of your resumes.", "coverLetter": "A cover letter, as text.",
                "coverLetterPath": "A cover letter file the daemon can read (text, Markdown, DOCX or PDF; absolute path).",
            ]
        }
        public typealias Result = ApplicationView
        public static let example = Params(postingId: "P-3f2a9c", resumeId: "R-1b2c3d", coverLetter: "I would love to…")
    }

    public enum Mine: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "applications.mine", summary: "List your applications, newest first, with their status history.",
            access: .role(.candidate), readOnly: true, errors: [.badCursor])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var status: ApplicationStatus?
            public var limit: Int?
            public var cursor: String?
            public init(status: ApplicationStatus? = nil, limit: Int? = nil, cursor: String? = nil) {
                self.status = status
                self.limit = limit
                self.cursor = cursor
            }
            public static let fieldDocs = [
                "status": "Only applications in this status.", "limit": "Page size (default 50, max 1000).",
                "cursor": "nextCursor of the previous page.",
            ]
        }
        public typealias Result = ApplicationPage
        public static let example = Params(status: .submitted)
    }

    public enum Withdraw: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "applications.withdraw", summary: "Withdraw one of your applications.", access: .role(.candidate), readOnly: false,
            errors: [.applicationNotFound, .invalidTransition], positionals: ["applicationId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var applicationId: String
            public init(applicationId: String) { self.applicationId = applicationId }
            public static let fieldDocs = ["applicationId": "The application's id."]
        }
        public typealias Result = ApplicationView
        public static let example = Params(applicationId: "A-7d1e")
    }

    public enum List: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "applications.list", summary: "List applications to your postings, best match first, with profiles and explanations.",
            details: "With the postingId of an org's posting, the org's applications to it, as your copy of the org holds them (any member of the org).",
            access: .role(.recruiter), readOnly: true, errors: [.badCursor, .postingForbidden], positionals: ["postingId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var postingId: String?
            public var status: ApplicationStatus?
            public var sort: ApplicationSort?
            public var limit: Int?
            public var cursor: String?
            public init(
                postingId: String? = nil, status: ApplicationStatus? = nil, sort: ApplicationSort? = nil, limit: Int? = nil,
                cursor: String? = nil
            ) {
                self.postingId = postingId
                self.status = status
                self.sort = sort
                self.limit = limit
                self.cursor = cursor
            }
            public static let fieldDocs = [
                "postingId": "One of your postings, or of an org you are a member of (all of your own when left out).", "status": "Only applications in this status.",
                "sort": "{by: score|submittedAt, order}.", "limit": "Page size (default 50, max 1000).",
                "cursor": "nextCursor of the previous page.",
            ]
        }
        public typealias Result = ApplicationPage
        public static let example = Params(postingId: "P-3f2a9c", sort: ApplicationSort(by: .score))
    }

    public enum Get: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "applications.get", summary: "Fetch one application with its resume and cover letter.", access: .session,
            readOnly: true, errors: [.applicationNotFound], positionals: ["applicationId"])
        public typealias Params = Withdraw.Params
        public typealias Result = ApplicationView
        public static let example = Params(applicationId: "A-7d1e")
    }

    public enum SetStatus: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "applications.setStatus", summary: "Move applications to your postings along the pipeline, with a note.",
            details: "submitted → screening → interviewing → offered → hired (stages may be skipped, never gone back to), or rejected / withdrawn from any open status. All or none: one invalid move refuses the call. The candidate is told the new status, never the note.",
            access: .role(.recruiter), readOnly: false, errors: [.applicationNotFound, .invalidTransition], positionals: ["applicationIds"],
            verbAliases: ["status"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var applicationIds: [String]
            public var status: ApplicationStatus
            public var note: String?
            public init(applicationIds: [String], status: ApplicationStatus, note: String? = nil) {
                self.applicationIds = applicationIds
                self.status = status
                self.note = note
            }
            public static let fieldDocs = [
                "applicationIds": "Applications to your postings, or to postings of an org you are an admin or recruiter of.", "status": "The new status.",
                "note": "Why (kept in the history; shown to you, and for an org's application to its members; never to the candidate).",
            ]
        }
        public struct Result: Codable, Sendable {
            public var updated: Int
            public init(updated: Int) { self.updated = updated }
        }
        public static let example = Params(applicationIds: ["A-7d1e"], status: .screening, note: "Strong Swift background")
    }

    public enum Export: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "applications.export", summary: "Export the applications to your posting as CSV.", access: .role(.recruiter),
            readOnly: true, errors: [.postingNotFound, .postingForbidden], positionals: ["postingId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var postingId: String
            public var path: String?
            public var remote: String?
            public var overwrite: Bool?
            public init(postingId: String, path: String? = nil, remote: String? = nil, overwrite: Bool? = nil) {
                self.postingId = postingId
                self.path = path
                self.remote = remote
                self.overwrite = overwrite
            }
            public static let fieldDocs = [
                "postingId": "One of your postings, or of an org you are a member of.", "path": "Write the CSV here (absolute path); else it is returned.",
                "remote": "Write the CSV to NAME:path on an rclone remote instead (the rclone configuration of the daemon's user).",
                "overwrite": "Replace an existing file at path (or remote).",
            ]
        }
        public typealias Result = Jobs.Export.Result
        public static let example = Params(postingId: "P-3f2a9c", path: "/home/dana/applications.csv")
    }
}
