import Foundation

/// Where an interview stands: questions sent (`assigned`), some answered (`in_progress`),
/// answers sent to the recruiter (`submitted`), the recruiter's review recorded (`reviewed`).
public enum InterviewStatus: String, Codable, Sendable, CaseIterable {
    case assigned
    case inProgress = "in_progress"
    case submitted, reviewed

    /// True while the candidate may still answer.
    public var isAnswerable: Bool { self == .assigned || self == .inProgress }
}

/// The recruiter's decision on an interview: `advance` moves the application to the next
/// stage of the pipeline, `reject` rejects it, `hold` leaves it where it is.
public enum ReviewDecision: String, Codable, Sendable, CaseIterable {
    case advance, hold, reject
}

/// The recruiter's review of a submitted interview: never sent to the candidate.
public struct InterviewReview: Codable, Sendable, Equatable {
    public var decision: ReviewDecision
    /// 1–5.
    public var rating: Int?
    public var notes: String?
    /// RFC 3339.
    public var at: String
    public var by: String

    public init(decision: ReviewDecision, rating: Int?, notes: String?, at: String, by: String) {
        self.decision = decision
        self.rating = rating
        self.notes = notes
        self.at = at
        self.by = by
    }
}

/// A file attached to an answer, kept as an encrypted blob of the vault that holds the copy.
public struct InterviewArtifact: Codable, Sendable, Equatable {
    public var id: String
    public var filename: String
    public var size: Int
    /// The blob in this copy's vault.
    public var blobId: String

    public init(id: String, filename: String, size: Int, blobId: String) {
        self.id = id
        self.filename = filename
        self.size = size
        self.blobId = blobId
    }
}

/// A candidate's answer to one question: text, files, or both.
public struct InterviewAnswer: Codable, Sendable, Equatable {
    public var text: String
    public var artifacts: [InterviewArtifact]
    /// RFC 3339: the last change.
    public var answeredAt: String

    public init(text: String, artifacts: [InterviewArtifact], answeredAt: String) {
        self.text = text
        self.artifacts = artifacts
        self.answeredAt = answeredAt
    }
}

/// An interview as a vault keeps it: the recruiter's copy (`owner`, with the rubrics and the
/// review) or the candidate's (`candidate`, whose questions carry no rubric; the rubrics it
/// is graded by travel sealed for the daemon in `grading`, which the candidate's key does
/// not open).
public struct StoredInterview: Codable, Sendable, Equatable {
    public enum Side: String, Codable, Sendable { case owner, candidate }

    public var id: String
    public var side: Side
    public var applicationId: String
    public var postingId: String
    public var postingTitle: String
    public var postingCompany: String
    public var recruiterId: String
    public var candidateId: String
    public var candidateName: String
    public var status: InterviewStatus
    /// In order; a follow-up right after the question it follows.
    public var questions: [InterviewQuestion]
    /// By question id.
    public var answers: [String: InterviewAnswer]
    public var assessment: InterviewAssessment?
    public var review: InterviewReview?
    /// The candidate's copy: the questions with their rubrics, sealed for the daemon.
    public var grading: Data?
    /// The recruiter's copy: the LLM provider that wrote the questions, which grades the
    /// answers too (nil: the builtin engine).
    public var provider: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var submittedAt: Date?

    public init(
        id: String, side: Side, applicationId: String, postingId: String, postingTitle: String, postingCompany: String,
        recruiterId: String, candidateId: String, candidateName: String, status: InterviewStatus, questions: [InterviewQuestion],
        answers: [String: InterviewAnswer] = [:], assessment: InterviewAssessment? = nil, review: InterviewReview? = nil,
        grading: Data? = nil, provider: String? = nil, createdAt: Date, updatedAt: Date, submittedAt: Date? = nil
    ) {
        self.id = id
        self.side = side
        self.applicationId = applicationId
        self.postingId = postingId
        self.postingTitle = postingTitle
        self.postingCompany = postingCompany
        self.recruiterId = recruiterId
        self.candidateId = candidateId
        self.candidateName = candidateName
        self.status = status
        self.questions = questions
        self.answers = answers
        self.assessment = assessment
        self.review = review
        self.grading = grading
        self.provider = provider
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.submittedAt = submittedAt
    }

    /// The answers' text by question id, as the engine assesses them.
    public var answerTexts: [String: String] { answers.mapValues(\.text) }
}

/// Why an interview call failed.
public enum InterviewError: Error, Equatable {
    case notFound(String)
    /// The interview no longer takes answers (submitted or reviewed).
    case notAnswerable(interviewId: String, status: InterviewStatus)
    case questionNotFound(interviewId: String, questionId: String)
    /// Reviews are for submitted interviews, once.
    case notReviewable(interviewId: String, status: InterviewStatus)
    case artifactNotFound(interviewId: String, artifactId: String)
    /// Interviews are for applications still in the pipeline.
    case applicationClosed(applicationId: String, status: ApplicationStatus)
    /// A submission with nothing answered.
    case nothingAnswered(String)
}
