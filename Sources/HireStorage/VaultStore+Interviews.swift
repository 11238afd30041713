import Foundation
import GRDB
import HireCore

// `InterviewStore`: interviews a user runs (the recruiter's copies) or takes (the candidate's).

extension VaultStore {
    /// One row per copy; what is not filtered or sorted on is one JSON body.
    static func registerInterviewMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10 interviews") { db in
            try db.execute(
                sql: """
                    CREATE TABLE interview (
                        id TEXT PRIMARY KEY,
                        side TEXT NOT NULL,
                        applicationId TEXT NOT NULL,
                        status TEXT NOT NULL,
                        createdAt DOUBLE NOT NULL,
                        body TEXT NOT NULL);
                    CREATE INDEX interview_application ON interview(applicationId, createdAt);
                    """)
        }
    }

    public func putInterview(_ interview: StoredInterview) async throws {
        let body = String(decoding: try JSONEncoder().encode(interview), as: UTF8.self)
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO interview (id, side, applicationId, status, createdAt, body) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET status = excluded.status, body = excluded.body
                    """,
                arguments: [
                    interview.id, interview.side.rawValue, interview.applicationId, interview.status.rawValue,
                    interview.createdAt.timeIntervalSince1970, body,
                ])
        }
    }

    public func interview(id: String) async throws -> StoredInterview? {
        try await queue.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM interview WHERE id = ?", arguments: [id]).map(Self.interview)
        }
    }

    public func interviews(applicationId: String?, status: InterviewStatus?) async throws -> [StoredInterview] {
        try await queue.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT body FROM interview WHERE (?1 IS NULL OR applicationId = ?1) AND (?2 IS NULL OR status = ?2)
                    ORDER BY createdAt, id
                    """,
                arguments: [applicationId, status?.rawValue]
            ).map(Self.interview)
        }
    }

    private static func interview(_ body: String) throws -> StoredInterview {
        try JSONDecoder().decode(StoredInterview.self, from: Data(body.utf8))
    }
}
