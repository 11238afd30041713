import Foundation
import HireCore
import HireCrypto
import HireStorage
import HireTestSupport
import Synchronization
import Testing

/// A tokenizer that reads every word backwards: another version, other terms.
enum BackwardWords: SearchTokenizer {
    static let version = "test-backward-1"

    static func terms(
        in text: UnsafeBufferPointer<UInt8>, query: Bool, _ emit: (_ term: String, _ range: Range<Int>, _ colocated: Bool) -> Bool
    ) {
        WordTokenizer.terms(in: text, query: query) { term, range, colocated in emit(String(term.reversed()), range, colocated) }
    }
}

@Suite struct SearchIndexTests {
    /// The indexes hold the terms of the tokenizer that made them: a vault opened with another
    /// version of it is reindexed (as an upgrade that changes the tokenizer or the taxonomy must).
    @Test func aVaultIsReindexedWhenItsTokenizerChanges() async throws {
        let directory = try makeTemporaryDirectory("si")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let key = SecureBytes.random(32)
        let path = directory + "/v.db", blobs = directory + "/blobs"
        let vault = try VaultStore(path: path, blobDirectory: blobs, masterKey: key)
        let resume = try #require(try await vault.insertResume(
            StoredResume(id: "R-1", filename: nil, format: "text", text: "Alpha engineer", profile: "{}", blobId: nil, createdAt: Date()),
            match: StoredMatchDocument(id: "R-1", version: 0, terms: [], features: "{}"),
            identity: ResumeIdentity(content: "alpha", email: nil, phone: nil, name: nil), allowDuplicates: true).stored)
        var values = Array(repeating: "", count: BoardColumn.allCases.map(\.rawValue).count)
        values[0] = "J-1"
        values[BoardColumn.allCases.map(\.rawValue).firstIndex(of: "notes")!] = "Gamma project"
        let rows = OneRow(values)
        _ = try await vault.importJobs(replace: false) { try rows.next() }
        #expect(try await vault.listResumes(ftsQuery: "alpha", after: nil, limit: 10).map(\.id) == [resume.id])
        #expect(try await vault.searchAll("gamma").count == 1)
        try vault.close()

        let reopened = try VaultStore(path: path, blobDirectory: blobs, masterKey: key, tokenizer: BackwardWords.self)
        #expect(try await reopened.listResumes(ftsQuery: "alpha", after: nil, limit: 10).map(\.id) == [resume.id])
        #expect(try await reopened.searchAll("gamma").count == 1)
        // Rows leave the index by their new terms.
        #expect(try await reopened.deleteResumes(ids: ["R-1"]).count == 1)
        #expect(try await reopened.listResumes(ftsQuery: "alpha", after: nil, limit: 10).isEmpty)
        try reopened.close()
    }
}

/// One row to import, then the end.
final class OneRow: Sendable {
    private let row: Mutex<ImportRow?>
    init(_ values: [String]) { row = Mutex(ImportRow(values: values, extras: [], parsed: ParsedFields())) }
    func next() throws -> ImportRow? { row.withLock { row in defer { row = nil }; return row } }
}
