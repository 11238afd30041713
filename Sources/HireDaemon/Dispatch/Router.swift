import Foundation
import HireCore
import HireRPC
import Logging
import Synchronization

/// What a handler knows about the call it serves: who asks, and the ports of what they may
/// touch (their vault's stores, the files they may read and write). Nothing daemon-wide.
package struct RequestContext: Sendable {
    package let method: String
    package let peer: PeerCredentials
    package let logger: Logger
    /// Reports progress as `$/progress` when the caller sent a `progressToken`; otherwise
    /// reports go nowhere. Throttled to the configured interval.
    package let progress: ProgressReporter
    /// The connection's session when the call started (checked by the router for methods
    /// that need one).
    package let session: SessionBinding?
    /// What the caller may read and write of the files named in params.
    let files: PeerAccess
    let slot: SessionSlot
    private let vaults: VaultRegistry

    init(
        method: String, peer: PeerCredentials, logger: Logger, progress: ProgressReporter, session: SessionBinding?, files: PeerAccess,
        slot: SessionSlot, vaults: VaultRegistry
    ) {
        self.method = method
        self.peer = peer
        self.logger = logger
        self.progress = progress
        self.session = session
        self.files = files
        self.slot = slot
        self.vaults = vaults
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

    /// The caller's unlocked vault, as the store ports services use.
    package func store() throws -> any UserStore {
        try vaults.vault(userId: try requireSession().userId)
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

    package init() {}

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
