import Glibc
import HireRPC
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The listening socket and its connections, run as a `Service`.
///
/// On graceful shutdown (SIGTERM, SIGINT) it stops accepting, lets in-flight requests finish
/// within the grace period, cancels what is left, and removes the socket file.
public final class RPCServer: Service {
    let configuration: DaemonConfiguration
    package let router: Router
    let state: DaemonState
    let logger: Logger
    private let group: any EventLoopGroup
    /// Open connections, and whether shutdown has begun (one lock, so that a connection
    /// accepted during shutdown is either drained by it or sees the flag itself).
    private let connections = Mutex<(open: [ObjectIdentifier: Connection], shuttingDown: Bool)>(([:], false))
    /// Refusals logged per peer uid: the first in a minute is logged, the rest counted into
    /// the next one logged, so a client retrying in a loop cannot flood the log.
    private let refusals = Mutex<[uid_t: (logged: ContinuousClock.Instant, since: Int)]>([:])
    private let listening = Mutex<(ready: Bool, waiters: [CheckedContinuation<Void, any Error>])>((false, []))

    init(configuration: DaemonConfiguration, router: Router, state: DaemonState, logger: Logger, group: any EventLoopGroup) {
        self.configuration = configuration
        self.router = router
        self.state = state
        self.logger = logger
        self.group = group
    }

    /// Returns once the socket accepts connections.
    public func waitUntilListening() async throws {
        try await withCheckedThrowingContinuation { continuation in
            let ready = listening.withLock { state in
                if state.ready { return true }
                state.waiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    public func run() async throws {
        let serverChannel: NIOAsyncChannel<Accepted, Never>
        do {
            serverChannel = try await bind()
        } catch {
            for waiter in listening.withLock({ state in
                defer { state.waiters = [] }
                return state.waiters
            }) {
                waiter.resume(throwing: error)
            }
            throw error
        }
        let ownsSocketFile = configuration.inheritedSocket == nil
        defer { if ownsSocketFile { unlink(configuration.socketPath) } }
        for waiter in listening.withLock({ state in
            state.ready = true
            defer { state.waiters = [] }
            return state.waiters
        }) {
            waiter.resume()
        }
        logger.info("listening", metadata: ["socket": "\(configuration.socketPath)", "mode": "\(configuration.mode)"])
        let grace = configuration.shutdownGracePeriod
        let graceTimer = Mutex<Task<Void, Never>?>(nil)
        try await withGracefulShutdownHandler {
            try await serverChannel.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await accepted in inbound {
                        group.addTask { await self.serve(accepted) }
                    }
                }
            }
        } onGracefulShutdown: {
            self.logger.info("shutting down: finishing in-flight requests")
            serverChannel.channel.close(promise: nil)
            self.connections.withLock { $0.shuttingDown = true }
            self.forEachConnection { await $0.drain() }
            // Wait for in-flight requests, but not forever: what still runs near the end of the
            // grace period is cancelled, so that it ends (rolled back) before the hard stop.
            graceTimer.withLock {
                $0 = Task {
                    guard (try? await Task.sleep(for: grace - HardStop.margin(of: grace))) != nil else { return }
                    self.forEachConnection { await $0.cancelAll() }
                }
            }
        }
        graceTimer.withLock { $0?.cancel() }
        logger.info("stopped")
    }

    private func forEachConnection(_ body: @escaping @Sendable (Connection) async -> Void) {
        let all = connections.withLock { Array($0.open.values) }
        for connection in all { Task { await body(connection) } }
    }

    /// What the accept loop receives per connection.
    enum Accepted: Sendable {
        case connection(Connection)
        /// Refused (another uid in user mode, or over the connection limit).
        case refused
    }

    private func bind() async throws -> NIOAsyncChannel<Accepted, Never> {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            // A client that closes its sending side still gets its replies.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
        let initializer: @Sendable (any Channel) -> EventLoopFuture<Accepted> = { [self] channel in
            PeerCredentials.read(from: channel).flatMapThrowing { peer in
                try self.admit(channel, peer: peer)
            }
        }
        if let fd = configuration.inheritedSocket {
            return try await bootstrap.bind(fd, childChannelInitializer: initializer)
        }
        try SocketPreparation.prepare(socketPath: configuration.socketPath, mode: configuration.mode)
        // Files the daemon creates are private; bind creates the socket under this mask, so
        // nobody else can connect before its final mode is set.
        umask(0o077)
        let channel = try await bootstrap.bind(
            unixDomainSocketPath: configuration.socketPath, childChannelInitializer: initializer)
        try SocketPreparation.restrict(socketPath: configuration.socketPath, mode: configuration.mode)
        return channel
    }

    /// Runs on the child's event loop before any byte is read.
    private func admit(_ channel: any Channel, peer: PeerCredentials) throws -> Accepted {
        if configuration.mode == .user, peer.uid != getuid() {
            logRefusal("refused a connection from another user", peer: peer)
            channel.close(promise: nil)
            return .refused
        }
        if let refused = state.admitConnection(uid: peer.uid) {
            logRefusal("refused a connection: \(refused.message)", peer: peer)
            var reply = ByteBuffer(bytes: RPCResponse.error(id: nil, refused))
            reply.writeInteger(UInt8(ascii: "\n"))
            // Closed a moment later, what the client sends meanwhile read and dropped: closed at
            // once, a request the client writes after the refusal arrived would fail, and its
            // connection would end before it read why. The client closes first when it reads it.
            channel.writeAndFlush(reply).whenComplete { _ in
                channel.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
            }
            return .refused
        }
        var logger = self.logger
        logger[metadataKey: "peer.uid"] = "\(peer.uid)"
        let connection = Connection(channel: channel, router: router, state: state, peer: peer, logger: logger)
        try Self.addHandlers(to: channel, for: connection, maxMessageBytes: configuration.limits.maxMessageBytes)
        return .connection(connection)
    }

    /// Logs a refused connection, at most once a minute per peer uid, saying how many more
    /// were refused since the last line.
    private func logRefusal(_ message: String, peer: PeerCredentials) {
        let now = ContinuousClock.now
        let earlier: Int? = refusals.withLock { refusals in
            if let last = refusals[peer.uid], now - last.logged < .seconds(60) {
                refusals[peer.uid]?.since += 1
                return nil
            }
            defer { refusals[peer.uid] = (now, 0) }
            return refusals[peer.uid]?.since ?? 0
        }
        guard let earlier else { return }
        var metadata: Logger.Metadata = ["peer.uid": "\(peer.uid)", "peer.pid": "\(peer.pid)"]
        if earlier > 0 { metadata["refused.since"] = "\(earlier)" }
        logger.warning("\(message)", metadata: metadata)
    }

    /// A connection's pipeline: bytes to frames, replies to framed bytes (both framed the way
    /// the first byte chose), frames to the connection one read burst at a time. On the
    /// channel's event loop.
    static func addHandlers(to channel: any Channel, for connection: Connection, maxMessageBytes: Int) throws {
        let framing = FramingChoice()
        try channel.pipeline.syncOperations.addHandlers(
            ByteToMessageHandler(FrameDecoder(maxMessageBytes: maxMessageBytes, choice: framing)),
            FrameEncoder(choice: framing),
            ConnectionHandler(connection: connection))
    }

    private func serve(_ accepted: Accepted) async {
        guard case .connection(let connection) = accepted else { return }
        defer { state.releaseConnection(uid: connection.peer.uid) }
        let key = ObjectIdentifier(connection)
        let lateForShutdown = connections.withLock { state in
            state.open[key] = connection
            return state.shuttingDown
        }
        defer { _ = connections.withLock { $0.open.removeValue(forKey: key) } }
        if lateForShutdown { await connection.drain() }
        await withTaskCancellationHandler {
            await connection.run()
        } onCancel: {
            connection.channel.close(promise: nil)
            Task { await connection.cancelAll() }
        }
    }
}
