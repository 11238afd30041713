import Foundation
import HireCore
import HireCrypto
import HireStorage
import HireTestSupport
import Testing

@Suite struct OrgLogStoreTests {
    private func withStore(_ body: (SystemStore) async throws -> Void) async throws {
        let directory = try makeTemporaryDirectory("ol")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await body(try SystemStore(path: directory + "/system.db", key: SecureBytes.random(32)))
    }

    @Test func sequencesAreGaplessPerOrgAndConcurrentAppendsNeverShareOne() async throws {
        try await withStore { store in
            #expect(try await store.append(orgId: "a", bodies: [Data([1]), Data([2])]) == [1, 2])
            #expect(try await store.append(orgId: "b", bodies: [Data([9])]) == [1])
            let seqs = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for index in 0..<20 { group.addTask { try await store.append(orgId: "a", bodies: [Data([UInt8(index)])]) } }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(seqs.sorted() == Array(3...22))
            let entries = try await store.entries(orgId: "a", after: 20, limit: 10)
            #expect(entries.map(\.seq) == [21, 22])
            #expect(try await store.entries(orgId: "a", after: 0, limit: 1).first?.body == Data([1]))
        }
    }

    @Test func anInvitationIsTakenOnceAndNotAfterItExpires() async throws {
        try await withStore { store in
            let now = Date(timeIntervalSince1970: 1_000_000)
            let invitation = OrgInvitation(orgId: "o", sealed: Data("sealed".utf8), expiresAt: now.addingTimeInterval(60))
            try await store.putInvitation(codeHash: Data([1]), invitation)
            try await store.putInvitation(codeHash: Data([2]), invitation)
            #expect(try await store.takeInvitation(codeHash: Data([3]), now: now) == nil)
            #expect(try await store.takeInvitation(codeHash: Data([1]), now: now) == invitation)
            #expect(try await store.takeInvitation(codeHash: Data([1]), now: now) == nil, "used once")
            #expect(try await store.takeInvitation(codeHash: Data([2]), now: now.addingTimeInterval(60)) == nil, "expired")
        }
    }

    @Test func identitiesAreReplacedAndSnapshotsNeverGoBack() async throws {
        try await withStore { store in
            let identity = PublishedIdentity(userId: "u", displayName: "U", boxPublicKey: Data([1]), signPublicKey: Data([2]))
            try await store.publish(identity)
            var renamed = identity
            renamed.displayName = "V"
            try await store.publish(renamed)
            #expect(try await store.identity(userId: "u") == renamed)
            #expect(try await store.identity(userId: "nobody") == nil)
            try await store.putSnapshot(OrgSnapshot(orgId: "o", upTo: 5, body: Data([5])))
            try await store.putSnapshot(OrgSnapshot(orgId: "o", upTo: 3, body: Data([3])))
            #expect(try await store.latestSnapshot(orgId: "o")?.upTo == 5)
            try await store.putSnapshot(OrgSnapshot(orgId: "o", upTo: 8, body: Data([8])))
            #expect(try await store.latestSnapshot(orgId: "o")?.body == Data([8]))
        }
    }

    @Test func everySubscriberIsWokenByAnAppend() async throws {
        try await withStore { store in
            let first = store.changes()
            let second = store.changes()
            _ = try await store.append(orgId: "org-1", bodies: [Data([1])])
            var firstIterator = first.makeAsyncIterator()
            var secondIterator = second.makeAsyncIterator()
            #expect(await firstIterator.next() == "org-1")
            #expect(await secondIterator.next() == "org-1")
        }
    }
}
