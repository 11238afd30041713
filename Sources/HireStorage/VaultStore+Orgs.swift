import Foundation
import GRDB
import HireCore
import HireCrypto

// A user's replica of each org they belong to (docs/orgs.md): the org's state as the log made
// it (an opaque JSON document the sync engine owns: members, epochs and their keys, counters),
// the shared records as last-writer-wins fields, local edits waiting to go out, signed entries
// on their way to the log, and entries rejected. All inside the encrypted vault.

extension VaultStore {
    static func registerOrgMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v13 org replicas") { db in
            try db.execute(
                sql: """
                    CREATE TABLE orgReplica (
                        orgId TEXT PRIMARY KEY,
                        lastSeq INTEGER NOT NULL,
                        state BLOB NOT NULL);
                    CREATE TABLE orgField (
                        orgId TEXT NOT NULL,
                        tbl TEXT NOT NULL,
                        recordId TEXT NOT NULL,
                        field TEXT NOT NULL,
                        value TEXT,
                        hlc TEXT NOT NULL,
                        author TEXT NOT NULL,
                        PRIMARY KEY (orgId, tbl, recordId, field)) WITHOUT ROWID;
                    CREATE TABLE orgPending (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        orgId TEXT NOT NULL,
                        changeSet BLOB NOT NULL);
                    CREATE TABLE orgOutbox (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        orgId TEXT NOT NULL,
                        body BLOB NOT NULL);
                    CREATE TABLE orgRejected (
                        orgId TEXT NOT NULL,
                        seq INTEGER NOT NULL,
                        reason TEXT NOT NULL,
                        at DOUBLE NOT NULL,
                        PRIMARY KEY (orgId, seq));
                    """)
        }
    }

    public func orgReplicas() async throws -> [OrgReplicaRecord] {
        try await queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM orgReplica ORDER BY orgId").map(Self.replica) }
    }

    public func orgReplica(orgId: String) async throws -> OrgReplicaRecord? {
        try await queue.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM orgReplica WHERE orgId = ?", arguments: [orgId]).map(Self.replica)
        }
    }

    /// Starts a replica (a created or joined org) at `lastSeq` with `fields` (a snapshot's) and
    /// its first entries (the creation, the join) in the outbox, in one transaction: a crash
    /// leaves either nothing or a replica whose entries go out at the next sync. False when the
    /// vault already has a replica of the org.
    public func insertOrgReplica(orgId: String, lastSeq: Int64, state: Data, fields: [OrgFieldRecord], outbox: [Data]) async throws
        -> Bool
    {
        try await queue.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO orgReplica (orgId, lastSeq, state) VALUES (?, ?, ?)", arguments: [orgId, lastSeq, state])
            guard db.changesCount > 0 else { return false }
            try Self.merge(db, orgId: orgId, fields)
            try Self.addOutbox(db, orgId: orgId, state: state, bodies: outbox)
            return true
        }
    }

    /// Applies log entry `seq` in one transaction: the new state, the entry's fields merged
    /// (last writer wins) or, for a rejected entry, its reason recorded. False, changing
    /// nothing, when the replica is no longer at `after` (the entry was applied already).
    public func applyOrgEntry(
        orgId: String, after: Int64, seq: Int64, state: Data, fields: [OrgFieldRecord], rejection: String?, at: Date
    ) async throws -> Bool {
        try await queue.write { db in
            try db.execute(
                sql: "UPDATE orgReplica SET lastSeq = ?, state = ? WHERE orgId = ? AND lastSeq = ?",
                arguments: [seq, state, orgId, after])
            guard db.changesCount > 0 else { return false }
            try Self.merge(db, orgId: orgId, fields)
            if let rejection {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO orgRejected (orgId, seq, reason, at) VALUES (?, ?, ?, ?)",
                    arguments: [orgId, seq, rejection, at.timeIntervalSince1970])
            }
            return true
        }
    }

    /// A local edit: its fields merged at once (the user sees their change), the change set
    /// queued for the log, and the state (the clock moved) saved, in one transaction.
    public func queueOrgChange(orgId: String, state: Data, fields: [OrgFieldRecord], changeSet: Data) async throws {
        try await queue.write { db in
            try db.execute(sql: "UPDATE orgReplica SET state = ? WHERE orgId = ?", arguments: [state, orgId])
            try Self.merge(db, orgId: orgId, fields)
            try db.execute(sql: "INSERT INTO orgPending (orgId, changeSet) VALUES (?, ?)", arguments: [orgId, changeSet])
        }
    }

    /// Turns up to `limit` queued change sets into signed entries in the outbox, in one
    /// transaction: `build` gets the state and the change sets, and returns the new state (its
    /// author counter moved on) and the bodies. Returns how many moved.
    public func moveOrgPendingToOutbox(
        orgId: String, limit: Int, _ build: @escaping @Sendable (Data, [Data]) throws -> (state: Data, bodies: [Data])
    ) async throws -> Int {
        try await queue.write { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT id, changeSet FROM orgPending WHERE orgId = ? ORDER BY id LIMIT ?", arguments: [orgId, limit])
            guard !rows.isEmpty,
                let state = try Data.fetchOne(db, sql: "SELECT state FROM orgReplica WHERE orgId = ?", arguments: [orgId])
            else { return 0 }
            let built = try build(state, rows.map { $0["changeSet"] })
            try Self.addOutbox(db, orgId: orgId, state: built.state, bodies: built.bodies)
            try db.execute(
                sql: "DELETE FROM orgPending WHERE orgId = ? AND id <= ?", arguments: [orgId, rows.last!["id"] as Int64])
            return rows.count
        }
    }

    /// Queues signed entries for the log with the state they moved on (a membership step).
    public func addOrgOutbox(orgId: String, state: Data, bodies: [Data]) async throws {
        try await queue.write { db in try Self.addOutbox(db, orgId: orgId, state: state, bodies: bodies) }
    }

    /// Signed entries waiting to be appended, oldest first.
    public func orgOutbox(orgId: String) async throws -> [(id: Int64, body: Data)] {
        try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, body FROM orgOutbox WHERE orgId = ? ORDER BY id", arguments: [orgId])
                .map { (id: $0["id"], body: $0["body"]) }
        }
    }

    /// Forgets entries the log took.
    public func deleteOrgOutbox(ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await queue.write { db in
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            try db.execute(sql: "DELETE FROM orgOutbox WHERE id IN (\(marks))", arguments: StatementArguments(ids))
        }
    }

    /// Saves the engine's state without applying anything (the time of a sync).
    public func updateOrgState(orgId: String, state: Data) async throws {
        try await queue.write { db in
            try db.execute(sql: "UPDATE orgReplica SET state = ? WHERE orgId = ?", arguments: [state, orgId])
        }
    }

    /// Every field of the org's shared records, in key order.
    public func orgFields(orgId: String, table: String?, recordId: String?) async throws -> [OrgFieldRecord] {
        let (sql, arguments): (String, StatementArguments) =
            switch (table, recordId) {
            case (let table?, let recordId?): ("orgId = ? AND tbl = ? AND recordId = ?", [orgId, table, recordId])
            case (let table?, nil): ("orgId = ? AND tbl = ?", [orgId, table])
            default: ("orgId = ?", [orgId])
            }
        return try await orgFields(where: sql, arguments)
    }

    public func orgFields(orgId: String, after: OrgFieldKey?, limit: Int) async throws -> [OrgFieldRecord] {
        guard let after else { return try await orgFields(where: "orgId = ?", [orgId], limit: limit) }
        return try await orgFields(
            where: "orgId = ? AND (tbl, recordId, field) > (?, ?, ?)", [orgId, after.table, after.recordId, after.field], limit: limit)
    }

    private func orgFields(where sql: String, _ arguments: StatementArguments, limit: Int? = nil) async throws -> [OrgFieldRecord] {
        try await queue.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM orgField WHERE \(sql) ORDER BY tbl, recordId, field\(limit.map { " LIMIT \($0)" } ?? "")",
                arguments: arguments
            ).map {
                OrgFieldRecord(
                    table: $0["tbl"], recordId: $0["recordId"], field: $0["field"], value: $0["value"], hlc: $0["hlc"],
                    author: $0["author"])
            }
        }
    }

    /// Local changes not yet in the log: queued change sets and signed entries not yet taken.
    public func orgPendingCount(orgId: String) async throws -> Int {
        try await queue.read { db in
            try Int.fetchOne(
                db,
                sql: "SELECT (SELECT COUNT(*) FROM orgPending WHERE orgId = ?) + (SELECT COUNT(*) FROM orgOutbox WHERE orgId = ?)",
                arguments: [orgId, orgId]) ?? 0
        }
    }

    public func orgRejections(orgId: String) async throws -> [OrgRejectionRecord] {
        try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM orgRejected WHERE orgId = ? ORDER BY seq", arguments: [orgId]).map {
                OrgRejectionRecord(seq: $0["seq"], reason: $0["reason"], at: Date(timeIntervalSince1970: $0["at"]))
            }
        }
    }

    // MARK: - Internal

    private static func replica(_ row: Row) -> OrgReplicaRecord {
        OrgReplicaRecord(orgId: row["orgId"], lastSeq: row["lastSeq"], state: row["state"])
    }

    private static func addOutbox(_ db: Database, orgId: String, state: Data, bodies: [Data]) throws {
        try db.execute(sql: "UPDATE orgReplica SET state = ? WHERE orgId = ?", arguments: [state, orgId])
        for body in bodies {
            try db.execute(sql: "INSERT INTO orgOutbox (orgId, body) VALUES (?, ?)", arguments: [orgId, body])
        }
    }

    /// Last writer wins per field: a write replaces the field only when its (clock, author) is
    /// later, so every order of the same writes ends in the same fields.
    private static func merge(_ db: Database, orgId: String, _ fields: [OrgFieldRecord]) throws {
        for field in fields {
            try db.execute(
                sql: """
                    INSERT INTO orgField (orgId, tbl, recordId, field, value, hlc, author) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(orgId, tbl, recordId, field) DO UPDATE
                    SET value = excluded.value, hlc = excluded.hlc, author = excluded.author
                    WHERE (excluded.hlc, excluded.author) > (orgField.hlc, orgField.author)
                    """,
                arguments: [orgId, field.table, field.recordId, field.field, field.value, field.hlc, field.author])
        }
    }
}
