import Foundation

/// The state of a run. A background run is `queued` until a slot frees, then `running`
/// until it ends `completed`, `failed` or `cancelled`.
public enum RunStatus: String, Codable, Sendable, CaseIterable {
    case pending, queued, running, completed, failed, cancelled

    /// True once the run has ended: it will not change again.
    public var hasEnded: Bool { self == .completed || self == .failed || self == .cancelled }
}

/// A recorded processing run (an import, a filter, `jobs.process`, a matching run): what was
/// asked, what came of it, and when. Parameters, summary and results are JSON objects, kept
/// as text: each kind of run writes its own, and history shows them as they are.
public struct Run: Sendable, Equatable {
    public var id: String
    /// The method that made it (`mtb.import`, `match.run`, …).
    public var kind: String
    public var status: RunStatus
    public var createdAt: Date
    public var finishedAt: Date?
    public var parameters: String
    public var summary: String
    public var results: String
    public init(
        id: String, kind: String, status: RunStatus, createdAt: Date, finishedAt: Date?, parameters: String, summary: String,
        results: String
    ) {
        self.id = id
        self.kind = kind
        self.status = status
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.parameters = parameters
        self.summary = summary
        self.results = results
    }
}

/// Why a run cannot be had.
public enum RunError: Error, Sendable, Equatable {
    /// No run has this id.
    case notFound(String)
    /// The run is not a match run (or there is none with this id).
    case notAMatchRun(String)
    /// The run (of this kind) kept no file: only imports keep the file they read.
    case noOriginal(String, kind: String)
}
