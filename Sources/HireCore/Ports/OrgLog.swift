import Foundation

// The seam organisations sync through (issue 17). An org's shared data (its board, postings,
// pipeline, interviews, shared resumes) lives in each member's vault; what travels between
// members is an append-only log of opaque entries, each a change set signed by its author and
// encrypted under the org's key of its epoch. The transport only orders and stores bytes: it
// never sees a key, cannot forge an entry (signatures), cannot read one (AEAD), and cannot add a
// member (a join needs an invitation sealed by an existing member, itself an entry in the log).
// Two implementations: `system.db` for the users of one machine, PostgreSQL (HireExchange) for
// agencies on many machines. Both are real stores; the sync engine above them is the same.

/// How other accounts know a user across machines: what they are called and the public keys to
/// seal to them (X25519) and to check what they signed (Ed25519).
public struct PublishedIdentity: Sendable, Equatable {
    public var userId: String
    public var displayName: String
    /// X25519 public key (`crypto_box_seal`).
    public var boxPublicKey: Data
    /// Ed25519 public key (`crypto_sign_detached`).
    public var signPublicKey: Data

    public init(userId: String, displayName: String, boxPublicKey: Data, signPublicKey: Data) {
        self.userId = userId
        self.displayName = displayName
        self.boxPublicKey = boxPublicKey
        self.signPublicKey = signPublicKey
    }
}

/// One entry of an org's log: the sequence number the transport gave it (strictly increasing
/// per org, starting at 1) and the author's opaque bytes.
public struct OrgLogEntry: Sendable, Equatable {
    public var orgId: String
    public var seq: Int64
    public var body: Data

    public init(orgId: String, seq: Int64, body: Data) {
        self.orgId = orgId
        self.seq = seq
        self.body = body
    }
}

/// A compacted state of an org up to and including `upTo`, for new members to start from.
public struct OrgSnapshot: Sendable, Equatable {
    public var orgId: String
    public var upTo: Int64
    public var body: Data

    public init(orgId: String, upTo: Int64, body: Data) {
        self.orgId = orgId
        self.upTo = upTo
        self.body = body
    }
}

/// An invitation waiting for its code: found by the code's hash, used once, until it expires.
public struct OrgInvitation: Sendable, Equatable {
    public var orgId: String
    /// Opaque to the transport: sealed/encrypted by the inviting member under a key derived from
    /// the code, so only who holds the code can open it.
    public var sealed: Data
    public var expiresAt: Date

    public init(orgId: String, sealed: Data, expiresAt: Date) {
        self.orgId = orgId
        self.sealed = sealed
        self.expiresAt = expiresAt
    }
}

/// Where org logs, the identity directory, invitations and snapshots are kept.
public protocol OrgLog: Sendable {
    /// Publishes (or replaces) a user's identity.
    func publish(_ identity: PublishedIdentity) async throws
    /// The identity published for `userId`, or nil.
    func identity(userId: String) async throws -> PublishedIdentity?

    /// Appends `bodies` to `orgId`'s log in one transaction, in order; returns their sequence
    /// numbers. Wakes whoever waits on `orgId` (see ``changes()``).
    func append(orgId: String, bodies: [Data]) async throws -> [Int64]
    /// Entries of `orgId` with `seq > after`, in order, at most `limit`.
    func entries(orgId: String, after: Int64, limit: Int) async throws -> [OrgLogEntry]

    /// Stores an invitation under the hash of its code.
    func putInvitation(codeHash: Data, _ invitation: OrgInvitation) async throws
    /// Takes (deletes and returns) the invitation with this code hash, if it has not expired at
    /// `now`; nil when there is none or it expired. Two takers of one code: one gets it.
    func takeInvitation(codeHash: Data, now: Date) async throws -> OrgInvitation?

    /// Stores a snapshot of `orgId` (replacing older ones).
    func putSnapshot(_ snapshot: OrgSnapshot) async throws
    /// The newest snapshot of `orgId`, or nil.
    func latestSnapshot(orgId: String) async throws -> OrgSnapshot?

    /// Ids of orgs whose log grew, as they grow (in this process, or on any machine through
    /// `LISTEN/NOTIFY`): a wake-up, not a delivery — readers then call ``entries(orgId:after:limit:)``.
    func changes() -> AsyncStream<String>
}
