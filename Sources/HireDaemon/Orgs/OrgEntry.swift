import Foundation
import HireCore
import HireCrypto

// The bytes an org's log carries (docs/orgs.md, "Entry format"). A body is
// `"HOE1" ‖ u32 length ‖ signed ‖ signature`: `signed` is the JSON of an ``OrgEnvelope`` (sorted
// keys), `signature` its author's Ed25519 signature. Readers check the signature over the bytes
// as they arrived, never over a re-encoding, so no canonical form needs agreeing on.

/// What a member may do in an org. Admins manage members (invite, remove) and edit; recruiters
/// edit the shared data; viewers read it.
public enum OrgRole: String, Codable, Sendable, CaseIterable {
    case admin, recruiter, viewer

    /// Whether change sets of this role are applied.
    var edits: Bool { self != .viewer }
}

/// A hybrid logical clock reading: wall-clock milliseconds, a counter for events within one
/// millisecond (or a clock that went back), and the author as the last tie-break. Ordered, so
/// the last writer of a field is the same on every replica.
struct HLC: Codable, Sendable, Comparable {
    var millis: Int64
    var logical: Int32

    /// Sorts as the clock does (fixed width), for storing beside a field.
    var text: String {
        let millisText = String(millis)
        let logicalText = String(logical)
        return String(repeating: "0", count: max(0, 15 - millisText.count)) + millisText + "."
            + String(repeating: "0", count: max(0, 9 - logicalText.count)) + logicalText
    }

    static func < (a: HLC, b: HLC) -> Bool { (a.millis, a.logical) < (b.millis, b.logical) }

    /// The reading for a local event after `self`, at wall time `now`.
    func tick(now: Date) -> HLC {
        let wall = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        return wall > millis ? HLC(millis: wall, logical: 0) : HLC(millis: millis, logical: logical + 1)
    }

    /// The clock after seeing `remote`: never behind anything it has seen.
    func merged(with remote: HLC) -> HLC { max(self, remote) }
}

/// One field of one shared record set (or cleared, `value == nil`). Deleting a record is
/// setting its `_deleted` field to "true".
struct OrgOp: Codable, Sendable, Equatable {
    var table: String
    var recordId: String
    var field: String
    var value: String?
}

/// What an author changed at one clock reading: the plaintext of a change entry.
struct OrgChangeSet: Codable, Sendable {
    var hlc: HLC
    var ops: [OrgOp]
}

/// A membership step, in the clear inside its signed entry: everyone (the server too) sees who
/// is in the org; only members can read what the org shares.
struct OrgMembership: Codable, Sendable {
    enum Action: String, Codable, Sendable { case create, invite, join, remove, leave, rotate }

    var action: Action
    /// Who joins, is removed or leaves; the creator for `create`.
    var subject: String?
    var role: OrgRole?
    /// The subject's keys as the entry pins them (`create`, `join`): later entries are checked
    /// against these, never against what the server's directory says now.
    var signPublicKey: Data?
    var boxPublicKey: Data?
    var displayName: String?
    /// `invite`: the invitation's id and the public key derived from its code; `join`: which
    /// invitation, and that key's signature proving the joiner holds the code.
    var inviteId: String?
    var invitePublicKey: Data?
    var inviteSignature: Data?
    /// `create`, `remove`, `rotate`: the new epoch's key sealed to each remaining member.
    var sealedKeys: [String: Data]?
}

/// The signed part of an entry or a snapshot.
struct OrgEnvelope: Codable, Sendable {
    enum Kind: String, Codable, Sendable { case membership, change, snapshot }

    var version = 1
    var kind: Kind
    var orgId: String
    var author: String
    /// Strictly increasing per author in an org: a replayed or reordered entry of one author
    /// arrives with a counter not above the last one applied, and is rejected.
    var counter: Int64
    var epoch: Int64
    var membership: OrgMembership?
    /// `change` and `snapshot`: XChaCha20-Poly1305 under the epoch's key; the associated data
    /// binds kind, org, epoch, author and counter (or `upTo`), so the ciphertext cannot move.
    var nonce: Data?
    var ciphertext: Data?
    /// `snapshot`: the last seq it covers.
    var upTo: Int64?

    func associatedData() -> [UInt8] {
        Array(["hired-org", kind.rawValue, orgId, String(epoch), author, String(counter), String(upTo ?? 0)].joined(separator: "\u{0}").utf8)
    }
}

/// Why an entry was rejected: recorded in the reader's vault and shown by `orgs.status`.
enum OrgRejection: Error, Equatable {
    case malformed
    case badSignature
    case notAMember(String)
    case notAllowed(String)
    case replayed(author: String, counter: Int64)
    case unknownEpoch(Int64)
    case undecryptable
    case invalidMembership(String)

    var reason: String {
        switch self {
        case .malformed: "malformed entry"
        case .badSignature: "signature does not verify"
        case .notAMember(let user): "author \(user) is not a member"
        case .notAllowed(let what): "not allowed: \(what)"
        case .replayed(let author, let counter): "replayed or reordered: counter \(counter) of \(author) is not above the last applied"
        case .unknownEpoch(let epoch): "unknown epoch \(epoch)"
        case .undecryptable: "AEAD tag does not verify"
        case .invalidMembership(let what): "invalid membership change: \(what)"
        }
    }
}

enum OrgCodec {
    private static let magic = Array("HOE1".utf8)

    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try! encoder.encode(value))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: some Collection<UInt8>) throws(OrgRejection) -> T {
        guard let value = try? JSONDecoder().decode(type, from: Data(bytes)) else { throw .malformed }
        return value
    }

    /// Signs `envelope` through a vault (the signing key never leaves it) into a body.
    static func seal(_ envelope: OrgEnvelope, vault: any OrgReplicaStore) -> Data {
        let signed = encode(envelope)
        return frame(signed, signature: vault.sign(signed))
    }

    private static func frame(_ signed: [UInt8], signature: [UInt8]) -> Data {
        var body = magic
        let length = UInt32(signed.count)
        body += [UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff)]
        return Data(body + signed + signature)
    }

    /// The envelope of a body and the check of its signature, to run with the author's pinned key.
    static func open(_ body: Data) throws(OrgRejection) -> (envelope: OrgEnvelope, verify: @Sendable (Data) -> Bool) {
        let bytes = Array(body)
        guard bytes.count > 8 + Signing.signatureBytes, Array(bytes[0..<4]) == magic else { throw .malformed }
        let length = Int(bytes[4]) << 24 | Int(bytes[5]) << 16 | Int(bytes[6]) << 8 | Int(bytes[7])
        guard bytes.count == 8 + length + Signing.signatureBytes else { throw .malformed }
        let signed = Array(bytes[8..<(8 + length)])
        let signature = Array(bytes[(8 + length)...])
        let envelope = try decode(OrgEnvelope.self, signed)
        guard envelope.version == 1 else { throw .malformed }
        return (envelope, { key in Signing.verify(signature, of: signed, publicKey: Array(key)) })
    }

    /// Encrypts `plaintext` into `envelope` under `key`.
    static func encrypt(_ plaintext: [UInt8], into envelope: inout OrgEnvelope, key: SecureBytes) {
        let sealed = plaintext.withUnsafeBytes { AEAD.seal($0, key: key, associatedData: envelope.associatedData()) }
        envelope.nonce = Data(sealed.nonce)
        envelope.ciphertext = Data(sealed.ciphertext)
    }

    static func decrypt(_ envelope: OrgEnvelope, key: SecureBytes) throws(OrgRejection) -> [UInt8] {
        guard let nonce = envelope.nonce, let ciphertext = envelope.ciphertext else { throw .malformed }
        do {
            return try AEAD.open(Array(ciphertext), nonce: Array(nonce), key: key, associatedData: envelope.associatedData()).exposedBytes
        } catch {
            throw .undecryptable
        }
    }
}
