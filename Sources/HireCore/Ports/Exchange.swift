import Foundation

// The one seam for what crosses accounts: postings every user reads, the sealed inbox through
// which users send each other data, and the directory of who can be sent to. Today it is
// `system.db` on this machine (HireStorage's `SystemStore`); the same port on PostgreSQL serves
// recruiters and candidates on many machines. So nothing that uses it may assume that the
// other party is logged in, that their vault is open, or that it lives in this process: what
// one user gives another is sealed to the other's public key and waits in the inbox until
// their own vault opens it.

/// A user as others may know them: enough to show their name and to seal to them.
public struct Member: Sendable, Equatable {
    public var id: String
    public var displayName: String
    public var role: Role
    /// The X25519 public key sealed messages to them are sealed with; nil until their first
    /// login since keys were made.
    public var publicKey: Data?

    public init(id: String, displayName: String, role: Role, publicKey: Data?) {
        self.id = id
        self.displayName = displayName
        self.role = role
        self.publicKey = publicKey
    }
}

/// A sealed message waiting for its recipient. Only `sealed` carries content (its kind
/// included), and only the recipient's secret key opens it.
public struct InboxMessage: Sendable, Equatable {
    public var id: String
    public var recipientId: String
    /// `crypto_box_seal` to the recipient's public key.
    public var sealed: Data
    public var createdAt: Date

    public init(id: String, recipientId: String, sealed: Data, createdAt: Date) {
        self.id = id
        self.recipientId = recipientId
        self.sealed = sealed
        self.createdAt = createdAt
    }
}

/// The inbox of an org (docs/orgs.md, "Postings and applications"): applications to the org's
/// postings are sealed to the org's key and left for recipient `org:<orgId>`; every editor's
/// daemon takes them into the org's log. A message left there wakes the org's members as a
/// change to its log does (``OrgLog/changes()``).
public enum OrgInbox {
    public static func recipient(orgId: String) -> String { prefix + orgId }

    /// The org whose inbox `recipientId` is, or nil for a user's.
    public static func orgId(ofRecipient recipientId: String) -> String? {
        recipientId.hasPrefix(prefix) ? String(recipientId.dropFirst(prefix.count)) : nil
    }

    static let prefix = "org:"
}

/// Postings, the sealed inbox and the member directory, shared by every user of a daemon.
public protocol Exchange: Sendable {
    /// The user with this id, or nil.
    func member(id: String) async throws -> Member?

    /// Stores a new posting.
    func insertPosting(_ posting: Posting) async throws
    /// The posting with this id, or nil.
    func posting(id: String) async throws -> Posting?
    /// Writes a posting's fields as given (its id unchanged).
    func updatePosting(_ posting: Posting) async throws
    /// Deletes a posting; false when there was none.
    func deletePosting(id: String) async throws -> Bool
    /// A page of postings passing `query` at `now`, in its order, from `offset`.
    func postings(_ query: PostingQuery, now: Date, offset: Int, limit: Int) async throws -> [Posting]

    /// Leaves a sealed message for its recipient.
    func putMessage(_ message: InboxMessage) async throws
    /// The oldest messages waiting for `recipientId`, oldest first: at most `limit`, and no
    /// more than `maxBytes` of sealed bytes together (the first always, however large).
    func messages(to recipientId: String, limit: Int, maxBytes: Int) async throws -> [InboxMessage]
    /// Deletes delivered messages of `recipientId` (unknown ids are ignored).
    func deleteMessages(ids: [String], to recipientId: String) async throws
}

/// Why a message could not be sent through the ``Exchange``.
public enum ExchangeError: Error, Equatable {
    /// The recipient has no public key yet (they have not logged in since keys were made).
    case recipientHasNoKey(String)
}

extension Exchange {
    /// The oldest `limit` messages waiting for `recipientId`, at most 64 MiB of them.
    public func messages(to recipientId: String, limit: Int) async throws -> [InboxMessage] {
        try await messages(to: recipientId, limit: limit, maxBytes: 64 << 20)
    }
}
