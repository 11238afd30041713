import Foundation
import HireCore
import HireCrypto
import HireStorage
import Logging
import HireTestSupport
import Synchronization
import Testing

@testable import HireDaemon

/// The transport as a user sees it through an outage: the real `system.db` log, unreachable
/// while `offline` is set (the network or PostgreSQL down). Counts the entries it hands out.
private final class Outage: OrgLog, Sendable {
    let store: SystemStore
    let offline = Atomic<Bool>(false)
    let entriesRead = Atomic<Int>(0)
    /// Every invitation the transport was given to keep (it hands them out once).
    let invitations = Mutex<[Data]>([])

    init(_ store: SystemStore) { self.store = store }

    private func reach() throws { if offline.load(ordering: .acquiring) { throw POSIXError(.ECONNREFUSED) } }
    func publish(_ identity: PublishedIdentity) async throws { try reach(); try await store.publish(identity) }
    func identity(userId: String) async throws -> PublishedIdentity? { try reach(); return try await store.identity(userId: userId) }
    func append(orgId: String, bodies: [Data]) async throws -> [Int64] { try reach(); return try await store.append(orgId: orgId, bodies: bodies) }
    func entries(orgId: String, after: Int64, limit: Int) async throws -> [OrgLogEntry] {
        try reach()
        let entries = try await store.entries(orgId: orgId, after: after, limit: limit)
        entriesRead.add(entries.count, ordering: .relaxed)
        return entries
    }
    func putInvitation(codeHash: Data, _ invitation: OrgInvitation) async throws {
        try reach()
        invitations.withLock { $0.append(codeHash + invitation.sealed) }
        try await store.putInvitation(codeHash: codeHash, invitation)
    }
    func takeInvitation(codeHash: Data, now: Date) async throws -> OrgInvitation? { try reach(); return try await store.takeInvitation(codeHash: codeHash, now: now) }
    func putSnapshot(_ snapshot: OrgSnapshot) async throws { try reach(); try await store.putSnapshot(snapshot) }
    func latestSnapshot(orgId: String) async throws -> OrgSnapshot? { try reach(); return try await store.latestSnapshot(orgId: orgId) }
    func changes() -> AsyncStream<String> { store.changes() }
}

/// Several members' replicas in one process, each with its own vault and its own engine (as
/// on separate machines), on one `system.db` log.
private struct Org {
    let directory: String
    let store: SystemStore
    let clock = TestClock()
    var members: [String: (actor: OrgActor, sync: OrgSync, link: Outage)] = [:]

    init() throws {
        directory = try makeTemporaryDirectory("org")
        store = try SystemStore(path: directory + "/system.db", key: SecureBytes.random(32))
    }

    mutating func add(_ name: String) throws -> OrgActor {
        let vault = try VaultStore(
            path: "\(directory)/\(name).db", blobDirectory: "\(directory)/\(name)-blobs", masterKey: SecureBytes.random(32),
            tokenizer: MatcherSearchTokenizer.self)
        let actor = OrgActor(userId: "user-\(name)", displayName: name, vault: vault)
        let link = Outage(store)
        members[name] = (actor, OrgSync(log: link, clock: clock, batchSize: 7), link)
        return actor
    }

    func sync(_ name: String) -> OrgSync { members[name]!.sync }
    func actor(_ name: String) -> OrgActor { members[name]!.actor }
    func link(_ name: String) -> Outage { members[name]!.link }

    func invite(_ name: String, by admin: String, orgId: String, role: OrgRole = .recruiter) async throws {
        let code = try await sync(admin).invite(orgId: orgId, role: role, expiresAt: clock.now.addingTimeInterval(3600), by: actor(admin))
        _ = try await sync(name).join(code: code, by: actor(name))
    }

    /// Ann creates an org named `name` and invites each of `members` as a recruiter; `others`
    /// get replicas of no org. Returns the org's id.
    mutating func start(_ name: String = "Acme", members: [String] = [], others: [String] = []) async throws -> String {
        for person in ["ann"] + members + others { _ = try add(person) }
        let orgId = try await sync("ann").create(name: name, by: actor("ann"))
        for person in members { try await invite(person, by: "ann", orgId: orgId) }
        return orgId
    }

    func syncAll(_ orgId: String) async throws {
        // Twice: what one member pushes in the first round reaches all in the second.
        for _ in 0..<2 {
            for (_, member) in members where try await member.actor.vault.orgReplica(orgId: orgId) != nil {
                try await member.sync.sync(orgId: orgId, user: member.actor)
            }
        }
    }

    func hash(_ name: String, _ orgId: String) async throws -> String {
        try await OrgSync.contentHash(orgId: orgId, vault: actor(name).vault)
    }

    func value(_ name: String, _ orgId: String, _ record: String, _ field: String) async throws -> String? {
        try await actor(name).vault.orgFields(orgId: orgId).first { $0.recordId == record && $0.field == field }?.value
    }

    func rejections(_ name: String, _ orgId: String) async throws -> [String] {
        try await actor(name).vault.orgRejections(orgId: orgId).map(\.reason)
    }

    func lastEntry(_ orgId: String) async throws -> OrgLogEntry {
        try #require(try await store.entries(orgId: orgId, after: 0, limit: 10_000).last)
    }

    func close() { try? FileManager.default.removeItem(atPath: directory) }
}

private func op(_ record: String, _ field: String, _ value: String?) -> OrgOp {
    OrgOp(table: "job", recordId: record, field: field, value: value)
}

@Suite struct OrgSyncTests {
    @Test func membersCreateInviteJoinAndSeeEachOthersEdits() async throws {
        var org = try Org()
        defer { org.close() }
        let orgId = try await org.start("Acme Talent", members: ["bob"])
        try await org.sync("ann").edit(orgId: orgId, ops: [op("J1", "status", "Open")], by: org.actor("ann"))
        try await org.sync("bob").edit(orgId: orgId, ops: [op("J2", "status", "Hold")], by: org.actor("bob"))
        try await org.syncAll(orgId)
        #expect(try await org.value("bob", orgId, orgId, "name") == "Acme Talent")
        #expect(try await org.value("bob", orgId, "J1", "status") == "Open")
        #expect(try await org.value("ann", orgId, "J2", "status") == "Hold")
        let members = try await org.sync("ann").state(orgId: orgId, user: org.actor("ann")).shared.members
        #expect(members.mapValues(\.role) == ["user-ann": .admin, "user-bob": .recruiter])
        #expect(try await org.hash("ann", orgId) == org.hash("bob", orgId))
        #expect(try await org.rejections("ann", orgId).isEmpty)
        #expect(try await org.rejections("bob", orgId).isEmpty)
        // A code is good once.
        let code = try await org.sync("ann").invite(orgId: orgId, role: .viewer, expiresAt: org.clock.now.addingTimeInterval(60), by: org.actor("ann"))
        _ = try org.add("cat")
        _ = try await org.sync("cat").join(code: code, by: org.actor("cat"))
        _ = try org.add("dan")
        await #expect(throws: OrgError.invalidInvitation) { _ = try await org.sync("dan").join(code: code, by: org.actor("dan")) }
        // A viewer reads but does not edit; a recruiter does not invite.
        await #expect(throws: OrgError.self) { try await org.sync("cat").edit(orgId: orgId, ops: [op("J1", "x", "y")], by: org.actor("cat")) }
        await #expect(throws: OrgError.self) {
            _ = try await org.sync("bob").invite(orgId: orgId, role: .admin, expiresAt: org.clock.now.addingTimeInterval(60), by: org.actor("bob"))
        }
    }

    @Test func anExpiredCodeJoinsNothing() async throws {
        var org = try Org()
        defer { org.close() }
        let orgId = try await org.start(others: ["bob"])
        let code = try await org.sync("ann").invite(orgId: orgId, role: .recruiter, expiresAt: org.clock.now.addingTimeInterval(60), by: org.actor("ann"))
        org.clock.advance(by: .seconds(61))
        await #expect(throws: OrgError.invalidInvitation) { _ = try await org.sync("bob").join(code: code, by: org.actor("bob")) }
        await #expect(throws: OrgError.invalidInvitation) { _ = try await org.sync("bob").join(code: "not-a-code", by: org.actor("bob")) }
        #expect(try await org.actor("bob").vault.orgReplicas().isEmpty)
    }

    @Test(arguments: [1, 2, 3, 4]) func concurrentEditsFromThreeReplicasConvergeInAnyOrder(seed: UInt64) async throws {
        var org = try Org()
        defer { org.close() }
        let orgId = try await org.start(members: ["bob", "cat"])
        try await org.syncAll(orgId)
        // Offline, each edits the same records: same clock readings, so ties are common.
        var random = SplitMix(state: seed)
        for name in ["ann", "bob", "cat"] { org.link(name).offline.store(true, ordering: .releasing) }
        var written: [String: [(hlc: String, author: String, value: String?)]] = [:]
        for round in 0..<40 {
            let name = ["ann", "bob", "cat"][Int(random.next() % 3)]
            let record = "J\(random.next() % 4)"
            let field = ["status", "owner"][Int(random.next() % 2)]
            let value: String? = random.next() % 5 == 0 ? nil : "\(name)-\(round)"
            try await org.sync(name).edit(orgId: orgId, ops: [op(record, field, value)], by: org.actor(name))
            let state = try await org.sync(name).state(orgId: orgId, user: org.actor(name))
            written[record + "/" + field, default: []].append((state.clock.text, org.actor(name).userId, value))
            if random.next() % 3 == 0 { org.clock.advance(by: .milliseconds(1)) }
        }
        // Back online in an order the seed picks: each pushes, then all pull.
        var order = ["ann", "bob", "cat"]
        order.shuffle(using: &random)
        for name in order {
            org.link(name).offline.store(false, ordering: .releasing)
            try await org.sync(name).sync(orgId: orgId, user: org.actor(name))
        }
        try await org.syncAll(orgId)
        let hashes = try await [org.hash("ann", orgId), org.hash("bob", orgId), org.hash("cat", orgId)]
        #expect(Set(hashes).count == 1, "every replica ends with the same content")
        // Read a few fields a page (as a large org is), the hash is the same.
        for page in [1, 2, 3, 7] {
            #expect(try await OrgSync.contentHash(orgId: orgId, vault: org.actor("bob").vault, page: page) == hashes[0], "page \(page)")
        }
        // And it is the last writer's value, by clock then author, for every field.
        for (key, writes) in written {
            let winner = writes.max { ($0.hlc, $0.author) < ($1.hlc, $1.author) }!
            let parts = key.split(separator: "/").map(String.init)
            #expect(try await org.value("cat", orgId, parts[0], parts[1]) == winner.value, "\(key)")
        }
    }

    @Test func aRemovedMemberCannotReadAnythingWrittenAfterRemoval() async throws {
        var org = try Org()
        defer { org.close() }
        let orgId = try await org.start(members: ["bob", "cat"])
        try await org.syncAll(orgId)
        let before = try await org.store.entries(orgId: orgId, after: 0, limit: 1000).count
        try await org.sync("ann").remove(orgId: orgId, subject: "user-cat", by: org.actor("ann"))
        try await org.sync("ann").edit(orgId: orgId, ops: [op("J9", "note", "SECRET-AFTER-REMOVAL")], by: org.actor("ann"))
        try await org.sync("bob").edit(orgId: orgId, ops: [op("J9", "owner", "bob")], by: org.actor("bob"))
        try await org.syncAll(orgId)
        #expect(try await org.value("bob", orgId, "J9", "note") == "SECRET-AFTER-REMOVAL")
        #expect(try await org.value("cat", orgId, "J9", "note") == nil)
        // No key the removed member holds opens any change written after the removal.
        let catKeys = try await org.sync("cat").state(orgId: orgId, user: org.actor("cat")).keys
        var after = 0
        for entry in try await org.store.entries(orgId: orgId, after: Int64(before), limit: 1000) {
            let envelope = try OrgCodec.open(entry.body).envelope
            guard envelope.kind == .change else { continue }
            after += 1
            for key in catKeys.values { #expect(throws: OrgRejection.undecryptable) { _ = try OrgCodec.decrypt(envelope, key: SecureBytes(key)) } }
        }
        #expect(after == 2)
        // The removed member can no longer write, and an entry they sign anyway is rejected.
        await #expect(throws: OrgError.self) { try await org.sync("cat").edit(orgId: orgId, ops: [op("J9", "note", "x")], by: org.actor("cat")) }
        var forged = OrgEnvelope(kind: .change, orgId: orgId, author: "user-cat", counter: 99, epoch: 1)
        OrgCodec.encrypt(Array(#"{"hlc":{"millis":9999999999999,"logical":0},"ops":[]}"#.utf8), into: &forged, key: SecureBytes(catKeys["1"]!))
        _ = try await org.store.append(orgId: orgId, bodies: [OrgCodec.seal(forged, vault: org.actor("cat").vault)])
        try await org.syncAll(orgId)
        #expect(try await org.rejections("bob", orgId).last == OrgRejection.notAMember("user-cat").reason)
    }

    @Test func aLeaverIsRotatedOutByTheFirstAdmin() async throws {
        var org = try Org()
        defer { org.close() }
        let orgId = try await org.start(members: ["bob"])
        // Ann has not synced since Bob joined: she still may not leave him without an admin.
        await #expect(throws: OrgError.lastAdmin) { try await org.sync("ann").leave(orgId: orgId, by: org.actor("ann")) }
        try await org.sync("bob").leave(orgId: orgId, by: org.actor("bob"))
        try await org.syncAll(orgId)
        let state = try await org.sync("ann").state(orgId: orgId, user: org.actor("ann"))
        #expect(state.shared.epoch == 2 && state.shared.members.keys.sorted() == ["user-ann"])
        let bob = try await org.sync("bob").state(orgId: orgId, user: org.actor("bob"))
        #expect(bob.removed && bob.keys["2"] == nil)
    }

    @Test func tamperedLogRowsAreRejectedAndReported() async throws {
        var org = try Org()
        defer { org.close() }
        let orgId = try await org.start(members: ["bob"], others: ["eve"])
        try await org.syncAll(orgId)
        let ann = org.actor("ann")

        // A flipped byte in a body: wherever it is, the entry is refused.
        try await org.sync("ann").edit(orgId: orgId, ops: [op("J1", "status", "flipped")], by: ann)
        var flipped = try await org.lastEntry(orgId)
        let bob = try await org.sync("bob").state(orgId: orgId, user: org.actor("bob"))
        for index in flipped.body.indices {
            var copy = bob
            var entry = flipped
            entry.body[index] ^= 0x20
            #expect(throws: OrgRejection.self, "byte \(index)") { _ = try OrgSync.apply(entry, to: &copy, me: org.actor("bob")) }
        }
        flipped.body[flipped.body.count - 1] ^= 1
        try await org.store.overwriteEntry(orgId: orgId, seq: flipped.seq, body: flipped.body)
        // Two entries of one author swapped.
        try await org.sync("ann").edit(orgId: orgId, ops: [op("J2", "status", "first")], by: ann)
        let first = try await org.lastEntry(orgId)
        try await org.sync("ann").edit(orgId: orgId, ops: [op("J2", "status", "second")], by: ann)
        let second = try await org.lastEntry(orgId)
        try await org.store.overwriteEntry(orgId: orgId, seq: first.seq, body: second.body)
        try await org.store.overwriteEntry(orgId: orgId, seq: second.seq, body: first.body)
        // An old entry replayed.
        _ = try await org.store.append(orgId: orgId, bodies: [first.body])
        // An entry signed by a non-member, and one claiming a member's name.
        let eve = org.actor("eve")
        _ = try await org.store.append(
            orgId: orgId,
            bodies: [
                OrgCodec.seal(OrgEnvelope(kind: .change, orgId: orgId, author: eve.userId, counter: 1, epoch: 1), vault: eve.vault),
                OrgCodec.seal(OrgEnvelope(kind: .change, orgId: orgId, author: ann.userId, counter: 500, epoch: 1), vault: eve.vault),
            ])
        // Membership the server made up: eve joins with no invitation, and an invitation of hers.
        _ = try await org.store.append(
            orgId: orgId,
            bodies: [
                OrgCodec.seal(
                    OrgEnvelope(
                        kind: .membership, orgId: orgId, author: eve.userId, counter: 2, epoch: 1,
                        membership: OrgMembership(
                            action: .join, subject: eve.userId, signPublicKey: eve.vault.signPublicKey, boxPublicKey: eve.vault.publicKey,
                            inviteId: "none", inviteSignature: Data(repeating: 0, count: 64))),
                    vault: eve.vault),
                OrgCodec.seal(
                    OrgEnvelope(
                        kind: .membership, orgId: orgId, author: eve.userId, counter: 3, epoch: 1,
                        membership: OrgMembership(action: .invite, role: .admin, inviteId: "x", invitePublicKey: Data(count: 32))),
                    vault: eve.vault),
            ])
        try await org.sync("bob").sync(orgId: orgId, user: org.actor("bob"))
        let reasons = try await org.rejections("bob", orgId)
        let replayed = OrgRejection.replayed(author: ann.userId, counter: try OrgCodec.open(first.body).envelope.counter).reason
        #expect(
            reasons == [
                OrgRejection.badSignature.reason, replayed, replayed,
                OrgRejection.notAMember(eve.userId).reason, OrgRejection.badSignature.reason,
                OrgRejection.invalidMembership("join without a valid invitation").reason, OrgRejection.notAMember(eve.userId).reason,
            ])
        #expect(try await org.value("bob", orgId, "J1", "status") == nil, "the tampered change is not applied")
        #expect(try await org.value("bob", orgId, "J2", "status") == "second")
        #expect(try await org.sync("bob").state(orgId: orgId, user: org.actor("bob")).shared.members[eve.userId] == nil)
        // The log after the damage still applies.
        try await org.sync("ann").edit(orgId: orgId, ops: [op("J3", "status", "after")], by: ann)
        try await org.sync("bob").sync(orgId: orgId, user: org.actor("bob"))
        #expect(try await org.value("bob", orgId, "J3", "status") == "after")
    }

    @Test func offlineEditsQueueAndCatchUp() async throws {
        var org = try Org()
        defer { org.close() }
        let orgId = try await org.start(members: ["bob"])
        org.link("ann").offline.store(true, ordering: .releasing)
        for index in 0..<10 {
            try await org.sync("ann").edit(orgId: orgId, ops: [op("J\(index)", "status", "offline")], by: org.actor("ann"))
        }
        #expect(try await org.actor("ann").vault.orgPendingCount(orgId: orgId) == 10)
        #expect(try await org.value("ann", orgId, "J4", "status") == "offline", "the editor sees their edit at once")
        await #expect(throws: (any Error).self) { try await org.sync("ann").sync(orgId: orgId, user: org.actor("ann")) }
        try await org.sync("bob").sync(orgId: orgId, user: org.actor("bob"))
        #expect(try await org.value("bob", orgId, "J4", "status") == nil)
        org.link("ann").offline.store(false, ordering: .releasing)
        try await org.syncAll(orgId)
        #expect(try await org.actor("ann").vault.orgPendingCount(orgId: orgId) == 0)
        #expect(try await org.value("bob", orgId, "J9", "status") == "offline")
        #expect(try await org.hash("ann", orgId) == org.hash("bob", orgId))
    }

    @Test func aNewMemberStartsFromTheSnapshot() async throws {
        var org = try Org()
        defer { org.close() }
        let orgId = try await org.start(others: ["bob"])
        for index in 0..<60 {
            try await org.sync("ann").edit(orgId: orgId, ops: [op("J\(index % 20)", "status", "v\(index)")], by: org.actor("ann"))
        }
        let upTo = try await org.sync("ann").compact(orgId: orgId, by: org.actor("ann"))
        try await org.sync("ann").edit(orgId: orgId, ops: [op("J0", "status", "after snapshot")], by: org.actor("ann"))
        try await org.invite("bob", by: "ann", orgId: orgId)
        try await org.syncAll(orgId)
        let head = try await org.store.entries(orgId: orgId, after: 0, limit: 10_000).count
        #expect(org.link("bob").entriesRead.load(ordering: .relaxed) <= head - Int(upTo), "nothing before the snapshot is read")
        #expect(try await org.value("bob", orgId, "J0", "status") == "after snapshot")
        #expect(try await org.value("bob", orgId, "J19", "status") == "v59")
        #expect(try await org.hash("ann", orgId) == org.hash("bob", orgId))
    }

    @Test func theTransportKeepsNoPlaintext() async throws {
        var org = try Org()
        defer { org.close() }
        let marker = "MRK\(UInt32.random(in: 0...UInt32.max))"
        let orgId = try await org.start("Agency \(marker)", members: ["bob"])
        try await org.sync("ann").edit(orgId: orgId, ops: [op("J-\(marker)", "notes", "note \(marker)")], by: org.actor("ann"))
        try await org.sync("bob").edit(orgId: orgId, ops: [op("J-2", "company", "company \(marker)")], by: org.actor("bob"))
        try await org.sync("ann").compact(orgId: orgId, by: org.actor("ann"))
        try await org.syncAll(orgId)
        #expect(try await org.value("bob", orgId, "J-\(marker)", "notes") == "note \(marker)")
        var kept = try await org.store.entries(orgId: orgId, after: 0, limit: 10_000).map(\.body)
        kept.append(try #require(try await org.store.latestSnapshot(orgId: orgId)).body)
        kept += org.link("ann").invitations.withLock { $0 }
        #expect(kept.count > 6)
        for bytes in kept { #expect(bytes.range(of: Data(marker.utf8)) == nil) }
    }

    @Test func applyingAnEntryAgainChangesNothing() async throws {
        var org = try Org()
        defer { org.close() }
        let orgId = try await org.start()
        try await org.sync("ann").edit(orgId: orgId, ops: [op("J1", "status", "Open")], by: org.actor("ann"))
        let vault = org.actor("ann").vault
        let replica = try #require(try await vault.orgReplica(orgId: orgId))
        let hash = try await org.hash("ann", orgId)
        // What a re-run after a crash between fetching and committing would write: refused.
        let stale = try #require(try await org.store.entries(orgId: orgId, after: replica.lastSeq - 1, limit: 1).first)
        #expect(
            try await !vault.applyOrgEntry(
                orgId: orgId, after: replica.lastSeq - 1, seq: stale.seq, state: replica.state,
                fields: [OrgFieldRecord(table: "job", recordId: "J1", field: "status", value: "Stale", hlc: "9", author: "z")],
                rejection: nil, at: Date()))
        #expect(try await org.hash("ann", orgId) == hash)
        #expect(try await vault.orgReplica(orgId: orgId) == replica)
    }

    /// An org posting's sealing key follows the org's epoch: after a removal, the next take
    /// by an editor gives the posting the new epoch's key, which the removed member cannot
    /// make; an application sealed to it is opened by those who stayed and taken into the log
    /// once, however often the message is delivered. In the background only the org's first
    /// editor takes at once; the others after a grace period.
    @Test func anOrgPostingsKeyFollowsTheEpochAndOnlyItsHoldersOpenApplications() async throws {
        var org = try Org()
        defer { org.close() }
        let orgId = try await org.start(members: ["bob", "cat"])
        try await org.store.insertAccount(
            AccountRecord(id: "user-ann", username: "ann", email: "ann@example.com", role: "recruiter", displayName: "ann", createdAt: Date()),
            wraps: [.password: Data("w".utf8)])
        func applications(_ name: String) -> OrgApplications {
            OrgApplications(sync: org.sync(name), exchange: org.store, clock: org.clock, logger: Logger(label: "test"))
        }
        let now = org.clock.now
        var posting = Posting(
            id: "P-1", jobId: nil, recruiterId: "user-ann", title: "iOS Engineer", company: "Acme", location: "", remote: nil,
            employmentType: nil, salary: "", description: "Swift and iOS.", profile: JobProfile(), postedAt: now, updatedAt: now,
            closesAt: nil, closedAt: nil)
        posting.orgId = orgId
        posting.orgSealKey = try await applications("ann").currentSealKey(orgId: orgId, user: org.actor("ann"))
        try await org.store.insertPosting(posting)
        try await applications("ann").notePosting(posting, deleted: false, user: org.actor("ann"))

        try await org.sync("ann").remove(orgId: orgId, subject: "user-cat", by: org.actor("ann"))
        #expect(try await applications("ann").take(orgId: orgId, user: org.actor("ann")) == 0)
        let refreshed = try #require(try await org.store.posting(id: "P-1"))
        #expect(refreshed.orgSealKey != posting.orgSealKey)
        try await org.syncAll(orgId)
        #expect(try await applications("bob").currentSealKey(orgId: orgId, user: org.actor("bob")) == refreshed.orgSealKey)

        let message = ApplicationMessage(
            id: "A-1", postingId: "P-1", postingTitle: "iOS Engineer", postingCompany: "Acme", recruiterId: "user-ann", candidateId: "user-dan",
            candidateName: "Dan", resumeId: "R-1", resumeFilename: "dan.txt", resumeText: "Dan Lee. Swift, iOS, 6 years.", coverLetter: nil,
            submittedAt: now)
        let sealed = try SealedBox.seal(Array("application\n".utf8) + Array(try JSONEncoder().encode(message)), to: Array(try #require(refreshed.orgSealKey)))
        for id in ["m-1", "m-2"] {
            try await org.store.putMessage(InboxMessage(id: id, recipientId: OrgInbox.recipient(orgId: orgId), sealed: Data(sealed), createdAt: now))
        }
        let catKeys = try await org.sync("cat").state(orgId: orgId, user: org.actor("cat")).keys.values
        #expect(!catKeys.isEmpty)
        #expect(catKeys.allSatisfy { (try? OrgApplications.sealKeys(epochKey: SecureBytes($0)).open(sealed)) == nil })
        #expect(try await applications("cat").take(orgId: orgId, user: org.actor("cat")) == 0)
        // A message changed on the server opens with no key: a member who holds every epoch's
        // key drops it, and takes the others.
        var tampered = sealed
        tampered[tampered.count / 2] ^= 0x20
        try await org.store.putMessage(
            InboxMessage(id: "m-0", recipientId: OrgInbox.recipient(orgId: orgId), sealed: Data(tampered), createdAt: now.addingTimeInterval(-1)))
        // In the background, the org's first editor (Ann) takes at once; Bob leaves it to her for a while.
        #expect(try await applications("bob").take(orgId: orgId, user: org.actor("bob"), eager: false) == 0)
        #expect(try await applications("bob").take(orgId: orgId, user: org.actor("bob")) == 1)
        #expect(try await org.store.messages(to: OrgInbox.recipient(orgId: orgId), limit: 10).isEmpty)
        var second = message
        second.id = "A-2"
        second.candidateId = "user-eve"
        let sealedSecond = try SealedBox.seal(
            Array("application\n".utf8) + Array(try JSONEncoder().encode(second)), to: Array(try #require(refreshed.orgSealKey)))
        try await org.store.putMessage(
            InboxMessage(id: "m-3", recipientId: OrgInbox.recipient(orgId: orgId), sealed: Data(sealedSecond), createdAt: org.clock.now))
        #expect(try await applications("bob").take(orgId: orgId, user: org.actor("bob"), eager: false) == 0)
        org.clock.advance(by: .seconds(OrgApplications.takerGrace + 1))
        #expect(try await applications("bob").take(orgId: orgId, user: org.actor("bob"), eager: false) == 1)
        try await org.syncAll(orgId)
        for name in ["ann", "bob"] {
            let taken = try await applications(name).applications(orgId: orgId, postingId: "P-1", user: org.actor(name))
            #expect(taken.map(\.candidateId) == ["user-dan", "user-eve"] && taken.first?.status == .submitted, "\(name)")
            #expect(taken.first?.resumeProfile.contains("Swift") == true)
        }
        #expect(try await applications("cat").applications(orgId: orgId, postingId: "P-1", user: org.actor("cat")).isEmpty)
    }

    /// Wake-ups that come while a round runs make one more round per org, not one per wake-up.
    @Test func wakeUpsOfOneOrgComeOutOnce() async throws {
        let queue = WakeQueue()
        for orgId in ["a", "b", "a", "a", "c", "b"] { queue.add(orgId) }
        #expect(await queue.next() == ["a", "b", "c"])
        let waiting = Task { await queue.next() }
        try await Task.sleep(for: .milliseconds(20))
        queue.add("b")
        #expect(await waiting.value == ["b"])
        queue.finish()
        #expect(await queue.next() == nil)
    }
}
