import Foundation
import HireCore
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// The daemon's connections to the exchange: a few kept open and lent one call at a time, and
/// a memory of the last failure so that, while the server is away, calls fail at once with
/// ``ExchangeUnreachable`` instead of each waiting for a connect timeout. After a failure the
/// next attempt waits a backoff that doubles up to `maxBackoff`; a success resets it.
///
/// Not postgres-nio's `PostgresClient`: its pool keeps a call waiting while it retries (up to a
/// minute before its circuit breaker opens), where the daemon must answer "unreachable" now.
actor Connections {
    let address: ExchangeAddress
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    private let maxOpen: Int
    private let maxBackoff: Duration
    /// How long one call may hold a connection before the exchange counts as unreachable.
    private let callTimeout: Duration
    private var idle: [Lease] = []
    private var open = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var nextID = 0
    /// While set, and until `retryAt`, connecting is not tried again.
    private var failure: (reason: String, retryAt: ContinuousClock.Instant)?
    private var backoff = Duration.milliseconds(250)
    /// Run on the first connection made (the schema's migrations), again until it succeeds.
    private let prepare: @Sendable (PostgresConnection) async throws -> Void
    private var prepared = false

    init(
        address: ExchangeAddress, password: String?, logger: Logger, maxOpen: Int = 8, maxBackoff: Duration = .seconds(30),
        callTimeout: Duration = .seconds(60), prepare: @escaping @Sendable (PostgresConnection) async throws -> Void
    ) throws {
        self.address = address
        self.prepare = prepare
        self.logger = logger
        self.maxOpen = maxOpen
        self.maxBackoff = maxBackoff
        self.callTimeout = callTimeout
        var configuration: PostgresConnection.Configuration
        switch address.transport {
        case .unixSocket:
            configuration = .init(
                unixSocketPath: address.socketPath!, username: address.username, password: password, database: address.database)
        case .tcp(let host, let mode):
            configuration = .init(
                host: host, port: address.port, username: address.username, password: password, database: address.database,
                tls: try Self.tls(mode, rootCertificates: address.rootCertificates))
        }
        configuration.options.connectTimeout = .seconds(5)
        self.configuration = configuration
    }

    /// Lends a connection to `body`. A failure to connect, a connection lost meanwhile, or no
    /// answer within `callTimeout`, is ``ExchangeUnreachable``; an error the server reports (a
    /// constraint, bad SQL) passes as is and the connection is kept.
    ///
    /// The call returns as soon as its connection closes, whatever `body` awaits: postgres-nio
    /// was seen to leave a query waiting forever when the server closed the connection under it
    /// (PostgreSQL stopped during a push), which held an org's sync, and the orgs.* call waiting
    /// on it, for good. Such a body is cancelled and left to end by itself.
    @discardableResult
    nonisolated func with<Result: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        let lease = try await lease()
        let connection = lease.connection
        do {
            let result = try await Self.guarded(lease, timeout: callTimeout) { try await body(connection) }
            await release(lease, healthy: true)
            return result
        } catch {
            let lost = Self.isConnectionLost(error) || connection.isClosed
            // Kept only after an error the server reported cleanly: after anything else (a
            // cancelled call, a row that did not decode) the connection's state is unknown.
            await release(lease, healthy: !lost && (error as? PSQLError)?.code == .server)
            if lost { throw await noteFailure(error) }
            throw error
        }
    }

    /// `work`'s result, or ``ConnectionLost`` once the lease's connection closes or `timeout`
    /// passes, whichever comes first; a cancelled caller gets `CancellationError` at once.
    private static func guarded<Result: Sendable>(
        _ lease: Lease, timeout: Duration, _ work: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let outcome = Outcome<Result>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                outcome.wait(continuation)
                let task = Task {
                    do { outcome.finish(.success(try await work())) } catch { outcome.finish(.failure(error)) }
                }
                let timer = Task {
                    try await Task.sleep(for: timeout)
                    outcome.finish(.failure(ConnectionLost(reason: "no answer within \(timeout)")))
                }
                lease.watch.onClose { outcome.finish(.failure(ConnectionLost(reason: "the server closed the connection"))) }
                outcome.whenFinished {
                    task.cancel()
                    timer.cancel()
                    lease.watch.clear()
                }
            }
        } onCancel: {
            outcome.finish(.failure(CancellationError()))
        }
    }

    /// A connection of its own (the listener's), honouring the backoff: while it runs, waits for it.
    func dedicated() async throws -> PostgresConnection {
        if let failure, failure.retryAt > .now { try await Task.sleep(until: failure.retryAt) }
        return try await connect(honouringBackoff: false).connection
    }

    /// Records a lost connection found outside ``with(_:)`` (the listener's) and returns the
    /// error callers see.
    @discardableResult
    func noteFailure(_ error: any Error) async -> ExchangeUnreachable {
        let reason = Self.reason(error)
        if failure == nil { logger.warning("the exchange is unreachable", metadata: ["exchange": "\(address.description)", "error": "\(reason)"]) }
        failure = (reason, .now + backoff)
        backoff = min(backoff * 2, maxBackoff)
        // The idle ones went with the server.
        await closeAll()
        return ExchangeUnreachable(location: address.description, reason: reason)
    }

    /// Closes every idle connection (at shutdown, or once the server is gone).
    func closeAll() async {
        let closing = idle
        open -= idle.count
        idle.removeAll()
        for lease in closing { try? await lease.connection.close() }
    }

    // MARK: - Internal

    private func lease() async throws -> Lease {
        while true {
            if let lease = idle.popLast() {
                if !lease.connection.isClosed { return lease }
                open -= 1
                continue
            }
            if open < maxOpen {
                open += 1
                do {
                    return try await connect(honouringBackoff: true)
                } catch {
                    open -= 1
                    resumeOneWaiter()
                    throw error
                }
            }
            await withCheckedContinuation { waiting.append($0) }
        }
    }

    private func release(_ lease: Lease, healthy: Bool) async {
        if healthy, !lease.connection.isClosed {
            idle.append(lease)
            resumeOneWaiter()
        } else {
            open -= 1
            resumeOneWaiter()
            try? await lease.connection.close()
        }
    }

    private func resumeOneWaiter() {
        if !waiting.isEmpty { waiting.removeFirst().resume() }
    }

    private func connect(honouringBackoff: Bool) async throws -> Lease {
        if honouringBackoff, let failure, failure.retryAt > .now {
            throw ExchangeUnreachable(location: address.description, reason: failure.reason)
        }
        nextID += 1
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: nextID, logger: logger)
            if !prepared {
                do {
                    try await prepare(connection)
                } catch {
                    try? await connection.close()
                    throw error
                }
                prepared = true
            }
            if failure != nil { logger.notice("the exchange is reachable again", metadata: ["exchange": "\(address.description)"]) }
            failure = nil
            backoff = .milliseconds(250)
            let watch = CloseWatch()
            connection.closeFuture.whenComplete { _ in watch.closed() }
            return Lease(connection: connection, watch: watch)
        } catch {
            throw await noteFailure(error)
        }
    }

    /// Whether `error` means the connection (or the server) is gone, rather than that the
    /// server refused one statement.
    static func isConnectionLost(_ error: any Error) -> Bool {
        if error is ConnectionLost { return true }
        guard let error = error as? PSQLError else { return false }
        guard error.code == .server else { return error.code != .queryCancelled && error.code != .tooManyParameters }
        // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 08*: connection exceptions.
        let state = error.serverInfo?[.sqlState] ?? ""
        return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
    }

    /// What went wrong, said without the client library's catch-all text: the server's message
    /// when it sent one, else the kind of failure.
    static func reason(_ error: any Error) -> String {
        if let error = error as? ExchangeUnreachable { return error.reason }
        if let error = error as? ConnectionLost { return error.reason }
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }

    private static func tls(_ mode: ExchangeAddress.TLSMode, rootCertificates: String?) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let rootCertificates { tls.trustRoots = .file(rootCertificates) }
        switch mode {
        case .disable: return .disable
        case .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        let context = try NIOSSLContext(configuration: tls)
        return mode == .prefer ? .prefer(context) : .require(context)
    }
}

/// A connection and what tells its current call that it closed.
struct Lease: Sendable {
    let connection: PostgresConnection
    let watch: CloseWatch
}

/// The connection went away, or did not answer in time, during a call.
struct ConnectionLost: Error {
    var reason: String
}

/// Runs the action set by the call holding a connection when that connection closes (at once if
/// it already has). One per connection, registered once on its close future.
final class CloseWatch: Sendable {
    private let state = Mutex<(isClosed: Bool, action: (@Sendable () -> Void)?)>((false, nil))

    func onClose(_ action: @escaping @Sendable () -> Void) {
        let isClosed = state.withLock { state in
            if !state.isClosed { state.action = action }
            return state.isClosed
        }
        if isClosed { action() }
    }

    func clear() { state.withLock { $0.action = nil } }

    func closed() {
        let action = state.withLock { state in
            state.isClosed = true
            defer { state.action = nil }
            return state.action
        }
        action?()
    }
}

/// A continuation resumed by the first of several racers; the others' results are dropped.
final class Outcome<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, any Error>?
        var result: Result<Value, any Error>?
        var cleanUp: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    /// Resumes `continuation` with the first result: now, if there is one already.
    func wait(_ continuation: CheckedContinuation<Value, any Error>) {
        let result = state.withLock { state in
            if state.result == nil { state.continuation = continuation }
            return state.result
        }
        if let result { continuation.resume(with: result) }
    }

    /// Runs `cleanUp` once there is a result: now, if there is one already.
    func whenFinished(_ cleanUp: @escaping @Sendable () -> Void) {
        let finished = state.withLock { state in
            if state.result == nil { state.cleanUp = cleanUp }
            return state.result != nil
        }
        if finished { cleanUp() }
    }

    /// The first call decides; later ones do nothing.
    func finish(_ result: Result<Value, any Error>) {
        let (continuation, cleanUp) = state.withLock { state -> (CheckedContinuation<Value, any Error>?, (@Sendable () -> Void)?) in
            guard state.result == nil else { return (nil, nil) }
            state.result = result
            defer {
                state.continuation = nil
                state.cleanUp = nil
            }
            return (state.continuation, state.cleanUp)
        }
        continuation?.resume(with: result)
        cleanUp?()
    }
}
