/// Why a job cannot be read or written.
public enum JobError: Error, Sendable, Equatable {
    /// No job has this id.
    case notFound(String)
    /// A job with this id is on the board already.
    case exists(String)
}
