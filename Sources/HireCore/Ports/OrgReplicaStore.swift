import Foundation

// A member's replicas of their orgs, kept in their vault (HireStorage's `VaultStore+Orgs`),
// and the signing key that vouches for what they write to an org's log. The sync engine above
// it (HireDaemon's `OrgSync`) owns the replica's state document; this port stores it, the
// shared records as last-writer-wins fields, and the queues.

/// One field of a shared record, with the clock reading and author that last wrote it.
public struct OrgFieldRecord: Codable, Sendable, Equatable {
    public var table: String
    public var recordId: String
    public var field: String
    /// nil: cleared.
    public var value: String?
    /// The writer's hybrid logical clock reading, as fixed-width text that sorts as the clock.
    public var hlc: String
    public var author: String

    public init(table: String, recordId: String, field: String, value: String?, hlc: String, author: String) {
        self.table = table
        self.recordId = recordId
        self.field = field
        self.value = value
        self.hlc = hlc
        self.author = author
    }
}

/// An org's replica: the last log seq applied and the engine's state document.
public struct OrgReplicaRecord: Sendable, Equatable {
    public var orgId: String
    public var lastSeq: Int64
    public var state: Data

    public init(orgId: String, lastSeq: Int64, state: Data) {
        self.orgId = orgId
        self.lastSeq = lastSeq
        self.state = state
    }
}

/// An entry of the log this replica refused, and why.
public struct OrgRejectionRecord: Sendable, Equatable {
    public var seq: Int64
    public var reason: String
    public var at: Date

    public init(seq: Int64, reason: String, at: Date) {
        self.seq = seq
        self.reason = reason
        self.at = at
    }
}

/// Org replicas in a user's vault, and the user's Ed25519 key.
public protocol OrgReplicaStore: Sendable {
    /// The Ed25519 public key others check this user's signatures with.
    var signPublicKey: Data { get }
    /// This user's signature of `message`.
    func sign(_ message: [UInt8]) -> [UInt8]

    func orgReplicas() async throws -> [OrgReplicaRecord]
    func orgReplica(orgId: String) async throws -> OrgReplicaRecord?
    /// Starts a replica at `lastSeq` with `fields` (a snapshot's) and its first entries queued
    /// for the log, in one transaction; false, changing nothing, when there is one.
    func insertOrgReplica(orgId: String, lastSeq: Int64, state: Data, fields: [OrgFieldRecord], outbox: [Data]) async throws -> Bool
    /// Applies entry `seq` in one transaction (new state, fields merged, or the rejection
    /// recorded); false, changing nothing, when the replica is no longer at `after`.
    func applyOrgEntry(
        orgId: String, after: Int64, seq: Int64, state: Data, fields: [OrgFieldRecord], rejection: String?, at: Date
    ) async throws -> Bool
    /// A local edit: fields merged, the change set queued, the state saved, in one transaction.
    func queueOrgChange(orgId: String, state: Data, fields: [OrgFieldRecord], changeSet: Data) async throws
    /// Turns up to `limit` queued change sets into outbox entries through `build`, in one
    /// transaction; returns how many moved.
    func moveOrgPendingToOutbox(
        orgId: String, limit: Int, _ build: @escaping @Sendable (Data, [Data]) throws -> (state: Data, bodies: [Data])
    ) async throws -> Int
    /// Queues signed entries with the state they moved on.
    func addOrgOutbox(orgId: String, state: Data, bodies: [Data]) async throws
    func orgOutbox(orgId: String) async throws -> [(id: Int64, body: Data)]
    func deleteOrgOutbox(ids: [Int64]) async throws
    func updateOrgState(orgId: String, state: Data) async throws
    /// The org's fields in key order, of one table or all, of one record of it or all.
    func orgFields(orgId: String, table: String?, recordId: String?) async throws -> [OrgFieldRecord]
    /// At most `limit` of the org's fields in key order, after the key `after` (table, record
    /// id, field): all of a large org, a page at a time.
    func orgFields(orgId: String, after: OrgFieldKey?, limit: Int) async throws -> [OrgFieldRecord]
    /// Local changes not yet in the log.
    func orgPendingCount(orgId: String) async throws -> Int
    func orgRejections(orgId: String) async throws -> [OrgRejectionRecord]
}

/// Where a field sits in an org's key order.
public struct OrgFieldKey: Sendable, Equatable {
    public var table: String
    public var recordId: String
    public var field: String
    public init(table: String, recordId: String, field: String) {
        self.table = table
        self.recordId = recordId
        self.field = field
    }
}

extension OrgReplicaStore {
    /// Every field of the org, in key order.
    public func orgFields(orgId: String) async throws -> [OrgFieldRecord] { try await orgFields(orgId: orgId, table: nil, recordId: nil) }

    /// The fields of one table of the org, in key order.
    public func orgFields(orgId: String, table: String) async throws -> [OrgFieldRecord] {
        try await orgFields(orgId: orgId, table: table, recordId: nil)
    }
}
