import Synchronization

/// Hands each org id whose log grew to every subscriber of ``PostgresExchange/changes()``, and
/// remembers which orgs were read, so that all of them can be woken after the listener was away.
final class WakeUps: Sendable {
    private struct State {
        var subscribers: [Int: AsyncStream<String>.Continuation] = [:]
        var next = 0
        var read: Set<String> = []
        var finished = false
    }

    private let state = Mutex(State())

    func subscribe() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1024))
        let id: Int? = state.withLock { state in
            guard !state.finished else { return nil }
            state.next += 1
            state.subscribers[state.next] = continuation
            return state.next
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Notes that `orgId`'s log was read here: it is woken after every reconnect.
    func noteRead(_ orgId: String) {
        _ = state.withLock { $0.read.insert(orgId) }
    }

    func wake(_ orgId: String) {
        for continuation in state.withLock({ Array($0.subscribers.values) }) { continuation.yield(orgId) }
    }

    func wakeAllRead() {
        let (orgs, subscribers) = state.withLock { ($0.read, Array($0.subscribers.values)) }
        for org in orgs.sorted() {
            for continuation in subscribers { continuation.yield(org) }
        }
    }

    /// Ends every stream (the exchange stops).
    func finish() {
        let subscribers = state.withLock { state in
            state.finished = true
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        for continuation in subscribers { continuation.finish() }
    }
}
