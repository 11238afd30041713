import Foundation

/// An exchange shared by daemons on many machines (HireExchange's PostgreSQL), where this
/// machine's `system.db` is shared by the users of one daemon. Besides postings, the sealed inbox
/// and the org logs, it must be told who the local users are (the `account` table tells
/// `system.db`), and it keeps itself connected while the daemon runs.
public protocol SharedExchange: Exchange, OrgLog {
    /// Where the exchange is, as people read it (never a password): in errors and logs.
    var location: String { get }
    /// Makes a local user known to every daemon on the exchange: their name, role and public
    /// key (at each unlock of their vault, so a key made at a login is published).
    func publishMember(_ member: Member) async throws
    /// Removes a deleted account from the exchange, as `system.db` does by cascade: who they
    /// were (so nobody seals to a key that is gone), their postings, the messages waiting for them.
    func forgetMember(id: String) async throws
    /// Keeps the exchange connected until cancelled: creates or migrates its schema, listens
    /// for wake-ups, and reconnects with backoff whenever the server goes away. Never throws:
    /// calls that need the exchange meanwhile fail with ``ExchangeUnreachable``.
    func run() async
}

/// The exchange cannot be reached now. What lives in vaults is served regardless; what needs the
/// exchange fails with this until it is back.
public struct ExchangeUnreachable: Error, Equatable, CustomStringConvertible {
    /// ``SharedExchange/location``.
    public var location: String
    /// Why, as the client library or the server said it (no password, no personal data).
    public var reason: String

    public init(location: String, reason: String) {
        self.location = location
        self.reason = reason
    }

    public var description: String { "the exchange at \(location) is unreachable: \(reason)" }
}
