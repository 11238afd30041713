import Foundation
import HireRPC
import Synchronization

/// What the daemon knows about itself at run time: for `daemon.status` and `rpc.discover`.
public final class DaemonState: Sendable {
    public let configuration: DaemonConfiguration
    let startedAt = ContinuousClock.now
    /// The OpenRPC document of every registered method, built once.
    let discovery: JSONValue
    private let openConnections = Atomic<Int>(0)
    /// Connections bound to a session.
    let boundSessions = Atomic<Int>(0)
    /// Accounts, sessions and the unlocked vaults.
    public let accounts: AccountService
    /// The board in each recruiter's vault.
    let board = BoardService()
    /// Each user's matching corpora, kept in memory and in step with the vault.
    let matching = MatchService()
    /// The daemon's own files, which no request may read or write.
    let ownFiles: PeerAccess.OwnFiles

    init(configuration: DaemonConfiguration, methods: [MethodInfo], accounts: AccountService) {
        self.configuration = configuration
        self.ownFiles = PeerAccess.OwnFiles(configuration: configuration)
        self.discovery = OpenRPC.document(methods: methods)
        self.accounts = accounts
        // What the in-memory indexes hold came from a vault: it goes when the vault locks.
        accounts.vaults.whenLocked { [board, matching] userId in
            board.invalidateIndex(userId: userId)
            matching.forget(userId: userId)
        }
    }

    /// Connections open now.
    public var connections: Int { openConnections.load(ordering: .relaxed) }

    /// Counts a new connection unless the limit is reached.
    func admitConnection() -> Bool {
        let limit = configuration.limits.maxConnections
        while true {
            let current = openConnections.load(ordering: .relaxed)
            guard current < limit else { return false }
            if openConnections.compareExchange(expected: current, desired: current + 1, ordering: .relaxed).exchanged {
                return true
            }
        }
    }

    func releaseConnection() {
        openConnections.subtract(1, ordering: .relaxed)
    }

    var uptimeSeconds: Double {
        let elapsed = ContinuousClock.now - startedAt
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
