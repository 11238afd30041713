import Foundation

/// Where a posted job is done.
public enum RemotePolicy: String, Codable, Sendable, CaseIterable {
    case onsite, hybrid, remote
}

/// A job ad a recruiter published for every local user to see (CRYPTO.md §4: public, so kept
/// in `system.db` under the machine key). Its profile is the builtin engine's reading of it,
/// which `postings.match` and the scoring of applications use.
public struct Posting: Sendable, Equatable {
    public var id: String
    /// The board job it was published from, if any (on the recruiter's own board).
    public var jobId: String?
    public var recruiterId: String
    public var title: String
    public var company: String
    public var location: String
    public var remote: RemotePolicy?
    public var employmentType: String?
    /// The pay as written; `profile.salary` is what was read from it.
    public var salary: String
    public var description: String
    public var profile: JobProfile
    public var postedAt: Date
    public var updatedAt: Date
    /// When it closes by itself, if ever.
    public var closesAt: Date?
    /// When its owner closed it.
    public var closedAt: Date?
    /// The org that publishes it, if one does: its applications are sealed to ``orgSealKey``,
    /// go to the org's inbox, and are read and moved by every editor of the org
    /// (docs/orgs.md, "Postings and applications").
    public var orgId: String?
    /// The org's X25519 public key for the epoch the posting was published or last updated in.
    public var orgSealKey: Data?

    public init(
        id: String, jobId: String?, recruiterId: String, title: String, company: String, location: String, remote: RemotePolicy?,
        employmentType: String?, salary: String, description: String, profile: JobProfile, postedAt: Date, updatedAt: Date,
        closesAt: Date?, closedAt: Date?
    ) {
        self.id = id
        self.jobId = jobId
        self.recruiterId = recruiterId
        self.title = title
        self.company = company
        self.location = location
        self.remote = remote
        self.employmentType = employmentType
        self.salary = salary
        self.description = description
        self.profile = profile
        self.postedAt = postedAt
        self.updatedAt = updatedAt
        self.closesAt = closesAt
        self.closedAt = closedAt
    }

    /// The value postings are sorted and filtered by pay with (every exchange stores it): the
    /// salary range's top, else its bottom.
    public var salaryValue: Double? { profile.salary.flatMap { $0.max ?? $0.min } }

    /// Open at `now`: not closed by its owner and not past `closesAt`.
    public func isOpen(at now: Date) -> Bool { closedAt == nil && (closesAt.map { $0 > now } ?? true) }

    /// The posting as a board job, so that the engines that read jobs (the profiler, the
    /// matcher's text) read a posting the same way.
    public var asJob: Job {
        var job = Job(jobId: id)
        job.position = title
        job.company = company
        job.city = location
        job.salary = salary
        job.description = description
        return job
    }
}

/// What `postings.list` asks for: a full-text query and exact filters, over open postings
/// unless `includeClosed`.
public struct PostingQuery: Sendable, Equatable {
    /// Words that must all appear (title, company, location or description), any case.
    public var words: [String] = []
    public var employmentType: String?
    public var remote: RemotePolicy?
    /// A substring of the location, any case.
    public var location: String?
    /// The pay's upper bound (or its lower one when it has none) is at least this.
    public var salaryMin: Double?
    /// The company, any case.
    public var company: String?
    public var recruiterId: String?
    public var includeClosed = false
    public var order = PostingOrder.postedAt
    public var descending = true

    public init() {}
}

/// How `postings.list` sorts (ties by id, so pages are stable).
public enum PostingOrder: String, Sendable, Codable, CaseIterable {
    case postedAt, salary, title
}

/// Why a posting call failed.
public enum PostingError: Error, Equatable {
    case notFound(String)
    /// Only the recruiter who published a posting may change it.
    case notOwner(String)
    case closed(String)
}

/// The fields `postings.publish` sets and `postings.update` changes; nil leaves a field as it
/// is (or, when publishing from a board job, as the job has it).
public struct PostingChanges: Sendable, Equatable {
    public var title: String?
    public var company: String?
    public var location: String?
    public var remote: RemotePolicy?
    public var employmentType: String?
    public var salary: String?
    public var description: String?
    public var closesAt: Date?

    public init(
        title: String? = nil, company: String? = nil, location: String? = nil, remote: RemotePolicy? = nil,
        employmentType: String? = nil, salary: String? = nil, description: String? = nil, closesAt: Date? = nil
    ) {
        self.title = title
        self.company = company
        self.location = location
        self.remote = remote
        self.employmentType = employmentType
        self.salary = salary
        self.description = description
        self.closesAt = closesAt
    }
}
