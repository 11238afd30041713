import Foundation
import HireExchange
import HireTestSupport
import Logging
import Synchronization
import Testing

/// Runs `body` with a fresh cluster, stopped and removed after, whatever `body` did. The
/// exchanges `makeExchange` made for it are closed first.
func withCluster<R: Sendable>(tls: Bool = false, _ body: (PostgresCluster) async throws -> R) async throws -> R {
    let cluster = try await PostgresCluster(tls: tls)
    let made = MadeExchanges()
    let result: Result<R, any Error>
    do {
        result = .success(try await MadeExchanges.$current.withValue(made) { try await body(cluster) })
    } catch {
        result = .failure(error)
    }
    for exchange in made.list.withLock({ $0 }) { await exchange.close() }
    await cluster.destroy()
    return try result.get()
}

/// The exchanges made within one `withCluster` (suites run side by side: each has its own).
final class MadeExchanges: Sendable {
    @TaskLocal static var current: MadeExchanges?
    let list = Mutex<[PostgresExchange]>([])
}

/// An exchange on `cluster` (its own connections, as another machine's daemon has), reading
/// its password from the cluster's `.pgpass`.
func makeExchange(_ cluster: PostgresCluster, url: String? = nil, maxBackoff: Duration = .milliseconds(500)) throws -> PostgresExchange {
    let exchange = try PostgresExchange(
        url: url ?? cluster.url(), environment: cluster.environment, logger: .silent, maxBackoff: maxBackoff)
    MadeExchanges.current?.list.withLock { $0.append(exchange) }
    return exchange
}

/// Runs `body` while `exchange` runs (listening, reconnecting); cancels it after.
func whileRunning<R: Sendable>(_ exchange: PostgresExchange, _ body: () async throws -> R) async throws -> R {
    let task = Task { await exchange.run() }
    defer { task.cancel() }
    let result = try await body()
    task.cancel()
    await task.value
    return result
}

/// Records what a stream of wake-ups yields, so a test can wait for the n-th one.
final class WakeUpRecorder: Sendable {
    private final class Seen: Sendable {
        let orgs = Mutex<[String]>([])
    }

    private let seen = Seen()
    private let task: Task<Void, Never>

    init(_ stream: AsyncStream<String>) {
        let seen = self.seen
        task = Task { for await org in stream { seen.orgs.withLock { $0.append(org) } } }
    }

    /// The wake-ups so far once there are at least `count`, or all of them after `timeout`.
    func waitFor(_ count: Int, timeout: Duration = .seconds(20)) async -> [String] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let now = seen.orgs.withLock { $0 }
            if now.count >= count { return now }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return seen.orgs.withLock { $0 }
    }

    deinit { task.cancel() }
}

/// Retries `body` until it stops throwing, for at most `timeout`; the last error otherwise.
func eventually<R: Sendable>(timeout: Duration = .seconds(30), _ body: () async throws -> R) async throws -> R {
    let deadline = ContinuousClock.now + timeout
    while true {
        do {
            return try await body()
        } catch {
            if ContinuousClock.now > deadline { throw error }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}

