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
    public func insertResume(_ resume: StoredResume, match: StoredMatchDocument, identity: ResumeIdentity, allowDuplicates: Bool)
        async throws -> (stored: StoredResume?, duplicateOf: DuplicateResume?)
    {
        defer { noteChange() }
        return try await queue.write { db in
            let duplicate = try Self.duplicate(of: identity, db: db)
            if duplicate != nil, !allowDuplicates { return (nil, duplicate) }
            try db.execute(
                sql: """
                    INSERT INTO resume (id, filename, format, text, profile, blobId, createdAt, contentKey, emailKey, phoneKey, nameKey)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    resume.id, resume.filename, resume.format, resume.text, resume.profile, resume.blobId,
                    resume.createdAt.timeIntervalSince1970, identity.content, identity.email, identity.phone, identity.name,
                ])
            var stored = resume
            stored.seq = db.lastInsertedRowID
            try db.execute(
                sql: "INSERT INTO resumeText (rowid, text, profile) VALUES (?, ?, ?)", arguments: [stored.seq, resume.text, resume.profile])
            try Self.put([match], kind: .resume, db: db)
            return (stored, duplicate)
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
    /// text or profile holds every word of `ftsQuery` (an FTS5 query) when given.
    public func listResumes(ftsQuery: String?, after cursor: (Double, Int64)?, limit: Int) async throws -> [StoredResume] {
        try await Self.searching { try await self.listResumes(ftsQuery: ftsQuery, after: cursor, limit: limit, in: queue) }
    }

    private func listResumes(ftsQuery: String?, after cursor: (Double, Int64)?, limit: Int, in queue: StoreQueue) async throws -> [StoredResume] {
        try await queue.read { db in
            var clauses: [String] = []
            var arguments: [(any DatabaseValueConvertible)?] = []
            if let ftsQuery {
                clauses.append("seq IN (SELECT rowid FROM resumeText WHERE resumeText MATCH ?)")
                arguments.append(ftsQuery)
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
                try db.execute(
                    sql: "INSERT INTO resumeText (resumeText, rowid, text, profile) VALUES ('delete', ?, ?, ?)",
                    arguments: [resume.seq, resume.text, resume.profile])
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

    // MARK: - Job descriptions and profiles

    /// Sets a job's description (and its profile), bumping updatedAt; nil when there is no such job.
    /// A new description is not stale.
    public func setDescription(jobId: String, description: String, profile: String?) async throws -> StoredJob? {
        defer { noteChange() }
        return try await queue.write { db in
            guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM job WHERE jobId = ?", arguments: [jobId]) else { return nil }
            try Self.unindexText(db, seq: seq)
            try db.execute(
                sql: "UPDATE job SET description = ?, descriptionStale = 0, profile = ?, updatedAt = ? WHERE seq = ?",
                arguments: [description, profile, Date().timeIntervalSince1970, seq])
            try Self.indexText(db, seq: seq)
            try Self.dropUndo(db)
            return try Row.fetchOne(db, sql: "SELECT * FROM job WHERE seq = ?", arguments: [seq]).map(Self.job)
        }
    }

    /// Clears a job's stale-description flag (its description is confirmed for the job as it
    /// is now); the profile is made again from it. Nil when there is no such job; a job whose
    /// description is not stale is returned unchanged.
    public func confirmDescription(jobId: String) async throws -> StoredJob? {
        defer { noteChange() }
        return try await queue.write { db in
            try db.execute(
                sql: "UPDATE job SET descriptionStale = 0, profile = NULL, updatedAt = ? WHERE jobId = ? AND descriptionStale",
                arguments: [Date().timeIntervalSince1970, jobId])
            return try Row.fetchOne(db, sql: "SELECT * FROM job WHERE jobId = ?", arguments: [jobId]).map(Self.job)
        }
    }

    /// Stores profiles (jobId → JSON) in one transaction; returns how many jobs were found.
    public func setProfiles(_ profiles: [(jobId: String, profile: String)]) async throws -> Int {
        defer { noteChange() }
        return try await queue.write { db in
            let now = Date().timeIntervalSince1970
            var changed = 0
            for (jobId, profile) in profiles {
                try db.execute(sql: "UPDATE job SET profile = ?, updatedAt = ? WHERE jobId = ?", arguments: [profile, now, jobId])
                changed += db.changesCount
            }
            return changed
        }
    }

    /// Job ids without a profile, in board order.
    public func jobIdsWithoutProfile() async throws -> [String] {
        try await queue.read { db in try String.fetchAll(db, sql: "SELECT jobId FROM job WHERE profile IS NULL ORDER BY seq") }
    }

    /// Records the original file of a job's description (nil: the description came as text);
    /// returns the blob of the original it replaces, for the caller to delete.
    public func setJobDocument(jobId: String, blobId: String?) async throws -> String? {
        try await queue.write { db in
            let previous = try String.fetchOne(db, sql: "SELECT blobId FROM jobDocument WHERE jobId = ?", arguments: [jobId])
            if let blobId {
                try db.execute(sql: "INSERT OR REPLACE INTO jobDocument (jobId, blobId) VALUES (?, ?)", arguments: [jobId, blobId])
            } else {
                try db.execute(sql: "DELETE FROM jobDocument WHERE jobId = ?", arguments: [jobId])
            }
            return previous == blobId ? nil : previous
        }
    }

    /// The blob of the original file of a job's description (nil: none, or given as text).
    public func jobDocument(jobId: String) async throws -> String? {
        try await queue.read { db in try String.fetchOne(db, sql: "SELECT blobId FROM jobDocument WHERE jobId = ?", arguments: [jobId]) }
    }

    /// Deletes the description originals of jobs that are gone (deleted, or left out of a
    /// replacing import), records and files; those of jobs an undo can bring back stay.
    public func sweepJobDocuments() async throws {
        let orphans = try await queue.write { db in
            let gone = "jobId NOT IN (SELECT jobId FROM job) AND jobId NOT IN (SELECT jobId FROM jobUndo)"
            let ids = try String.fetchAll(db, sql: "SELECT blobId FROM jobDocument WHERE \(gone)")
            try db.execute(sql: "DELETE FROM jobDocument WHERE \(gone)")
            return ids
        }
        for id in orphans { try await deleteBlob(id: id) }
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

    /// Jobs by id (those that exist), in board order.
    public func jobs(ids: [String]) async throws -> [StoredJob] {
        guard !ids.isEmpty else { return [] }
        return try await queue.read { db in
            try Self.inChunks(ids) { part, marks in
                try Row.fetchAll(db, sql: "SELECT * FROM job WHERE jobId IN (\(marks))", arguments: StatementArguments(part)).map(Self.job)
            }.sorted { $0.seq < $1.seq }
        }
    }

    // MARK: - Match documents

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

    private static func put(_ documents: [StoredMatchDocument], kind: StoredMatchDocument.Kind, db: Database) throws {
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

    /// Deletes a blob's file and record (a deleted resume's original).
    public func deleteBlob(id: String) async throws {
        try await queue.write { db in try db.execute(sql: "DELETE FROM blob WHERE id = ?", arguments: [id]) }
        unlink(blobDirectory + "/" + id)
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
