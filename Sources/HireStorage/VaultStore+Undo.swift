import Foundation
import HireCore
import GRDB

/// What `meta.boardUndo` says about the last replacing import that can be undone.
struct UndoState: Codable {
    /// The import's run.
    var runId: String
    /// When the import started (seconds since 1970).
    var at: Double
    /// The highest job seq before the import: the jobs it added have higher ones.
    var maxSeq: Int64
}

extension VaultStore {
    /// Forgets the undo state (a change to the jobs after a replacing import: undoing the
    /// import would undo that change too). The description originals it kept are left to the
    /// next ``sweepJobDocuments()``.
    static func dropUndo(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM jobUndo")
        try db.execute(sql: "DELETE FROM meta WHERE key = 'boardUndo'")
    }

    /// Puts the board back as it was before the last replacing import, in one transaction:
    /// the jobs it added are removed, the jobs it changed or removed come back as they were
    /// (with their descriptions, profiles and description originals). `isAvailable` is asked
    /// whether an import that ran at a time may still be undone.
    public func undoReplace(isAvailable: @escaping @Sendable (Date) -> Bool) async throws -> UndoCounts {
        defer { noteChange() }
        return try await queue.write { db in
            guard let text = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'boardUndo'"),
                let state = try? JSONDecoder().decode(UndoState.self, from: Data(text.utf8))
            else { throw UndoUnavailable.nothingToUndo }
            let at = Date(timeIntervalSince1970: state.at)
            guard isAvailable(at) else { throw UndoUnavailable.expired(runId: state.runId, at: at) }
            // Nothing changed the jobs since the import (that drops the undo state), so the
            // jobs above its highest seq are exactly the ones it added.
            try db.execute(sql: "DELETE FROM job WHERE seq > ?", arguments: [state.maxSeq])
            let removed = db.changesCount
            try db.execute(sql: "DELETE FROM job WHERE seq IN (SELECT seq FROM jobUndo)")
            // A match document made since the import (a newer version than the restored row's
            // updatedAt) would otherwise stand for the row as the import left it.
            try db.execute(sql: "DELETE FROM matchDoc WHERE kind = 'job' AND id IN (SELECT jobId FROM jobUndo)")
            let columns = Self.jobRowColumns.map { "\"\($0)\"" }.joined(separator: ", ")
            try db.execute(sql: "INSERT INTO job (\(columns)) SELECT \(columns) FROM jobUndo")
            let restored = db.changesCount
            try Self.dropUndo(db)
            try Self.markTextIndexStale(db)
            try self.boardChangedInBulk(db)
            return UndoCounts(runId: state.runId, restored: restored, removed: removed)
        }
    }
}
