import Foundation
import HireCore
import HireRPC
import Synchronization

/// Owns the history: the one writer of runs. Services that do long work (imports, undos,
/// profiling, matching) record their runs here once they end, dated by its clock; history
/// methods delete through it.
struct RunRecorder: Sendable {
    /// Where runs read their start and end times.
    let clock: any Clock

    /// Work that finishes a run's record after its method replied (an import's original,
    /// archived once the rows are in), by run id, so that readers of that run wait for it.
    private let finishing = Finishing()

    init(clock: any Clock = SystemClock()) { self.clock = clock }

    /// Runs `work` for run `id` after the caller returns; ``settled(_:)`` waits for it.
    func finishLater(_ id: String, _ work: @escaping @Sendable () async -> Void) {
        finishing.start(id, work)
    }

    /// Returns once no work started by ``finishLater(_:_:)`` for run `id` is left.
    func settled(_ id: String) async {
        await finishing.task(id)?.value
    }

    /// Records a finished run; returns its id (`id`, or a new one).
    @discardableResult
    func record(
        id: String = UUID().uuidString.lowercased(), kind: String, status: RunStatus, vault: some RunStore, started: Date,
        parameters: [String: JSONValue], summary: [String: JSONValue], results: [String: JSONValue]
    ) async throws -> String {
        try await record(
            id: id, kind: kind, status: status, vault: vault, started: started, parameters: parameters, summary: summary,
            resultsJSON: JSONValue.object(results).jsonString)
    }

    /// Records a finished run whose results are JSON text already (a large result, encoded once).
    @discardableResult
    func record(
        id: String = UUID().uuidString.lowercased(), kind: String, status: RunStatus, vault: some RunStore, started: Date,
        parameters: [String: JSONValue], summary: [String: JSONValue], resultsJSON: String
    ) async throws -> String {
        try await vault.insertRun(
            Run(
                id: id, kind: kind, status: status, createdAt: started, finishedAt: clock.now,
                parameters: JSONValue.object(parameters).jsonString, summary: JSONValue.object(summary).jsonString,
                results: resultsJSON))
        return id
    }

    /// Records a background run that has not ended: `queued` when it is accepted, `running` when
    /// it starts (its end is recorded over it, under the same id).
    func record(id: String, kind: String, unfinished status: RunStatus, created: Date, vault: some RunStore) async throws {
        try await vault.insertRun(
            Run(id: id, kind: kind, status: status, createdAt: created, finishedAt: nil, parameters: "{}", summary: "{}", results: "{}"))
    }

    /// Why a run that was queued or running when the daemon stopped has failed.
    static let interrupted = "the daemon stopped before the run ended"

    /// The runs a vault holds as `queued` or `running`.
    func unfinished(vault: some RunStore) async throws -> [Run] {
        var unfinished: [Run] = []
        for status in [RunStatus.queued, .running] {
            unfinished += try await vault.runs(kind: nil, status: status, from: nil, to: nil, after: nil, limit: Int.max)
        }
        return unfinished
    }

    /// Records an unfinished run as `failed` because the daemon that ran it stopped (`interrupted`).
    func failInterrupted(_ run: Run, vault: some RunStore) async throws {
        try await record(
            id: run.id, kind: run.kind, status: .failed, vault: vault, started: run.createdAt, parameters: [:],
            summary: ["reason": .string(Self.interrupted)], results: [:])
    }

    /// Deletes the runs with these ids (unknown ids are ignored); returns how many went.
    func delete(ids: [String], vault: some RunStore) async throws -> Int {
        try await vault.deleteRuns(ids: ids)
    }
}

/// The runs whose records are still being finished: each run's work in the order it was
/// started, the last of it kept until it ends.
private final class Finishing: Sendable {
    private let tasks = Mutex<[String: (number: Int, task: Task<Void, Never>)]>([:])

    func start(_ id: String, _ work: @escaping @Sendable () async -> Void) {
        tasks.withLock { tasks in
            let before = tasks[id]
            let number = (before?.number ?? 0) + 1
            let task = Task {
                await before?.task.value
                await work()
                self.tasks.withLock { tasks in if tasks[id]?.number == number { tasks[id] = nil } }
            }
            tasks[id] = (number, task)
        }
    }

    func task(_ id: String) -> Task<Void, Never>? { tasks.withLock { $0[id]?.task } }
}
