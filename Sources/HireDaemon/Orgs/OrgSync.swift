import Foundation
import HireCore
import HireCrypto
import Synchronization

/// A member acting on their orgs: who they are and their open vault (which holds their
/// replicas and signs for them).
struct OrgActor: Sendable {
    var userId: String
    var displayName: String
    var vault: any UserStore
}

/// The sync engine (docs/orgs.md): membership steps, local edits queued as change sets, pushes
/// of signed encrypted entries, pulls that verify and apply them. It speaks to the transport
/// only through ``OrgLog``, so `system.db` and PostgreSQL serve it alike.
final class OrgSync: Sendable {
    let log: any OrgLog
    let clock: any Clock
    /// Entries fetched, and change sets pushed, per round trip.
    let batchSize: Int
    /// One sync, edit or membership step at a time per member and org.
    private let gate = SerialGate()

    /// About how many bytes of entries a pull holds, or a push appends, at once.
    static let pullBytes = 8 << 20

    init(log: any OrgLog, clock: any Clock, batchSize: Int = 256) {
        self.log = log
        self.clock = clock
        self.batchSize = batchSize
    }

    // MARK: - Membership
    // Each step pulls first, so it is decided on the log as it stands: membership needs the
    // transport to answer, unlike edits.

    /// Creates an org with `user` as its admin; returns its id. The `create` entry pins the
    /// creator's keys and seals epoch 1's key to them; the org's name follows as a change set.
    func create(name: String, by user: OrgActor) async throws -> String {
        let orgId = UUID().uuidString.lowercased()
        let key = SecureBytes.random(AEAD.keyBytes)
        let genesis = OrgCodec.seal(
            OrgEnvelope(
                kind: .membership, orgId: orgId, author: user.userId, counter: 1, epoch: 1,
                membership: OrgMembership(
                    action: .create, subject: user.userId, role: .admin, signPublicKey: user.vault.signPublicKey,
                    boxPublicKey: user.vault.publicKey, displayName: user.displayName,
                    sealedKeys: [user.userId: Data(try SealedBox.seal(key.exposedBytes, to: Array(user.vault.publicKey)))])),
            vault: user.vault)
        var state = OrgReplicaState(shared: OrgSharedState(genesisDigest: Data(KeyedHash.digest(genesis))), keys: [:])
        state.counter = 1
        _ = try await user.vault.insertOrgReplica(orgId: orgId, lastSeq: 0, state: state.encoded(), fields: [], outbox: [genesis])
        try await sync(orgId: orgId, user: user)
        try await edit(orgId: orgId, ops: [OrgOp(table: "org", recordId: orgId, field: "name", value: name)], by: user)
        return orgId
    }

    /// An invitation for `role`: an `invite` entry announcing the code's public key, and the
    /// invitation (org keys, members, genesis digest) encrypted under the code's key, filed by
    /// the code's hash. Returns the code, which is shown once and kept nowhere.
    func invite(orgId: String, role: OrgRole, expiresAt: Date, by user: OrgActor) async throws -> String {
        let secrets = OrgInviteSecrets.random()
        let inviteId = Sodium.randomBytes(12).hex
        try await gate.run(user.userId + "/" + orgId) {
            try await self.pull(orgId: orgId, user: user)
            var state = try await self.state(orgId: orgId, user: user)
            try Self.require(state, user.userId, admin: true)
            state.counter += 1
            let body = OrgCodec.seal(
                OrgEnvelope(
                    kind: .membership, orgId: orgId, author: user.userId, counter: state.counter, epoch: state.shared.epoch,
                    membership: OrgMembership(
                        action: .invite, role: role, inviteId: inviteId, invitePublicKey: Data(secrets.signing.publicKey))),
                vault: user.vault)
            try await user.vault.addOrgOutbox(orgId: orgId, state: state.encoded(), bodies: [body])
            try await self.push(orgId: orgId, user: user)
            let payload = OrgInvitationPayload(
                orgId: orgId, inviteId: inviteId, role: role, genesisDigest: state.shared.genesisDigest, members: state.shared.members,
                keys: state.keys)
            let sealed = OrgCodec.encode(payload).withUnsafeBytes {
                AEAD.seal($0, key: secrets.sealingKey, associatedData: OrgInviteSecrets.associatedData(orgId: orgId))
            }
            try await self.log.putInvitation(
                codeHash: secrets.lookup, OrgInvitation(orgId: orgId, sealed: Data(sealed.nonce + sealed.ciphertext), expiresAt: expiresAt))
        }
        return secrets.text
    }

    /// Joins with an invitation code: takes the invitation (once), opens it with the code's
    /// key, starts from the newest snapshot a member it names signed (else from the start of
    /// the log), and appends a `join` entry signed by the user and by the code's key.
    func join(code: String, by user: OrgActor) async throws -> String {
        guard let secrets = OrgInviteSecrets(text: code),
            let invitation = try await log.takeInvitation(codeHash: secrets.lookup, now: clock.now),
            invitation.sealed.count > AEAD.nonceBytes,
            let plaintext = try? AEAD.open(
                Array(invitation.sealed.dropFirst(AEAD.nonceBytes)), nonce: Array(invitation.sealed.prefix(AEAD.nonceBytes)),
                key: secrets.sealingKey, associatedData: OrgInviteSecrets.associatedData(orgId: invitation.orgId)),
            let payload = try? OrgCodec.decode(OrgInvitationPayload.self, plaintext.exposedBytes), payload.orgId == invitation.orgId
        else { throw OrgError.invalidInvitation }
        let orgId = payload.orgId
        var state = OrgReplicaState(shared: OrgSharedState(genesisDigest: payload.genesisDigest), keys: payload.keys)
        var start: (upTo: Int64, fields: [OrgFieldRecord]) = (0, [])
        if let snapshot = try await log.latestSnapshot(orgId: orgId), let opened = Self.open(snapshot, invitation: payload) {
            state.shared = opened.shared
            start = (snapshot.upTo, opened.fields)
        }
        // The join entry is queued with the replica: if the transport fails now, the next sync
        // sends it, and the code (already taken) is not wasted.
        state.counter = (state.shared.counters[user.userId] ?? 0) + 1
        let statement = OrgInviteSecrets.joinStatement(
            orgId: orgId, inviteId: payload.inviteId, userId: user.userId, signPublicKey: user.vault.signPublicKey,
            boxPublicKey: user.vault.publicKey)
        let body = OrgCodec.seal(
            OrgEnvelope(
                kind: .membership, orgId: orgId, author: user.userId, counter: state.counter,
                epoch: payload.keys.keys.compactMap { Int64($0) }.max() ?? 1,
                membership: OrgMembership(
                    action: .join, subject: user.userId, signPublicKey: user.vault.signPublicKey, boxPublicKey: user.vault.publicKey,
                    displayName: user.displayName, inviteId: payload.inviteId, inviteSignature: Data(secrets.signing.sign(statement)))),
            vault: user.vault)
        guard
            try await user.vault.insertOrgReplica(
                orgId: orgId, lastSeq: start.upTo, state: state.encoded(), fields: start.fields, outbox: [body])
        else { throw OrgError.alreadyMember(orgId) }
        try? await sync(orgId: orgId, user: user)
        return orgId
    }

    /// Removes `subject` (admins only): a new epoch whose key is sealed to every remaining
    /// member, never to the removed one.
    func remove(orgId: String, subject: String, by user: OrgActor) async throws {
        try await gate.run(user.userId + "/" + orgId) {
            try await self.pull(orgId: orgId, user: user)
            var state = try await self.state(orgId: orgId, user: user)
            try Self.require(state, user.userId, admin: true)
            guard subject != user.userId else { throw OrgError.notAllowed("remove yourself with orgs.leave") }
            guard state.shared.members[subject] != nil else { throw OrgError.notAMember(subject) }
            var remaining = state.shared.members
            remaining[subject] = nil
            try await self.queueRotation(.remove, orgId: orgId, subject: subject, to: remaining, state: &state, user: user)
        }
        try await sync(orgId: orgId, user: user)
    }

    /// Leaves the org. The leaver cannot issue the next epoch (they would know its key): the
    /// first admin to apply the leave does.
    func leave(orgId: String, by user: OrgActor) async throws {
        try await gate.run(user.userId + "/" + orgId) {
            try await self.pull(orgId: orgId, user: user)
            var state = try await self.state(orgId: orgId, user: user)
            try Self.require(state, user.userId, admin: false)
            let admins = state.shared.members.filter { $0.value.role == .admin }.keys
            if Array(admins) == [user.userId], state.shared.members.count > 1 { throw OrgError.lastAdmin }
            state.counter += 1
            let body = OrgCodec.seal(
                OrgEnvelope(
                    kind: .membership, orgId: orgId, author: user.userId, counter: state.counter, epoch: state.shared.epoch,
                    membership: OrgMembership(action: .leave, subject: user.userId)),
                vault: user.vault)
            try await user.vault.addOrgOutbox(orgId: orgId, state: state.encoded(), bodies: [body])
        }
        try await sync(orgId: orgId, user: user)
    }

    // MARK: - Shared data

    /// A local edit of shared records: applied to the user's replica at once and queued as a
    /// change set; it goes out now if the transport answers (unless `syncing` is false: the
    /// caller syncs once after several edits), else at the next sync.
    func edit(orgId: String, ops: [OrgOp], by user: OrgActor, syncing: Bool = true) async throws {
        guard !ops.isEmpty else { return }
        try await gate.run(user.userId + "/" + orgId) {
            var state = try await self.state(orgId: orgId, user: user)
            try Self.require(state, user.userId, admin: false)
            guard state.shared.members[user.userId]?.role.edits == true else { throw OrgError.notAllowed("viewers do not edit") }
            state.clock = state.clock.tick(now: self.clock.now)
            let changeSet = OrgChangeSet(hlc: state.clock, ops: ops)
            try await user.vault.queueOrgChange(
                orgId: orgId, state: state.encoded(), fields: Self.fields(changeSet, author: user.userId),
                changeSet: Data(OrgCodec.encode(changeSet)))
        }
        if syncing { try? await sync(orgId: orgId, user: user) }
    }

    /// Compacts the user's replica into an encrypted snapshot signed by them, up to the last
    /// seq they applied; returns that seq.
    @discardableResult
    func compact(orgId: String, by user: OrgActor) async throws -> Int64 {
        try await gate.run(user.userId + "/" + orgId) {
            guard let replica = try await user.vault.orgReplica(orgId: orgId) else { throw OrgError.notFound(orgId) }
            let state = try OrgReplicaState.decode(replica.state)
            try Self.require(state, user.userId, admin: false)
            guard let key = state.key(epoch: state.shared.epoch) else { throw OrgError.damaged }
            let payload = OrgSnapshotPayload(shared: state.shared, fields: try await user.vault.orgFields(orgId: orgId))
            var envelope = OrgEnvelope(
                kind: .snapshot, orgId: orgId, author: user.userId, counter: 0, epoch: state.shared.epoch, upTo: replica.lastSeq)
            OrgCodec.encrypt(OrgCodec.encode(payload), into: &envelope, key: key)
            try await self.log.putSnapshot(
                OrgSnapshot(orgId: orgId, upTo: replica.lastSeq, body: OrgCodec.seal(envelope, vault: user.vault)))
            return replica.lastSeq
        }
    }

    // MARK: - Sync

    /// Pulls, pushes what waits, pulls again, and issues a due rotation. Pulling first means a
    /// push is encrypted under the newest epoch this member can know of: after a removal, only
    /// an edit racing the removal itself is written under the old key.
    func sync(orgId: String, user: OrgActor) async throws {
        try await gate.run(user.userId + "/" + orgId) {
            try await self.pull(orgId: orgId, user: user)
            try await self.push(orgId: orgId, user: user)
            try await self.pull(orgId: orgId, user: user)
            var state = try await self.state(orgId: orgId, user: user)
            if state.shared.rotationDue, !state.removed, state.shared.rotatingAdmin == user.userId,
                state.rotationQueuedAt != state.shared.epoch
            {
                state.rotationQueuedAt = state.shared.epoch
                try await self.queueRotation(.rotate, orgId: orgId, subject: nil, to: state.shared.members, state: &state, user: user)
                try await self.push(orgId: orgId, user: user)
                try await self.pull(orgId: orgId, user: user)
            }
        }
    }

    /// Turns queued change sets into signed entries of the current epoch, then appends the
    /// outbox in batches. An entry appended whose deletion from the outbox a crash prevented
    /// goes again, and is rejected as a replay everywhere: the first copy was applied.
    private func push(orgId: String, user: OrgActor) async throws {
        let me = user.userId
        let vault = user.vault
        while try await vault.moveOrgPendingToOutbox(orgId: orgId, limit: batchSize, { stateData, changeSets in
            var state = try OrgReplicaState.decode(stateData)
            guard let key = state.key(epoch: state.shared.epoch) else { throw OrgError.damaged }
            let bodies = changeSets.map { changeSet in
                state.counter += 1
                var envelope = OrgEnvelope(kind: .change, orgId: orgId, author: me, counter: state.counter, epoch: state.shared.epoch)
                OrgCodec.encrypt(Array(changeSet), into: &envelope, key: key)
                return OrgCodec.seal(envelope, vault: vault)
            }
            return (state.encoded(), bodies)
        }) > 0 {}
        let outbox = try await vault.orgOutbox(orgId: orgId)
        // Appended in batches of at most `batchSize` entries and about `pullBytes` (an import's
        // entries are large: one transaction each few of them, not 256 megabytes at once).
        var start = 0
        while start < outbox.count {
            var end = start
            var bytes = 0
            while end < outbox.count, end - start < batchSize, end == start || bytes + outbox[end].body.count <= Self.pullBytes {
                bytes += outbox[end].body.count
                end += 1
            }
            let batch = outbox[start..<end]
            _ = try await log.append(orgId: orgId, bodies: batch.map(\.body))
            try await vault.deleteOrgOutbox(ids: batch.map(\.id))
            start = end
        }
    }

    /// Applies the log after the replica's last seq, one entry per vault transaction: a crash
    /// loses nothing, and a re-run skips what was applied. A rejected entry is recorded with
    /// its reason and passed over; the rest of the log still applies.
    private func pull(orgId: String, user: OrgActor) async throws {
        // Entries are fetched as many at a time as fit in `pullBytes` at the last batch's
        // average size, starting small: an import's change sets are up to 5,000 fields (about a
        // megabyte each), and 256 of them decrypted and decoded at once took 1.3 GB per daemon.
        var limit = min(batchSize, 16)
        while true {
            guard let replica = try await user.vault.orgReplica(orgId: orgId) else { throw OrgError.notFound(orgId) }
            var state = try OrgReplicaState.decode(replica.state)
            let entries = try await log.entries(orgId: orgId, after: replica.lastSeq, limit: limit)
            let average = entries.reduce(0) { $0 + $1.body.count } / max(entries.count, 1)
            limit = max(1, min(batchSize, Self.pullBytes / max(average, 1)))
            if entries.isEmpty {
                state.lastSyncAt = clock.now
                try await user.vault.updateOrgState(orgId: orgId, state: state.encoded())
                return
            }
            var after = replica.lastSeq
            for entry in entries {
                var next = state
                let applied: Bool
                switch Result(catching: { () throws(OrgRejection) in try Self.apply(entry, to: &next, me: user) }) {
                case .success(let fields):
                    applied = try await user.vault.applyOrgEntry(
                        orgId: orgId, after: after, seq: entry.seq, state: next.encoded(), fields: fields, rejection: nil, at: clock.now)
                    state = next
                case .failure(let rejection):
                    applied = try await user.vault.applyOrgEntry(
                        orgId: orgId, after: after, seq: entry.seq, state: state.encoded(), fields: [], rejection: rejection.reason,
                        at: clock.now)
                }
                guard applied else { break }
                after = entry.seq
            }
        }
    }

    /// Checks one entry against the replica's state and moves the state on; returns the fields
    /// to merge. Nothing in `state` changes when it throws.
    static func apply(_ entry: OrgLogEntry, to state: inout OrgReplicaState, me user: OrgActor) throws(OrgRejection)
        -> [OrgFieldRecord]
    {
        let (envelope, verify) = try OrgCodec.open(entry.body)
        guard envelope.orgId == entry.orgId else { throw .malformed }
        var shared = state.shared
        var keys = state.keys
        var removed = state.removed
        var fields: [OrgFieldRecord] = []
        let membership = envelope.membership
        // The key the entry must verify with: the one the log pinned for its author; a joiner's
        // (and the creator's) own, which their entry pins and other checks bind.
        let pinned: Data?
        if membership?.action == .join || (shared.members.isEmpty && membership?.action == .create) {
            pinned = membership?.signPublicKey
        } else {
            pinned = shared.members[envelope.author]?.signPublicKey
        }
        guard let pinned else { throw .notAMember(envelope.author) }
        guard verify(pinned) else { throw .badSignature }
        guard envelope.counter > shared.counters[envelope.author] ?? 0 else {
            throw .replayed(author: envelope.author, counter: envelope.counter)
        }
        let author = shared.members[envelope.author]
        switch envelope.kind {
        case .snapshot:
            throw .malformed
        case .change:
            guard let author else { throw .notAMember(envelope.author) }
            guard author.role.edits else { throw .notAllowed("a viewer's change") }
            guard envelope.epoch <= shared.epoch, let key = state.key(epoch: envelope.epoch) else { throw .unknownEpoch(envelope.epoch) }
            let changeSet = try OrgCodec.decode(OrgChangeSet.self, try OrgCodec.decrypt(envelope, key: key))
            fields = Self.fields(changeSet, author: envelope.author)
            state.clock = state.clock.merged(with: changeSet.hlc)
        case .membership:
            guard let membership else { throw .malformed }
            switch membership.action {
            case .create:
                guard shared.members.isEmpty, Data(KeyedHash.digest(entry.body)) == shared.genesisDigest, envelope.epoch == 1,
                    membership.subject == envelope.author, let sign = membership.signPublicKey, let box = membership.boxPublicKey
                else { throw .invalidMembership("not this org's creation") }
                shared.members[envelope.author] = OrgMemberState(
                    role: .admin, displayName: membership.displayName ?? "", signPublicKey: sign, boxPublicKey: box)
                shared.epoch = 1
                Self.openKey(membership, epoch: 1, user: user, into: &keys)
            case .invite:
                guard author?.role == .admin else { throw .notAllowed("only admins invite") }
                guard envelope.epoch == shared.epoch, let id = membership.inviteId, let role = membership.role,
                    let key = membership.invitePublicKey
                else { throw .invalidMembership("incomplete invitation") }
                shared.invites[id] = OrgInviteState(role: role, publicKey: key, epoch: shared.epoch)
            case .join:
                guard membership.subject == envelope.author, author == nil, let id = membership.inviteId,
                    let invite = shared.invites[id], invite.epoch == shared.epoch, let sign = membership.signPublicKey,
                    let box = membership.boxPublicKey, let proof = membership.inviteSignature,
                    Signing.verify(
                        Array(proof),
                        of: OrgInviteSecrets.joinStatement(
                            orgId: envelope.orgId, inviteId: id, userId: envelope.author, signPublicKey: sign, boxPublicKey: box),
                        publicKey: Array(invite.publicKey))
                else { throw .invalidMembership("join without a valid invitation") }
                shared.invites[id] = nil
                shared.members[envelope.author] = OrgMemberState(
                    role: invite.role, displayName: membership.displayName ?? "", signPublicKey: sign, boxPublicKey: box)
            case .remove, .rotate:
                guard author?.role == .admin else { throw .notAllowed("only admins remove members or rotate keys") }
                var remaining = shared.members
                if membership.action == .remove {
                    guard let subject = membership.subject, subject != envelope.author, remaining[subject] != nil else {
                        throw .invalidMembership("removing a non-member")
                    }
                    remaining[subject] = nil
                }
                guard envelope.epoch == shared.epoch + 1, Set((membership.sealedKeys ?? [:]).keys) == Set(remaining.keys) else {
                    throw .invalidMembership("the new epoch's key is not sealed to exactly the remaining members")
                }
                if membership.subject == user.userId { removed = true }
                shared.members = remaining
                shared.epoch = envelope.epoch
                shared.invites = [:]
                shared.rotationDue = false
                Self.openKey(membership, epoch: envelope.epoch, user: user, into: &keys)
            case .leave:
                guard membership.subject == envelope.author, author != nil else { throw .invalidMembership("leaving for someone else") }
                shared.members[envelope.author] = nil
                shared.rotationDue = !shared.members.isEmpty
                if envelope.author == user.userId { removed = true }
            }
        }
        shared.counters[envelope.author] = envelope.counter
        state.shared = shared
        state.keys = keys
        state.removed = removed
        return fields
    }

    // MARK: - Reading

    /// The user's replica state of `orgId`.
    func state(orgId: String, user: OrgActor) async throws -> OrgReplicaState {
        guard let replica = try await user.vault.orgReplica(orgId: orgId) else { throw OrgError.notFound(orgId) }
        return try OrgReplicaState.decode(replica.state)
    }

    /// BLAKE2b over the replica's shared fields in key order: equal on replicas that converged.
    /// Read a page at a time: a 100,000-job board is 1.9M fields, too many to hold at once.
    static func contentHash(orgId: String, vault: any OrgReplicaStore, page: Int = contentHashPage) async throws -> String {
        let digest = KeyedHash.Digest()
        var after: OrgFieldKey?
        while true {
            let fields = try await vault.orgFields(orgId: orgId, after: after, limit: page)
            for field in fields {
                let line = [field.table, field.recordId, field.field, field.value ?? "\u{1}", field.hlc, field.author]
                digest.update(Array((line.joined(separator: "\u{0}") + "\n").utf8))
            }
            guard fields.count == page, let last = fields.last else { return digest.finish().hex }
            after = OrgFieldKey(table: last.table, recordId: last.recordId, field: last.field)
        }
    }

    static let contentHashPage = 10_000

    // MARK: - Internal

    /// Queues a `remove` or `rotate`: a fresh key for the next epoch, sealed to `members`' pinned keys.
    private func queueRotation(
        _ action: OrgMembership.Action, orgId: String, subject: String?, to members: [String: OrgMemberState],
        state: inout OrgReplicaState, user: OrgActor
    ) async throws {
        let key = SecureBytes.random(AEAD.keyBytes)
        var sealed: [String: Data] = [:]
        for (userId, member) in members { sealed[userId] = Data(try SealedBox.seal(key.exposedBytes, to: Array(member.boxPublicKey))) }
        state.counter += 1
        let body = OrgCodec.seal(
            OrgEnvelope(
                kind: .membership, orgId: orgId, author: user.userId, counter: state.counter,
                epoch: state.shared.epoch + 1, membership: OrgMembership(action: action, subject: subject, sealedKeys: sealed)),
            vault: user.vault)
        try await user.vault.addOrgOutbox(orgId: orgId, state: state.encoded(), bodies: [body])
    }

    private static func require(_ state: OrgReplicaState, _ userId: String, admin: Bool) throws {
        guard !state.removed, let member = state.shared.members[userId] else { throw OrgError.notAllowed("not a member any more") }
        if admin, member.role != .admin { throw OrgError.notAllowed("only admins may do this") }
    }

    private static func fields(_ changeSet: OrgChangeSet, author: String) -> [OrgFieldRecord] {
        changeSet.ops.map {
            OrgFieldRecord(table: $0.table, recordId: $0.recordId, field: $0.field, value: $0.value, hlc: changeSet.hlc.text, author: author)
        }
    }

    /// Opens this member's sealed copy of an epoch's key, if the entry has one for them.
    private static func openKey(_ membership: OrgMembership, epoch: Int64, user: OrgActor, into keys: inout [String: Data]) {
        guard let sealed = membership.sealedKeys?[user.userId], let key = try? user.vault.openSealed(sealed) else { return }
        keys[String(epoch)] = key
    }

    /// A snapshot's state and fields, when a member the invitation names signed it and a key
    /// the invitation carries opens it; nil otherwise (the joiner then replays the whole log).
    private static func open(_ snapshot: OrgSnapshot, invitation: OrgInvitationPayload) -> OrgSnapshotPayload? {
        guard let (envelope, verify) = try? OrgCodec.open(snapshot.body), envelope.kind == .snapshot,
            envelope.orgId == invitation.orgId, envelope.upTo == snapshot.upTo,
            let signer = invitation.members[envelope.author], verify(signer.signPublicKey),
            let key = invitation.keys[String(envelope.epoch)],
            let plaintext = try? OrgCodec.decrypt(envelope, key: SecureBytes(key)),
            let payload = try? OrgCodec.decode(OrgSnapshotPayload.self, plaintext),
            payload.shared.genesisDigest == invitation.genesisDigest
        else { return nil }
        return payload
    }
}

/// Runs one body at a time per key, in call order.
final class SerialGate: Sendable {
    private let tails = Mutex<[String: Task<Void, Never>]>([:])

    func run<T: Sendable>(_ key: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = tails.withLock { tails -> Task<T, any Error> in
            let previous = tails[key]
            let task = Task {
                await previous?.value
                return try await body()
            }
            tails[key] = Task { _ = try? await task.value }
            return task
        }
        return try await task.value
    }
}
