import Foundation
import HireCore
import HireCrypto

// What a replica knows of an org, kept as one JSON document in the member's vault
// (`VaultStore+Orgs`). The shared part is what every replica computes from the same entries
// (and what a snapshot carries); the rest is this member's own.

/// A member as the log pinned them.
struct OrgMemberState: Codable, Sendable, Equatable {
    var role: OrgRole
    var displayName: String
    var signPublicKey: Data
    var boxPublicKey: Data
}

/// An invitation an admin announced: its code's public key, valid in one epoch, used once.
struct OrgInviteState: Codable, Sendable, Equatable {
    var role: OrgRole
    var publicKey: Data
    var epoch: Int64
}

/// The state every replica reaches after the same entries.
struct OrgSharedState: Codable, Sendable, Equatable {
    /// BLAKE2b of the `create` entry: the one a replica starting from nothing accepts.
    var genesisDigest: Data
    var epoch: Int64 = 0
    var members: [String: OrgMemberState] = [:]
    var invites: [String: OrgInviteState] = [:]
    /// The last counter applied per author.
    var counters: [String: Int64] = [:]
    /// A member left: the first admin (by id) issues a new epoch, which the leaver never gets.
    var rotationDue = false

    /// The admin whose replica rotates the key after a leave.
    var rotatingAdmin: String? { members.filter { $0.value.role == .admin }.keys.min() }
}

/// One replica: the shared state and what only this member holds.
struct OrgReplicaState: Codable, Sendable {
    var shared: OrgSharedState
    /// Epoch (decimal) → the org's data key of that epoch. Kept inside the encrypted vault.
    var keys: [String: Data]
    /// The last author counter this member used.
    var counter: Int64 = 0
    var clock = HLC(millis: 0, logical: 0)
    /// When a pull last reached the end of the log.
    var lastSyncAt: Date?
    /// This member was removed or left: nothing they write is accepted any more.
    var removed = false
    /// The epoch a rotation was queued from, so one leave queues one rotation.
    var rotationQueuedAt: Int64?

    func key(epoch: Int64) -> SecureBytes? { keys[String(epoch)].map { SecureBytes($0) } }

    func encoded() -> Data { Data(OrgCodec.encode(self)) }

    static func decode(_ data: Data) throws -> OrgReplicaState {
        do { return try OrgCodec.decode(OrgReplicaState.self, data) } catch { throw OrgError.damaged }
    }
}

/// What an invitation carries, encrypted under a key derived from its code: enough for the
/// code's holder to find, check and read the org before any member is online.
struct OrgInvitationPayload: Codable, Sendable {
    var orgId: String
    var inviteId: String
    var role: OrgRole
    var genesisDigest: Data
    /// The members when the invitation was made, with their pinned keys: who may sign a
    /// snapshot the joiner starts from.
    var members: [String: OrgMemberState]
    var keys: [String: Data]
}

/// A snapshot's plaintext: the shared state and the fields up to its seq.
struct OrgSnapshotPayload: Codable, Sendable {
    var shared: OrgSharedState
    var fields: [OrgFieldRecord]
}

/// The keys an invitation code gives: where the invitation is filed, what encrypts it, and
/// the Ed25519 pair whose signature on a join proves the code was held.
struct OrgInviteSecrets {
    static let codeBytes = 20
    let code: [UInt8]
    let lookup: Data
    let sealingKey: SecureBytes
    let signing: Signing.KeyPair

    init(code: [UInt8]) {
        self.code = code
        let master = SecureBytes(KeyedHash.digest(Array("hired-org-invite".utf8) + code))
        lookup = Data(KeyedHash.hash(Array("lookup".utf8), key: master))
        sealingKey = KDF.derive(master, id: 1, context: "hiredinv")
        signing = Signing.KeyPair(seed: KDF.derive(master, id: 2, context: "hiredinv"))
    }

    /// A fresh code: 160 random bits.
    static func random() -> OrgInviteSecrets { OrgInviteSecrets(code: Sodium.randomBytes(codeBytes)) }

    /// The code as shown: hex in groups of eight.
    var text: String {
        let hex = Array(code.hex)
        return stride(from: 0, to: hex.count, by: 8).map { String(hex[$0..<min($0 + 8, hex.count)]) }.joined(separator: "-")
    }

    /// The secrets of a code as typed (case and dashes ignored), or nil when it is not one.
    init?(text: String) {
        let hex = Array(text.lowercased().filter { $0 != "-" && !$0.isWhitespace }.utf8)
        guard hex.count == Self.codeBytes * 2 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: hex.count, by: 2) {
            guard let byte = UInt8(String(decoding: hex[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        self.init(code: bytes)
    }

    /// What the joiner signs with the code's key: the org, the invitation and the joiner's keys.
    static func joinStatement(orgId: String, inviteId: String, userId: String, signPublicKey: Data, boxPublicKey: Data) -> [UInt8] {
        Array(["hired-org-join", orgId, inviteId, userId, signPublicKey.base64EncodedString(), boxPublicKey.base64EncodedString()]
            .joined(separator: "\u{0}").utf8)
    }

    static func associatedData(orgId: String) -> [UInt8] { Array("hired-org-invitation\u{0}\(orgId)".utf8) }
}
