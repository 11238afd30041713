import Foundation

/// A job's values as a create or an update gives them: the id, the columns given (an update
/// leaves the others as they are), and a description when one is given.
public struct JobChanges: Sendable, Equatable {
    public var jobId: String
    /// The columns given, JobID excluded.
    public var values: [BoardColumn: String]
    public var description: String?

    public init(jobId: String, values: [BoardColumn: String], description: String?) {
        self.jobId = jobId
        self.values = values
        self.description = description
    }
}

/// Where a document (a job's description, a resume) comes from.
public enum DocumentSource: Sendable, Equatable {
    /// A file the caller named (opened for them, as they may read it).
    case file(path: String)
    /// Text given in the request, with the name it goes by.
    case text(String, filename: String?)
}
