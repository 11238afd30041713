import Foundation

// Store ports: what the domain asks of storage, in domain values. HireStorage's `VaultStore`
// implements them with GRDB; a second store (PostgreSQL) would implement the same.

/// The jobs on a user's board.
public protocol JobStore: Sendable {
    /// How many jobs the board holds.
    func jobCount() async throws -> Int
    /// The ids of the jobs that have no profile yet, in board order.
    func jobIdsWithoutProfile() async throws -> [String]
}

/// A user's resumes.
public protocol ResumeStore: Sendable {
    /// How many resumes the user has.
    func resumeCount() async throws -> Int
}

/// The recorded runs of a user: the history.
public protocol RunStore: Sendable {
    /// Stores a run (finished, as runs are recorded once they end).
    func insertRun(_ run: Run) async throws
    /// The run with this id, or nil.
    func run(id: String) async throws -> Run?
    /// Runs newest first, filtered; `after` is the (createdAt in seconds since 1970, id) of the
    /// last run of the previous page.
    func runs(kind: String?, status: RunStatus?, from: Date?, to: Date?, after: (Double, String)?, limit: Int) async throws -> [Run]
    /// Deletes the runs with these ids (unknown ids are ignored); returns how many went.
    func deleteRuns(ids: [String]) async throws -> Int
    /// How many runs of each kind there are, and when the latest one ended (or began).
    func runCounts() async throws -> (byKind: [String: Int], last: Date?)
}
