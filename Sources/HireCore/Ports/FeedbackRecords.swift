import Foundation

/// One label of a user's feedback, as stored: the pair, the run it was judged in, and the
/// pair's features as they were in that run (so learning never depends on later data).
public struct StoredFeedback: Sendable, Equatable {
    public var resumeId: String
    public var jobId: String
    /// The match run the pair was judged in.
    public var runId: String
    /// The query the pair was ranked for: `resume:<id>` (jobs ranked for a resume) or
    /// `job:<id>` (resumes ranked for a job). Only labels of one query are compared.
    public var query: String
    /// 0 (a bad fit) … 3.
    public var grade: Int
    /// The pair's features (JSON object: feature name → number).
    public var features: String
    public var labelledAt: Date
    public init(resumeId: String, jobId: String, runId: String, query: String, grade: Int, features: String, labelledAt: Date) {
        self.resumeId = resumeId
        self.jobId = jobId
        self.runId = runId
        self.query = query
        self.grade = grade
        self.features = features
        self.labelledAt = labelledAt
    }
}

/// Where a user's feedback stands: how many labels, and a number that grows with every label
/// given (a re-label included), so a model can tell whether it was fitted on the labels as
/// they are now.
public struct FeedbackState: Sendable, Equatable, Codable {
    public var labels: Int
    /// The latest label's sequence number (0: none yet); never reused.
    public var version: Int64
    public init(labels: Int, version: Int64) {
        self.labels = labels
        self.version = version
    }
}
