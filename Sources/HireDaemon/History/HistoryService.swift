import Foundation
import HireCore

/// Browsing, exporting and deleting the history of runs (which the `RunRecorder` writes).
struct HistoryService: Sendable {
    /// Deletes runs: the one writer of the history.
    let runs: RunRecorder

    /// `history.list`: runs newest first, filtered, after the (createdAt, id) of the previous
    /// page's last run.
    func list(
        kind: String?, status: RunStatus?, from: Date?, to: Date?, after: (Double, String)?, limit: Int, vault: some RunStore
    ) async throws -> [Run] {
        try await vault.runs(kind: kind, status: status, from: from, to: to, after: after, limit: limit)
    }

    /// The run with this id.
    func run(_ runId: String, vault: some RunStore) async throws -> Run {
        // As it stands once its method's work after the reply (an import's original) is done.
        await runs.settled(runId)
        guard let run = try await vault.run(id: runId) else { throw RunError.notFound(runId) }
        return run
    }

    /// The runs with these ids, in the order given; an unknown id is an error.
    func runs(_ runIds: [String], vault: some RunStore) async throws -> [Run] {
        var found: [Run] = []
        for id in runIds { found.append(try await run(id, vault: vault)) }
        return found
    }

    /// Deletes the runs with these ids (unknown ids are ignored); returns how many went.
    func delete(_ runIds: [String], vault: some RunStore) async throws -> Int {
        try await runs.delete(ids: runIds, vault: vault)
    }

    /// `stats.get`: how many jobs, resumes and runs (by kind) there are, and when the last run was.
    func stats(vault: some JobStore & ResumeStore & RunStore) async throws -> (jobs: Int, resumes: Int, runs: [String: Int], last: Date?) {
        let counts = try await vault.runCounts()
        return (try await vault.jobCount(), try await vault.resumeCount(), counts.byKind, counts.last)
    }
}
