import Foundation
import GRDB
import HireCore

// `RunStore`: the history of runs.

extension VaultStore {

    public func insertRun(_ run: Run) async throws {
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO run (id, kind, status, createdAt, finishedAt, parameters, summary, results) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET
                        kind = excluded.kind, status = excluded.status, createdAt = excluded.createdAt, finishedAt = excluded.finishedAt,
                        parameters = excluded.parameters, summary = excluded.summary, results = excluded.results
                    """,
                arguments: [
                    run.id, run.kind, run.status.rawValue, run.createdAt.timeIntervalSince1970, run.finishedAt?.timeIntervalSince1970,
                    run.parameters, run.summary, run.results,
                ])
        }
    }

    /// A stored run; a status this version does not know reads as failed.
    static func run(_ row: Row) -> Run {
        Run(
            id: row["id"], kind: row["kind"], status: RunStatus(rawValue: row["status"]) ?? .failed, createdAt: Date(timeIntervalSince1970: row["createdAt"]),
            finishedAt: (row["finishedAt"] as Double?).map(Date.init(timeIntervalSince1970:)), parameters: row["parameters"],
            summary: row["summary"], results: row["results"])
    }

    public func run(id: String) async throws -> Run? {
        try await queue.read { db in try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]).map(Self.run) }
    }

    /// Runs newest first, filtered; `after` is the (createdAt, id) of the last run of the previous page.
    public func runs(kind: String?, status: RunStatus?, from: Date?, to: Date?, after: (Double, String)?, limit: Int) async throws
        -> [Run]
    {
        try await queue.read { db in
            var clauses: [String] = []
            var arguments: [(any DatabaseValueConvertible)?] = []
            if let kind { clauses.append("kind = ?"); arguments.append(kind) }
            if let status { clauses.append("status = ?"); arguments.append(status.rawValue) }
            if let from { clauses.append("createdAt >= ?"); arguments.append(from.timeIntervalSince1970) }
            if let to { clauses.append("createdAt < ?"); arguments.append(to.timeIntervalSince1970) }
            if let after {
                clauses.append("(createdAt < ? OR (createdAt = ? AND id < ?))")
                arguments += [after.0, after.0, after.1]
            }
            let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            arguments.append(limit)
            return try Row.fetchAll(
                db, sql: "SELECT * FROM run \(whereClause) ORDER BY createdAt DESC, id DESC LIMIT ?",
                arguments: StatementArguments(arguments)
            ).map(Self.run)
        }
    }

    public func deleteRuns(ids: [String]) async throws -> Int {
        try await queue.write { db in
            var deleted = 0
            for id in ids {
                try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [id])
                deleted += db.changesCount
            }
            return deleted
        }
    }

    /// Runs by kind, and the time of the latest run.
    public func runCounts() async throws -> (byKind: [String: Int], last: Date?) {
        try await queue.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT kind, count(*) AS n FROM run GROUP BY kind")
            let last = try Double.fetchOne(db, sql: "SELECT max(coalesce(finishedAt, createdAt)) FROM run")
            return (Dictionary(uniqueKeysWithValues: rows.map { ($0["kind"], $0["n"]) }), last.map(Date.init(timeIntervalSince1970:)))
        }
    }
}
