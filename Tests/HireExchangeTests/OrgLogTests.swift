import Foundation
import HireCore
import HireExchange
import HireTestSupport
import Testing

/// The `OrgLog` port on a real PostgreSQL: ordering, gapless numbers under concurrent writers,
/// whole batches, invitations, snapshots, and wake-ups between separate connections.
@Suite(.serialized, .enabled(if: PostgresCluster.testsEnabled, "PostgreSQL binaries not found in /usr/lib/postgresql/*/bin (make test installs them)"))
struct OrgLogTests {
    @Test func entriesComeBackInOrderFromWhereTheReaderIs() async throws {
        try await withCluster { cluster in
            let log = try makeExchange(cluster)
            let first = try await log.append(orgId: "org-a", bodies: [Data("one".utf8), Data("two".utf8)])
            let second = try await log.append(orgId: "org-a", bodies: [Data("three".utf8)])
            let other = try await log.append(orgId: "org-b", bodies: [Data("elsewhere".utf8)])
            #expect(first == [1, 2])
            #expect(second == [3])
            #expect(other == [1])
            #expect(try await log.entries(orgId: "org-a", after: 0, limit: 10).map { String(decoding: $0.body, as: UTF8.self) } == ["one", "two", "three"])
            #expect(try await log.entries(orgId: "org-a", after: 1, limit: 1).map(\.seq) == [2])
            #expect(try await log.entries(orgId: "org-a", after: 3, limit: 10).isEmpty)
            #expect(try await log.append(orgId: "org-a", bodies: []).isEmpty)
        }
    }

    @Test func twoWritersOnSeparateConnectionsGetGaplessNumbersAndWholeBatches() async throws {
        try await withCluster { cluster in
            let writers = [try makeExchange(cluster), try makeExchange(cluster)]
            let batches = try await withThrowingTaskGroup(of: [(Int64, String)].self) { group in
                for (w, writer) in writers.enumerated() {
                    for round in 0..<40 {
                        group.addTask {
                            let bodies = (0..<(round % 3 + 1)).map { "w\(w)-r\(round)-\($0)" }
                            let seqs = try await writer.append(orgId: "shared", bodies: bodies.map { Data($0.utf8) })
                            return Array(zip(seqs, bodies))
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let assigned = batches.flatMap { $0 }
            #expect(assigned.map(\.0).sorted() == Array(1...Int64(assigned.count)))
            // A batch's entries are consecutive: no other writer's entry falls inside it.
            for batch in batches { #expect(batch.map(\.0) == Array(batch[0].0..<(batch[0].0 + Int64(batch.count)))) }
            let stored = try await writers[1].entries(orgId: "shared", after: 0, limit: 1000)
            #expect(stored.map(\.seq) == Array(1...Int64(assigned.count)))
            let bySeq = Dictionary(uniqueKeysWithValues: assigned)
            #expect(stored.allSatisfy { bySeq[$0.seq] == String(decoding: $0.body, as: UTF8.self) })
        }
    }

    @Test func aBatchThatFailsLeavesNothingAndUsesNoNumber() async throws {
        try await withCluster { cluster in
            let log = try makeExchange(cluster)
            #expect(try await log.append(orgId: "org", bodies: [Data("first".utf8)]) == [1])
            // The server refuses one entry of the next batch (a trigger standing in for a full disk).
            try await cluster.psql(
                """
                CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN
                    IF NEW.body = 'poison'::bytea THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER refuse BEFORE INSERT ON org_log FOR EACH ROW EXECUTE FUNCTION refuse();
                """)
            await #expect(throws: (any Error).self) {
                _ = try await log.append(orgId: "org", bodies: [Data("fine".utf8), Data("poison".utf8)])
            }
            #expect(try await log.entries(orgId: "org", after: 0, limit: 10).map(\.seq) == [1])
            #expect(try await log.append(orgId: "org", bodies: [Data("next".utf8)]) == [2])
        }
    }

    @Test func anInvitationIsTakenOnceAndNeverAfterItExpires() async throws {
        try await withCluster { cluster in
            let (mine, theirs) = (try makeExchange(cluster), try makeExchange(cluster))
            // Whole seconds: the exchange keeps times as seconds since 1970, as system.db does.
            let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded())
            let invitation = OrgInvitation(orgId: "org", sealed: Data([1, 2, 3]), expiresAt: now.addingTimeInterval(3600))
            try await mine.putInvitation(codeHash: Data([0xAA]), invitation)
            async let one = mine.takeInvitation(codeHash: Data([0xAA]), now: now)
            async let two = theirs.takeInvitation(codeHash: Data([0xAA]), now: now)
            let taken = [try await one, try await two].compactMap { $0 }
            #expect(taken == [invitation])
            #expect(try await mine.takeInvitation(codeHash: Data([0xAA]), now: now) == nil)

            try await mine.putInvitation(codeHash: Data([0xBB]), invitation)
            #expect(try await theirs.takeInvitation(codeHash: Data([0xBB]), now: now.addingTimeInterval(3601)) == nil)
            #expect(try await theirs.takeInvitation(codeHash: Data([0xBB]), now: now) == nil)
            #expect(try await theirs.takeInvitation(codeHash: Data([0xCC]), now: now) == nil)
        }
    }

    @Test func aSnapshotReplacesTheOneBefore() async throws {
        try await withCluster { cluster in
            let log = try makeExchange(cluster)
            #expect(try await log.latestSnapshot(orgId: "org") == nil)
            try await log.putSnapshot(OrgSnapshot(orgId: "org", upTo: 5, body: Data("five".utf8)))
            try await log.putSnapshot(OrgSnapshot(orgId: "org", upTo: 9, body: Data("nine".utf8)))
            try await log.putSnapshot(OrgSnapshot(orgId: "other", upTo: 1, body: Data("one".utf8)))
            #expect(try await log.latestSnapshot(orgId: "org") == OrgSnapshot(orgId: "org", upTo: 9, body: Data("nine".utf8)))
            #expect(try await cluster.psql("SELECT count(*) FROM org_snapshot WHERE org_id = 'org'") == "1\n")
        }
    }

    @Test func identitiesArePublishedAndReplaced() async throws {
        try await withCluster { cluster in
            let (here, there) = (try makeExchange(cluster), try makeExchange(cluster))
            let identity = PublishedIdentity(userId: "u1", displayName: "Rita", boxPublicKey: Data([1]), signPublicKey: Data([2]))
            try await here.publish(identity)
            #expect(try await there.identity(userId: "u1") == identity)
            var renamed = identity
            renamed.displayName = "Rita R."
            renamed.signPublicKey = Data([3])
            try await here.publish(renamed)
            #expect(try await there.identity(userId: "u1") == renamed)
            #expect(try await there.identity(userId: "nobody") == nil)
            // A member known only from the directory has published no signing key: no identity yet.
            try await here.publishMember(Member(id: "u2", displayName: "Otto", role: .candidate, publicKey: Data([4])))
            #expect(try await there.identity(userId: "u2") == nil)
            #expect(try await there.member(id: "u2") == Member(id: "u2", displayName: "Otto", role: .candidate, publicKey: Data([4])))
            #expect(try await there.member(id: "u1")?.publicKey == Data([1]))
        }
    }

    @Test func anAppendWakesAListenerOnAnotherConnection() async throws {
        try await withCluster { cluster in
            let (listener, writer) = (try makeExchange(cluster), try makeExchange(cluster))
            // Read once, so the listener's first wake-up (all orgs read, as it starts listening)
            // says that it listens.
            _ = try await listener.entries(orgId: "org", after: 0, limit: 1)
            let wakeUps = WakeUpRecorder(listener.changes())
            try await whileRunning(listener) {
                #expect(await wakeUps.waitFor(1) == ["org"])
                _ = try await writer.append(orgId: "org", bodies: [Data("x".utf8)])
                _ = try await writer.append(orgId: "elsewhere", bodies: [Data("y".utf8)])
                #expect(await wakeUps.waitFor(3) == ["org", "org", "elsewhere"])
                // The listener's connection is lost (the server ends it): it reconnects and wakes
                // every org it read, since what was appended meanwhile was never announced.
                try await cluster.psql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()")
                #expect(await wakeUps.waitFor(4).dropFirst(3) == ["org"])
            }
        }
    }
}
