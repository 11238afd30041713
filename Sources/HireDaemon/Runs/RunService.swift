import Foundation
import HireCore
import HireRPC

/// `runs.get`, `runs.wait` and `runs.cancel`: background runs as they stand, from the history
/// and the queue. (`runs.list` is `history.list`, registered by `HistoryService`.)
struct RunService: Sendable {
    /// Where background runs wait and run.
    let queue: RunQueue

    /// The longest `runs.wait` may wait.
    static let maxWait = Duration.seconds(3600)

    /// The caller's run with how far it has come; `RunError.notFound` if their vault has no
    /// such run.
    func get(_ runId: String, userId: String, vault: some UserStore) async throws -> RunProgressView {
        guard let run = try await vault.run(id: runId) else { throw RunError.notFound(runId) }
        let state = await queue.state(of: runId, userId: userId)
        return RunProgressView(
            try await HistoryService.fullView(run, vault: vault), progress: state.progress, queuePosition: state.queuePosition)
    }

    /// The caller's run once it has ended, or as it stands after `timeout`.
    func wait(_ runId: String, timeout: Duration, userId: String, vault: some UserStore) async throws -> RunProgressView {
        guard try await vault.run(id: runId) != nil else { throw RunError.notFound(runId) }
        await queue.wait(for: runId, userId: userId, timeout: timeout)
        try Task.checkCancellation()
        return try await get(runId, userId: userId, vault: vault)
    }

    /// Cancels the caller's run and shows it once it has stopped.
    func cancel(_ runId: String, userId: String, vault: some UserStore) async throws -> RunProgressView {
        guard try await vault.run(id: runId) != nil else { throw RunError.notFound(runId) }
        await queue.cancel(runId, userId: userId)
        return try await get(runId, userId: userId, vault: vault)
    }
}
