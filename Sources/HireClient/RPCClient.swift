import HireRPC
import NIOCore
import NIOPosix
import Synchronization

/// Why a call did not get a reply from the daemon.
public enum ClientError: Error, Equatable, CustomStringConvertible {
    /// Nothing listens on the socket (or it cannot be reached).
    case cannotConnect(socket: String, reason: String)
    /// The daemon closed the connection before replying.
    case connectionClosed
    /// No reply within the time allowed; the request was cancelled.
    case timedOut(seconds: Double)
    /// The daemon sent something that is not a JSON-RPC reply.
    case protocolError(String)

    public var description: String {
        switch self {
        case .cannotConnect(let socket, let reason): "cannot connect to \(socket): \(reason)"
        case .connectionClosed: "the daemon closed the connection"
        case .timedOut(let seconds): "no reply within \(seconds) seconds"
        case .protocolError(let message): "unexpected reply: \(message)"
        }
    }
}

/// A notification the daemon sent: its method and params.
public struct RPCNotification: Sendable, Equatable {
    public let method: String
    public let params: JSONValue
}

/// An async JSON-RPC client over the daemon's Unix socket (newline framing).
///
/// Calls may overlap; each waits for its own reply. Cancelling the calling task sends
/// `$/cancelRequest` and the call ends with the daemon's -32800 reply.
public final class RPCClient: Sendable {
    /// The stream a notification method's params go to.
    private struct Listener: Sendable {
        let yield: @Sendable (JSONValue) -> Void
        let finish: @Sendable () -> Void
    }

    private struct State {
        var nextId = 1
        var pending: [Int: CheckedContinuation<Result<RawJSON, RPCError>, any Error>] = [:]
        var progress: [Int: @Sendable (JSONValue) -> Void] = [:]
        /// Where notifications of each method go (`notifications(of:)`).
        var listeners: [String: Listener] = [:]
        /// Requests written, so a cancel goes out only after its request.
        var sent: Set<Int> = []
        /// Requests cancelled before they were written: they are never written.
        var cancelledEarly: Set<Int> = []
        var closed = false
        /// An error the daemon sent for no request (id null), such as its refusal of this
        /// connection (too many connections): what calls fail with once it closes.
        var refusal: RPCError?
    }

    private let channel: any Channel
    private let state = Mutex(State())

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Connects to the daemon listening on `socketPath`.
    public static func connect(socketPath: String) async throws -> RPCClient {
        // What arrives before the client is in place (a refusal comes at once) is kept for it.
        let box = Mutex<(client: RPCClient?, early: [[UInt8]], closed: Bool)>((nil, [], false))
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            LineHandler { message in
                                let client = box.withLock { box -> RPCClient? in
                                    if box.client == nil { box.early.append(message) }
                                    return box.client
                                }
                                client?.receive(message)
                            } onClose: {
                                let client = box.withLock { box -> RPCClient? in
                                    if box.client == nil { box.closed = true }
                                    return box.client
                                }
                                client?.closeAll()
                            })
                    }
                }
                .connect(unixDomainSocketPath: socketPath).get()
            let client = RPCClient(channel: channel)
            let (early, closed) = box.withLock { box in
                box.client = client
                return (box.early, box.closed)
            }
            for message in early { client.receive(message) }
            // The daemon may have closed the connection before the client was in place to hear it.
            if closed || !channel.isActive { client.closeAll() }
            return client
        } catch {
            throw ClientError.cannotConnect(socket: socketPath, reason: Self.describe(error))
        }
    }

    /// Connects, runs `body`, and closes the connection whatever happens.
    public static func withConnection<R: Sendable>(
        socketPath: String, _ body: (RPCClient) async throws -> R
    ) async throws -> R {
        let client = try await connect(socketPath: socketPath)
        do {
            let result = try await body(client)
            await client.close()
            return result
        } catch {
            await client.close()
            throw error
        }
    }

    /// Closes the connection; calls still waiting fail with `connectionClosed`.
    public func close() async {
        try? await channel.close()
        closeAll()
    }

    // MARK: - Calls

    /// Calls a method from the catalogue with typed params and result.
    public func call<M: RPCMethod>(
        _ method: M.Type, _ params: M.Params, onProgress: (@Sendable (JSONValue) -> Void)? = nil
    ) async throws -> M.Result {
        let raw = try await call(M.descriptor.name, params: RawJSON(RPCCoding.encode(params)), onProgress: onProgress)
        return try RPCCoding.decode(M.Result.self, from: raw.bytes, what: "result field")
    }

    /// Calls `method` by name with params as JSON; returns the result as JSON.
    public func call(_ method: String, params: JSONValue?, onProgress: (@Sendable (JSONValue) -> Void)? = nil)
        async throws -> JSONValue
    {
        let raw = try await call(method, params: params.map { RawJSON($0) }, onProgress: onProgress)
        return try raw.parsed()
    }

    /// Calls `method` with params as JSON text. With `onProgress`, the call carries a
    /// progress token and `$/progress` values are handed to it.
    public func call(_ method: String, params: RawJSON?, onProgress: (@Sendable (JSONValue) -> Void)? = nil)
        async throws -> RawJSON
    {
        let id = state.withLock { state in
            defer { state.nextId += 1 }
            return state.nextId
        }
        var paramsJSON = params
        if let onProgress {
            state.withLock { $0.progress[id] = onProgress }
            var object = (try params?.parsed()) ?? .object([:])
            if case .object(var members) = object {
                members["_meta"] = .object(["progressToken": .int(id)])
                object = .object(members)
            }
            paramsJSON = RawJSON(object)
        }
        defer { if onProgress != nil { _ = state.withLock { $0.progress.removeValue(forKey: id) } } }
        var message = Array(#"{"jsonrpc":"2.0","id":\#(id),"method":"#.utf8)
        JSONText.appendString(method, to: &message)
        if let paramsJSON {
            message.append(contentsOf: #","params":"#.utf8)
            message.append(contentsOf: paramsJSON.bytes)
        }
        message.append(UInt8(ascii: "}"))
        let outcome = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                // Writing under the lock orders the request before any cancel of it.
                let refused: (any Error)? = state.withLock { state in
                    if state.closed { return state.refusal ?? ClientError.connectionClosed }
                    if state.cancelledEarly.remove(id) != nil { return CancellationError() }
                    state.pending[id] = continuation
                    state.sent.insert(id)
                    // A write that fails (the daemon refused the connection and closed it) ends
                    // the call when the connection closes, after what the daemon said was read.
                    send(message)
                    return nil
                }
                if let refused { continuation.resume(throwing: refused) }
            }
        } onCancel: {
            self.state.withLock { state in
                if state.sent.contains(id) {
                    self.notify("$/cancelRequest", params: .object(["id": .int(id)]))
                } else {
                    state.cancelledEarly.insert(id)
                }
            }
        }
        state.withLock { _ = $0.sent.remove(id) }
        return try outcome.get()
    }

    /// Calls with a deadline that progress pushes back: when `timeout` passes with neither the
    /// reply nor a `$/progress` report, the request is cancelled and `timedOut` thrown. (Progress
    /// is always asked for, so long work that reports it, such as a large import, never times out
    /// while it moves.)
    public func call(
        _ method: String, params: RawJSON?, timeout: Duration, onProgress: (@Sendable (JSONValue) -> Void)? = nil
    ) async throws -> RawJSON {
        let lastHeard = LastHeard()
        let heard: @Sendable (JSONValue) -> Void = { value in
            lastHeard.touch()
            onProgress?(value)
        }
        return try await withThrowingTaskGroup(of: RawJSON?.self) { group in
            group.addTask { try await self.call(method, params: params, onProgress: heard) }
            group.addTask {
                // Returns nil when the time is up, or at once when the caller is cancelled.
                // A wake-up long after the deadline means this process did not run (a stalled
                // machine, a suspended laptop): a report sent meanwhile may not be read yet, so
                // the daemon gets one more second before its silence counts.
                var deadline = ContinuousClock.now + timeout
                var overslept = false
                while (try? await Task.sleep(until: deadline, clock: .continuous)) != nil {
                    let now = ContinuousClock.now
                    let next = lastHeard.instant + timeout
                    if next > now {
                        deadline = next
                        overslept = false
                    } else if !overslept, now - deadline > .seconds(1) {
                        deadline = now + .seconds(1)
                        overslept = true
                    } else {
                        break
                    }
                }
                return nil
            }
            while let next = try await group.next() {
                if let result = next {
                    group.cancelAll()
                    return result
                }
                // Cancelled by the caller: the call itself ends with the daemon's -32800 reply.
                if Task.isCancelled { continue }
                let parts = timeout.components
                throw ClientError.timedOut(seconds: Double(parts.seconds) + Double(parts.attoseconds) / 1e18)
            }
            throw CancellationError()
        }
    }

    /// The params of every notification of `method` the daemon sends from now on (`events.event`
    /// after `events.subscribe`; `$/progress` `{token, value}` for tokens no call here handles),
    /// until the connection closes; a second stream for the same method ends the first.
    public func notifications(of method: String) -> AsyncStream<JSONValue> {
        let (stream, continuation) = AsyncStream.makeStream(of: JSONValue.self)
        listen(to: method, Listener(yield: { continuation.yield($0) }, finish: { continuation.finish() }))
        return stream
    }

    /// Every notification of any of `methods`, in the order the daemon sent them (a run's
    /// `$/progress` reports before the event that says it ended); otherwise as
    /// `notifications(of:)`.
    public func notifications(of methods: [String]) -> AsyncStream<RPCNotification> {
        let (stream, continuation) = AsyncStream.makeStream(of: RPCNotification.self)
        for method in methods {
            listen(
                to: method,
                Listener(yield: { continuation.yield(RPCNotification(method: method, params: $0)) }, finish: { continuation.finish() }))
        }
        return stream
    }

    private func listen(to method: String, _ listener: Listener) {
        let (closed, previous) = state.withLock { state in
            defer { if !state.closed { state.listeners[method] = listener } }
            return (state.closed, state.listeners[method])
        }
        previous?.finish()
        if closed { listener.finish() }
    }

    /// Sends a notification (no reply).
    public func notify(_ method: String, params: JSONValue?) {
        var message = Array(#"{"jsonrpc":"2.0","method":"#.utf8)
        JSONText.appendString(method, to: &message)
        if let params {
            message.append(contentsOf: #","params":"#.utf8)
            message.append(contentsOf: params.jsonBytes)
        }
        message.append(UInt8(ascii: "}"))
        send(message)
    }

    /// Writes one message; `onFailure` runs when it cannot be written (the connection is gone).
    private func send(_ message: [UInt8], onFailure: (@Sendable () -> Void)? = nil) {
        var buffer = channel.allocator.buffer(capacity: message.count + 1)
        buffer.writeBytes(message)
        buffer.writeInteger(UInt8(ascii: "\n"))
        let written = channel.writeAndFlush(buffer)
        if let onFailure { written.whenFailure { _ in onFailure() } }
    }

    /// Ends a waiting call with `error`, if it is still waiting.
    private func fail(_ id: Int, _ error: any Error) {
        state.withLock { $0.pending.removeValue(forKey: id) }?.resume(throwing: error)
    }

    // MARK: - Incoming

    private func receive(_ message: [UInt8]) {
        guard let incoming = try? RPCClientIncoming.parse(message) else { return }
        switch incoming {
        case .notification(let method, let params):
            guard method == "$/progress" else {
                state.withLock { $0.listeners[method] }?.yield(params ?? .null)
                return
            }
            // A report for a call that handles its own goes to it; any other (a background run
            // started with a token of the caller's choosing) to `notifications(of: "$/progress")`.
            let (handler, listener) = state.withLock { state in
                (params?["token"]?.intValue.flatMap { state.progress[$0] }, state.listeners[method])
            }
            if let handler {
                if let value = params?["value"] { handler(value) }
            } else {
                listener?.yield(params ?? .null)
            }
        case .replies(let replies):
            for reply in replies {
                if reply.id.flatMap({ try? $0.parsed() }) ?? .null == .null, case .failure(let error) = reply.outcome {
                    // The daemon's word on the connection itself (it refused it): every call
                    // ends with it.
                    state.withLock { $0.refusal = error }
                    if error.code == .tooManyConnections || error.code == .shuttingDown { channel.close(promise: nil) }
                    continue
                }
                guard let id = reply.id.flatMap({ try? $0.parsed() })?.intValue,
                    let continuation = state.withLock({ $0.pending.removeValue(forKey: id) })
                else { continue }
                continuation.resume(returning: reply.outcome)
            }
        }
    }

    private func closeAll() {
        let (waiting, listeners, refusal) = state.withLock { state in
            state.closed = true
            defer {
                state.pending = [:]
                state.listeners = [:]
            }
            return (Array(state.pending.values), Array(state.listeners.values), state.refusal)
        }
        for continuation in waiting { continuation.resume(throwing: refusal ?? ClientError.connectionClosed) }
        for listener in listeners { listener.finish() }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? IOError {
            switch error.errnoCode {
            case ENOENT: return "no such socket (is hired running?)"
            case ECONNREFUSED: return "connection refused (hired is not running; a stale socket is left)"
            case EACCES: return "permission denied"
            default: return error.description
            }
        }
        return "\(error)"
    }
}

/// Splits incoming bytes into lines and hands each to the client.
private final class LineHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private var buffer = ByteBuffer()
    private let onMessage: ([UInt8]) -> Void
    private let onClose: () -> Void

    init(onMessage: @escaping ([UInt8]) -> Void, onClose: @escaping () -> Void) {
        self.onMessage = onMessage
        self.onClose = onClose
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        buffer.writeBuffer(&incoming)
        while let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let line = buffer.readBytes(length: newline - buffer.readerIndex)!
            buffer.moveReaderIndex(forwardBy: 1)
            if !line.isEmpty { onMessage(line) }
        }
        buffer.discardReadBytes()
    }

    func channelInactive(context: ChannelHandlerContext) {
        onClose()
        context.fireChannelInactive()
    }
}

/// When a call last heard from the daemon (its start, or its latest progress report).
private final class LastHeard: Sendable {
    private let last = Mutex(ContinuousClock.now)
    func touch() { last.withLock { $0 = .now } }
    var instant: ContinuousClock.Instant { last.withLock { $0 } }
}
