import Foundation

/// Where an application stands in the recruiter's pipeline.
public enum ApplicationStatus: String, Codable, Sendable, CaseIterable {
    case submitted, screening, interviewing, offered, hired, rejected, withdrawn

    /// The pipeline's stages in order; `rejected` and `withdrawn` end it from any open stage.
    static let pipeline: [ApplicationStatus] = [.submitted, .screening, .interviewing, .offered, .hired]

    /// The pipeline's next stage (nil once the application is hired, rejected or withdrawn).
    public var next: ApplicationStatus? {
        guard isOpen, let index = Self.pipeline.firstIndex(of: self), index + 1 < Self.pipeline.count else { return nil }
        return Self.pipeline[index + 1]
    }

    /// True while the application can still move: not hired, rejected or withdrawn.
    public var isOpen: Bool { ![.hired, .rejected, .withdrawn].contains(self) }

    /// True when the pipeline allows going from this status to `next`: forward along the
    /// pipeline (stages may be skipped), or to `rejected` or `withdrawn`, from an open status.
    public func canMove(to next: ApplicationStatus) -> Bool {
        guard isOpen, next != self else { return false }
        if next == .rejected || next == .withdrawn { return true }
        guard let from = Self.pipeline.firstIndex(of: self), let to = Self.pipeline.firstIndex(of: next) else { return false }
        return to > from
    }
}

/// One change of an application's status. `note` is the owner's alone: it never leaves the
/// recruiter's vault.
public struct StatusChange: Codable, Sendable, Equatable {
    /// RFC 3339.
    public var at: String
    /// Nil for the submission itself.
    public var from: ApplicationStatus?
    public var to: ApplicationStatus
    /// The user id of who made the change.
    public var by: String
    public var note: String?

    public init(at: String, from: ApplicationStatus?, to: ApplicationStatus, by: String, note: String? = nil) {
        self.at = at
        self.from = from
        self.to = to
        self.by = by
        self.note = note
    }

    /// The change as the candidate may see it: without the recruiter's note.
    public var withoutNote: StatusChange {
        var change = self
        change.note = nil
        return change
    }
}

/// An application as a vault keeps it: the candidate's copy (`sent`) or the one delivered
/// to the posting's recruiter (`received`), with a snapshot of the resume as it was sent.
public struct StoredApplication: Sendable, Equatable {
    /// Whose copy this is.
    public enum Side: String, Sendable { case sent, received }

    public var id: String
    public var side: Side
    public var postingId: String
    public var postingTitle: String
    public var postingCompany: String
    public var recruiterId: String
    public var candidateId: String
    public var candidateName: String
    public var resumeId: String
    public var resumeFilename: String?
    public var resumeText: String
    /// `ResumeProfile` as JSON.
    public var resumeProfile: String
    /// The resume's terms for matching (`TermVector`, encoded): received copies only.
    public var resumeTerms: [UInt8]
    public var coverLetter: String?
    public var status: ApplicationStatus
    public var submittedAt: Date
    public var updatedAt: Date
    /// The match score against the posting (received copies, once scored).
    public var score: Double?
    /// `MatchExplanation` as JSON (received copies, once scored).
    public var explanation: String?
    public var history: [StatusChange]

    public init(
        id: String, side: Side, postingId: String, postingTitle: String, postingCompany: String, recruiterId: String,
        candidateId: String, candidateName: String, resumeId: String, resumeFilename: String?, resumeText: String,
        resumeProfile: String, resumeTerms: [UInt8] = [], coverLetter: String?, status: ApplicationStatus, submittedAt: Date,
        updatedAt: Date, score: Double? = nil, explanation: String? = nil, history: [StatusChange]
    ) {
        self.id = id
        self.side = side
        self.postingId = postingId
        self.postingTitle = postingTitle
        self.postingCompany = postingCompany
        self.recruiterId = recruiterId
        self.candidateId = candidateId
        self.candidateName = candidateName
        self.resumeId = resumeId
        self.resumeFilename = resumeFilename
        self.resumeText = resumeText
        self.resumeProfile = resumeProfile
        self.resumeTerms = resumeTerms
        self.coverLetter = coverLetter
        self.status = status
        self.submittedAt = submittedAt
        self.updatedAt = updatedAt
        self.score = score
        self.explanation = explanation
        self.history = history
    }
}

/// How `applications.list` and `applications.mine` sort (ties by id).
public enum ApplicationOrder: String, Sendable, Codable, CaseIterable {
    case score, submittedAt
}

/// Why an application call failed.
public enum ApplicationError: Error, Equatable {
    case notFound(String)
    /// One application per candidate per posting: the earlier one is named.
    case alreadyApplied(postingId: String, applicationId: String)
    case invalidTransition(applicationId: String, from: ApplicationStatus, to: ApplicationStatus)
}
