import Foundation
import GRDB
import HireCore

// `MatchDocumentStore`: the matcher's cache of documents.

extension VaultStore {

    /// Jobs whose match document is missing or older than the job, in board order; jobs whose
    /// description is stale are left out of matching.
    public func jobsNeedingMatchDocuments() async throws -> [StoredJob] {
        try await queue.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT job.* FROM job LEFT JOIN matchDoc m ON m.kind = 'job' AND m.id = job.jobId
                    WHERE NOT job.descriptionStale AND (m.id IS NULL OR m.version < job.updatedAt) ORDER BY job.seq
                    """
            ).map(Self.job)
        }
    }

    /// Ids of match documents whose job or resume is gone (or, for jobs, whose description is stale).
    public func orphanMatchDocuments(kind: StoredMatchDocument.Kind) async throws -> [String] {
        let owner = kind == .job ? "SELECT jobId FROM job WHERE NOT descriptionStale" : "SELECT id FROM resume"
        return try await queue.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM matchDoc WHERE kind = ? AND id NOT IN (\(owner))", arguments: [kind.rawValue])
        }
    }

    /// Writes match documents and removes others, in one transaction.
    public func updateMatchDocuments(kind: StoredMatchDocument.Kind, put documents: [StoredMatchDocument], remove ids: [String]) async throws {
        try await queue.write { db in
            try Self.put(documents, kind: kind, db: db)
            for id in ids { try db.execute(sql: "DELETE FROM matchDoc WHERE kind = ? AND id = ?", arguments: [kind.rawValue, id]) }
        }
    }

    static func put(_ documents: [StoredMatchDocument], kind: StoredMatchDocument.Kind, db: Database) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO matchDoc (kind, id, version, terms, features) VALUES (?, ?, ?, ?, ?)")
        for document in documents {
            try statement.execute(arguments: [kind.rawValue, document.id, document.version, Data(document.terms), document.features])
        }
    }

    /// The id and version of every match document of a kind.
    public func matchVersions(kind: StoredMatchDocument.Kind) async throws -> [String: Double] {
        try await queue.read { db in
            var versions: [String: Double] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, version FROM matchDoc WHERE kind = ?", arguments: [kind.rawValue])
            while let row = try rows.next() { versions[row[0]] = row[1] }
            return versions
        }
    }

    /// Match documents of a kind by id (those that exist), in id order.
    public func matchDocuments(kind: StoredMatchDocument.Kind, ids: [String]) async throws -> [StoredMatchDocument] {
        try await queue.read { db in
            try Self.inChunks(ids) { part, marks in
                try Row.fetchAll(
                    db, sql: "SELECT id, version, terms, features FROM matchDoc WHERE kind = ? AND id IN (\(marks))",
                    arguments: StatementArguments([kind.rawValue] + part)
                ).map { row in
                    StoredMatchDocument(id: row["id"], version: row["version"], terms: [UInt8](row["terms"] as Data), features: row["features"])
                }
            }.sorted { $0.id < $1.id }
        }
    }
}
