import Foundation
import HireCrypto
import HireDaemon
import HireRPC
import Logging
import ServiceLifecycle

/// A daemon started in this process on a short temporary socket.
public struct TestDaemon: Sendable {
    /// The temporary directory that holds the socket and the data.
    public let directory: String
    public let socketPath: String
    public let dataDir: String
}

/// Makes a fresh directory under /tmp with a short name (socket paths hold 107 bytes).
public func makeTemporaryDirectory(_ prefix: String = "ht") throws -> String {
    var template = Array("/tmp/\(prefix).XXXXXX".utf8CString)
    guard let result = mkdtemp(&template) else { throw POSIXError(.EIO) }
    return String(cString: result)
}

/// Starts a real daemon through `buildDaemon`, runs `body`, then shuts the daemon down
/// gracefully and removes its directory, whatever `body` did. With a `clock`, the accounts
/// read the time from it (sessions, idle vaults, login backoff), whatever `accounts` says;
/// `configure` sets anything else (background runs, event hooks).
package func withTestDaemon<R: Sendable>(
    limits: Limits = Limits(), gracePeriod: Duration = .seconds(5), accounts: AccountSettings = .forTests,
    clock: TestClock? = nil, logger: Logger = .silent, directory: String? = nil,
    configure: (inout DaemonConfiguration) -> Void = { _ in },
    extraMethods: @escaping @Sendable (inout Router) -> Void = { TestMethods.register(&$0) },
    _ body: @Sendable (TestDaemon) async throws -> R
) async throws -> R {
    let ownDirectory = directory == nil
    let directory = try directory ?? makeTemporaryDirectory("hd")
    defer { if ownDirectory { try? FileManager.default.removeItem(atPath: directory) } }
    let daemon = TestDaemon(directory: directory, socketPath: directory + "/s", dataDir: directory + "/data")
    var configuration = DaemonConfiguration(
        socketPath: daemon.socketPath, dataDir: daemon.dataDir, limits: limits, shutdownGracePeriod: gracePeriod)
    configuration.accounts = accounts
    if let clock { configuration.accounts.clock = clock }
    configure(&configuration)
    let built = try buildDaemon(configuration: configuration, logger: logger, extraMethods: extraMethods)
    return try await withRunning(built) { try await body(daemon) }
}

/// Runs a built daemon while `body` runs; then shuts it down gracefully and waits for it.
public func withRunning<R: Sendable>(_ daemon: Hired, _ body: @Sendable () async throws -> R) async throws -> R {
    let group = daemon.serviceGroup(signals: [])
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        do {
            try await daemon.server.waitUntilListening()
            let result = try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
    }
}

extension AccountSettings {
    /// Cheap password hashing so that tests can log in many times; everything else as shipped.
    public static var forTests: AccountSettings {
        var settings = AccountSettings()
        settings.passwordKDF = Argon2Parameters(opsLimit: 1, memLimit: 8 << 20)
        return settings
    }
}

extension Logger {
    /// Drops everything: tests that do not look at logs.
    public static let silent = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
}
