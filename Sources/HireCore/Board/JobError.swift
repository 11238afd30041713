/// Why a job cannot be read or written.
public enum JobError: Error, Sendable, Equatable {
    /// No job has this id.
    case notFound(String)
    /// A job with this id is on the board already.
    case exists(String)
    /// The job has no description file: none was attached, or it was given as text.
    case noDescriptionFile(String)
    /// The job's company or position changed since its description was attached: it is left
    /// out of matching until the description is confirmed or replaced.
    case descriptionStale(String)
}
