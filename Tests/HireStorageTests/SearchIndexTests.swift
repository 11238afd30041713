import Foundation
import HireCore
import HireCrypto
import HireTestSupport
import Synchronization
import Testing

@testable import HireStorage

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
            StoredResume(id: "R-1", filename: nil, format: "text", text: "Alpha engineer", profile: "{}", blobId: nil, createdAt: Date()), allowDuplicates: true
        ) {
            ProfiledResume(
                profile: "{}", match: StoredMatchDocument(id: "R-1", version: 0, terms: [], features: "{}"),
                identity: ResumeIdentity(content: "alpha", email: nil, phone: nil, name: nil))
        }.stored)
        var values = Array(repeating: "", count: BoardColumn.allCases.map(\.rawValue).count)
        values[0] = "J-1"
        values[BoardColumn.allCases.map(\.rawValue).firstIndex(of: "notes")!] = "Gamma project"
        let rows = OneRow(values)
        _ = try await vault.importJobs(replace: false) { try rows.next() }
        #expect(try await vault.listResumes(matching: ["alpha"], after: nil, limit: 10).map(\.id) == [resume.id])
        #expect(try await vault.searchAll("gamma").count == 1)
        try vault.close()

        let reopened = try VaultStore(path: path, blobDirectory: blobs, masterKey: key, tokenizer: BackwardWords.self)
        #expect(try await reopened.listResumes(matching: ["alpha"], after: nil, limit: 10).map(\.id) == [resume.id])
        #expect(try await reopened.searchAll("gamma").count == 1)
        // Rows leave the index by their new terms.
        #expect(try await reopened.deleteResumes(ids: ["R-1"]).count == 1)
        #expect(try await reopened.listResumes(matching: ["alpha"], after: nil, limit: 10).isEmpty)
        try reopened.close()
    }

    /// A long resume is indexed in pieces; a search still finds it by words of different
    /// pieces together, and by a phrase across a cut, and a deletion takes every piece away.
    @Test func aLongResumeIsFoundByWordsOfAnyOfItsPieces() async throws {
        let directory = try makeTemporaryDirectory("si")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let vault = try VaultStore(path: directory + "/v.db", blobDirectory: directory + "/blobs", masterKey: SecureBytes.random(32))
        // 660 KB of filler lines, a phrase at every possible cut, and one word at each end.
        var lines = ["firstword opening"]
        for line in 0..<20_000 { lines.append("filler line \(line) quietly padding") }
        lines.append("lastword closing")
        let text = lines.joined(separator: "\n")
        #expect(text.utf8.count > 4 * (128 << 10))
        let resume = try #require(try await vault.insertResume(
            StoredResume(id: "R-long", filename: nil, format: "text", text: text, profile: "{}", blobId: nil, createdAt: Date()), allowDuplicates: true
        ) {
            ProfiledResume(
                profile: "{}", match: StoredMatchDocument(id: "R-long", version: 0, terms: [], features: "{}"),
                identity: ResumeIdentity(content: "long", email: nil, phone: nil, name: nil))
        }.stored)
        func found(_ strings: [String]) async throws -> [String] {
            try await vault.listResumes(matching: strings, after: nil, limit: 10).map(\.id)
        }
        #expect(try await found(["\"firstword\"", "\"lastword\""]) == [resume.id])
        #expect(try await found(["\"firstword\"", "\"nowhere\""]).isEmpty)
        // The phrase across each cut: the last words of a piece and the first of the line after it.
        let cuts = TextPieces.split(text).dropLast().compactMap { piece in
            piece.split(separator: "\n").last.flatMap { $0.split(separator: " ").dropFirst(2).first }.flatMap { Int($0) }
        }
        #expect(cuts.count > 3)
        for line in cuts {
            #expect(try await found(["\"padding filler line \(line + 1)\""]) == [resume.id], "line \(line + 1)")
        }
        #expect(try await vault.deleteResumes(ids: [resume.id]).count == 1)
        #expect(try await found(["\"filler\""]).isEmpty)
        try vault.close()
    }
}

/// One row to import, then the end.
final class OneRow: Sendable {
    private let row: Mutex<ImportRow?>
    init(_ values: [String]) { row = Mutex(ImportRow(values: values, extras: [], parsed: ParsedFields())) }
    func next() throws -> ImportRow? { row.withLock { row in defer { row = nil }; return row } }
}
