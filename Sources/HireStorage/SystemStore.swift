import Foundation
import HireCore
import GRDB
import HireCrypto

/// An account as stored in `system.db`.
public struct AccountRecord: Sendable, Equatable {
    public var id: String
    public var username: String
    public var email: String
    public var role: String
    public var displayName: String
    public var createdAt: Date
    /// The X25519 key others seal to this user with; nil until their first login since keys were made.
    public var publicKey: Data?

    public init(
        id: String, username: String, email: String, role: String, displayName: String, createdAt: Date, publicKey: Data? = nil
    ) {
        self.id = id
        self.username = username
        self.email = email
        self.role = role
        self.displayName = displayName
        self.createdAt = createdAt
        self.publicKey = publicKey
    }
}

/// A session as stored: nothing here unlocks a key without the client's token.
public struct SessionRecord: Sendable, Equatable {
    public var id: String
    /// Keyed hash of the token: finds the row, reveals nothing.
    public var lookup: Data
    public var userId: String
    /// The user's master key wrapped under a key derived from the token.
    public var wrap: Data
    public var peerUid: UInt32
    public var createdAt: Date
    public var lastUsedAt: Date
    public var idleExpiresAt: Date
    public var absoluteExpiresAt: Date

    public init(
        id: String, lookup: Data, userId: String, wrap: Data, peerUid: UInt32, createdAt: Date, lastUsedAt: Date,
        idleExpiresAt: Date, absoluteExpiresAt: Date
    ) {
        self.id = id
        self.lookup = lookup
        self.userId = userId
        self.wrap = wrap
        self.peerUid = peerUid
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.idleExpiresAt = idleExpiresAt
        self.absoluteExpiresAt = absoluteExpiresAt
    }

    /// The earlier of the two expiries.
    public var expiresAt: Date { min(idleExpiresAt, absoluteExpiresAt) }
}

/// Kinds of key wrap an account has.
public enum WrapKind: String, Sendable, CaseIterable {
    case password, recovery
}

/// `system.db`: accounts, key wraps, sessions and login failures, and what users share
/// (postings, the sealed inbox: `SystemStore+Exchange`), encrypted with a key derived from the
/// machine key.
public final class SystemStore: Sendable {
    let queue: DatabaseQueue
    public let path: String
    /// Who waits on org logs in this process (`SystemStore+OrgLog`).
    let orgChanges = OrgChangeFanout()

    public init(path: String, key: SecureBytes) throws(StorageError) {
        self.path = path
        queue = try EncryptedDatabase.open(path: path, key: key, migrator: Self.migrator)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 accounts and sessions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE account (
                        id TEXT PRIMARY KEY,
                        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
                        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                        role TEXT NOT NULL,
                        displayName TEXT NOT NULL,
                        createdAt DOUBLE NOT NULL);
                    CREATE TABLE keyWrap (
                        userId TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        kind TEXT NOT NULL,
                        record BLOB NOT NULL,
                        PRIMARY KEY (userId, kind));
                    CREATE TABLE session (
                        id TEXT PRIMARY KEY,
                        lookup BLOB NOT NULL UNIQUE,
                        userId TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        wrap BLOB NOT NULL,
                        peerUid INTEGER NOT NULL,
                        createdAt DOUBLE NOT NULL,
                        lastUsedAt DOUBLE NOT NULL,
                        idleExpiresAt DOUBLE NOT NULL,
                        absoluteExpiresAt DOUBLE NOT NULL);
                    CREATE INDEX session_user ON session(userId);
                    CREATE TABLE loginFailure (
                        login TEXT PRIMARY KEY COLLATE NOCASE,
                        failures INTEGER NOT NULL,
                        lastFailureAt DOUBLE NOT NULL);
                    """)
        }
        // Failures were counted per text typed; they are now counted per account (or per
        // unknown name), under keys of another form: the old counts mean nothing.
        migrator.registerMigration("v2 login failures per account") { db in
            try db.execute(sql: "DELETE FROM loginFailure")
        }
        registerExchangeMigrations(&migrator)
        registerOrgLogMigrations(&migrator)
        registerOrgPostingMigrations(&migrator)
        return migrator
    }

    // MARK: - Accounts

    /// Inserts an account with its wraps in one transaction. A taken username or email is
    /// `StoreConflict`.
    public func insertAccount(_ account: AccountRecord, wraps: [WrapKind: Data]) async throws {
        try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM account WHERE username = ?", arguments: [account.username]) == true {
                throw StoreConflict.usernameTaken
            }
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM account WHERE email = ?", arguments: [account.email]) == true {
                throw StoreConflict.emailTaken
            }
            try db.execute(
                sql: "INSERT INTO account (id, username, email, role, displayName, createdAt) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    account.id, account.username, account.email, account.role, account.displayName,
                    account.createdAt.timeIntervalSince1970,
                ])
            for (kind, record) in wraps {
                try db.execute(
                    sql: "INSERT INTO keyWrap (userId, kind, record) VALUES (?, ?, ?)",
                    arguments: [account.id, kind.rawValue, record])
            }
        }
    }

    /// The account whose username or email is `login` (case-insensitive).
    public func account(login: String) async throws -> AccountRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM account WHERE username = ? OR email = ?", arguments: [login, login])
                .map(Self.account)
        }
    }

    public func account(id: String) async throws -> AccountRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM account WHERE id = ?", arguments: [id]).map(Self.account)
        }
    }

    public func wrap(userId: String, kind: WrapKind) async throws -> Data? {
        try await read { db in
            try Data.fetchOne(
                db, sql: "SELECT record FROM keyWrap WHERE userId = ? AND kind = ?", arguments: [userId, kind.rawValue])
        }
    }

    /// Replaces some of a user's wraps and ends their sessions except `keepSession`, in one
    /// transaction (password change, recovery).
    public func replaceWraps(userId: String, _ wraps: [WrapKind: Data], keepSession: String?) async throws {
        try await write { db in
            for (kind, record) in wraps {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO keyWrap (userId, kind, record) VALUES (?, ?, ?)",
                    arguments: [userId, kind.rawValue, record])
            }
            try db.execute(
                sql: "DELETE FROM session WHERE userId = ? AND id IS NOT ?", arguments: [userId, keepSession])
        }
    }

    /// Deletes the account, every wrap and session of it in one transaction, then
    /// checkpoints so that no copy of the wraps stays in the log.
    public func deleteAccount(id: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM keyWrap WHERE userId = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM session WHERE userId = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM inbox WHERE recipientId = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM account WHERE id = ?", arguments: [id])
        }
        try await checkpoint()
    }

    // MARK: - Sessions

    public func insertSession(_ session: SessionRecord) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO session (id, lookup, userId, wrap, peerUid, createdAt, lastUsedAt, idleExpiresAt, absoluteExpiresAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    session.id, session.lookup, session.userId, session.wrap, Int64(session.peerUid),
                    session.createdAt.timeIntervalSince1970, session.lastUsedAt.timeIntervalSince1970,
                    session.idleExpiresAt.timeIntervalSince1970, session.absoluteExpiresAt.timeIntervalSince1970,
                ])
        }
    }

    public func session(lookup: Data) async throws -> SessionRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM session WHERE lookup = ?", arguments: [lookup]).map(Self.session)
        }
    }

    public func session(id: String) async throws -> SessionRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM session WHERE id = ?", arguments: [id]).map(Self.session)
        }
    }

    public func sessions(userId: String) async throws -> [SessionRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM session WHERE userId = ? ORDER BY createdAt", arguments: [userId])
                .map(Self.session)
        }
    }

    /// Records use: the idle expiry slides forward.
    public func touchSession(id: String, at: Date, idleExpiresAt: Date) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE session SET lastUsedAt = ?, idleExpiresAt = ? WHERE id = ?",
                arguments: [at.timeIntervalSince1970, idleExpiresAt.timeIntervalSince1970, id])
        }
    }

    /// Deletes one of `userId`'s sessions; false when they have no such session.
    public func deleteSession(id: String, userId: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM session WHERE id = ? AND userId = ?", arguments: [id, userId])
            return db.changesCount > 0
        }
    }

    public func deleteSessions(userId: String) async throws {
        try await write { db in try db.execute(sql: "DELETE FROM session WHERE userId = ?", arguments: [userId]) }
    }

    /// Deletes sessions past either expiry; returns their ids.
    public func deleteExpiredSessions(now: Date) async throws -> [String] {
        try await write { db in
            let now = now.timeIntervalSince1970
            let ids = try String.fetchAll(
                db, sql: "SELECT id FROM session WHERE idleExpiresAt <= ? OR absoluteExpiresAt <= ?", arguments: [now, now])
            try db.execute(sql: "DELETE FROM session WHERE idleExpiresAt <= ? OR absoluteExpiresAt <= ?", arguments: [now, now])
            return ids
        }
    }

    // MARK: - Login failures

    public func loginFailures(key: String) async throws -> (count: Int, last: Date)? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT failures, lastFailureAt FROM loginFailure WHERE login = ?", arguments: [key])
                .map { (count: $0["failures"], last: Date(timeIntervalSince1970: $0["lastFailureAt"])) }
        }
    }

    public func recordLoginFailure(key: String, at: Date) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO loginFailure (login, failures, lastFailureAt) VALUES (?, 1, ?)
                    ON CONFLICT(login) DO UPDATE SET failures = failures + 1, lastFailureAt = excluded.lastFailureAt
                    """,
                arguments: [key, at.timeIntervalSince1970])
        }
    }

    public func clearLoginFailures(key: String) async throws {
        try await write { db in try db.execute(sql: "DELETE FROM loginFailure WHERE login = ?", arguments: [key]) }
    }

    // MARK: - Maintenance

    /// Moves the log into the database file and truncates the log.
    public func checkpoint() async throws {
        try await queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    /// Checkpoints and closes the database (a clean stop): the file's lock goes with it, even
    /// while something still holds this store; a use after this throws.
    public func close() throws {
        defer { try? queue.close() }
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
    }

    /// A consistent encrypted copy in a new file, for backups.
    public func backup(to destination: String, key: SecureBytes) async throws {
        try await EncryptedDatabase.vacuum(queue, into: destination, key: key)
    }

    /// Runs `body` inside an open write transaction (tests look at the files meanwhile).
    package func withOpenTransaction(_ body: @escaping @Sendable () throws -> Void, writing account: AccountRecord) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO account (id, username, email, role, displayName, createdAt) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [account.id, account.username, account.email, account.role, account.displayName, 0])
            try body()
        }
    }

    /// `PRAGMA integrity_check` is "ok".
    public func integrityCheck() async throws -> Bool {
        try await read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok" }
    }

    // MARK: - Internal

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await translatingErrors { try await queue.read(body) }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await translatingErrors { try await queue.write(body) }
    }

    /// Conflicts pass through; every database error is said in the store's terms.
    private func translatingErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreConflict {
            throw error
        } catch {
            throw EncryptedDatabase.classify(error, path: path)
        }
    }

    private static func account(_ row: Row) -> AccountRecord {
        AccountRecord(
            id: row["id"], username: row["username"], email: row["email"], role: row["role"],
            displayName: row["displayName"], createdAt: Date(timeIntervalSince1970: row["createdAt"]), publicKey: row["publicKey"])
    }

    private static func session(_ row: Row) -> SessionRecord {
        SessionRecord(
            id: row["id"], lookup: row["lookup"], userId: row["userId"], wrap: row["wrap"],
            peerUid: UInt32(truncatingIfNeeded: row["peerUid"] as Int64), createdAt: Date(timeIntervalSince1970: row["createdAt"]),
            lastUsedAt: Date(timeIntervalSince1970: row["lastUsedAt"]),
            idleExpiresAt: Date(timeIntervalSince1970: row["idleExpiresAt"]),
            absoluteExpiresAt: Date(timeIntervalSince1970: row["absoluteExpiresAt"]))
    }
}

/// A uniqueness conflict when creating an account.
public enum StoreConflict: Error, Equatable {
    case usernameTaken, emailTaken
}
