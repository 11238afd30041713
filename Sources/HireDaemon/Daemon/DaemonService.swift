import Foundation
import HireRPC
import Synchronization

/// `rpc.discover`, `daemon.ping`, `daemon.status`: the daemon describing itself.
struct DaemonService: RegistrableService {
    let state: DaemonState

    /// Registers the daemon's methods. Register this service last: `rpc.discover` describes
    /// every method registered before it, and itself.
    func registerMethods(with router: inout Router) {
        router.register(Daemon.Ping.self, inline: { _, _ in Empty() })
        router.register(Daemon.Status.self, inline: { [state] _, _ in
            Daemon.Status.Result(
                version: Catalogue.version, pid: ProcessInfo.processInfo.processIdentifier,
                mode: state.configuration.mode, uptimeSeconds: state.uptimeSeconds,
                socket: state.configuration.socketPath, dataDir: state.configuration.dataDir,
                connections: state.connections, sessions: state.boundSessions.load(ordering: .relaxed))
        })
        let discovery = OpenRPC.document(methods: router.methods + [MethodInfo(RPC.Discover.self)])
        router.register(RPC.Discover.self, inline: { _, _ in discovery })
    }
}
