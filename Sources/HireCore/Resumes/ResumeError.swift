/// Why a resume cannot be had.
public enum ResumeError: Error, Sendable, Equatable {
    /// No resume has this id.
    case notFound(String)
}
