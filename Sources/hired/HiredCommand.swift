import ArgumentParser
import Foundation
import HireDaemon
import HireRPC
import Logging

/// `hired`: the daemon.
@main
struct HiredCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hired",
        abstract: "Serve recruiting data, encrypted at rest, over JSON-RPC 2.0 on a Unix socket.",
        discussion: """
            User mode (default) listens on $XDG_RUNTIME_DIR/hired/rpc.sock (or /tmp/hired-<uid>/rpc.sock) \
            and keeps data in $XDG_DATA_HOME/hired; only the same user may connect. --system listens on \
            /run/hired/rpc.sock with data in /var/lib/hired for every local user. systemd socket activation \
            (LISTEN_FDS) is honoured. SIGTERM or SIGINT finishes in-flight requests and removes the socket.
            """,
        version: Catalogue.version)

    @Option(name: .long, help: ArgumentHelp("Listen on this Unix socket.", valueName: "path"))
    var socket: String?

    @Option(name: .long, help: ArgumentHelp("Keep data in this directory.", valueName: "dir"))
    var dataDir: String?

    @Flag(name: .long, help: "Machine mode: /run/hired/rpc.sock and /var/lib/hired, every local user may connect.")
    var system = false

    @Option(name: .long, help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel: Logger.Level = .info

    @Option(name: .long, help: ArgumentHelp("Seconds SIGTERM waits for in-flight requests.", valueName: "seconds"))
    var shutdownGrace: Int = 10

    func run() async throws {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "hired")
        let environment = ProcessInfo.processInfo.environment
        var configuration = DaemonConfiguration.defaults(mode: system ? .system : .user, environment: environment)
        if let socket { configuration.socketPath = socket }
        if let dataDir { configuration.dataDir = dataDir }
        configuration.shutdownGracePeriod = .seconds(shutdownGrace)
        configuration.inheritedSocket = SocketActivation.inheritedSocket(environment: environment)
        umask(0o077)
        do {
            let daemon = try buildDaemon(configuration: configuration, logger: logger)
            try await daemon.run()
        } catch let error as StartupError {
            FileHandle.standardError.write(Data("hired: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

