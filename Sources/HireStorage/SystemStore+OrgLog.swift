import Foundation
import GRDB
import HireCore
import Synchronization

// `OrgLog` on `system.db`: organisations among the users of this machine. The tables hold only
// what the port says the transport may see: published public keys and display names, opaque
// log bodies (signed and encrypted by their authors), invitations sealed under a key only the
// code's holder can derive, and encrypted snapshots.

extension SystemStore: OrgLog {
    /// Identities are their own table, not columns of `account`: on the exchange they come from
    /// other machines too. A log's `seq` is assigned in the appending transaction, so it is
    /// gapless per org.
    static func registerOrgLogMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4 org logs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE orgIdentity (
                        userId TEXT PRIMARY KEY,
                        displayName TEXT NOT NULL,
                        boxPublicKey BLOB NOT NULL,
                        signPublicKey BLOB NOT NULL);
                    CREATE TABLE orgEntry (
                        orgId TEXT NOT NULL,
                        seq INTEGER NOT NULL,
                        body BLOB NOT NULL,
                        PRIMARY KEY (orgId, seq)) WITHOUT ROWID;
                    CREATE TABLE orgInvitation (
                        codeHash BLOB PRIMARY KEY,
                        orgId TEXT NOT NULL,
                        sealed BLOB NOT NULL,
                        expiresAt DOUBLE NOT NULL);
                    CREATE TABLE orgSnapshot (
                        orgId TEXT PRIMARY KEY,
                        upTo INTEGER NOT NULL,
                        body BLOB NOT NULL);
                    """)
        }
    }

    // MARK: - Identities

    public func publish(_ identity: PublishedIdentity) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO orgIdentity (userId, displayName, boxPublicKey, signPublicKey) VALUES (?, ?, ?, ?)",
                arguments: [identity.userId, identity.displayName, identity.boxPublicKey, identity.signPublicKey])
        }
    }

    public func identity(userId: String) async throws -> PublishedIdentity? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM orgIdentity WHERE userId = ?", arguments: [userId]).map { row in
                PublishedIdentity(
                    userId: row["userId"], displayName: row["displayName"], boxPublicKey: row["boxPublicKey"],
                    signPublicKey: row["signPublicKey"])
            }
        }
    }

    // MARK: - Logs

    public func append(orgId: String, bodies: [Data]) async throws -> [Int64] {
        guard !bodies.isEmpty else { return [] }
        let seqs = try await write { db in
            let last = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM orgEntry WHERE orgId = ?", arguments: [orgId]) ?? 0
            var seqs: [Int64] = []
            for (offset, body) in bodies.enumerated() {
                let seq = last + Int64(offset) + 1
                try db.execute(sql: "INSERT INTO orgEntry (orgId, seq, body) VALUES (?, ?, ?)", arguments: [orgId, seq, body])
                seqs.append(seq)
            }
            return seqs
        }
        orgChanges.notify(orgId)
        return seqs
    }

    public func entries(orgId: String, after: Int64, limit: Int) async throws -> [OrgLogEntry] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT seq, body FROM orgEntry WHERE orgId = ? AND seq > ? ORDER BY seq LIMIT ?",
                arguments: [orgId, after, limit]
            ).map { OrgLogEntry(orgId: orgId, seq: $0["seq"], body: $0["body"]) }
        }
    }

    // MARK: - Invitations

    public func putInvitation(codeHash: Data, _ invitation: OrgInvitation) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO orgInvitation (codeHash, orgId, sealed, expiresAt) VALUES (?, ?, ?, ?)",
                arguments: [codeHash, invitation.orgId, invitation.sealed, invitation.expiresAt.timeIntervalSince1970])
        }
    }

    public func takeInvitation(codeHash: Data, now: Date) async throws -> OrgInvitation? {
        try await write { db in
            // Expired invitations go whenever one is taken: none outlives its use.
            try db.execute(sql: "DELETE FROM orgInvitation WHERE expiresAt <= ?", arguments: [now.timeIntervalSince1970])
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM orgInvitation WHERE codeHash = ?", arguments: [codeHash]) else {
                return nil
            }
            try db.execute(sql: "DELETE FROM orgInvitation WHERE codeHash = ?", arguments: [codeHash])
            return OrgInvitation(orgId: row["orgId"], sealed: row["sealed"], expiresAt: Date(timeIntervalSince1970: row["expiresAt"]))
        }
    }

    // MARK: - Snapshots

    public func putSnapshot(_ snapshot: OrgSnapshot) async throws {
        try await write { db in
            // An older snapshot never replaces a newer one (two members compacting at once).
            try db.execute(
                sql: """
                    INSERT INTO orgSnapshot (orgId, upTo, body) VALUES (?, ?, ?)
                    ON CONFLICT(orgId) DO UPDATE SET upTo = excluded.upTo, body = excluded.body WHERE excluded.upTo >= upTo
                    """,
                arguments: [snapshot.orgId, snapshot.upTo, snapshot.body])
        }
    }

    public func latestSnapshot(orgId: String) async throws -> OrgSnapshot? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT upTo, body FROM orgSnapshot WHERE orgId = ?", arguments: [orgId]).map {
                OrgSnapshot(orgId: orgId, upTo: $0["upTo"], body: $0["body"])
            }
        }
    }

    public func changes() -> AsyncStream<String> { orgChanges.subscribe() }

    /// Replaces the body of one stored entry, as a malicious server could (tamper tests).
    package func overwriteEntry(orgId: String, seq: Int64, body: Data) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE orgEntry SET body = ? WHERE orgId = ? AND seq = ?", arguments: [body, orgId, seq])
        }
    }
}

/// Wakes every subscriber of ``SystemStore/changes()`` when an org's log grows in this process
/// (the only writer of `system.db`). A subscriber that stops listening is dropped.
final class OrgChangeFanout: Sendable {
    private let subscribers = Mutex<[UUID: AsyncStream<String>.Continuation]>([:])

    func subscribe() -> AsyncStream<String> {
        let id = UUID()
        // Wake-ups only: a slow reader loses nothing by keeping the newest few per org.
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(64))
        continuation.onTermination = { [weak self] _ in _ = self?.subscribers.withLock { $0.removeValue(forKey: id) } }
        subscribers.withLock { $0[id] = continuation }
        return stream
    }

    func notify(_ orgId: String) {
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.yield(orgId) }
    }
}
