import Foundation
import GRDB
import GRDBSQLite
import HireCore
import Synchronization

extension VaultStore {
    /// The board's column names in the job table, in board order.
    static let boardColumns = BoardColumn.allCases.map(\.rawValue)
    static let textColumns = ["company", "position", "city", "state", "notes", "industrySegment", "description"]

    static func registerBoardMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2 board and runs") { db in
            let columns = boardColumns.dropFirst().map { "\"\($0)\" TEXT NOT NULL DEFAULT ''" }.joined(separator: ",\n")
            try db.execute(
                sql: """
                    CREATE TABLE job (
                        seq INTEGER PRIMARY KEY,
                        jobId TEXT NOT NULL UNIQUE,
                        \(columns),
                        extras TEXT,
                        salaryMin REAL, salaryMax REAL, currency TEXT, period TEXT, receivedDate TEXT,
                        description TEXT, profile TEXT,
                        importGeneration INTEGER NOT NULL DEFAULT 0,
                        createdAt DOUBLE NOT NULL, updatedAt DOUBLE NOT NULL);
                    CREATE VIRTUAL TABLE jobText USING fts5(
                        \(textColumns.joined(separator: ", ")), content='job', content_rowid='seq', tokenize='unicode61');
                    CREATE TABLE run (
                        id TEXT PRIMARY KEY,
                        kind TEXT NOT NULL,
                        status TEXT NOT NULL,
                        createdAt DOUBLE NOT NULL,
                        finishedAt DOUBLE,
                        parameters TEXT NOT NULL,
                        summary TEXT NOT NULL,
                        results TEXT NOT NULL);
                    CREATE INDEX run_created ON run(createdAt);
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    """)
        }
    }

    /// The job table's JobIDs keep a plain index, not a unique constraint: SQLite's check of the
    /// constraint cost each row a second search of the index, about a second of a million-row
    /// import's database thread (bench/board.sh). Every writer keeps JobIDs unique itself: an
    /// import looks each one up in the board index, or has the reader refuse repeats; `insertJob`
    /// asks the table first; an undo restores rows in place of the ones it removes.
    static func registerJobIdIndexMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v15 job ids indexed without a unique constraint") { db in
            // SQLite drops a constraint only by making the table again (its documented
            // procedure): the same statement without it, the rows copied, then renamed.
            let constrained = "jobId TEXT NOT NULL UNIQUE"
            guard let made = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'job'"),
                made.hasPrefix("CREATE TABLE job ("), let range = made.range(of: constrained)
            else { throw StorageError.database("the job table is not the one this version knows") }
            let stored = try Row.fetchAll(db, sql: "PRAGMA table_xinfo(job)").filter { ($0["hidden"] as Int) == 0 }.map { $0["name"] as String }
            guard Set(stored) == Set(jobRowColumns) else { throw StorageError.database("the job table has columns this version does not know") }
            let rebuilt = made.replacingCharacters(in: range, with: "jobId TEXT NOT NULL")
            let columns = jobRowColumns.map { "\"\($0)\"" }.joined(separator: ", ")
            try db.execute(sql: "ALTER TABLE job RENAME TO jobBefore")
            try db.execute(sql: rebuilt)
            try db.execute(sql: "INSERT INTO job (\(columns)) SELECT \(columns) FROM jobBefore")
            try db.execute(sql: "DROP TABLE jobBefore")
            try db.execute(sql: "CREATE INDEX job_jobId ON job(jobId)")
        }
    }

    /// Every column of the job table that a saved copy keeps (the undo state), in one order.
    static var jobRowColumns: [String] {
        ["seq"] + boardColumns + [
            "extras", "salaryMin", "salaryMax", "currency", "period", "receivedDate", "description", "profile", "importGeneration",
            "createdAt", "updatedAt", "descriptionStale",
        ]
    }

    /// Stale descriptions, and what `mtb.undo` needs: the rows a replacing import changed or
    /// removed, as they were (`jobUndo`, tagged with the import's generation), and in `meta`
    /// (key `boardUndo`) the import's run, time and the highest seq before it.
    static func registerUndoMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5 stale descriptions and board undo") { db in
            let columns = boardColumns.dropFirst().map { "\"\($0)\" TEXT NOT NULL DEFAULT ''" }.joined(separator: ",\n")
            try db.execute(
                sql: """
                    ALTER TABLE job ADD COLUMN descriptionStale INTEGER NOT NULL DEFAULT 0;
                    CREATE TABLE jobUndo (
                        undoGeneration INTEGER NOT NULL,
                        seq INTEGER NOT NULL,
                        jobId TEXT NOT NULL,
                        \(columns),
                        extras TEXT,
                        salaryMin REAL, salaryMax REAL, currency TEXT, period TEXT, receivedDate TEXT,
                        description TEXT, profile TEXT,
                        importGeneration INTEGER NOT NULL DEFAULT 0,
                        createdAt DOUBLE NOT NULL, updatedAt DOUBLE NOT NULL,
                        descriptionStale INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (undoGeneration, seq));
                    CREATE INDEX jobUndo_jobId ON jobUndo(jobId);
                    """)
        }
    }

    // MARK: - Import

    /// Imports rows in one transaction: upserts by jobId; with `replace`, removes jobs not in
    /// the file. `next()` returns rows until nil; throwing (a bad file, a cancel) rolls back
    /// everything. The full-text index is rebuilt once at the end.
    ///
    /// Into an empty board the transaction runs with a rollback journal instead of the WAL:
    /// nearly every page is new, and new pages are written (and encrypted) once, straight into
    /// the database file, where through the WAL each is encrypted into the log, decrypted by
    /// the checkpoint and encrypted again into the database (bench/board.sh: the commit's
    /// checkpoint alone was 2 s of a 1M-row import). The journal holds the few pages that
    /// existed before (encrypted like the WAL), so a crash or a rollback still restores the
    /// empty board. The store is back in WAL mode when this returns, whatever the outcome.
    public func importJobs(
        replace: Bool, jobIdsUnique: Bool = false, next: @escaping @Sendable () throws -> ImportRow?
    ) async throws -> ImportCounts {
        try await importJobs(ImportOptions(replace: replace, jobIdsUnique: jobIdsUnique)) { () throws -> ImportBatch? in
            guard let row = try next() else { return nil }
            var batch = ImportBatch()
            try batch.append(row)
            return batch
        }
    }

    /// Imports batches of rows in one transaction, as ``importJobs(replace:next:)-(_,()->ImportRow?)`` imports rows.
    public func importJobs(replace: Bool, next: @escaping @Sendable () throws -> ImportBatch?) async throws -> ImportCounts {
        try await importJobs(ImportOptions(replace: replace), next: next)
    }

    /// Imports batches of rows in one transaction. A dry run counts and rolls back. A replace
    /// that would remove more than `maxRemoveShare` of the board throws ``ReplaceLimitExceeded``
    /// and rolls back. A committed replace that changed the board keeps what it changed and
    /// removed for ``undoReplace(isAvailable:)``; any other committed change to the jobs drops that.
    public func importJobs(_ options: ImportOptions, next: @escaping @Sendable () throws -> ImportBatch?) async throws -> ImportCounts {
        defer { if !options.dryRun { noteChange() } }
        let counts: ImportCounts
        do {
            counts = try await queue.writeWithoutTransaction { db in
                // Not count(*): that reads every page of an index of a million rows.
                let empty = try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM job)") ?? true
                // The index is changed in place as rows go in: taken out of the store's hands
                // for the import (a copy would double its memory), put back when it commits; a
                // failed import leaves it to be read again from disk. A dry run, or an index
                // whose snapshot is not written yet, is changed as a copy instead.
                var index = empty ? BoardIndex(textLimit: self.boardTextLimit) : try self.loadBoardIndex(db, complete: true)
                self.boardIndex.withLock { state in if !options.dryRun, state.unsaved == nil { Self.drop(&state) } }
                // Into an empty board the rollback journal writes each page once (a dry run
                // writes nothing that stays, and keeps the WAL).
                let journal = empty && !options.dryRun
                if journal { try Self.setJournalMode(db, "delete") }
                // Through the WAL, the commit's pages are durable once the log is synced. Copying
                // them into the database (SQLite's automatic checkpoint: about a tenth of a second
                // per 10,000 scattered rows) is left off until the index's snapshot that follows
                // the reply: else the next commit, the archived original's record or the run's,
                // would make the import's caller wait for it.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
                var checkpointLater = false
                defer { if !checkpointLater { try? db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.autocheckpointPages)") } }
                var counts = ImportCounts()
                var hashesNoted = false
                var version: Int64?
                try db.inTransaction {
                    // The rows are written once, in order: SQLite's 64 MiB page cache would
                    // only add to the index's memory (an import into an empty board took 384 MiB).
                    (counts, hashesNoted) = try Self.withSmallCache(db) {
                        try Self.importRows(db, options: options, empty: empty, index: &index, next: next)
                    }
                    if options.dryRun { return .rollback }
                    if options.isCancelled?() == true { throw CancellationError() }
                    if counts.inserted + counts.updated + counts.removed > 0 { version = try self.bumpBoardVersion(db) }
                    return .commit
                }
                if !options.dryRun {
                    if let version {
                        if !journal {
                            checkpointLater = true
                            self.checkpointsDeferred.store(true, ordering: .relaxed)
                        }
                        try? Self.makeHeadsWithoutText(db, &index)
                        self.publishBoardIndex(index, version: version)
                    } else {
                        // Nothing changed: the index in memory is the one the snapshot holds, bar
                        // record hashes noted, which go to the snapshot on their own.
                        self.boardIndex.withLock { state in
                            state.index = index
                            state.generation += 1
                            if hashesNoted { state.recordHashesUnsaved = true }
                        }
                    }
                }
                // Committed: a failure to switch back must not report the import as failed
                // (restoreWAL tries again).
                if journal { try? Self.setJournalMode(db, "wal") }
                return counts
            }
        } catch {
            await restoreWAL()
            throw error
        }
        await restoreWAL()
        return counts
    }

    /// SQLite's default: a commit that leaves the log longer than this many pages copies it
    /// into the database.
    static let autocheckpointPages = 1000

    /// Turns SQLite's automatic checkpoint back on if an import left it off: the next commit
    /// copies the log into the database.
    func resumeCheckpoints() async {
        guard checkpointsDeferred.exchange(false, ordering: .relaxed) else { return }
        _ = try? await queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.autocheckpointPages)") }
    }

    /// Puts the store back in WAL mode if an import left it with the rollback journal (it
    /// failed, or was cancelled: then every statement of the import's own access throws, so
    /// this is a separate access, detached from the cancelled task). If even that fails the
    /// store keeps the rollback journal, which is as crash-safe, until it is next opened.
    private func restoreWAL() async {
        let queue = self.queue
        _ = try? await Task.detached {
            try await queue.writeWithoutTransaction { db in
                if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" { try Self.setJournalMode(db, "wal") }
            }
        }.value
    }

    /// Sets the journal mode outside a transaction and checks that SQLite took it.
    static func setJournalMode(_ db: Database, _ mode: String) throws {
        let now = try String.fetchOne(db, sql: "PRAGMA journal_mode = \(mode)")
        guard now == mode else { throw StorageError.database("journal mode is \(now ?? "unknown"), not \(mode)") }
    }

    private static func importRows(
        _ db: Database, options: ImportOptions, empty: Bool, index: inout BoardIndex, next: () throws -> ImportBatch?
    ) throws -> (counts: ImportCounts, recordHashesNoted: Bool) {
        let replace = options.replace
        let generation = try nextImportGeneration(db)
        let boardSize = index.count
        let maxSeq = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM job") ?? 0
        let now = Date().timeIntervalSince1970
        let placeholders = Array(repeating: "?", count: Self.boardColumns.count).joined(separator: ", ")
        let quoted = Self.boardColumns.map { "\"\($0)\"" }.joined(separator: ", ")
        let find = try db.makeStatement(sql: "SELECT description IS NOT NULL FROM job WHERE seq = ?")
        let insertSQL = "INSERT INTO job (\(quoted), extras, salaryMin, salaryMax, currency, period, receivedDate, importGeneration, createdAt, updatedAt) VALUES "
        let rowPlaceholders = "(\(placeholders), ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        let insert = try db.makeStatement(sql: insertSQL + rowPlaceholders)
        let update = try db.makeStatement(
            sql: """
                UPDATE job SET \(Self.boardColumns.dropFirst().map { "\"\($0)\" = ?" }.joined(separator: ", ")),
                extras = ?, salaryMin = ?, salaryMax = ?, currency = ?, period = ?, receivedDate = ?, importGeneration = ?, updatedAt = ?,
                profile = NULL, descriptionStale = (descriptionStale OR (description IS NOT NULL AND ?))
                WHERE seq = ?
                """)
        // A replace keeps each row it changes as it was, for undo.
        let columns = jobRowColumns.map { "\"\($0)\"" }.joined(separator: ", ")
        let keep = try db.makeStatement(
            sql: "INSERT INTO jobUndo (undoGeneration, \(columns)) SELECT ?, \(columns) FROM job WHERE seq = ?")
        var counts = ImportCounts()
        // The rows of the board the file has (for a replace: the others go).
        var seen = replace ? Array(repeating: false, count: boardSize) : []
        // Records the board holds unchanged but by another record hash, now noted in the index.
        var hashesNoted = false
        // The file could not be read to its end: a replace removes nothing.
        var keepsUnseen = false
        // The reader skips the records the board holds as they are, once it has this.
        if boardSize > 0, let offer = options.knownRows { offer(index.knownRows()) }
        // An unchanged row is told by the index, without reading it: the daily re-import of a
        // board that mostly matches writes only what changed. Into an empty board, from a caller
        // that vouches its JobIDs unique (the reader refuses repeats), every row is new: no
        // lookups, and the index is built beside the inserts, on a thread of its own.
        let allNew = empty && options.jobIdsUnique
        let indexer = allNew ? BoardIndexer(index, recycle: options.recycle) : nil
        // Rows known to be new go in `insertRun` at a time: one statement's step, reset and
        // bindings' checks for all of them (per row, those were a tenth of the thread's time).
        let insertMany = allNew ? try db.makeStatement(sql: insertSQL + Array(repeating: rowPlaceholders, count: Self.insertRun).joined(separator: ", ")) : nil
        defer { indexer?.cancel() }
        var insertedSeqs: [Int64] = []
        while let batch = try next() {
            for position in batch.known {
                if replace { seen[Int(position)] = true }
                counts.unchanged += 1
            }
            // A job whose row was skipped as bad stays as it is; so does every job the file does
            // not name, once the file could not be read to its end.
            if batch.keepsUnseenJobs { keepsUnseen = true }
            if replace, !empty {
                for jobId in batch.keptJobIds {
                    var jobId = jobId
                    if let position = jobId.withUTF8({ index.position(jobId: UnsafeRawBufferPointer($0)) }), position < boardSize {
                        seen[position] = true
                    }
                }
            }
            if let insertMany {
                // Into an empty board every row is new: in runs of `insertRun`, the rest one by one.
                var row = 0
                while row < batch.count {
                    let run = batch.count - row >= Self.insertRun ? Self.insertRun : 1
                    try Self.insert(rows: row..<row + run, of: batch, generation: generation, now: now, with: run == 1 ? insert : insertMany, db: db)
                    // SQLite gives each new row the seq after the largest: one statement's rows
                    // have consecutive seqs, ending with the last one inserted.
                    let last = db.lastInsertedRowID
                    insertedSeqs.append(contentsOf: (last - Int64(run) + 1)...last)
                    row += run
                }
                counts.inserted += batch.count
            } else {
                try batch.text.withUnsafeBytes { text in
                    for row in 0..<batch.count {
                        func value(_ column: Int) -> UnsafeRawBufferPointer {
                            guard let range = batch.range(row: row, slot: column) else { return UnsafeRawBufferPointer(start: text.baseAddress, count: 0) }
                            return UnsafeRawBufferPointer(rebasing: text[range])
                        }
                        if let position = index.position(jobId: value(0)) {
                            if position < boardSize, replace { seen[position] = true }
                            if index.rowEquals(position: position, value) {
                                // Remembered by this record from now on (it may differ in quoting
                                // or spaces from the one stored, or come after an edit).
                                if index.recordHashes[position] != batch.recordHashes[row] {
                                    index.recordHashes[position] = batch.recordHashes[row]
                                    hashesNoted = true
                                }
                                counts.unchanged += 1
                                continue
                            }
                            let seq = index.seqs[position]
                            let values = batch.values(row: row)
                            let parsed = batch.parsed(row: row)
                            let numbers: [(any DatabaseValueConvertible)?] = [
                                parsed.salaryMin, parsed.salaryMax, parsed.currency, parsed.period, parsed.receivedDate,
                            ]
                            // The old values are the index's: the row is read only when its company or
                            // position changed, to learn whether a description goes stale with it.
                            var old = values
                            for column in StoredJob.identityColumns { old[column] = index.value(column: column, position: position) }
                            let identityChanged = StoredJob.identityChanged(old, values)
                            if identityChanged {
                                guard let described = try Bool.fetchOne(find, arguments: [seq]) else {
                                    throw StorageError.database("the board index names a job the table lacks")
                                }
                                if described { counts.staleDescriptions += 1 }
                            }
                            if replace { try keep.execute(arguments: [generation, seq]) }
                            var arguments = StatementArguments(values.dropFirst().map { $0 as (any DatabaseValueConvertible)? })
                            arguments += StatementArguments([batch.extrasJSON(row: row)] + numbers + [generation, now, identityChanged, seq])
                            try update.execute(arguments: arguments)
                            try index.set(position: position, recordHash: batch.recordHashes[row], value)
                            counts.updated += 1
                        } else {
                            try Self.insert(rows: row..<row + 1, of: batch, generation: generation, now: now, with: insert, db: db)
                            try index.append(seq: db.lastInsertedRowID, recordHash: batch.recordHashes[row], value)
                            counts.inserted += 1
                        }
                    }
                }
            }
            if let indexer {
                try indexer.add(batch, seqs: insertedSeqs)
                insertedSeqs.removeAll(keepingCapacity: true)
            } else {
                options.recycle?(batch)
            }
        }
        if let indexer { index = try indexer.finish() }
        if replace, keepsUnseen { seen = Array(repeating: true, count: boardSize) }
        if replace {
            // The rows the file lacks go to the undo copy; how many there were is what it removes
            // (a refusal below rolls the copy back with everything else).
            let gone = seen.indices.filter { !seen[$0] }
            counts.removed = gone.count
            if let limit = options.maxRemoveShare, counts.removed > 0, Double(counts.removed) > limit * Double(boardSize) {
                throw ReplaceLimitExceeded(removed: counts.removed, boardSize: boardSize)
            }
            let goneSeqs = gone.map { index.seqs[$0] }
            _ = try Self.inChunks(goneSeqs) { part, marks -> [Int] in
                try db.execute(
                    sql: "INSERT INTO jobUndo (undoGeneration, \(columns)) SELECT ?, \(columns) FROM job WHERE seq IN (\(marks))",
                    arguments: StatementArguments([generation] + part))
                try db.execute(sql: "DELETE FROM job WHERE seq IN (\(marks))", arguments: StatementArguments(part))
                return []
            }
            index.remove(positions: gone)
        }
        if counts.inserted + counts.updated + counts.removed > 0 {
            try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('importGeneration', ?)", arguments: [String(generation)])
            // The full-text index is rebuilt on the first search, not inside the import.
            try Self.markTextIndexStale(db)
            if replace {
                // This replace is the one to undo now; a replace that changed nothing leaves the
                // previous one undoable (the board is as that one left it).
                try db.execute(sql: "DELETE FROM jobUndo WHERE undoGeneration != ?", arguments: [generation])
                let state = UndoState(runId: options.run?.id ?? "", at: (options.run?.at ?? Date()).timeIntervalSince1970, maxSeq: maxSeq)
                try db.execute(
                    sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('boardUndo', ?)",
                    arguments: [String(decoding: try JSONEncoder().encode(state), as: UTF8.self)])
            } else {
                try dropUndo(db)
            }
        }
        return (counts, hashesNoted)
    }

    /// The generation an import gives the rows it writes: one more than the last import that
    /// wrote any, as `meta` keeps it. Asking the job table for its largest read every row, as
    /// nothing indexes that column: 0.7 s before a 1M-row re-import could skip a single row.
    /// A vault from before the key is asked once.
    static func nextImportGeneration(_ db: Database) throws -> Int64 {
        if let last = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'importGeneration'").flatMap({ Int64($0) }) {
            return last + 1
        }
        return (try Int64.fetchOne(db, sql: "SELECT max(importGeneration) FROM job") ?? 0) + 1
    }

    /// Binds a row straight to the prepared INSERT and steps it: the import's hot path, without
    /// building an argument array per row.
    ///
    /// The text is bound with SQLITE_STATIC from the batch's buffer, where the reader put it:
    /// no copy and no allocation per value (SQLite copying each of a row's ~25 values was 15%
    /// of the database thread's inserting time). The batch outlives the step; the next row
    /// rebinds every parameter before SQLite looks at any of them again.
    /// How many rows one statement of an import into an empty board inserts.
    static let insertRun = 16

    /// Inserts these rows of `batch` with `statement`, whose parameters are theirs, row after row.
    static func insert(rows: Range<Int>, of batch: ImportBatch, generation: Int64, now: Double, with statement: Statement, db: Database) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        let status = batch.text.withUnsafeBufferPointer { buffer -> Int32 in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            let columns = Self.boardColumns.count
            let perRow = Int32(columns + 9)
            for (ordinal, row) in rows.enumerated() {
                let first = Int32(ordinal) * perRow + 1
                func bindText(_ index: Int32, _ slot: Int) {
                    if let range = batch.range(row: row, slot: slot) {
                        sqlite3_bind_text(handle, index, base + range.lowerBound, Int32(range.count), sqliteStatic)
                    } else {
                        sqlite3_bind_null(handle, index)
                    }
                }
                func bind(_ index: Int32, _ number: Double?) {
                    if let number { sqlite3_bind_double(handle, index, number) } else { sqlite3_bind_null(handle, index) }
                }
                for slot in 0..<columns { bindText(first + Int32(slot), slot) }
                let index = first + Int32(columns)
                bindText(index, columns)  // extras
                bind(index + 1, batch.salary(row: row, max: false))
                bind(index + 2, batch.salary(row: row, max: true))
                bindText(index + 3, columns + 1)  // currency
                bindText(index + 4, columns + 2)  // period
                bindText(index + 5, columns + 3)  // receivedDate
                sqlite3_bind_int64(handle, index + 6, generation)
                sqlite3_bind_double(handle, index + 7, now)
                sqlite3_bind_double(handle, index + 8, now)
            }
            return sqlite3_step(handle)
        }
        guard status == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: status), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }

    static func decodeExtras(_ text: String?) -> [ExtraColumn] {
        guard let text, let extras = try? JSONDecoder().decode([ExtraColumn].self, from: Data(text.utf8)) else { return [] }
        return extras
    }

    // MARK: - Full-text index

    /// Rebuilds the full-text index when an import left it stale.
    func refreshTextIndex() async throws {
        try await queue.write { db in
            guard try Self.textIndexIsStale(db) else { return }
            try db.execute(sql: "INSERT INTO jobText(jobText) VALUES('rebuild')")
            try db.execute(sql: "DELETE FROM meta WHERE key = 'jobTextStale'")
        }
    }

    /// The board's full-text index is rebuilt before the next search (after a bulk change).
    static func markTextIndexStale(_ db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('jobTextStale', '1')")
    }

    /// While the index is stale, single changes wait for the rebuild that includes them.
    static func textIndexIsStale(_ db: Database) throws -> Bool {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'jobTextStale'") == "1"
    }

    static func indexText(_ db: Database, seq: Int64) throws {
        guard try !textIndexIsStale(db) else { return }
        let columns = textColumns.joined(separator: ", ")
        try db.execute(
            sql: "INSERT INTO jobText(rowid, \(columns)) SELECT seq, \(textColumns.map { "coalesce(\($0), '')" }.joined(separator: ", ")) FROM job WHERE seq = ?",
            arguments: [seq])
    }

    static func unindexText(_ db: Database, seq: Int64) throws {
        guard try !textIndexIsStale(db) else { return }
        let columns = textColumns.joined(separator: ", ")
        try db.execute(
            sql: "INSERT INTO jobText(jobText, rowid, \(columns)) SELECT 'delete', seq, \(textColumns.map { "coalesce(\($0), '')" }.joined(separator: ", ")) FROM job WHERE seq = ?",
            arguments: [seq])
    }


}

/// `SQLITE_STATIC`: SQLite uses the bound bytes in place; they must outlive the step (a macro
/// Swift does not import).
let sqliteStatic: sqlite3_destructor_type? = nil
