import Foundation
import GRDB
import HireCore

// `FeedbackStore`: the user's labels on matches and the ranking model learned from them.

extension VaultStore {
    /// Labels, one per resume and job (a new one replaces it and takes a new, never reused
    /// `seq`), and the one ranking model.
    static func registerFeedbackMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7 match feedback") { db in
            try db.execute(
                sql: """
                    CREATE TABLE matchFeedback (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        resumeId TEXT NOT NULL,
                        jobId TEXT NOT NULL,
                        runId TEXT NOT NULL,
                        query TEXT NOT NULL,
                        grade INTEGER NOT NULL,
                        features TEXT NOT NULL,
                        labelledAt DOUBLE NOT NULL,
                        UNIQUE (resumeId, jobId));
                    CREATE TABLE rankingModel (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        model TEXT NOT NULL);
                    """)
        }
    }

    public func putFeedback(_ feedback: StoredFeedback) async throws -> Bool {
        try await queue.write { db in
            let existed =
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM matchFeedback WHERE resumeId = ? AND jobId = ?", arguments: [feedback.resumeId, feedback.jobId])
                ?? false
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO matchFeedback (resumeId, jobId, runId, query, grade, features, labelledAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    feedback.resumeId, feedback.jobId, feedback.runId, feedback.query, feedback.grade, feedback.features,
                    feedback.labelledAt.timeIntervalSince1970,
                ])
            return existed
        }
    }

    public func allFeedback() async throws -> [StoredFeedback] {
        try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM matchFeedback ORDER BY seq").map { row in
                StoredFeedback(
                    resumeId: row["resumeId"], jobId: row["jobId"], runId: row["runId"], query: row["query"], grade: row["grade"],
                    features: row["features"], labelledAt: Date(timeIntervalSince1970: row["labelledAt"]))
            }
        }
    }

    public func feedbackState() async throws -> FeedbackState {
        try await queue.read { db in
            let labels = try Int.fetchOne(db, sql: "SELECT count(*) FROM matchFeedback") ?? 0
            // The AUTOINCREMENT counter, not max(seq): it keeps growing after labels are deleted.
            let version = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'matchFeedback'") ?? 0
            return FeedbackState(labels: labels, version: version)
        }
    }

    public func deleteFeedback() async throws -> Int {
        try await queue.write { db in
            try db.execute(sql: "DELETE FROM matchFeedback")
            return db.changesCount
        }
    }

    public func rankingModel() async throws -> String? {
        try await queue.read { db in try String.fetchOne(db, sql: "SELECT model FROM rankingModel WHERE id = 1") }
    }

    public func setRankingModel(_ model: String?) async throws {
        try await queue.write { db in
            if let model {
                try db.execute(sql: "INSERT OR REPLACE INTO rankingModel (id, model) VALUES (1, ?)", arguments: [model])
            } else {
                try db.execute(sql: "DELETE FROM rankingModel")
            }
        }
    }
}
