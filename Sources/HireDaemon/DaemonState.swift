import Foundation
import HireRPC
import Synchronization

/// What the daemon knows about itself at run time: its configuration, its connections and
/// sessions (for the server and `daemon.status`), and the accounts whose vaults requests use.
public final class DaemonState: Sendable {
    public let configuration: DaemonConfiguration
    let startedAt = ContinuousClock.now
    /// Open connections: in all, and per peer uid.
    private let openConnections = Mutex<(total: Int, byUid: [UInt32: Int])>((0, [:]))
    /// Connections bound to a session.
    let boundSessions = Atomic<Int>(0)
    /// Accounts, sessions and the unlocked vaults: connections check their sessions here, and
    /// requests find their vault.
    public let accounts: AccountService
    /// The daemon's own files, which no request may read or write.
    let ownFiles: PeerAccess.OwnFiles

    init(configuration: DaemonConfiguration, accounts: AccountService) {
        self.configuration = configuration
        self.ownFiles = PeerAccess.OwnFiles(configuration: configuration)
        self.accounts = accounts
    }

    /// Connections open now.
    public var connections: Int { openConnections.withLock { $0.total } }

    /// Counts a new connection from `uid`, or says why it is refused (see `refusal`).
    func admitConnection(uid: UInt32) -> RPCError? {
        let limits = configuration.limits
        let reserve = configuration.mode == .system ? limits.reservedConnections : 0
        return openConnections.withLock { open in
            let held = open.byUid[uid, default: 0]
            if let refused = Self.refusal(total: open.total, held: held, limits: limits, reserve: reserve) { return refused }
            open.total += 1
            open.byUid[uid] = held + 1
            return nil
        }
    }

    func releaseConnection(uid: UInt32) {
        openConnections.withLock { open in
            open.total -= 1
            let held = open.byUid[uid, default: 1] - 1
            open.byUid[uid] = held > 0 ? held : nil
        }
    }

    /// Why a new connection from a uid that holds `held` of the `total` open connections is
    /// refused (nil: admitted): the daemon's limit, the per-uid limit, or the last `reserve`
    /// slots, which only a uid holding no connection may take.
    static func refusal(total: Int, held: Int, limits: Limits, reserve: Int) -> RPCError? {
        if total >= limits.maxConnections {
            return RPCError(
                .tooManyConnections, "the daemon already serves \(limits.maxConnections) connections",
                data: ["limit": .int(limits.maxConnections)])
        }
        if held >= limits.maxConnectionsPerUid {
            return RPCError(
                .tooManyConnections,
                "this user already has \(limits.maxConnectionsPerUid) connections open (the per-uid limit)",
                data: ["limit": .int(limits.maxConnectionsPerUid), "scope": "uid"])
        }
        if held > 0, total >= limits.maxConnections - reserve {
            return RPCError(
                .tooManyConnections,
                "the last \(reserve) of \(limits.maxConnections) connections are kept for other users",
                data: ["limit": .int(limits.maxConnections - reserve), "scope": "reserve"])
        }
        return nil
    }

    var uptimeSeconds: Double {
        let elapsed = ContinuousClock.now - startedAt
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
