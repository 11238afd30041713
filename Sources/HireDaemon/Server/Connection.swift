import HireCore
import HireRPC
import Logging
import NIOCore
import Synchronization

/// One client connection: dispatches framed messages, writes replies.
///
/// The actor's executor is its channel's event loop, and `ConnectionHandler` hands it each
/// read burst synchronously on that loop: inline methods (ping, status) are answered
/// without any thread hop, and a pipelined burst is answered with one flush. Other methods
/// run as tasks owned by the connection: `run` does not return before every one of them has
/// ended, and the connection closing cancels them.
///
/// When the client closes its sending side, what it sent is answered, then the connection
/// closes; when it is gone altogether, its requests are cancelled. A connection with no
/// request in flight, no event subscription and nothing received for `Limits.idleTimeout` is
/// closed.
///
/// A request that binds or unbinds the session (`MethodDescriptor.bindsSession`) is a
/// barrier: messages that arrive after it wait until it has been answered, so a client may
/// pipeline `auth.login` and the calls that need it. At most
/// `Limits.maxInFlightPerConnection` handlers run at once: a single request past that is
/// refused (-32010), an entry of an accepted batch waits for its turn.
actor Connection {
    nonisolated let unownedExecutor: UnownedSerialExecutor
    nonisolated let channel: any Channel
    nonisolated let peer: PeerCredentials
    private let router: Router
    private let state: DaemonState
    private let logger: Logger
    private var limits: Limits { state.configuration.limits }

    /// Async requests in flight (and batches being assembled), by serial number, and the
    /// serial of each cancellable id.
    private var running: [Int: Task<[UInt8]?, Never>] = [:]
    private var serialById: [RawJSON: Int] = [:]
    private var nextSerial = 0
    /// Handlers running, what `Limits.maxInFlightPerConnection` bounds.
    private var handlersRunning = 0
    /// Batch entries waiting for a handler to end, in arrival order: each is let in by one
    /// value sent on its stream (an entry cancelled while waiting has ended its stream).
    private var waitingForTurn: [AsyncStream<Void>.Continuation] = []
    /// The serial of the running request that binds or unbinds the session, and the messages
    /// that arrived after it, in order, waiting for it to end.
    private var barrier: Int?
    private var held: [RPCIncoming] = []
    private var draining = false
    /// The client closed its sending side: no more requests will come.
    private var inputEnded = false
    private var closing = false
    /// When the last request arrived or the last one in flight ended.
    private var lastActive = NIODeadline.now()
    private var idleCheck: Scheduled<Void>?
    private let session: SessionSlot
    /// What handlers tie to the connection (event subscriptions), ended when it closes.
    private let link: ConnectionLink

    init(channel: any Channel, router: Router, state: DaemonState, peer: PeerCredentials, logger: Logger) {
        self.unownedExecutor = channel.eventLoop.executor.asUnownedSerialExecutor()
        self.channel = channel
        self.router = router
        self.state = state
        self.peer = peer
        self.logger = logger
        self.session = SessionSlot(state: state)
        self.link = ConnectionLink(channel: channel)
    }

    /// Waits until the connection has closed and every request it started has ended.
    func run() async {
        scheduleIdleCheck(at: lastActive + TimeAmount(limits.idleTimeout))
        try? await channel.closeFuture.get()
        idleCheck?.cancel()
        link.closed()
        while let (_, task) = running.first {
            _ = await task.value
        }
        session.set(nil)
    }

    /// One read burst, from `ConnectionHandler` on the event loop: answered, then flushed once.
    func receive(_ frames: [Frame]) {
        lastActive = .now()
        for frame in frames where !closing {
            switch frame {
            case .message(let buffer):
                receive(buffer)
            case .fatal(let error):
                send(RPCResponse.error(id: nil, error))
                closeAfterWrites()
            }
        }
        channel.flush()
    }

    /// The client is gone (or the connection was closed): nobody can read what it asked
    /// for, so its requests are cancelled.
    func closed() {
        held.removeAll()
        cancelAll()
    }

    /// The client closed its sending side (its last message was delivered before this): its
    /// requests finish and are answered, then the connection is closed.
    func inputClosed() {
        inputEnded = true
        closeIfDrained()
    }

    /// Stops taking requests: new ones are refused, in-flight ones finish and are answered,
    /// then the connection is closed.
    func drain() {
        draining = true
        closeIfDrained()
    }

    private func closeIfDrained() {
        guard draining || inputEnded, running.isEmpty else { return }
        closeAfterWrites()
    }

    /// Closes once every reply written so far has gone out (writes complete in order, so an
    /// empty write's completion marks them all done).
    private func closeAfterWrites() {
        guard !closing else { return }
        closing = true
        let channel = self.channel
        channel.writeAndFlush(ByteBuffer()).whenComplete { _ in channel.close(promise: nil) }
    }

    /// Cancels every request (the client left, or the shutdown grace period is over).
    func cancelAll() {
        for task in running.values { task.cancel() }
    }

    /// Checks at `deadline` whether the connection has been idle for `Limits.idleTimeout`:
    /// closes it if so, else checks again when it could next be.
    private func scheduleIdleCheck(at deadline: NIODeadline) {
        idleCheck = channel.eventLoop.scheduleTask(deadline: deadline) { [self] in
            assumeIsolated { $0.checkIdle() }
        }
    }

    private func checkIdle() {
        guard !closing else { return }
        let timeout = TimeAmount(limits.idleTimeout)
        guard running.isEmpty, !link.keepsOpen, NIODeadline.now() - lastActive >= timeout else {
            scheduleIdleCheck(at: (running.isEmpty && !link.keepsOpen ? lastActive : .now()) + timeout)
            return
        }
        logger.debug("closing an idle connection", metadata: ["idle.timeout": "\(limits.idleTimeout)"])
        closeAfterWrites()
    }

    // MARK: - Dispatch

    /// Parses one message and dispatches it, or holds it while a barrier runs (a lone
    /// `$/cancelRequest` overtakes it, so that the barrier itself can be cancelled).
    private func receive(_ buffer: ByteBuffer) {
        let incoming = buffer.withUnsafeReadableBytes { raw in
            RPCIncoming.parse(raw.assumingMemoryBound(to: UInt8.self))
        }
        if barrier != nil, !Self.isCancelRequest(incoming) {
            held.append(incoming)
            return
        }
        dispatch(incoming)
    }

    private static func isCancelRequest(_ incoming: RPCIncoming) -> Bool {
        guard case .single(.request(let request)) = incoming else { return false }
        return request.method == "$/cancelRequest"
    }

    /// Dispatches the messages held behind a barrier that has ended, until one of them is a
    /// barrier in turn.
    private func releaseHeld() {
        while barrier == nil, !closing, !held.isEmpty {
            dispatch(held.removeFirst())
        }
        channel.flush()
    }

    private func dispatch(_ incoming: RPCIncoming) {
        switch incoming {
        case .parseError(let reason):
            send(RPCResponse.error(id: nil, RPCError(.parseError, "Parse error: \(reason)")))
        case .single(let item):
            if let reply = handle(item, inBatch: nil) { send(reply) }
        case .batch(let items):
            receiveBatch(items)
        }
    }

    private func receiveBatch(_ items: [RPCIncomingItem]) {
        guard !items.isEmpty else {
            send(RPCResponse.error(id: nil, RPCError(.invalidRequest, "Invalid Request: empty batch")))
            return
        }
        guard items.count <= limits.maxBatchItems else {
            send(
                RPCResponse.error(
                    id: nil,
                    RPCError(
                        .batchTooLarge, "batch of \(items.count) items exceeds the limit of \(limits.maxBatchItems)",
                        data: ["limit": .int(limits.maxBatchItems)])))
            return
        }
        var replies: [[UInt8]?] = []
        var pending: [(index: Int, task: Task<[UInt8]?, Never>)] = []
        for item in items {
            let batch = BatchSlot()
            replies.append(handle(item, inBatch: batch))
            if let task = batch.task { pending.append((replies.count - 1, task)) }
        }
        guard !pending.isEmpty else {
            let answered = replies.compactMap { $0 }
            if !answered.isEmpty { send(RPCResponse.batch(answered)) }
            return
        }
        // Some items run as tasks: answer the whole batch once they have all finished. The
        // assembling task is tracked like a request so that `serve` waits for it too.
        let serial = nextSerial
        nextSerial += 1
        running[serial] = Task<[UInt8]?, Never> {
            var replies = replies
            for (index, task) in pending { replies[index] = await task.value }
            let answered = replies.compactMap { $0 }
            if !answered.isEmpty {
                self.send(RPCResponse.batch(answered))
                self.channel.flush()
            }
            self.finished(serial, id: nil)
            return nil
        }
    }

    /// Receives the task of an async batch item instead of its reply.
    private final class BatchSlot {
        var task: Task<[UInt8]?, Never>?
    }

    /// Handles one item; returns its reply when it is ready now. An async request in a batch
    /// hands its task to `batch`; a single one writes its own reply when done.
    private func handle(_ item: RPCIncomingItem, inBatch batch: BatchSlot?) -> [UInt8]? {
        let request: RPCRequest
        switch item {
        case .invalid(let id, let reason):
            return RPCResponse.error(id: id, RPCError(.invalidRequest, "Invalid Request: \(reason)"))
        case .request(let valid):
            request = valid
        }
        if request.method == "$/cancelRequest" {
            cancelRequest(request)
            return reply(request, .success(Array("{}".utf8)))
        }
        if request.method.hasPrefix("$/"), request.isNotification {
            return nil  // other `$/` notifications are optional by convention and ignored
        }
        guard let entry = router.entry(request.method) else {
            return reply(request, .failure(RPCError(.methodNotFound, "Method not found: \(request.method)")))
        }
        guard !draining else { return reply(request, .failure(RPCError(.shuttingDown))) }
        do {
            try checkAccess(entry.info.descriptor.access)
        } catch {
            return reply(request, .failure(error))
        }
        let context = makeContext(for: request)
        switch entry.run {
        case .inline(let run):
            let start = ContinuousClock.now
            let outcome: Result<[UInt8], RPCError>
            do {
                outcome = .success(try run(request, context))
            } catch {
                outcome = .failure(wireError(error, method: request.method, logger: logger))
            }
            log(request, outcome, since: start)
            return reply(request, outcome)
        case .async(let run):
            let free = handlersRunning < limits.maxInFlightPerConnection && waitingForTurn.isEmpty
            var turn: AsyncStream<Void>?
            if free {
                handlersRunning += 1
            } else if batch != nil {
                let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
                waitingForTurn.append(continuation)
                turn = stream
            } else {
                return reply(
                    request,
                    .failure(
                        RPCError(
                            .tooManyRequests,
                            "more than \(limits.maxInFlightPerConnection) requests in flight on this connection",
                            data: ["limit": .int(limits.maxInFlightPerConnection)])))
            }
            let (serial, task) = start(request, context, run, deliver: batch == nil, turn: turn)
            if entry.info.descriptor.bindsSession { barrier = serial }
            batch?.task = task
            return nil
        }
    }

    /// Runs a handler in its slot, then hands the slot on. A queued batch entry first waits
    /// for its `turn`; one cancelled while it waits is answered -32800 without running.
    private func runInSlot(
        _ request: RPCRequest, _ context: RequestContext,
        _ run: @escaping @Sendable (RPCRequest, RequestContext) async throws -> [UInt8], turn: AsyncStream<Void>?
    ) async -> Result<[UInt8], RPCError> {
        if let turn {
            var waiting = turn.makeAsyncIterator()
            guard await waiting.next() != nil else { return .failure(RPCError(.requestCancelled)) }
        }
        defer { releaseSlot() }
        return await Self.execute(request, context, run)
    }

    /// Hands an ended handler's slot to the first batch entry still waiting, or frees it.
    private func releaseSlot() {
        while !waitingForTurn.isEmpty {
            if case .enqueued = waitingForTurn.removeFirst().yield() { return }
        }
        handlersRunning -= 1
    }

    /// Starts a request's task; it writes its reply when `deliver`, else returns it.
    private func start(
        _ request: RPCRequest, _ context: RequestContext,
        _ run: @escaping @Sendable (RPCRequest, RequestContext) async throws -> [UInt8], deliver: Bool,
        turn: AsyncStream<Void>?
    ) -> (serial: Int, task: Task<[UInt8]?, Never>) {
        let serial = nextSerial
        nextSerial += 1
        if let id = request.id { serialById[id] = serial }
        let task = Task<[UInt8]?, Never> {
            let start = ContinuousClock.now
            // A handler that finished its work despite a cancel reports what it did (its
            // write committed); one that stopped reports -32800.
            let final = await self.runInSlot(request, context, run, turn: turn)
            self.log(request, final, since: start)
            let reply = self.reply(request, final)
            if deliver, let reply {
                self.send(reply)
                self.channel.flush()
            }
            self.finished(serial, id: request.id)
            return deliver ? nil : reply
        }
        running[serial] = task
        return (serial, task)
    }

    private nonisolated static func execute(
        _ request: RPCRequest, _ context: RequestContext,
        _ run: @Sendable (RPCRequest, RequestContext) async throws -> [UInt8]
    ) async -> Result<[UInt8], RPCError> {
        // The idle lock or a logout meanwhile closes the caller's vault after the call, never
        // under it.
        let hold = context.holdForRequest()
        defer { hold?.release() }
        do {
            return .success(try await run(request, context))
        } catch {
            return .failure(wireError(error, method: request.method, logger: context.logger))
        }
    }

    /// The router's access check, before any handler runs.
    private func checkAccess(_ access: Access) throws(RPCError) {
        guard access != .public else { return }
        guard let binding = session.current else {
            throw RPCError(.notAuthenticated, "not logged in: call auth.login or auth.attach first")
        }
        do {
            try state.accounts.validate(binding)
        } catch {
            session.set(nil)
            throw error.rpcError
        }
        if case .role(let role) = access, binding.role != role {
            throw RPCError(.forbidden, "forbidden: this method is for \(role.rawValue)s", data: ["role": .string(role.rawValue)])
        }
    }

    private func finished(_ serial: Int, id: RawJSON?) {
        running[serial] = nil
        lastActive = .now()
        if let id, serialById[id] == serial { serialById[id] = nil }
        if barrier == serial {
            barrier = nil
            releaseHeld()
        }
        closeIfDrained()
    }

    private func cancelRequest(_ request: RPCRequest) {
        guard let params = try? request.params?.parsed(), let id = params["id"], let serial = serialById[RawJSON(id)] else {
            return
        }
        running[serial]?.cancel()
    }

    // MARK: - Replies

    private func reply(_ request: RPCRequest, _ outcome: Result<[UInt8], RPCError>) -> [UInt8]? {
        guard let id = request.id else { return nil }
        switch outcome {
        case .success(let result): return RPCResponse.result(id: id, result: result)
        case .failure(let error): return RPCResponse.error(id: id, error)
        }
    }

    /// Writes one reply (framed by `FrameEncoder`); it goes out at the next flush.
    private func send(_ bytes: [UInt8]) {
        channel.write(ByteBuffer(bytes: bytes), promise: nil)
    }

    private func makeContext(for request: RPCRequest) -> RequestContext {
        var progress = ProgressReporter.ignore
        if let token = request.progressToken {
            let channel = self.channel
            let throttle = Mutex(ProgressThrottle(interval: limits.progressInterval))
            progress = ProgressReporter { update in
                guard throttle.withLock({ $0.shouldSend(update, at: .now) }) else { return }
                var params = Array(#"{"token":"#.utf8)
                params.append(contentsOf: token.bytes)
                params.append(contentsOf: #","value":"#.utf8)
                params.append(contentsOf: (try? RPCCoding.encode(update)) ?? Array("{}".utf8))
                params.append(UInt8(ascii: "}"))
                channel.writeAndFlush(
                    ByteBuffer(bytes: RPCResponse.notification(method: "$/progress", params: params)), promise: nil)
            }
        }
        return RequestContext(
            method: request.method, peer: peer, logger: logger, progress: progress, session: session.current,
            files: PeerAccess(peer: peer, own: state.ownFiles, limits: limits), slot: session, connection: link,
            vaults: state.accounts.vaults)
    }

    private func log(_ request: RPCRequest, _ outcome: Result<[UInt8], RPCError>, since start: ContinuousClock.Instant) {
        guard logger.logLevel <= .debug else { return }
        let result: String
        switch outcome {
        case .success: result = "ok"
        case .failure(let error): result = "error \(error.code.rawValue)"
        }
        logger.debug(
            "request",
            metadata: [
                "rpc.method": "\(request.method)", "rpc.id": "\(request.id?.description ?? "-")",
                "peer.uid": "\(peer.uid)", "duration": "\(ContinuousClock.now - start)", "outcome": "\(result)",
            ])
    }
}

/// One framed message, or the framing error that ends the connection.
enum Frame: Sendable {
    case message(ByteBuffer)
    /// Answered with this error (id null); then the connection is closed.
    case fatal(RPCError)
}

/// Protocol glue between the pipeline and the connection actor: gathers the messages decoded
/// from one read burst (and a framing error, in its place after them) and hands them to the
/// actor together at `channelReadComplete` (synchronously: they share the event loop), so
/// that a pipelined burst is answered with one flush; stops reading while the client is not
/// reading its replies.
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let connection: Connection
    /// Frames of the current read burst, not yet handed over.
    private var pending: [Frame] = []

    init(connection: Connection) {
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pending.append(.message(unwrapInboundIn(data)))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        deliver()
        context.fireChannelReadComplete()
    }

    /// Hands the burst's frames to the connection, if there are any.
    private func deliver() {
        guard !pending.isEmpty else { return }
        let frames = pending
        pending.removeAll(keepingCapacity: true)
        connection.assumeIsolated { $0.receive(frames) }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        context.channel.setOption(ChannelOptions.autoRead, value: context.channel.isWritable).whenFailure { _ in }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .inputClosed = event as? ChannelEvent {
            // The decoder has passed on the last unterminated line by now: it is answered too.
            deliver()
            connection.assumeIsolated { $0.inputClosed() }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        // The client is gone: what it sent last (the decoder passes leftovers on when the
        // channel closes) has nobody to read its answers.
        pending.removeAll()
        connection.assumeIsolated { $0.closed() }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let framing = error as? FramingError {
            pending.append(.fatal(framing.error))
        } else if let decoder = error as? ByteToMessageDecoderError, case .dataReceivedInErrorState = decoder {
            // Input after a framing error is dropped; the connection closes once the error
            // is answered.
        } else {
            context.close(promise: nil)
        }
    }
}
