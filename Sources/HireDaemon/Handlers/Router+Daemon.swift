import Foundation
import HireRPC
import Synchronization

extension Router {
    /// `rpc.discover`, `daemon.ping`, `daemon.status`.
    mutating func registerDaemonMethods() {
        register(RPC.Discover.self, inline: { _, context in context.daemon.discovery })
        register(Daemon.Ping.self, inline: { _, _ in Empty() })
        register(Daemon.Status.self, inline: { _, context in
            let daemon = context.daemon
            return Daemon.Status.Result(
                version: Catalogue.version, pid: ProcessInfo.processInfo.processIdentifier,
                mode: daemon.configuration.mode, uptimeSeconds: daemon.uptimeSeconds,
                socket: daemon.configuration.socketPath, dataDir: daemon.configuration.dataDir,
                connections: daemon.connections, sessions: daemon.boundSessions.load(ordering: .relaxed))
        })
    }
}
