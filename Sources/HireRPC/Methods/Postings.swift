import HireCore

/// A user as others see them: id and display name.
public struct MemberView: Codable, Sendable, Equatable {
    public var id: String
    public var displayName: String
    public init(id: String, displayName: String) {
        self.id = id
        self.displayName = displayName
    }
}

/// A posting as the wire shows it.
public struct PostingView: Codable, Sendable, Equatable, SchemaDocumented {
    public var id: String
    public var jobId: String?
    public var recruiter: MemberView
    public var title: String
    public var company: String
    public var location: String
    public var remote: RemotePolicy?
    public var employmentType: String?
    public var salary: String
    public var description: String
    public var profile: JobProfile
    /// `open` or `closed`.
    public var status: String
    public var postedAt: String
    public var closesAt: String?
    public var applicationCount: Int?
    public var orgId: String?

    public init(
        id: String, jobId: String?, recruiter: MemberView, title: String, company: String, location: String, remote: RemotePolicy?,
        employmentType: String?, salary: String, description: String, profile: JobProfile, status: String, postedAt: String,
        closesAt: String?, applicationCount: Int?, orgId: String? = nil
    ) {
        self.id = id
        self.jobId = jobId
        self.recruiter = recruiter
        self.title = title
        self.company = company
        self.location = location
        self.remote = remote
        self.employmentType = employmentType
        self.salary = salary
        self.description = description
        self.profile = profile
        self.status = status
        self.postedAt = postedAt
        self.closesAt = closesAt
        self.applicationCount = applicationCount
        self.orgId = orgId
    }

    public static let fieldDocs = [
        "jobId": "The board job it was published from.", "status": "open or closed (by its owner, or past closesAt).",
        "applicationCount": "Applications received (the owner, or an editor of the org that publishes it).",
        "profile": "The builtin engine's reading of the posting.",
        "orgId": "The org that publishes it: applications are sealed to the org and every admin and recruiter of it reads and moves them.",
    ]
}

/// What `postings.list` filters on; every filter given must hold.
public struct PostingFilters: Codable, Sendable, Equatable, SchemaDocumented {
    public var employmentType: String?
    public var remote: RemotePolicy?
    public var location: String?
    public var salaryMin: Double?
    public var company: String?
    public var recruiterId: String?
    public init(
        employmentType: String? = nil, remote: RemotePolicy? = nil, location: String? = nil, salaryMin: Double? = nil,
        company: String? = nil, recruiterId: String? = nil
    ) {
        self.employmentType = employmentType
        self.remote = remote
        self.location = location
        self.salaryMin = salaryMin
        self.company = company
        self.recruiterId = recruiterId
    }
    public static let fieldDocs = [
        "employmentType": "full-time, part-time, contract, … (any case).", "remote": "onsite, hybrid or remote.",
        "location": "Part of the location, any case.", "salaryMin": "The pay's top (or its bottom when it has none) is at least this.",
        "company": "The company, any case.", "recruiterId": "The publishing recruiter's user id.",
    ]
}

/// How `postings.list` sorts.
public struct PostingSort: Codable, Sendable, Equatable, SchemaDocumented {
    public var by: PostingOrder
    public var order: JobSort.Direction?
    public init(by: PostingOrder, order: JobSort.Direction? = nil) {
        self.by = by
        self.order = order
    }
    public static let fieldDocs = ["by": "postedAt, salary or title.", "order": "desc (default for postedAt and salary) or asc."]
}

/// Postings: job ads recruiters publish and every logged-in user reads.
public enum Postings {
    public enum Publish: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "postings.publish", summary: "Publish a job ad from a board job or from scratch.",
            details: "With jobId, the job's title, company, location, salary and description are copied from your board, and any field given overrides them; without, title and description are required. Every logged-in user can then find it.",
            access: .role(.recruiter), readOnly: false, errors: [.jobNotFound], positionals: ["jobId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var jobId: String?
            public var title: String?
            public var company: String?
            public var location: String?
            public var remote: RemotePolicy?
            public var employmentType: String?
            public var salary: String?
            public var description: String?
            public var closesAt: String?
            public var orgId: String?
            public init(
                jobId: String? = nil, title: String? = nil, company: String? = nil, location: String? = nil, remote: RemotePolicy? = nil,
                employmentType: String? = nil, salary: String? = nil, description: String? = nil, closesAt: String? = nil, orgId: String? = nil
            ) {
                self.orgId = orgId
                self.jobId = jobId
                self.title = title
                self.company = company
                self.location = location
                self.remote = remote
                self.employmentType = employmentType
                self.salary = salary
                self.description = description
                self.closesAt = closesAt
            }
            public static let fieldDocs = [
                "jobId": "A job on your board to copy from.", "title": "The job's title.", "company": "The hiring company.",
                "location": "Where the work is.", "remote": "onsite, hybrid or remote.",
                "employmentType": "full-time, part-time, contract, …", "salary": "The pay, as text (\"$120k-$150k\").",
                "description": "The ad's text.", "closesAt": "When it closes by itself (RFC 3339 or YYYY-MM-DD).",
                "orgId": "Publish for this org (you must be one of its admins or recruiters): every admin and recruiter of the org then reads, moves and closes its applications.",
            ]
        }
        public typealias Result = PostingView
        public static let example = Params(jobId: "J-000123", closesAt: "2027-01-31")
    }

    public enum List: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "postings.list", summary: "List open postings, searched, filtered and sorted, a page at a time.",
            access: .session, readOnly: true, errors: [.badCursor])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var query: String?
            public var filters: PostingFilters?
            public var sort: PostingSort?
            public var includeClosed: Bool?
            public var limit: Int?
            public var cursor: String?
            public init(
                query: String? = nil, filters: PostingFilters? = nil, sort: PostingSort? = nil, includeClosed: Bool? = nil,
                limit: Int? = nil, cursor: String? = nil
            ) {
                self.query = query
                self.filters = filters
                self.sort = sort
                self.includeClosed = includeClosed
                self.limit = limit
                self.cursor = cursor
            }
            public static let fieldDocs = [
                "query": "Words that must all appear in the title, company, location or description.",
                "filters": "{employmentType, remote, location, salaryMin, company, recruiterId}.",
                "sort": "{by: postedAt|salary|title, order}; newest first by default.", "includeClosed": "Closed postings too.",
                "limit": "Page size (default 50, max 1000).", "cursor": "nextCursor of the previous page.",
            ]
        }
        public struct Result: Codable, Sendable {
            public var postings: [PostingView]
            public var nextCursor: String?
            public init(postings: [PostingView], nextCursor: String?) {
                self.postings = postings
                self.nextCursor = nextCursor
            }
        }
        public static let example = Params(query: "swift", filters: PostingFilters(remote: .remote), sort: PostingSort(by: .salary))
    }

    public enum Get: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "postings.get", summary: "Fetch one posting.", access: .session, readOnly: true, errors: [.postingNotFound],
            positionals: ["postingId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var postingId: String
            public init(postingId: String) { self.postingId = postingId }
            public static let fieldDocs = ["postingId": "The posting's id."]
        }
        public typealias Result = PostingView
        public static let example = Params(postingId: "P-3f2a9c")
    }

    public enum Update: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "postings.update", summary: "Change fields of your posting.",
            details: "Only the recruiter who published it may (for an org's posting, any admin or recruiter of the org); its profile is read again from the new fields.",
            access: .role(.recruiter), readOnly: false, errors: [.postingNotFound, .postingForbidden], positionals: ["postingId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var postingId: String
            public var title: String?
            public var company: String?
            public var location: String?
            public var remote: RemotePolicy?
            public var employmentType: String?
            public var salary: String?
            public var description: String?
            public var closesAt: String?
            public init(
                postingId: String, title: String? = nil, company: String? = nil, location: String? = nil, remote: RemotePolicy? = nil,
                employmentType: String? = nil, salary: String? = nil, description: String? = nil, closesAt: String? = nil
            ) {
                self.postingId = postingId
                self.title = title
                self.company = company
                self.location = location
                self.remote = remote
                self.employmentType = employmentType
                self.salary = salary
                self.description = description
                self.closesAt = closesAt
            }
            public static let fieldDocs = Publish.Params.fieldDocs.filter { $0.key != "jobId" && $0.key != "orgId" }
                .merging(["postingId": "The posting's id."]) { $1 }
        }
        public typealias Result = PostingView
        public static let example = Params(postingId: "P-3f2a9c", salary: "$130k-$160k")
    }

    public enum Close: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "postings.close", summary: "Close your posting to new applications.", access: .role(.recruiter), readOnly: false,
            errors: [.postingNotFound, .postingForbidden], positionals: ["postingId"])
        public typealias Params = Get.Params
        public typealias Result = PostingView
        public static let example = Params(postingId: "P-3f2a9c")
    }

    public enum Delete: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "postings.delete", summary: "Delete your posting (applications already received stay in your vault).",
            access: .role(.recruiter), readOnly: false, errors: [.postingNotFound, .postingForbidden], positionals: ["postingId"])
        public typealias Params = Get.Params
        public struct Result: Codable, Sendable {
            public var deleted: Bool
            public init(deleted: Bool) { self.deleted = deleted }
        }
        public static let example = Params(postingId: "P-3f2a9c")
    }

    public enum Match: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "postings.match", summary: "Rank open postings against one of your resumes, with explanations.",
            access: .role(.candidate), readOnly: true, errors: [.resumeNotFound], positionals: ["resumeId"],
            flagAliases: [FlagAlias("top", param: "topK")])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var resumeId: String
            public var topK: Int?
            public init(resumeId: String, topK: Int? = nil) {
                self.resumeId = resumeId
                self.topK = topK
            }
            public static let fieldDocs = ["resumeId": "One of your resumes.", "topK": "How many postings (default 10, max 1000)."]
        }
        public struct Result: Codable, Sendable {
            public var matches: [PostingMatch]
            public init(matches: [PostingMatch]) { self.matches = matches }
        }
        public static let example = Params(resumeId: "R-1b2c3d", topK: 5)
    }
}

/// One posting ranked for a resume.
public struct PostingMatch: Codable, Sendable, Equatable {
    public var postingId: String
    public var rank: Int
    public var score: Double
    public var explanation: MatchExplanation
    /// The posting's title and company, for reading.
    public var title: String?
    public var company: String?
    public init(postingId: String, rank: Int, score: Double, explanation: MatchExplanation, title: String?, company: String?) {
        self.postingId = postingId
        self.rank = rank
        self.score = score
        self.explanation = explanation
        self.title = title
        self.company = company
    }
}
