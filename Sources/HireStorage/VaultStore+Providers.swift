import Foundation
import GRDB
import HireCore

// `ProviderStore`: the user's LLM providers, their API keys (inside the encrypted vault, like
// everything else in it) and the answers cached per question, provider and model.

extension VaultStore {
    static func registerProviderMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v12 llm providers") { db in
            try db.execute(
                sql: """
                    CREATE TABLE provider (
                        name TEXT PRIMARY KEY,
                        settings TEXT NOT NULL,
                        apiKey TEXT);
                    CREATE TABLE modelAnswer (
                        key TEXT PRIMARY KEY,
                        provider TEXT NOT NULL,
                        answer TEXT NOT NULL);
                    CREATE INDEX modelAnswer_provider ON modelAnswer(provider);
                    """)
        }
    }

    public func putProvider(_ settings: ProviderSettings, apiKey: String?) async throws {
        let body = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        try await queue.write { db in
            let kept = try String.fetchOne(db, sql: "SELECT apiKey FROM provider WHERE name = ?", arguments: [settings.name])
            let key = apiKey.map { $0.isEmpty ? nil : $0 } ?? kept
            try db.execute(
                sql: "INSERT OR REPLACE INTO provider (name, settings, apiKey) VALUES (?, ?, ?)", arguments: [settings.name, body, key])
            // Answers of the provider as it was may not be those of the provider as it is now.
            try db.execute(sql: "DELETE FROM modelAnswer WHERE provider = ?", arguments: [settings.name])
        }
    }

    public func providers() async throws -> [(settings: ProviderSettings, hasKey: Bool)] {
        try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT settings, apiKey IS NOT NULL AS hasKey FROM provider ORDER BY name").map { row in
                (try JSONDecoder().decode(ProviderSettings.self, from: Data((row["settings"] as String).utf8)), row["hasKey"])
            }
        }
    }

    public func provider(named name: String) async throws -> (settings: ProviderSettings, apiKey: String?)? {
        try await queue.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT settings, apiKey FROM provider WHERE name = ?", arguments: [name]) else {
                return nil
            }
            return (try JSONDecoder().decode(ProviderSettings.self, from: Data((row["settings"] as String).utf8)), row["apiKey"])
        }
    }

    public func deleteProvider(named name: String) async throws -> Bool {
        try await queue.write { db in
            try db.execute(sql: "DELETE FROM modelAnswer WHERE provider = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM provider WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    public func cachedAnswer(key: String) async throws -> String? {
        try await queue.read { db in try String.fetchOne(db, sql: "SELECT answer FROM modelAnswer WHERE key = ?", arguments: [key]) }
    }

    public func putCachedAnswer(key: String, provider name: String, answer: String) async throws {
        try await queue.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO modelAnswer (key, provider, answer) VALUES (?, ?, ?)", arguments: [key, name, answer])
        }
    }
}
