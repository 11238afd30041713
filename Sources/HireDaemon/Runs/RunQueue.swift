import Foundation
import HireCore
import HireRPC
import Logging
import ServiceLifecycle
import Synchronization

/// Background runs (`mtb.import`, `jobs.process`, `match.run`, `resumes.add` called with
/// `background: true`): at most `limit` run at once in the daemon, the others wait in the order
/// they came (`queued`). A run holds its user's vault open from the moment it is accepted until
/// it ends, and goes on after the connection that asked for it closes. Its end is recorded in
/// the history (by the work itself, or here when the work records no run) and told to the user
/// as a `run.completed` or `run.failed` event.
///
/// At shutdown (the queue is the first service to stop) queued runs are failed and running ones
/// cancelled and failed, with `RunRecorder.interrupted` as the reason; a daemon killed outright
/// leaves them for `failInterrupted`, when the vault next opens.
package actor RunQueue: Service {
    /// A run accepted and not ended.
    private struct Entry: Sendable {
        let runId: String
        let kind: String
        let userId: String
        let created: Date
        let hold: VaultHold
        /// The request's context as the work goes on with it: the held vault, progress to `progress`.
        let context: RequestContext
        let work: @Sendable (RequestContext) async throws -> JSONValue
        var task: Task<Void, Never>?
    }

    /// Someone waiting for a run to end (`runs.wait`, `runs.cancel`), and the timer that gives up.
    private struct Waiter {
        let continuation: CheckedContinuation<Void, Never>
        let timer: Task<Void, Never>?
    }

    private let limit: Int
    private let recorder: RunRecorder
    private let events: EventHub
    private let logger: Logger
    private var queued: [Entry] = []
    private var running: [String: Entry] = [:]
    private var waiters: [String: [UUID: Waiter]] = [:]
    /// Runs being recorded as `queued`, not yet in the queue.
    private var accepting: Set<String> = []
    private var stopping = false
    private let progress = RunProgress()

    init(limit: Int, recorder: RunRecorder, events: EventHub, logger: Logger) {
        self.limit = max(1, limit)
        self.recorder = recorder
        self.events = events
        self.logger = logger
    }

    /// Accepts a run of `kind` for the caller: holds their vault, records the run `queued`, and
    /// starts `work` when a slot is free. Returns the run's id.
    func start(kind: String, context: RequestContext, work: @escaping @Sendable (RequestContext) async throws -> JSONValue)
        async throws -> String
    {
        guard !stopping else { throw RPCError(.shuttingDown) }
        let userId = try context.userId()
        let hold = try context.holdVault()
        let runId = UUID().uuidString.lowercased()
        let created = recorder.clock.now
        accepting.insert(runId)
        defer { accepting.remove(runId) }
        do {
            try await recorder.record(id: runId, kind: kind, unfinished: .queued, created: created, vault: hold.store)
        } catch {
            hold.release()
            throw error
        }
        let progress = self.progress
        // The caller who sent a progress token also hears `$/progress` on its connection while it
        // stays open (a web page following the run it started); `runs.get` shows it to anyone.
        let caller = context.progress
        let entry = Entry(
            runId: runId, kind: kind, userId: userId, created: created, hold: hold,
            context: context.backgrounded(
                hold: hold, runId: runId,
                progress: ProgressReporter { update in
                    progress.set(update, for: runId)
                    caller.report(update)
                }),
            work: work)
        // Shutdown began while the run was being recorded: it ends as the others did.
        guard !stopping else {
            await end(entry, .failure(CancellationError()), cancelled: true)
            throw RPCError(.shuttingDown)
        }
        queued.append(entry)
        startWaiting()
        return runId
    }

    /// Starts queued runs, oldest first, while slots are free.
    private func startWaiting() {
        while running.count < limit, !stopping, !queued.isEmpty {
            var entry = queued.removeFirst()
            let started = entry
            entry.task = Task { await self.execute(started) }
            running[entry.runId] = entry
        }
    }

    /// Runs the work, then records how it ended.
    private nonisolated func execute(_ entry: Entry) async {
        let outcome: Result<JSONValue, any Error>
        do {
            try await recorder.record(
                id: entry.runId, kind: entry.kind, unfinished: .running, created: entry.created, vault: entry.hold.store)
            outcome = .success(try await entry.work(entry.context))
        } catch {
            outcome = .failure(error)
        }
        // The end is recorded outside the run's task: the store refuses work to a cancelled task.
        let cancelled = Task.isCancelled
        await Task { await self.end(entry, outcome, cancelled: cancelled) }.value
    }

    /// Records the end of a run (unless its work recorded it), tells its user, lets its vault go
    /// and wakes whoever waits for it; then the next queued run starts.
    private func end(_ entry: Entry, _ outcome: Result<JSONValue, any Error>, cancelled: Bool) async {
        let status = await recordEnd(entry, outcome, cancelled: cancelled, stopping: stopping)
        await events.record(
            status == .completed ? .runCompleted : .runFailed,
            data: ["runId": .string(entry.runId), "kind": .string(entry.kind), "status": .string(status.rawValue)], for: entry.userId)
        entry.hold.release()
        running[entry.runId] = nil
        progress.set(nil, for: entry.runId)
        for waiter in (waiters.removeValue(forKey: entry.runId) ?? [:]).values {
            waiter.timer?.cancel()
            waiter.continuation.resume()
        }
        startWaiting()
    }

    /// The status a run ended with, recorded over its unfinished record; a run whose work
    /// recorded its end (an import rejected for its bad rows) keeps that record.
    private nonisolated func recordEnd(_ entry: Entry, _ outcome: Result<JSONValue, any Error>, cancelled: Bool, stopping: Bool) async
        -> RunStatus
    {
        let store = entry.hold.store
        var summary: [String: JSONValue] = [:]
        var results: [String: JSONValue] = [:]
        let status: RunStatus
        switch outcome {
        case .success(let value):
            status = .completed
            if case .object(let members) = value { results = members }
        case .failure where cancelled && stopping:
            status = .failed
            summary["reason"] = .string(RunRecorder.interrupted)
        case .failure where cancelled:
            status = .cancelled
        case .failure(let error):
            status = .failed
            let wire = wireError(error, method: entry.kind, logger: logger)
            summary["error"] = .object(["code": .int(wire.code.rawValue), "message": .string(wire.message)])
        }
        do {
            if let recorded = try await store.run(id: entry.runId), recorded.status.hasEnded { return recorded.status }
            try await recorder.record(
                id: entry.runId, kind: entry.kind, status: status, vault: store, started: entry.created, parameters: [:], summary: summary,
                results: results)
        } catch {
            logger.error("the end of a background run could not be recorded", metadata: ["run.kind": "\(entry.kind)"])
        }
        return status
    }

    /// True while the caller's run is queued or running.
    private func isActive(_ runId: String, userId: String) -> Bool {
        running[runId]?.userId == userId || queued.contains { $0.runId == runId && $0.userId == userId }
    }

    /// How far the caller's run has come: its last progress while it runs, its place in the
    /// queue (1: next) while it waits.
    func state(of runId: String, userId: String) -> (progress: ProgressUpdate?, queuePosition: Int?) {
        if running[runId]?.userId == userId { return (progress.get(runId), nil) }
        return (nil, queued.firstIndex { $0.runId == runId && $0.userId == userId }.map { $0 + 1 })
    }

    /// Waits until the caller's run has ended, or `timeout` has passed, or the waiting task is
    /// cancelled; returns at once when the run is not queued or running.
    func wait(for runId: String, userId: String, timeout: Duration?) async {
        guard isActive(runId, userId: userId) else { return }
        let key = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                guard isActive(runId, userId: userId), !Task.isCancelled else { return continuation.resume() }
                let timer = timeout.map { timeout in
                    Task {
                        try? await Task.sleep(for: timeout)
                        self.stopWaiting(runId, key)
                    }
                }
                waiters[runId, default: [:]][key] = Waiter(continuation: continuation, timer: timer)
            }
        } onCancel: {
            Task { await self.stopWaiting(runId, key) }
        }
    }

    private func stopWaiting(_ runId: String, _ key: UUID) {
        guard let waiter = waiters[runId]?.removeValue(forKey: key) else { return }
        waiter.timer?.cancel()
        waiter.continuation.resume()
    }

    /// Cancels the caller's run: a queued one ends `cancelled` at once, a running one is
    /// cancelled and waited for (what it committed stays). A run that has ended is left as it is.
    func cancel(_ runId: String, userId: String) async {
        if let index = queued.firstIndex(where: { $0.runId == runId && $0.userId == userId }) {
            await end(queued.remove(at: index), .failure(CancellationError()), cancelled: true)
        } else if let entry = running[runId], entry.userId == userId {
            entry.task?.cancel()
            await wait(for: runId, userId: userId, timeout: nil)
        }
    }

    /// Fails the runs a stopped daemon left `queued` or `running` in a vault just opened, and
    /// tells the user. (A run of this daemon holds its vault open, so it can be among them only
    /// when it was accepted, on another connection, as the vault opened: it is left alone.)
    nonisolated func failInterrupted(userId: String, vault: some RunStore) async {
        do {
            let unfinished = try await recorder.unfinished(vault: vault)
            let live = await liveRunIds()
            for run in unfinished where !live.contains(run.id) {
                try await recorder.failInterrupted(run, vault: vault)
                await events.record(
                    .runFailed, data: ["runId": .string(run.id), "kind": .string(run.kind), "status": .string(RunStatus.failed.rawValue)],
                    for: userId)
            }
        } catch {
            logger.error("runs left unfinished by a stopped daemon could not be marked failed")
        }
    }

    /// The runs being accepted, queued or running.
    private func liveRunIds() -> Set<String> {
        accepting.union(running.keys).union(queued.map(\.runId))
    }

    /// Waits for the daemon's shutdown, then fails the queued runs and cancels the running ones,
    /// waiting for them to record their end.
    package func run() async throws {
        try? await gracefulShutdown()
        stopping = true
        let waiting = queued
        queued = []
        for entry in waiting { await end(entry, .failure(CancellationError()), cancelled: true) }
        let tasks = running.values.compactMap(\.task)
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }
}

/// The last progress each running run reported, written from the work's own threads.
private final class RunProgress: Sendable {
    private let updates = Mutex<[String: ProgressUpdate]>([:])

    func set(_ update: ProgressUpdate?, for runId: String) { updates.withLock { $0[runId] = update } }
    func get(_ runId: String) -> ProgressUpdate? { updates.withLock { $0[runId] } }
}
