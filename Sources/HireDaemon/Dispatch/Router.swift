import Foundation
import HireCore
import HireRPC
import Logging
import NIOCore
import Synchronization

/// What a handler knows about the call it serves: who asks, and the ports of what they may
/// touch (their vault's stores, the files they may read and write). Nothing daemon-wide.
package struct RequestContext: Sendable {
    package let method: String
    package let peer: PeerCredentials
    package let logger: Logger
    /// Reports progress as `$/progress` when the caller sent a `progressToken`; otherwise
    /// reports go nowhere. Throttled to the configured interval.
    package private(set) var progress: ProgressReporter
    /// The connection's session when the call started (checked by the router for methods
    /// that need one).
    package let session: SessionBinding?
    /// What the caller may read and write of the files named in params.
    let files: PeerAccess
    let slot: SessionSlot
    /// The connection the call came on, for what outlives the reply (event subscriptions).
    let connection: ConnectionLink
    private let vaults: VaultRegistry
    /// In a background run: the vault the run holds open, and the run's id.
    private var background: (hold: VaultHold, runId: String)?

    init(
        method: String, peer: PeerCredentials, logger: Logger, progress: ProgressReporter, session: SessionBinding?, files: PeerAccess,
        slot: SessionSlot, connection: ConnectionLink, vaults: VaultRegistry
    ) {
        self.method = method
        self.peer = peer
        self.logger = logger
        self.progress = progress
        self.session = session
        self.files = files
        self.slot = slot
        self.connection = connection
        self.vaults = vaults
    }

    /// The id under which the work records its run: the background run's, else a new one.
    package var runId: String { background?.runId ?? UUID().uuidString.lowercased() }

    /// Keeps the caller's vault open for a background run (`vaultLocked` if it is not open).
    func holdVault() throws -> VaultHold {
        try vaults.hold(userId: try requireSession().userId)
    }

    /// Keeps the caller's vault open while the call runs (nil without a session or an open
    /// vault, and in a background run, which holds it already).
    func holdForRequest() -> VaultHold? {
        guard background == nil, let session else { return nil }
        return try? vaults.hold(userId: session.userId, request: true)
    }

    /// The same call, as a background run goes on with it: on the vault the run holds,
    /// reporting progress to the run.
    func backgrounded(hold: VaultHold, runId: String, progress: ProgressReporter) -> RequestContext {
        var context = self
        context.background = (hold, runId)
        context.progress = progress
        return context
    }

    /// The session, for methods whose access requires one (the router has checked it).
    package func requireSession() throws(RPCError) -> SessionBinding {
        guard let session else { throw RPCError(.notAuthenticated) }
        return session
    }

    /// The signed-in user's id.
    package func userId() throws(RPCError) -> String { try requireSession().userId }

    /// Binds the connection to a session (login, attach) or unbinds it (logout).
    func bind(_ binding: SessionBinding?) { slot.set(binding) }

    /// The caller's unlocked vault, as the store ports services use (in a background run, the
    /// vault the run holds).
    package func store() throws -> any UserStore {
        if let background { return background.hold.store }
        return try vaults.vault(userId: try requireSession().userId)
    }
}

/// A service that owns a noun (the board, jobs, resumes, …): it is built with the ports it
/// needs and registers its own methods on the router, the way grpc-swift-2's
/// `RegistrableRPCService` does. Its `+Methods.swift` file holds those handlers: the one place
/// where the noun's params are read and its values become wire views.
package protocol RegistrableService: Sendable {
    func registerMethods(with router: inout Router)
}

/// A connection's session, shared between the connection and the handlers it runs.
final class SessionSlot: Sendable {
    private let binding = Mutex<SessionBinding?>(nil)
    private let state: DaemonState

    init(state: DaemonState) { self.state = state }

    var current: SessionBinding? { binding.withLock { $0 } }

    func set(_ new: SessionBinding?) {
        let old = binding.withLock { value in
            defer { value = new }
            return value
        }
        if old == nil, new != nil { state.boundSessions.add(1, ordering: .relaxed) }
        if old != nil, new == nil { state.boundSessions.subtract(1, ordering: .relaxed) }
    }
}

/// What a handler may do with its connection beyond answering it: send notifications, and
/// tie something to the connection's life (an event subscription) that ends when it closes.
final class ConnectionLink: Sendable {
    /// Tells this connection from every other.
    let id = UUID()
    private let channel: any Channel
    /// What to do when the connection closes, by name; nil once it has closed.
    private let endings = Mutex<[String: @Sendable () -> Void]?>([:])

    init(channel: any Channel) { self.channel = channel }

    /// Sends a notification (`method` with these params, JSON) at once.
    func notify(_ method: String, params: [UInt8]) {
        channel.writeAndFlush(ByteBuffer(bytes: RPCResponse.notification(method: method, params: params)), promise: nil)
    }

    /// Runs `body` when the connection closes, in place of an earlier body of the same name; at
    /// once (false) if it has closed already. While a body waits, the connection is not idle.
    @discardableResult
    func onClose(_ name: String, _ body: @escaping @Sendable () -> Void) -> Bool {
        let added = endings.withLock { endings in
            guard endings != nil else { return false }
            endings?[name] = body
            return true
        }
        if !added { body() }
        return added
    }

    /// Forgets the body of this name without running it.
    func forgetOnClose(_ name: String) { endings.withLock { _ = $0?.removeValue(forKey: name) } }

    /// True while something is tied to the connection: it is then not closed for being idle.
    var keepsOpen: Bool { endings.withLock { !($0?.isEmpty ?? true) } }

    /// The connection has closed: runs every body once.
    func closed() {
        let bodies = endings.withLock { endings in
            defer { endings = nil }
            return endings.map { Array($0.values) } ?? []
        }
        for body in bodies { body() }
    }
}

/// Method name → typed handler. Built once before serving, read-only afterwards.
package struct Router: Sendable {
    /// How a handler runs.
    enum Run: Sendable {
        /// Cheap, non-blocking work answered on the connection's event loop without a task hop.
        case inline(@Sendable (RPCRequest, RequestContext) throws -> [UInt8])
        /// Everything else: runs as its own task, concurrently with the connection's other requests.
        case async(@Sendable (RPCRequest, RequestContext) async throws -> [UInt8])
    }

    struct Entry: Sendable {
        let info: MethodInfo
        let run: Run
    }

    private(set) var entries: [String: Entry] = [:]
    /// Where methods registered with `background:` queue their background runs.
    let runs: RunQueue?

    /// A router; `runs` is needed to register methods that may run in the background.
    package init(runs: RunQueue? = nil) { self.runs = runs }

    /// Registers a handler that must not block or await: it answers on the event loop.
    package mutating func register<M: RPCMethod>(
        _ method: M.Type, inline handler: @escaping @Sendable (M.Params, RequestContext) throws -> M.Result
    ) {
        let info = MethodInfo(method)
        add(info, .inline { request, context in
            let params = try RPCCoding.decodeParams(
                M.Params.self, for: info, from: request.params, positional: request.paramsAreArray)
            return try RPCCoding.encode(try handler(params, context))
        })
    }

    /// Registers a handler that runs as its own task.
    package mutating func register<M: RPCMethod>(
        _ method: M.Type, _ handler: @escaping @Sendable (M.Params, RequestContext) async throws -> M.Result
    ) {
        let info = MethodInfo(method)
        add(info, .async { request, context in
            let params = try RPCCoding.decodeParams(
                M.Params.self, for: info, from: request.params, positional: request.paramsAreArray)
            return try RPCCoding.encode(try await handler(params, context))
        })
    }

    /// Registers a long method that may go on in the background: called with `background: true`
    /// it is queued as a run (see `RunQueue`) and answers `{runId}` at once; otherwise it runs
    /// in the request. Either way `handler` records its run under `context.runId`.
    package mutating func register<M: RPCMethod>(
        _ method: M.Type, background handler: @escaping @Sendable (M.Params, RequestContext) async throws -> M.Result
    ) where M.Params: BackgroundParams {
        guard let runs else { preconditionFailure("\(M.descriptor.name): a router for background runs is made with a RunQueue") }
        let info = MethodInfo(method)
        add(info, .async { request, context in
            let params = try RPCCoding.decodeParams(
                M.Params.self, for: info, from: request.params, positional: request.paramsAreArray)
            guard params.background == true else { return try RPCCoding.encode(try await handler(params, context)) }
            let runId = try await runs.start(kind: info.name, context: context) { context in
                JSONValue(encoding: try await handler(params, context))
            }
            return try RPCCoding.encode(BackgroundStart(runId: runId))
        })
    }

    private mutating func add(_ info: MethodInfo, _ run: Run) {
        precondition(entries[info.name] == nil, "\(info.name) is registered twice")
        precondition(
            !info.name.hasPrefix("rpc.") || Catalogue.method(info.name) != nil,
            "\(info.name): names starting with rpc. are reserved")
        entries[info.name] = Entry(info: info, run: run)
    }

    func entry(_ name: String) -> Entry? { entries[name] }

    /// Every registered method, by name.
    package var methods: [MethodInfo] { entries.values.map(\.info).sorted { $0.name < $1.name } }
}

/// The one place where any error becomes a wire error. Domain errors (HireCore) carry their
/// code and message through `RPCErrorConvertible` (HireRPC). Unknown errors are logged in
/// full and sent as a bare "Internal error".
func wireError(_ error: any Error, method: String, logger: Logger) -> RPCError {
    switch error {
    case let error as RPCError: return error
    case let error as any RPCErrorConvertible: return error.rpcError
    case is CancellationError: return RPCError(.requestCancelled)
    case StorageError.corrupt(let path, let detail):
        logger.error("stored data is damaged", metadata: ["rpc.method": "\(method)", "file": "\(path)", "error": "\(detail)"])
        return storageDamaged(path: path, detail: detail)
    // Work stopped by a cancel fails in its own way (SQLite interrupted, a read cut short):
    // it is still a cancellation, not an internal error.
    case _ where Task.isCancelled: return RPCError(.requestCancelled)
    default:
        logger.error("internal error", metadata: ["rpc.method": "\(method)", "error": "\(String(reflecting: error))"])
        return RPCError(.internalError)
    }
}

/// The reply for damage found in a store: which store, what failed, and what to do.
func storageDamaged(path: String, detail: String) -> RPCError {
    let store = path.contains("/vault/") || path.contains("/blobs/") ? "the vault" : "the daemon's system store"
    return RPCError(
        .storageDamaged, "\(store) is damaged: \(detail); restore it from a backup",
        data: ["file": .string(URL(fileURLWithPath: path).lastPathComponent)])
}
