/// Why a resume cannot be had.
public enum ResumeError: Error, Sendable, Equatable {
    /// No resume has this id.
    case notFound(String)
    /// The resume was stored without its original file.
    case noOriginal(String)
    /// `filename` is the same file or person as a resume in the vault already: not stored.
    case duplicate(filename: String, of: DuplicateResume)
}
