import Foundation

/// One ranked pair of a matching run.
public struct RankedMatch: Codable, Sendable, Equatable {
    public var resumeId: String
    public var jobId: String
    /// 1 for the best of its group (per resume or per job).
    public var rank: Int
    /// 0…100.
    public var score: Double
    public var explanation: MatchExplanation
    /// The candidate's name (the resume's file name when it names nobody), as the vault has it now.
    public var candidate: String?
    /// The job's company and position, as the board has them now.
    public var company: String?
    public var position: String?
    public init(
        resumeId: String, jobId: String, rank: Int, score: Double, explanation: MatchExplanation, candidate: String? = nil,
        company: String? = nil, position: String? = nil
    ) {
        self.resumeId = resumeId
        self.jobId = jobId
        self.rank = rank
        self.score = score
        self.explanation = explanation
        self.candidate = candidate
        self.company = company
        self.position = position
    }
}

/// Which side a matching run ranks: jobs for each resume, or resumes for each job.
public enum MatchPer: String, Codable, Sendable, CaseIterable {
    case resume, job
}
