import Foundation
import GRDB
import HireCore

// `EventStore`: the user's event log.

extension VaultStore {
    /// The event log: `id` is AUTOINCREMENT, so it grows with every event and is never reused,
    /// even after rows are deleted: the last id a client saw stays a valid cursor.
    static func registerEventMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9 event log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE event (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        topic TEXT NOT NULL,
                        at DOUBLE NOT NULL,
                        data TEXT NOT NULL);
                    """)
        }
    }

    public func appendEvent(_ event: NewEvent) async throws -> StoredEvent {
        try await queue.write { db in
            try db.execute(
                sql: "INSERT INTO event (topic, at, data) VALUES (?, ?, ?)",
                arguments: [event.topic.rawValue, event.at.timeIntervalSince1970, event.data])
            return StoredEvent(id: db.lastInsertedRowID, topic: event.topic, at: event.at, data: event.data)
        }
    }

    /// Events oldest first; a topic this version does not know is left out.
    public func events(after: Int64?, topics: [EventTopic]?, limit: Int) async throws -> [StoredEvent] {
        try await queue.read { db in
            var sql = "SELECT * FROM event WHERE id > ?"
            var arguments: [(any DatabaseValueConvertible)?] = [after ?? 0]
            if let topics {
                sql += " AND topic IN (\(topics.map { _ in "?" }.joined(separator: ", ")))"
                arguments += topics.map(\.rawValue)
            }
            sql += " ORDER BY id LIMIT ?"
            arguments.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).compactMap { row in
                EventTopic(rawValue: row["topic"]).map { topic in
                    StoredEvent(id: row["id"], topic: topic, at: Date(timeIntervalSince1970: row["at"]), data: row["data"])
                }
            }
        }
    }
}
