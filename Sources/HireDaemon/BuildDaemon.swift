import HireRPC
import Logging
import NIOPosix
import ServiceLifecycle
import UnixSignals

/// A wired daemon: its server and what it needs to run. `hired` and the tests build it the
/// same way, through `buildDaemon`.
public struct Hired: Sendable {
    public let server: RPCServer
    let lock: DataDirLock
    let logger: Logger

    /// Runs until one of `signals` arrives (or the task is cancelled), then shuts down gracefully.
    public func run(signals: [UnixSignal] = [.sigterm, .sigint]) async throws {
        try await serviceGroup(signals: signals).run()
        withExtendedLifetime(lock) {}
    }

    /// The service group, for callers that trigger shutdown themselves (tests).
    public func serviceGroup(signals: [UnixSignal]) -> ServiceGroup {
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: server)], gracefulShutdownSignals: signals, logger: logger)
        configuration.maximumGracefulShutdownDuration = server.configuration.shutdownGracePeriod + .seconds(5)
        return ServiceGroup(configuration: configuration)
    }
}

/// Wires a daemon: takes the data-dir lock (failing at once if another daemon holds it),
/// registers every catalogue method plus any `extraMethods` (tests add their own).
public func buildDaemon(
    configuration: DaemonConfiguration, logger: Logger,
    extraMethods: (inout Router) -> Void = { _ in }
) throws -> Hired {
    let lock = try DataDirLock(dataDir: configuration.dataDir, socketPath: configuration.socketPath)
    var router = Router()
    router.registerDaemonMethods()
    extraMethods(&router)
    let state = DaemonState(configuration: configuration, methods: router.methods)
    let server = RPCServer(
        configuration: configuration, router: router, state: state, logger: logger,
        group: MultiThreadedEventLoopGroup.singleton)
    return Hired(server: server, lock: lock, logger: logger)
}
