import Foundation
import HireCore
import HireCrypto
import HireMatching
import HireStorage
import HireTestSupport
import Testing

@testable import HireDaemon

@Suite struct MatchDocumentUpgradeTests {
    /// A vault upgraded from a version whose match documents counted skills otherwise holds
    /// documents that no longer decode: the next run makes them again from their job's and
    /// resume's text, stores them, and ranks as if they were new — nothing drops out of matching.
    @Test func documentsOfAnOlderFormatAreMadeAgain() async throws {
        let directory = try makeTemporaryDirectory("mu")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let vault = try VaultStore(path: directory + "/v.db", blobDirectory: directory + "/blobs", masterKey: SecureBytes.random(32), tokenizer: MatcherSearchTokenizer.self)
        defer { try? vault.close() }
        var values = Array(repeating: "", count: BoardColumn.allCases.count)
        values[0] = "J-1"
        values[try #require(BoardColumn.allCases.firstIndex(of: .position))] = "Registered Nurse"
        _ = try await vault.insertJob(values: values, parsed: ParsedFields(), description: "Patient care, medication administration, BLS.")
        let text = "Ana Ruiz\nRegistered Nurse\nPatient care, medication administration, BLS certified."
        let profile = String(decoding: try JSONEncoder().encode(ResumeProfiler.profile(text: text)), as: UTF8.self)
        _ = try await vault.insertResume(
            StoredResume(id: "R-1", filename: nil, format: "text", text: text, profile: profile, blobId: nil, createdAt: Date()), allowDuplicates: true
        ) {
            ProfiledResume(
                profile: profile, match: StoredMatchDocument(id: "R-1", version: 1, terms: TermVector(text: text).encoded(), features: profile),
                identity: ResumeIdentity(content: "r1", email: nil, phone: nil, name: nil))
        }

        func run(_ corpora: UserCorpora) async throws -> [String] {
            try await corpora.rank(
                vault: vault, resumeIds: nil, allowedJobs: nil, named: false, per: .resume, topK: 5, progress: .ignore
            ).map { "\($0.resumeId)→\($0.jobId)" }
        }
        #expect(try await run(UserCorpora()) == ["R-1→J-1"])

        // Both documents as an older version wrote them (format byte 1), versions unchanged.
        for kind in [StoredMatchDocument.Kind.job, .resume] {
            let older = try await vault.matchDocuments(kind: kind, ids: kind == .job ? ["J-1"] : ["R-1"]).map { document in
                var document = document
                document.terms[0] = 1
                return document
            }
            try await vault.updateMatchDocuments(kind: kind, put: older, remove: [])
        }
        #expect(try await run(UserCorpora()) == ["R-1→J-1"])
        for kind in [StoredMatchDocument.Kind.job, .resume] {
            let stored = try await vault.matchDocuments(kind: kind, ids: kind == .job ? ["J-1"] : ["R-1"])
            #expect(stored.map { $0.terms.first } == [2], "\(kind)")
        }
    }
}
