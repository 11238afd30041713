import HireMatching
import HireRPC
import HireStorage
import Logging
import NIOPosix
import ServiceLifecycle
import UnixSignals

/// A wired daemon: its server and what it needs to run. `hired` and the tests build it the
/// same way, through `buildDaemon`.
public struct Hired: Sendable {
    public let server: RPCServer
    let maintenance: AccountMaintenance
    let lock: DataDirLock
    let logger: Logger

    /// Runs until one of `signals` arrives (or the task is cancelled), then shuts down
    /// gracefully; if that has not ended `HardStop.margin` after the grace period, the
    /// process exits anyway (see `HardStop`).
    public func run(signals: [UnixSignal] = [.sigterm, .sigint]) async throws {
        let configuration = server.configuration
        let hardStop = HardStop(
            delay: configuration.shutdownGracePeriod + HardStop.margin,
            socketToRemove: configuration.inheritedSocket == nil ? configuration.socketPath : nil, logger: logger,
            closeStores: { [maintenance] in maintenance.accounts.vaults.lockAll() })
        hardStop.watch(signals.map(\.rawValue))
        defer { hardStop.finish() }
        // The skills taxonomy is built at first use (a tenth of a second of CPU): built now, in
        // the background, the first resume or job description read does not wait for it.
        Task.detached(priority: .utility) { _ = Taxonomy.builtin }
        try await serviceGroup(signals: signals).run()
        EncryptedDatabase.forgetAllKeys()
        withExtendedLifetime(lock) {}
    }

    /// The service group, for callers that trigger shutdown themselves (tests).
    package func serviceGroup(signals: [UnixSignal]) -> ServiceGroup {
        // Services stop in reverse order: the server first (its requests end or are
        // cancelled), then maintenance, which locks the vaults, never while a request writes.
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: maintenance), .init(service: server)], gracefulShutdownSignals: signals, logger: logger)
        configuration.maximumGracefulShutdownDuration = server.configuration.shutdownGracePeriod + .seconds(5)
        return ServiceGroup(configuration: configuration)
    }
}

/// Wires a daemon: takes the data-dir lock (failing at once if another daemon holds it),
/// registers every catalogue method plus any `extraMethods` (tests add their own).
package func buildDaemon(
    configuration: DaemonConfiguration, logger: Logger,
    extraMethods: (inout Router) -> Void = { _ in }
) throws -> Hired {
    let lock = try DataDirLock(dataDir: configuration.dataDir, socketPath: configuration.socketPath)
    var environment: [String: String] = [:]
    environment["CREDENTIALS_DIRECTORY"] = configuration.credentialsDirectory
    let machineKey = try MachineKey.load(
        dataDir: configuration.dataDir, explicitFile: configuration.machineKeyFile, environment: environment)
    let accounts = try AccountService.open(
        dataDir: configuration.dataDir, machineKey: machineKey, settings: configuration.accounts, logger: logger)
    var router = Router()
    router.registerDaemonMethods()
    router.registerAuthMethods()
    router.registerBoardMethods()
    router.registerHistoryMethods()
    router.registerMatchingMethods()
    router.registerOriginalMethods()
    extraMethods(&router)
    let state = DaemonState(configuration: configuration, methods: router.methods, accounts: accounts)
    let server = RPCServer(
        configuration: configuration, router: router, state: state, logger: logger,
        group: MultiThreadedEventLoopGroup.singleton)
    return Hired(server: server, maintenance: AccountMaintenance(accounts: accounts), lock: lock, logger: logger)
}

/// Every minute: expired sessions are deleted and idle vaults locked. At shutdown every
/// vault is locked (checkpointed and closed), which wipes its keys, and system.db is
/// checkpointed: a clean stop leaves no log to recover.
struct AccountMaintenance: Service {
    let accounts: AccountService

    func run() async throws {
        let interval = min(Duration.seconds(60), accounts.settings.vaultIdleLock / 2)
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            guard !Task.isShuttingDownGracefully, !Task.isCancelled else { break }
            await accounts.sweep()
        }
        accounts.vaults.lockAll()
        await accounts.checkpoint()
    }
}
