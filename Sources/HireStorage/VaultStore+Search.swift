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

    /// A resume's text is indexed in pieces of at most 128 KiB, each an FTS5 row of its own
    /// (rowid: the resume's seq << 16 | the piece's number), in an index that keeps no copy of
    /// the text. One FTS5 row holds all its distinct terms in one in-memory hash sorted at
    /// commit: for a text of 8 MB of nearly distinct words that took 0.35 s/MB of CPU, in pieces
    /// 0.13 (and 0.08 at 1 MB). A resume still matches when each searched string is found in
    /// one of its pieces; pieces overlap by a few words, so a phrase across a cut is whole in one.
    static func registerResumePieceMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v14 resumes indexed in pieces") { db in
            try db.execute(
                sql: """
                    DROP TABLE resumeText;
                    CREATE VIRTUAL TABLE resumeText USING fts5(text, content='', tokenize='hire');
                    DELETE FROM meta WHERE key = 'searchTokenizer';
                    """)
        }
    }

    /// Adds the pieces of resume `seq`'s text to the full-text index (or removes them: the
    /// index keeps no text, so a deletion gives the same pieces again).
    static func indexResumeText(_ db: Database, seq: Int64, text: String, delete: Bool = false) throws {
        let statement = try db.cachedStatement(
            sql: delete ? "INSERT INTO resumeText (resumeText, rowid, text) VALUES ('delete', ?, ?)" : "INSERT INTO resumeText (rowid, text) VALUES (?, ?)")
        for (number, piece) in TextPieces.split(text).enumerated() {
            try statement.execute(arguments: [seq << 16 | Int64(number), piece])
        }
    }

    /// The SQL condition that a resume (`seq`) holds every string of an FTS5 query, and its arguments.
    static func resumeTextCondition(_ strings: [String]) -> (sql: String, arguments: [String]) {
        (strings.map { _ in "seq IN (SELECT rowid >> 16 FROM resumeText WHERE resumeText MATCH ?)" }.joined(separator: " AND "), strings)
    }

    /// Rebuilds both full-text indexes when they were made by another version of the tokenizer
    /// (or not at all): the resumes' now, the board's on its first search (as after an import).
    static func reindexIfNeeded(_ db: Database, version: String) throws {
        guard try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'searchTokenizer'") != version else { return }
        try db.execute(sql: "INSERT INTO resumeText(resumeText) VALUES('delete-all')")
        let resumes = try Row.fetchCursor(db, sql: "SELECT seq, text FROM resume")
        while let resume = try resumes.next() { try indexResumeText(db, seq: resume["seq"], text: resume["text"]) }
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
