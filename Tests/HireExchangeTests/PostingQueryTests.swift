import Foundation
import HireCore
import HireExchange
import HireTestSupport
import Testing

/// `postings(_:now:offset:limit:)` on PostgreSQL filters and sorts as on `system.db`: words in
/// any case, wildcards taken literally, exact filters, pay, closed postings, stable pages.
@Suite(.serialized, .enabled(if: PostgresCluster.testsEnabled, "PostgreSQL binaries not found in /usr/lib/postgresql/*/bin (make test installs them)"))
struct PostingQueryTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func posting(
        _ id: String, _ title: String, company: String, location: String, salary: Double?, remote: RemotePolicy? = nil, age: Double,
        closed: Bool = false, closesIn: Double? = nil
    ) -> Posting {
        Posting(
            id: id, jobId: nil, recruiterId: id == "p3" ? "r2" : "r1", title: title, company: company, location: location, remote: remote,
            employmentType: "Full-time", salary: salary.map { "$\(Int($0))" } ?? "", description: "We need \(title). 100% remote_ok",
            profile: JobProfile(salary: salary.map { SalaryRange(min: $0 - 10_000, max: $0) }), postedAt: now.addingTimeInterval(-age),
            updatedAt: now.addingTimeInterval(-age), closesAt: closesIn.map { now.addingTimeInterval($0) },
            closedAt: closed ? now.addingTimeInterval(-1) : nil)
    }

    @Test func filtersSortsAndPagesAsTheMachineStoreDoes() async throws {
        try await withCluster { cluster in
            let exchange = try makeExchange(cluster)
            let postings = [
                Self.posting("p1", "Swift Engineer", company: "Acme", location: "Austin, TX", salary: 150_000, remote: .remote, age: 300),
                Self.posting("p2", "Forklift Driver", company: "Depot", location: "Dallas, TX", salary: 50_000, age: 200),
                Self.posting("p3", "swift intern", company: "ACME", location: "Boston, MA", salary: nil, age: 100),
                Self.posting("p4", "Closed Swift role", company: "Acme", location: "Austin, TX", salary: 90_000, age: 50, closed: true),
                Self.posting("p5", "Expired Swift role", company: "Acme", location: "Austin, TX", salary: 95_000, age: 40, closesIn: -5),
            ]
            for posting in postings { try await exchange.insertPosting(posting) }
            func ids(_ configure: (inout PostingQuery) -> Void, offset: Int = 0, limit: Int = 50) async throws -> [String] {
                var query = PostingQuery()
                configure(&query)
                return try await exchange.postings(query, now: Self.now, offset: offset, limit: limit).map(\.id)
            }
            #expect(try await exchange.posting(id: "p1") == postings[0])
            #expect(try await ids { _ in } == ["p3", "p2", "p1"])
            #expect(try await ids { $0.includeClosed = true } == ["p5", "p4", "p3", "p2", "p1"])
            #expect(try await ids { $0.words = ["SWIFT", "austin"] } == ["p1"])
            #expect(try await ids { $0.words = ["100%"] }.count == 3)
            #expect(try await ids { $0.words = ["1_0"] }.isEmpty)
            #expect(try await ids { $0.company = "acme" } == ["p3", "p1"])
            #expect(try await ids { $0.location = "tx" } == ["p2", "p1"])
            #expect(try await ids { $0.remote = .remote } == ["p1"])
            #expect(try await ids { $0.salaryMin = 60_000 } == ["p1"])
            #expect(try await ids { $0.recruiterId = "r2" } == ["p3"])
            #expect(try await ids { $0.employmentType = "full-time" }.count == 3)
            #expect(try await ids { $0.order = .salary } == ["p1", "p2", "p3"])
            #expect(try await ids { $0.order = .title; $0.descending = false } == ["p2", "p1", "p3"])
            #expect(try await ids({ $0.order = .postedAt }, offset: 1, limit: 1) == ["p2"])

            var changed = postings[1]
            changed.title = "Senior Forklift Driver"
            changed.closedAt = Self.now.addingTimeInterval(-2)
            try await exchange.updatePosting(changed)
            #expect(try await exchange.posting(id: "p2") == changed)
            #expect(try await ids { _ in } == ["p3", "p1"])
            #expect(try await exchange.deletePosting(id: "p2"))
            #expect(try await !exchange.deletePosting(id: "p2"))
            #expect(try await exchange.posting(id: "p2") == nil)
        }
    }

    @Test func theInboxKeepsArrivalOrderAndItsByteBudget() async throws {
        try await withCluster { cluster in
            let (sender, recipient) = (try makeExchange(cluster), try makeExchange(cluster))
            for (index, size) in [10, 3000, 10, 10].enumerated() {
                try await sender.putMessage(
                    InboxMessage(id: "m\(index)", recipientId: "u1", sealed: Data(repeating: 7, count: size), createdAt: Self.now))
            }
            try await sender.putMessage(InboxMessage(id: "other", recipientId: "u2", sealed: Data([1]), createdAt: Self.now))
            #expect(try await recipient.messages(to: "u1", limit: 10, maxBytes: 100).map(\.id) == ["m0"])
            #expect(try await recipient.messages(to: "u1", limit: 2, maxBytes: 1 << 20).map(\.id) == ["m0", "m1"])
            try await recipient.deleteMessages(ids: ["m0", "m1", "other"], to: "u1")
            let left = try await recipient.messages(to: "u1", limit: 10)
            #expect(left.map(\.id) == ["m2", "m3"])
            #expect(left.first?.createdAt == Self.now)
            #expect(try await recipient.messages(to: "u2", limit: 10).map(\.id) == ["other"])
        }
    }
}
