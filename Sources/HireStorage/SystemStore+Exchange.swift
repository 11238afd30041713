import Foundation
import GRDB
import HireCore

// `Exchange` on `system.db`: postings (public job ads, CRYPTO.md §4), the sealed inbox and the
// member directory, for the users of this machine's daemon.

extension SystemStore: Exchange {
    /// Each account's public key; postings with the fields they are filtered and sorted by;
    /// the inbox, in arrival order (`seq`), holding nothing but the recipient and sealed bytes.
    static func registerExchangeMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3 postings and inbox") { db in
            try db.execute(
                sql: """
                    ALTER TABLE account ADD COLUMN publicKey BLOB;
                    CREATE TABLE posting (
                        id TEXT PRIMARY KEY,
                        jobId TEXT,
                        recruiterId TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        title TEXT NOT NULL,
                        company TEXT NOT NULL,
                        location TEXT NOT NULL,
                        remote TEXT,
                        employmentType TEXT,
                        salary TEXT NOT NULL,
                        salaryValue DOUBLE,
                        description TEXT NOT NULL,
                        profile TEXT NOT NULL,
                        postedAt DOUBLE NOT NULL,
                        updatedAt DOUBLE NOT NULL,
                        closesAt DOUBLE,
                        closedAt DOUBLE);
                    CREATE INDEX posting_postedAt ON posting(postedAt);
                    CREATE TABLE inbox (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        recipientId TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        sealed BLOB NOT NULL,
                        createdAt DOUBLE NOT NULL);
                    CREATE INDEX inbox_recipient ON inbox(recipientId, seq);
                    """)
        }
    }

    /// Postings an org publishes (its id and sealing key), and an inbox whose recipient may be
    /// an org (`org:<orgId>`), not only an account: the inbox loses its reference to `account`,
    /// and deleting an account deletes its messages itself.
    static func registerOrgPostingMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5 org postings") { db in
            try db.execute(
                sql: """
                    ALTER TABLE posting ADD COLUMN orgId TEXT;
                    ALTER TABLE posting ADD COLUMN orgSealKey BLOB;
                    CREATE TABLE inboxToAnyone (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        recipientId TEXT NOT NULL,
                        sealed BLOB NOT NULL,
                        createdAt DOUBLE NOT NULL);
                    INSERT INTO inboxToAnyone (seq, id, recipientId, sealed, createdAt) SELECT seq, id, recipientId, sealed, createdAt FROM inbox;
                    DROP TABLE inbox;
                    ALTER TABLE inboxToAnyone RENAME TO inbox;
                    CREATE INDEX inbox_recipient ON inbox(recipientId, seq);
                    """)
        }
    }

    // MARK: - Members

    public func member(id: String) async throws -> Member? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT id, displayName, role, publicKey FROM account WHERE id = ?", arguments: [id]).map { row in
                Member(
                    id: row["id"], displayName: row["displayName"], role: Role(rawValue: row["role"]) ?? .candidate,
                    publicKey: row["publicKey"])
            }
        }
    }

    /// Records a user's public key (at registration, or at the first login since keys were made).
    public func setPublicKey(userId: String, _ key: Data) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE account SET publicKey = ? WHERE id = ?", arguments: [key, userId])
        }
    }

    /// Forgets a user's public key, as accounts made before keys were have none (tests).
    package func forgetPublicKey(userId: String) async throws {
        try await write { db in try db.execute(sql: "UPDATE account SET publicKey = NULL WHERE id = ?", arguments: [userId]) }
    }

    // MARK: - Postings

    public func insertPosting(_ posting: Posting) async throws {
        let profile = try Self.json(posting.profile)
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO posting (
                        id, jobId, recruiterId, title, company, location, remote, employmentType, salary, salaryValue, description,
                        profile, postedAt, updatedAt, closesAt, closedAt, orgId, orgSealKey)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: Self.arguments(posting, profile: profile))
        }
    }

    public func posting(id: String) async throws -> Posting? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM posting WHERE id = ?", arguments: [id]).map(Self.posting) }
    }

    public func updatePosting(_ posting: Posting) async throws {
        let profile = try Self.json(posting.profile)
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE posting SET id = ?, jobId = ?, recruiterId = ?, title = ?, company = ?, location = ?, remote = ?,
                        employmentType = ?, salary = ?, salaryValue = ?, description = ?, profile = ?, postedAt = ?, updatedAt = ?,
                        closesAt = ?, closedAt = ?, orgId = ?, orgSealKey = ?
                    WHERE id = ?
                    """,
                arguments: Self.arguments(posting, profile: profile) + [posting.id])
        }
    }

    public func deletePosting(id: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM posting WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    public func postings(_ query: PostingQuery, now: Date, offset: Int, limit: Int) async throws -> [Posting] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if !query.includeClosed {
            conditions.append("closedAt IS NULL AND (closesAt IS NULL OR closesAt > ?)")
            arguments += [now.timeIntervalSince1970]
        }
        for word in query.words {
            conditions.append("(title || ' ' || company || ' ' || location || ' ' || description) LIKE ? ESCAPE '\\'")
            arguments += ["%" + Self.likeEscaped(word) + "%"]
        }
        if let type = query.employmentType {
            conditions.append("employmentType = ? COLLATE NOCASE")
            arguments += [type]
        }
        if let remote = query.remote {
            conditions.append("remote = ?")
            arguments += [remote.rawValue]
        }
        if let location = query.location {
            conditions.append("location LIKE ? ESCAPE '\\'")
            arguments += ["%" + Self.likeEscaped(location) + "%"]
        }
        if let salary = query.salaryMin {
            conditions.append("salaryValue >= ?")
            arguments += [salary]
        }
        if let company = query.company {
            conditions.append("company = ? COLLATE NOCASE")
            arguments += [company]
        }
        if let recruiter = query.recruiterId {
            conditions.append("recruiterId = ?")
            arguments += [recruiter]
        }
        var sql = "SELECT * FROM posting"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        let direction = query.descending ? "DESC" : "ASC"
        switch query.order {
        case .postedAt: sql += " ORDER BY postedAt \(direction), id"
        case .salary: sql += " ORDER BY salaryValue IS NULL, salaryValue \(direction), id"
        case .title: sql += " ORDER BY title COLLATE NOCASE \(direction), id"
        }
        sql += " LIMIT ? OFFSET ?"
        arguments += [limit, offset]
        return try await read { [sql, arguments] db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.posting) }
    }

    // MARK: - Inbox

    public func putMessage(_ message: InboxMessage) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO inbox (id, recipientId, sealed, createdAt) VALUES (?, ?, ?, ?)",
                arguments: [message.id, message.recipientId, message.sealed, message.createdAt.timeIntervalSince1970])
        }
        if let orgId = OrgInbox.orgId(ofRecipient: message.recipientId) { orgChanges.notify(orgId) }
    }

    public func messages(to recipientId: String, limit: Int, maxBytes: Int) async throws -> [InboxMessage] {
        try await read { db in
            // Sizes first: a batch of large messages (an interview's files) is cut to the budget
            // before any of them is read.
            var count = 0
            var bytes = 0
            for size in try Int.fetchAll(
                db, sql: "SELECT length(sealed) FROM inbox WHERE recipientId = ? ORDER BY seq LIMIT ?", arguments: [recipientId, limit])
            {
                if count > 0, bytes + size > maxBytes { break }
                count += 1
                bytes += size
            }
            return try Row.fetchAll(
                db, sql: "SELECT * FROM inbox WHERE recipientId = ? ORDER BY seq LIMIT ?", arguments: [recipientId, count]
            ).map { row in
                InboxMessage(
                    id: row["id"], recipientId: row["recipientId"], sealed: row["sealed"],
                    createdAt: Date(timeIntervalSince1970: row["createdAt"]))
            }
        }
    }

    public func deleteMessages(ids: [String], to recipientId: String) async throws {
        guard !ids.isEmpty else { return }
        try await write { db in
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            try db.execute(
                sql: "DELETE FROM inbox WHERE recipientId = ? AND id IN (\(marks))", arguments: StatementArguments([recipientId] + ids))
        }
    }

    // MARK: - Internal

    private static func arguments(_ posting: Posting, profile: String) -> StatementArguments {
        [
            posting.id, posting.jobId, posting.recruiterId, posting.title, posting.company, posting.location, posting.remote?.rawValue,
            posting.employmentType, posting.salary, posting.salaryValue, posting.description, profile,
            posting.postedAt.timeIntervalSince1970, posting.updatedAt.timeIntervalSince1970, posting.closesAt?.timeIntervalSince1970,
            posting.closedAt?.timeIntervalSince1970, posting.orgId, posting.orgSealKey,
        ]
    }

    private static func posting(_ row: Row) throws -> Posting {
        var posting = Posting(
            id: row["id"], jobId: row["jobId"], recruiterId: row["recruiterId"], title: row["title"], company: row["company"],
            location: row["location"], remote: (row["remote"] as String?).flatMap(RemotePolicy.init(rawValue:)),
            employmentType: row["employmentType"], salary: row["salary"], description: row["description"],
            profile: try JSONDecoder().decode(JobProfile.self, from: Data((row["profile"] as String).utf8)),
            postedAt: Date(timeIntervalSince1970: row["postedAt"]), updatedAt: Date(timeIntervalSince1970: row["updatedAt"]),
            closesAt: (row["closesAt"] as Double?).map(Date.init(timeIntervalSince1970:)),
            closedAt: (row["closedAt"] as Double?).map(Date.init(timeIntervalSince1970:)))
        posting.orgId = row["orgId"]
        posting.orgSealKey = row["orgSealKey"]
        return posting
    }

    private static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    /// `text` for a LIKE pattern: its wildcards and the escape character taken literally.
    private static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
