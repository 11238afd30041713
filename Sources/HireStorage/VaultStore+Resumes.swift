import Foundation
import HireCore
import GRDB

extension VaultStore {
    /// Keyed digests that find an earlier resume of the same file or person (resumes stored
    /// before have none until ``setResumeIdentities(_:)``).
    static func registerDuplicateMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6 resume identities") { db in
            try db.execute(
                sql: """
                    ALTER TABLE resume ADD COLUMN contentKey TEXT;
                    ALTER TABLE resume ADD COLUMN emailKey TEXT;
                    ALTER TABLE resume ADD COLUMN phoneKey TEXT;
                    ALTER TABLE resume ADD COLUMN nameKey TEXT;
                    CREATE INDEX resume_contentKey ON resume(contentKey);
                    CREATE INDEX resume_emailKey ON resume(emailKey);
                    CREATE INDEX resume_phoneKey ON resume(phoneKey);
                    CREATE INDEX resume_nameKey ON resume(nameKey);
                    """)
        }
    }

    static func registerResumeMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3 resumes and matching") { db in
            try db.execute(
                sql: """
                    CREATE TABLE resume (
                        seq INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
                        filename TEXT,
                        format TEXT,
                        text TEXT NOT NULL,
                        profile TEXT NOT NULL,
                        blobId TEXT,
                        createdAt DOUBLE NOT NULL);
                    CREATE VIRTUAL TABLE resumeText USING fts5(text, profile, content='resume', content_rowid='seq', tokenize='unicode61');
                    CREATE TABLE matchDoc (
                        kind TEXT NOT NULL,
                        id TEXT NOT NULL,
                        version DOUBLE NOT NULL,
                        terms BLOB NOT NULL,
                        features TEXT NOT NULL,
                        PRIMARY KEY (kind, id)) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v4 job description originals") { db in
            try db.execute(sql: "CREATE TABLE jobDocument (jobId TEXT PRIMARY KEY, blobId TEXT NOT NULL)")
        }
    }

    // MARK: - Resumes

    static func resume(_ row: Row) -> StoredResume {
        StoredResume(
            seq: row["seq"], id: row["id"], filename: row["filename"], format: row["format"], text: row["text"], profile: row["profile"],
            blobId: row["blobId"], createdAt: Date(timeIntervalSince1970: row["createdAt"]))
    }

    /// Adds a resume with its match document, in one transaction, unless it duplicates an
    /// earlier one and `allowDuplicates` is false: then nothing is stored (`stored` is nil).
    /// `duplicateOf` names the earliest earlier resume that is, by ``duplicate(of:db:)``, the
    /// same file or person.
    public func insertResume(_ resume: StoredResume, allowDuplicates: Bool, reading: @escaping @Sendable () throws -> ProfiledResume)
        async throws -> (stored: StoredResume?, duplicateOf: DuplicateResume?)
    {
        /// Rolls the transaction back (the text's index with it) when the resume is a duplicate.
        struct Duplicate: Error { var of: DuplicateResume }
        defer { noteChange() }
        do {
            return try await queue.write { db in
                try db.execute(
                    sql: "INSERT INTO resume (id, filename, format, text, profile, blobId, createdAt) VALUES (?, ?, ?, ?, '{}', ?, ?)",
                    arguments: [resume.id, resume.filename, resume.format, resume.text, resume.blobId, resume.createdAt.timeIntervalSince1970])
                var stored = resume
                stored.seq = db.lastInsertedRowID
                try Self.indexResumeText(db, seq: stored.seq, text: resume.text)
                let read = try reading()
                let duplicate = try Self.duplicate(of: read.identity, db: db)
                if let duplicate, !allowDuplicates { throw Duplicate(of: duplicate) }
                let identity = read.identity
                try db.execute(
                    sql: "UPDATE resume SET profile = ?, contentKey = ?, emailKey = ?, phoneKey = ?, nameKey = ? WHERE seq = ?",
                    arguments: [read.profile, identity.content, identity.email, identity.phone, identity.name, stored.seq])
                stored.profile = read.profile
                try Self.put([read.match], kind: .resume, db: db)
                return (stored, duplicate)
            }
        } catch let duplicate as Duplicate {
            return (nil, duplicate.of)
        }
    }

    /// The earliest resume that is the same file (same content digest) or the same person: the
    /// same email, or the same phone, or the same name when no contact tells them apart (every
    /// email and phone the two have in common is equal; a differing one means two people).
    static func duplicate(of identity: ResumeIdentity, db: Database) throws -> DuplicateResume? {
        func first(_ condition: String, _ arguments: StatementArguments) throws -> String? {
            try String.fetchOne(db, sql: "SELECT id FROM resume WHERE \(condition) ORDER BY seq LIMIT 1", arguments: arguments)
        }
        if let id = try first("contentKey = ?", [identity.content]) { return DuplicateResume(resumeId: id, reason: .sameFile) }
        if let email = identity.email, let id = try first("emailKey = ?", [email]) { return DuplicateResume(resumeId: id, reason: .email) }
        if let phone = identity.phone, let id = try first("phoneKey = ?", [phone]) { return DuplicateResume(resumeId: id, reason: .phone) }
        if let name = identity.name,
            let id = try first(
                "nameKey = ? AND (emailKey IS NULL OR ? IS NULL) AND (phoneKey IS NULL OR ? IS NULL)", [name, identity.email, identity.phone])
        {
            return DuplicateResume(resumeId: id, reason: .name)
        }
        return nil
    }

    /// Resumes stored before identities were kept (no content digest yet), oldest first.
    public func resumesWithoutIdentity() async throws -> [StoredResume] {
        try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM resume WHERE contentKey IS NULL ORDER BY seq").map(Self.resume)
        }
    }

    /// Stores the identities of resumes by id, in one transaction.
    public func setResumeIdentities(_ identities: [(resumeId: String, identity: ResumeIdentity)]) async throws {
        try await queue.write { db in
            for (id, identity) in identities {
                try db.execute(
                    sql: "UPDATE resume SET contentKey = ?, emailKey = ?, phoneKey = ?, nameKey = ? WHERE id = ?",
                    arguments: [identity.content, identity.email, identity.phone, identity.name, id])
            }
        }
    }

    public func resume(id: String) async throws -> StoredResume? {
        try await queue.read { db in try Row.fetchOne(db, sql: "SELECT * FROM resume WHERE id = ?", arguments: [id]).map(Self.resume) }
    }

    /// Resumes newest first, after the (createdAt, seq) of the previous page's last one, whose
    /// text matches every FTS5 query of `strings`.
    public func listResumes(matching strings: [String], after cursor: (Double, Int64)?, limit: Int) async throws -> [StoredResume] {
        try await Self.searching { try await self.pageOfResumes(matching: strings, after: cursor, limit: limit) }
    }

    /// ``listResumes(matching:after:limit:)``'s query.
    private func pageOfResumes(matching strings: [String], after cursor: (Double, Int64)?, limit: Int) async throws -> [StoredResume] {
        try await queue.read { db in
            var clauses: [String] = []
            var arguments: [(any DatabaseValueConvertible)?] = []
            if !strings.isEmpty {
                let condition = Self.resumeTextCondition(strings)
                clauses.append(condition.sql)
                arguments += condition.arguments
            }
            if let cursor {
                clauses.append("(createdAt < ? OR (createdAt = ? AND seq < ?))")
                arguments += [cursor.0, cursor.0, cursor.1]
            }
            let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            arguments.append(limit)
            return try Row.fetchAll(
                db, sql: "SELECT * FROM resume \(whereClause) ORDER BY createdAt DESC, seq DESC LIMIT ?",
                arguments: StatementArguments(arguments)
            ).map(Self.resume)
        }
    }

    /// Deletes resumes and their match documents; returns what was deleted (for their blobs).
    public func deleteResumes(ids: [String]) async throws -> [StoredResume] {
        defer { noteChange() }
        return try await queue.write { db in
            var deleted: [StoredResume] = []
            for id in Set(ids).sorted() {
                guard let resume = try Row.fetchOne(db, sql: "SELECT * FROM resume WHERE id = ?", arguments: [id]).map(Self.resume) else {
                    continue
                }
                try Self.indexResumeText(db, seq: resume.seq, text: resume.text, delete: true)
                try db.execute(sql: "DELETE FROM resume WHERE seq = ?", arguments: [resume.seq])
                try db.execute(sql: "DELETE FROM matchDoc WHERE kind = 'resume' AND id = ?", arguments: [id])
                deleted.append(resume)
            }
            return deleted
        }
    }

    public func resumeCount() async throws -> Int {
        try await queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM resume") ?? 0 }
    }

    /// Resumes by id (those that exist), in one read.
    public func resumes(ids: [String]) async throws -> [StoredResume] {
        guard !ids.isEmpty else { return [] }
        return try await queue.read { db in
            try Self.inChunks(ids) { part, marks in
                try Row.fetchAll(db, sql: "SELECT * FROM resume WHERE id IN (\(marks))", arguments: StatementArguments(part)).map(Self.resume)
            }
        }
    }

    /// Runs `query` on slices of `values` small enough for one statement's parameters, with
    /// the `?, ?, …` list for each slice, and joins the results.
    static func inChunks<Value: DatabaseValueConvertible, T>(_ values: [Value], _ query: ([Value], String) throws -> [T]) rethrows -> [T] {
        var found: [T] = []
        for start in stride(from: 0, to: values.count, by: 500) {
            let part = Array(values[start..<min(start + 500, values.count)])
            found += try query(part, Array(repeating: "?", count: part.count).joined(separator: ","))
        }
        return found
    }
}
