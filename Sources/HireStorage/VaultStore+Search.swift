import GRDB
import HireCore

extension VaultStore {
    /// The full-text indexes use the `hire` tokenizer (the vault's ``SearchTokenizer``) instead of
    /// SQLite's `unicode61`, which split `c++` into `c` and knew no aliases. The new tables start
    /// empty; ``reindexIfNeeded(_:version:)`` fills them.
    static func registerSearchMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5 search tokenizer") { db in
            try db.execute(
                sql: """
                    DROP TABLE jobText;
                    CREATE VIRTUAL TABLE jobText USING fts5(
                        \(textColumns.joined(separator: ", ")), content='job', content_rowid='seq', tokenize='hire');
                    DROP TABLE resumeText;
                    CREATE VIRTUAL TABLE resumeText USING fts5(text, profile, content='resume', content_rowid='seq', tokenize='hire');
                    DELETE FROM meta WHERE key = 'searchTokenizer';
                    """)
        }
    }

    /// A resume is searched by its own words only: the index also held its profile's JSON, so
    /// a field name ("email", "titles") matched every resume. The search tokenizer's aliases
    /// already let a skill's canonical name find the words it was read from.
    static func registerResumeSearchMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8 resumes searched by their text alone") { db in
            try db.execute(
                sql: """
                    DROP TABLE resumeText;
                    CREATE VIRTUAL TABLE resumeText USING fts5(text, content='resume', content_rowid='seq', tokenize='hire');
                    DELETE FROM meta WHERE key = 'searchTokenizer';
                    """)
        }
    }

    /// Rebuilds both full-text indexes when they were made by another version of the tokenizer
    /// (or not at all): the resumes' now, the board's on its first search (as after an import).
    static func reindexIfNeeded(_ db: Database, version: String) throws {
        guard try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'searchTokenizer'") != version else { return }
        try db.execute(sql: "INSERT INTO resumeText(resumeText) VALUES('rebuild')")
        try Self.markTextIndexStale(db)
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('searchTokenizer', ?)", arguments: [version])
    }

    /// Runs a full-text read: SQLite refusing the query as written (an FTS5 syntax error) is
    /// `SearchQueryRefused`; anything else, storage damage above all, passes unchanged.
    static func searching<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch where EncryptedDatabase.isQueryError(error) {
            throw SearchQueryRefused()
        }
    }
}
