import Foundation
import GRDB
import GRDBSQLite
import HireCore
import HireCrypto
import Synchronization

// The board index (BoardIndex.swift) in memory and on disk.
//
// On disk: table `boardIndex`, one row per part (the header with every row's seq, a part per
// column, a drop-down head per column), all from one snapshot of the index (its id in each
// part). `meta.boardVersion` counts bulk changes to the jobs (imports that changed something,
// undos); a snapshot serves only the version it was made at. Single edits do not rewrite the
// snapshot: each records its job's seq in `boardIndexPending` in its own transaction, and a
// load applies those rows again (applying one twice is harmless). An import clears them.
//
// In memory: the index is changed only on the database's writer, inside the transaction that
// changes the jobs, so it is never behind a committed change. After an import or a rebuild
// the snapshot is written in the background; a crash before that leaves an old version on
// disk, which the next load rebuilds from the job table.

/// The index as one vault holds it in memory.
struct BoardIndexState: Sendable {
    var index: BoardIndex?
    /// The snapshot whose parts `index` still lacks.
    var snapshot: UInt64 = 0
    /// The board version `index` reflects (what a snapshot of it is written for).
    var version: Int64 = 0
    /// Bumped whenever `index` is replaced or dropped: a part read for an older one is not used.
    var generation = 0
    /// The generation whose snapshot is yet to be written, if any.
    var unsaved: Int?
    /// An import that changed no row noted record hashes the snapshot lacks.
    var recordHashesUnsaved = false
    /// The snapshot's JobID list being read for `index` (see ``VaultStore/withBoardIndex``).
    var jobIdListRead: Task<Void, Never>?
}

extension VaultStore {
    static func registerBoardIndexMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v12 board index on disk") { db in
            try db.execute(
                sql: """
                    CREATE TABLE boardIndex (
                        snapshot INTEGER NOT NULL, part INTEGER NOT NULL, chunk INTEGER NOT NULL, data BLOB NOT NULL,
                        PRIMARY KEY (snapshot, part, chunk));
                    CREATE TABLE boardIndexPending (seq INTEGER PRIMARY KEY);
                    """)
        }
    }

    // MARK: - Reading

    /// The seqs and JobIDs of the jobs passing exact filters (column ordinal → values), in
    /// board order.
    public func boardMatching(_ filters: [(column: Int, values: [String])]) async throws -> (seqs: [Int64], ids: [String]) {
        // The JobIDs come from the index when its JobID part is in memory, else from the
        // snapshot's JobID list (about a byte a row, read after the filter's columns), else: for
        // a few rows from the job table, for many from the JobID part.
        let columns = Set(filters.map(\.column))
        let found = try await withBoardIndex(columns: columns, jobIds: true) { index -> (positions: [Int], seqs: [Int64], ids: [String]?) in
            let positions = index.matching(filters)
            let seqs = positions.map { index.seqs[$0] }
            if index.loaded[0] { return (positions, seqs, positions.map { index.value(column: 0, position: $0) }) }
            return (positions, seqs, index.jobIdList?.ids(at: positions))
        }
        if let ids = found.ids { return (found.seqs, ids) }
        // The list was being read while the rows were matched (or has come in meanwhile): named
        // from it once it is in, if the positions still hold the same rows.
        if let reading = boardIndex.withLock({ $0.jobIdListRead }) { await reading.value }
        let listed = try await withBoardIndex(columns: columns) { index -> [String]? in
            guard found.positions.indices.allSatisfy({ found.positions[$0] < index.count && index.seqs[found.positions[$0]] == found.seqs[$0] })
            else { return nil }
            return index.jobIdList?.ids(at: found.positions)
        }
        if let listed { return (found.seqs, listed) }
        guard found.seqs.count <= 5000 else {
            return try await withBoardIndex(columns: Set(filters.map(\.column) + [0])) { index in
                let positions = index.matching(filters)
                return (positions.map { index.seqs[$0] }, positions.map { index.value(column: 0, position: $0) })
            }
        }
        jobIdTableReads.add(1, ordering: .relaxed)
        let ids = try await queue.read { db in
            try Self.inChunks(found.seqs) { part, marks in
                try Row.fetchAll(db, sql: "SELECT seq, jobId FROM job WHERE seq IN (\(marks))", arguments: StatementArguments(part))
                    .map { (seq: $0[0] as Int64, id: $0[1] as String) }
            }
        }
        let byId = Dictionary(ids.map { ($0.seq, $0.id) }, uniquingKeysWith: { a, _ in a })
        let seqs = found.seqs.filter { byId[$0] != nil }
        return (seqs, seqs.map { byId[$0]! })
    }

    /// A column's distinct values with how many jobs hold each, most frequent first, those
    /// starting with `prefix` (any case) only, at most `limit` (≤ BoardIndex.headSize); and how
    /// many there are in all.
    public func boardValues(column: Int, prefix: String?, limit: Int) async throws -> (values: [(value: String, count: Int)], distinct: Int) {
        if prefix == nil, let head = try await withBoardIndex(heads: [column], { $0.heads[column] }) {
            return (Array(head.entries.prefix(limit)), head.distinct)
        }
        // A column without its text: without a prefix, the whole head is made (and kept) at once.
        if let head = try await headWithoutText(column: column, limit: prefix == nil ? BoardIndex.headSize : limit, prefix: prefix?.lowercased()) {
            return (Array(head.entries.prefix(limit)), head.distinct)
        }
        return try await withBoardIndex(columns: [column]) { index in
            guard let prefix = prefix?.lowercased() else {
                let head = index.head(column: column, limit: BoardIndex.headSize)
                index.heads[column] = head
                return (Array(head.entries.prefix(limit)), head.distinct)
            }
            // The values with the prefix are chosen before any becomes a string.
            let values = index.cols[column].values
            let wanted = Array(prefix.utf8)
            let head = index.head(column: column, limit: limit) { values.hasPrefix($0, lowercased: prefix, bytes: wanted) }
            return (head.entries, head.distinct)
        }
    }

    // MARK: - Columns without their text

    /// A drop-down of a column the index keeps without its text (nil for one with it): the
    /// values it may show are chosen from the counts, then their text is read from one job
    /// holding each, checked against the index's hashes, and ordered. With a prefix (lowercased)
    /// every value in use is read, and only those with the prefix are kept.
    func headWithoutText(column: Int, limit: Int, prefix: String?) async throws -> BoardIndex.Head? {
        let wanted = prefix.map { Array($0.utf8) } ?? []
        let keep = prefix.map { prefix in { @Sendable (raw: UnsafeRawBufferPointer) in ValueDictionary.hasPrefix(raw, lowercased: prefix, bytes: wanted) } }
        return try await readingText(column: column, keep: keep) { index in
            prefix == nil ? index.headCandidates(column: column, limit: limit).codes : index.liveCodes(column: column)
        } finish: { index, codes, texts in
            let head = Self.head(
                of: index, column: column, limit: limit, codes: codes, texts: texts,
                distinct: prefix == nil ? index.liveCodes(column: column).count : codes.count)
            if prefix == nil, limit == BoardIndex.headSize { index.heads[column] = head }
            return head
        }
    }

    /// A head from the text of the values it may show (`texts`, in the order of `codes`).
    private static func head(of index: BoardIndex, column: Int, limit: Int, codes: [Int], texts: ValueDictionary, distinct: Int) -> BoardIndex.Head {
        let counts = index.cols[column].values.counts
        let chosen = BoardIndex.ranked(Array(codes.indices), limit: limit, count: { counts[codes[$0]] }, precedes: texts.precedes)
        return BoardIndex.Head(entries: chosen.map { (texts.string($0), Int(counts[codes[$0]])) }, distinct: distinct)
    }

    /// Makes the drop-down heads of the columns an index keeps without their text, on the
    /// writer, from the job table this index is exactly (after an import's commit): the first
    /// drop-downs after an import then read nothing.
    static func makeHeadsWithoutText(_ db: Database, _ index: inout BoardIndex) throws {
        for column in 0..<BoardIndex.columns where index.loaded[column] && !index.cols[column].values.hasText && index.heads[column] == nil {
            let (codes, distinct) = index.headCandidates(column: column, limit: BoardIndex.headSize)
            let representatives = index.representatives(column: column)
            guard
                let read = try columnTexts(
                    db, column: column, codes: codes, seqs: codes.map { representatives[$0] }, values: index.cols[column].values,
                    rows: index.count, keep: nil)
            else { continue }
            index.heads[column] = head(of: index, column: column, limit: BoardIndex.headSize, codes: read.codes, texts: read.texts, distinct: distinct)
        }
    }

    /// Sets the order of a column the index keeps without its text, for sorted pages: the text
    /// of every value a job holds is read and sorted (the values no job holds go last).
    func orderWithoutText(column: Int) async throws {
        _ = try await readingText(column: column) { index in
            (0..<index.cols[column].values.count).filter { index.cols[column].values.counts[$0] > 0 }
        } finish: { index, codes, texts in
            let held = (0..<codes.count).sorted(by: texts.precedes).map { codes[$0] }
            let unheld = (0..<index.cols[column].values.count).filter { index.cols[column].values.counts[$0] == 0 }
            index.setOrder(column: column, sorted: held + unheld)
        }
    }

    /// Reads the text of some of a column's values (`choose` picks their codes, on the index)
    /// from one job holding each, checking each against its value's hash, and hands those
    /// `keep` accepts to `finish` (on the index; `texts` in the order of `codes`) if the index
    /// did not change meanwhile; else (or when a job changed) reads again. Nil when the column
    /// has its text.
    private func readingText<T>(
        column: Int, keep: (@Sendable (UnsafeRawBufferPointer) -> Bool)? = nil, choose: (inout BoardIndex) -> [Int],
        finish: (inout BoardIndex, [Int], ValueDictionary) -> T
    ) async throws -> T? {
        for _ in 0..<5 {
            let plan = try await withBoardIndex(columns: [column]) {
                index -> (codes: [Int], seqs: [Int64], values: ValueDictionary, changes: Int, rows: Int)? in
                guard !index.cols[column].values.hasText else { return nil }
                let codes = choose(&index)
                let representatives = index.representatives(column: column)
                return (codes, codes.map { representatives[$0] }, index.cols[column].values, index.changes, index.count)
            }
            guard let plan else { return nil }
            let read = try await queue.read { db in
                try Self.columnTexts(db, column: column, codes: plan.codes, seqs: plan.seqs, values: plan.values, rows: plan.rows, keep: keep)
            }
            guard let read else { continue }
            let done = try await withBoardIndex(columns: [column]) { index -> T? in
                guard index.changes == plan.changes, index.cols[column].values.hashKey == plan.values.hashKey else { return nil }
                return finish(&index, read.codes, read.texts)
            }
            if let done { return done }
        }
        throw StorageError.database("the board kept changing while its values were read; try again")
    }

    /// The text of a column's values (`codes`) in the jobs with these seqs, each checked
    /// against `values`, those `keep` accepts (in seq order, with their codes); nil when a job
    /// is gone or no longer holds its value.
    static func columnTexts(
        _ db: Database, column: Int, codes: [Int], seqs: [Int64], values: ValueDictionary, rows: Int,
        keep: (@Sendable (UnsafeRawBufferPointer) -> Bool)?
    ) throws -> (texts: ValueDictionary, codes: [Int])? {
        let order = seqs.indices.sorted { seqs[$0] < seqs[$1] }
        var bytes: [UInt8] = []
        var offsets: [UInt32] = [0]
        var kept: [Int] = []
        // A job's text, at its place in `order`: false when it no longer holds its value.
        func take(_ place: Int, _ raw: UnsafeRawBufferPointer) -> Bool {
            guard values.matches(codes[place], raw) else { return false }
            guard keep?(raw) ?? true else { return true }
            bytes.append(contentsOf: raw.bindMemory(to: UInt8.self))
            offsets.append(UInt32(bytes.count))
            kept.append(codes[place])
            return true
        }
        if seqs.count > 64, seqs.count * 16 > rows {
            // Jobs on more than a sixteenth of the board (about one a page): one pass over the
            // table in seq order, each page decrypted once, beats a lookup (a page) per job.
            let statement = try db.makeStatement(
                sql: "SELECT seq, \(indexColumns[column]) FROM job WHERE seq BETWEEN ? AND ? ORDER BY seq")
            try statement.setArguments([seqs[order.first!], seqs[order.last!]])
            var next = 0
            var missing = false
            try forEachRawRow(statement, db: db) { seq, value in
                guard !missing, next < order.count else { return }
                if seq < seqs[order[next]] { return }
                if seq > seqs[order[next]] || !take(order[next], value(0)) {
                    missing = true
                    return
                }
                next += 1
            }
            return missing || next < order.count ? nil : (ValueDictionary(bytes: bytes, offsets: offsets, counts: Array(repeating: 0, count: kept.count)), kept)
        }
        let statement = try db.cachedStatement(sql: "SELECT seq, \(indexColumns[column]) FROM job WHERE seq = ?")
        for place in order {
            try statement.setArguments([seqs[place]])
            var found = false
            try forEachRawRow(statement, db: db) { _, value in found = take(place, value(0)) }
            guard found else { return nil }
        }
        return (ValueDictionary(bytes: bytes, offsets: offsets, counts: Array(repeating: 0, count: kept.count)), kept)
    }

    /// Runs `body` on the index once the named column parts (or drop-down heads, or those
    /// columns) are in memory, reading what is missing; with `jobIds`, also the snapshot's
    /// JobID list when the JobID column is not in memory and the snapshot has one.
    func withBoardIndex<T>(
        columns: Set<Int> = [], heads: Set<Int> = [], jobIds: Bool = false, _ body: (inout BoardIndex) throws -> T
    ) async throws -> T {
        while true {
            let missing: (generation: Int, snapshot: UInt64, rows: Int, parts: [Int])? = boardIndex.withLock { state in
                guard let index = state.index else { return nil }
                var parts = columns.filter { !index.loaded[$0] }.map { $0 + 1 }
                    + heads.filter { index.heads[$0] == nil && !index.loaded[$0] }.map { $0 + Self.headPart }
                if jobIds, !index.loaded[0], index.jobIdList == nil, index.jobIdListReadable, state.jobIdListRead == nil {
                    parts.append(Self.jobIdListPart)
                }
                return (state.generation, state.snapshot, index.count, parts)
            }
            guard let missing else {
                // Nothing in memory: the header (or a rebuild), on the writer.
                try await queue.writeWithoutTransaction { db in _ = try self.loadBoardIndex(db, complete: false) }
                continue
            }
            if missing.parts.isEmpty {
                if let result = try boardIndex.withLock({ state -> T? in
                    guard state.generation == missing.generation, state.index != nil else { return nil }
                    return try body(&state.index!)
                }) {
                    return result
                }
                continue
            }
            // With other parts to read, the JobID list is read after them, on its own, while
            // `body` runs on what they give (a first filter matches its rows meanwhile).
            let parts = missing.parts.count > 1 ? missing.parts.filter { $0 != Self.jobIdListPart } : missing.parts
            let read = try await queue.read { db in try Self.readParts(db, parts, snapshot: missing.snapshot, rows: missing.rows) }
            if parts.count < missing.parts.count { startJobIdListRead(generation: missing.generation, snapshot: missing.snapshot, rows: missing.rows) }
            let usable = boardIndex.withLock { state -> Bool in
                guard state.generation == missing.generation, state.index != nil else { return true }
                // The JobID list is optional: a snapshot may have none.
                let required = parts.filter { $0 != Self.jobIdListPart }
                guard read.filter({ $0.part != Self.jobIdListPart }).count == required.count else { return false }
                for part in read { Self.install(part.content, into: &state.index!) }
                if parts.contains(Self.jobIdListPart), state.index!.jobIdList == nil { state.index!.jobIdListReadable = false }
                return true
            }
            if !usable {
                // A part is gone (a newer snapshot replaced this one) or does not decode: the
                // index is built again from the job table.
                try await queue.writeWithoutTransaction { db in _ = try self.rebuildBoardIndex(db, version: try Self.boardVersion(db)) }
            }
        }
    }

    /// Reads the snapshot's JobID list for the index of this generation, in a task of its own
    /// (one at a time), and installs it if that index is still the one in memory.
    private func startJobIdListRead(generation: Int, snapshot: UInt64, rows: Int) {
        boardIndex.withLock { state in
            guard state.jobIdListRead == nil, state.generation == generation else { return }
            state.jobIdListRead = Task {
                let read = try? await queue.read { db in try Self.readParts(db, [Self.jobIdListPart], snapshot: snapshot, rows: rows) }
                boardIndex.withLock { state in
                    state.jobIdListRead = nil
                    guard state.generation == generation, state.index != nil else { return }
                    if let list = read?.first { Self.install(list.content, into: &state.index!) }
                    if state.index!.jobIdList == nil { state.index!.jobIdListReadable = false }
                }
            }
        }
    }

    // MARK: - Loading, on the writer

    /// The index in memory, complete when asked: read from the snapshot (the parts it lacks,
    /// the pending edits applied), or rebuilt from the job table when the snapshot is missing
    /// or of another board version. Runs on the writer, so no change to the jobs runs beside it.
    @discardableResult
    func loadBoardIndex(_ db: Database, complete: Bool) throws -> BoardIndex {
        let current = boardIndex.withLock { $0 }
        if let index = current.index, index.isComplete || !complete { return index }
        let version = try Self.boardVersion(db)
        let pending = try Int64.fetchAll(db, sql: "SELECT seq FROM boardIndexPending ORDER BY seq")
        var index: BoardIndex
        var snapshot: UInt64 = 0
        if let existing = current.index {
            index = existing
            snapshot = current.snapshot
            let parts = (0..<BoardIndex.columns).filter { !index.loaded[$0] }.map { $0 + 1 }
                + (index.recordHashesLoaded ? [] : [Self.recordHashPart])
            guard Self.install(try Self.readParts(db, parts, snapshot: snapshot, rows: index.count), asked: parts, into: &index) else {
                return try rebuildBoardIndex(db, version: version)
            }
        } else if case .header(let id, let snapshotVersion, let seqs) = try Self.readParts(db, [0], snapshot: nil, rows: 0).first?.content,
            snapshotVersion == version
        {
            index = BoardIndex(textLimit: boardTextLimit)
            index.seqs = seqs
            index.loaded = Array(repeating: false, count: BoardIndex.columns)
            // Until a pending edit is applied below.
            index.jobIdListReadable = true
            snapshot = id
            if complete || !pending.isEmpty {
                let parts = (1...BoardIndex.columns).map { $0 } + [Self.recordHashPart]
                guard Self.install(try Self.readParts(db, parts, snapshot: snapshot, rows: index.count), asked: parts, into: &index) else {
                    return try rebuildBoardIndex(db, version: version)
                }
            }
        } else {
            return try rebuildBoardIndex(db, version: version)
        }
        for seq in pending { try Self.applyJobRow(db, seq: seq, to: &index) }
        boardIndex.withLock { state in
            state.index = index
            state.snapshot = snapshot
            state.version = version
            state.generation += 1
        }
        return index
    }

    /// Builds the index from the job table (a vault without a snapshot, or with an old one),
    /// and writes its snapshot in the background.
    func rebuildBoardIndex(_ db: Database, version: Int64) throws -> BoardIndex {
        var index = BoardIndex(textLimit: boardTextLimit)
        let statement = try db.makeStatement(sql: "\(Self.indexRowQuery) ORDER BY seq")
        try Self.forEachRawRow(statement, db: db) { seq, value in try index.append(seq: seq, value) }
        // Every pending edit is in the table, and so in the index.
        try db.execute(sql: "DELETE FROM boardIndexPending")
        indexRebuilds.add(1, ordering: .relaxed)
        publishBoardIndex(index, version: version)
        // Written once this access has let the writer go.
        Task.detached(priority: .background) { [self] in await saveBoardIndex() }
        return index
    }

    /// A job's seq and what the index holds of it: the 20 columns, then the extras ('' for none).
    static let indexRowQuery = "SELECT seq, \(indexColumns.joined(separator: ", ")) FROM job"
    static let indexColumns = boardColumns.map { "\"\($0)\"" } + ["coalesce(extras, '')"]

    /// Steps a statement whose columns are a seq then the index's columns, handing each row's
    /// values as bytes (valid during the call).
    static func forEachRawRow(
        _ statement: Statement, db: Database, _ body: (Int64, (Int) -> UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        while true {
            let status = sqlite3_step(handle)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: status), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            try body(sqlite3_column_int64(handle, 0)) { column in
                let text = sqlite3_column_text(handle, Int32(column + 1))
                let count = Int(sqlite3_column_bytes(handle, Int32(column + 1)))
                return UnsafeRawBufferPointer(start: text.map(UnsafeRawPointer.init), count: text == nil ? 0 : count)
            }
        }
    }

    /// Makes the index's row for `seq` what the job table holds (adds, changes or removes it).
    static func applyJobRow(_ db: Database, seq: Int64, to index: inout BoardIndex) throws {
        let statement = try db.cachedStatement(sql: "\(Self.indexRowQuery) WHERE seq = ?")
        try statement.setArguments([seq])
        var found = false
        try forEachRawRow(statement, db: db) { seq, value in
            found = true
            try index.put(seq: seq, value)
        }
        if !found, let position = index.position(seq: seq) { index.remove(positions: [position]) }
    }

    // MARK: - Changes, on the writer

    /// Called inside each transaction that adds, changes or removes one job: the snapshot on
    /// disk will apply it again on load, and the index in memory follows now (or, when only
    /// part of it is in memory, is dropped and read again).
    func boardJobChanged(_ db: Database, seq: Int64) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO boardIndexPending (seq) VALUES (?)", arguments: [seq])
        try boardIndex.withLock { state in
            guard state.index != nil else { return }
            guard state.index!.isComplete else { return Self.drop(&state) }
            try Self.applyJobRow(db, seq: seq, to: &state.index!)
        }
    }

    /// Called inside a transaction that changes the jobs in bulk without the index (an undo):
    /// the snapshot no longer serves, and the index is rebuilt when next needed.
    func boardChangedInBulk(_ db: Database) throws {
        _ = try bumpBoardVersion(db)
        boardIndex.withLock { Self.drop(&$0) }
    }

    /// A new board version, inside the transaction that makes it; the pending edits are in it.
    func bumpBoardVersion(_ db: Database) throws -> Int64 {
        let version = try Self.boardVersion(db) + 1
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('boardVersion', ?)", arguments: [String(version)])
        try db.execute(sql: "DELETE FROM boardIndexPending")
        return version
    }

    static func boardVersion(_ db: Database) throws -> Int64 {
        Int64(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'boardVersion'") ?? "0") ?? 0
    }

    static func drop(_ state: inout BoardIndexState) {
        state.index = nil
        state.generation += 1
    }

    /// Makes `index` the one in memory (after the transaction that made it committed, on the
    /// writer); ``saveBoardIndex()`` writes its snapshot.
    func publishBoardIndex(_ index: BoardIndex, version: Int64) {
        var index = index
        index.trim()
        boardIndex.withLock { state in
            state.index = index
            state.version = version
            state.generation += 1
            state.unsaved = state.generation
            state.recordHashesUnsaved = false
        }
    }

    /// Writes the snapshot of the index in memory if it has none yet: one part per write, at a
    /// low priority, so that other writes go between (a million-row board is about a hundred
    /// megabytes); the header goes last, in the transaction that drops the older snapshot.
    /// Nothing is written when the index changes meanwhile (its own save follows). First, SQLite
    /// may copy the log into the database again, if an import left that for now.
    public func saveBoardIndex() async {
        snapshotWrites.enter()
        defer { snapshotWrites.leave() }
        await resumeCheckpoints()
        await saveRecordHashes()
        guard let (generation, index, version) = boardIndex.withLock({ state -> (Int, BoardIndex, Int64)? in
            guard let generation = state.unsaved, state.generation == generation, let index = state.index, index.isComplete else { return nil }
            state.unsaved = nil
            return (generation, index, state.version)
        }) else { return }
        let id = UInt64.random(in: 1...UInt64.max)
        let current = { self.boardIndex.withLock { $0.generation == generation } }
        do {
            // The heads first: those of columns without their text are read from the jobs, and
            // kept in memory for the first drop-downs, which would otherwise wait behind the parts.
            var heads: [BoardIndex.Head] = []
            for column in 0..<BoardIndex.columns {
                let head =
                    index.heads[column] != nil ? index.heads[column]
                    : index.cols[column].values.hasText
                    ? index.head(column: column, limit: BoardIndex.headSize)
                    : try await headWithoutText(column: column, limit: BoardIndex.headSize, prefix: nil)
                // Nil: the index in memory is no longer this one, and nothing is written.
                guard let head, current() else { return }
                heads.append(head)
            }
            boardIndex.withLock { state in
                guard state.generation == generation, state.index?.changes == index.changes else { return }
                for column in 0..<BoardIndex.columns where state.index!.heads[column] == nil { state.index!.heads[column] = heads[column] }
            }
            for column in 0..<BoardIndex.columns {
                guard current() else { return }
                try await writePart(column + 1, id: id, Self.encodeColumn(id: id, index.cols[column]))
                try await writePart(column + Self.headPart, id: id, Self.encodeHead(id: id, heads[column]))
            }
            try await writePart(Self.recordHashPart, id: id, Self.encodeRecordHashes(id: id, index.recordHashes))
            // Only a list that is compact pays for reading it instead of the job table's rows.
            let list = JobIdList(index.cols[0], rows: index.count)
            if list.isCompact { try await writePart(Self.jobIdListPart, id: id, list.encode(id: id)) }
            let header = Self.encodeHeader(id: id, version: version, seqs: index.seqs)
            let written = try await queue.write { db -> Bool in
                guard try Self.boardVersion(db) == version else { return false }
                try db.execute(sql: "DELETE FROM boardIndex WHERE snapshot != ?", arguments: [Int64(bitPattern: id)])
                try Self.insertPart(db, 0, id: id, header)
                return true
            }
            if written { boardIndex.withLock { state in if state.generation == generation { state.snapshot = id } } }
        } catch {
            // Not written: the next load rebuilds it from the job table.
            boardIndex.withLock { state in if state.generation == generation { state.unsaved = generation } }
        }
    }

    /// Rewrites the record-hash part of the snapshot on disk when an import that changed no
    /// row noted hashes it lacks (the board version, and so every other part, is unchanged).
    private func saveRecordHashes() async {
        guard let (generation, snapshot, version, hashes) = boardIndex.withLock({ state -> (Int, UInt64, Int64, [UInt64])? in
            guard state.recordHashesUnsaved, state.unsaved == nil, state.snapshot != 0, let index = state.index, index.isComplete
            else { return nil }
            state.recordHashesUnsaved = false
            return (state.generation, state.snapshot, state.version, index.recordHashes)
        }) else { return }
        let part = Self.encodeRecordHashes(id: snapshot, hashes)
        _ = try? await queue.write { db in
            guard try Self.boardVersion(db) == version, self.boardIndex.withLock({ $0.generation == generation }) else { return }
            try db.execute(
                sql: "DELETE FROM boardIndex WHERE snapshot = ? AND part = ?", arguments: [Int64(bitPattern: snapshot), Self.recordHashPart])
            try Self.insertPart(db, Self.recordHashPart, id: snapshot, part)
        }
    }

    private func writePart(_ part: Int, id: UInt64, _ data: Data) async throws {
        try await queue.write { db in try Self.insertPart(db, part, id: id, data) }
    }

    /// A part is stored in rows of at most this many bytes: SQLite holds a whole value in
    /// memory while it writes or reads it, so a large part would cost its size again.
    static let chunkBytes = 1 << 22

    static func insertPart(_ db: Database, _ part: Int, id: UInt64, _ data: Data) throws {
        try withSmallCache(db) { try insertChunks(db, part, id: id, data) }
    }

    /// Runs `body` with SQLite's page cache held to 8 MiB (or less, if it is smaller): the pages
    /// of a snapshot, or of an import, are written once, and keeping them would cost 64 MiB for
    /// nothing.
    static func withSmallCache<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        let before = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -65536
        let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
        guard (before < 0 ? -before * 1024 : before * pageSize) > 8 << 20 else { return try body() }
        try db.execute(sql: "PRAGMA cache_size = -8192")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(before)") }
        return try body()
    }

    private static func insertChunks(_ db: Database, _ part: Int, id: UInt64, _ data: Data) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO boardIndex (snapshot, part, chunk, data) VALUES (?, ?, ?, ?)")
        for (chunk, start) in stride(from: 0, to: max(data.count, 1), by: chunkBytes).enumerated() {
            let slice = data.subdata(in: start..<min(start + chunkBytes, data.count))
            try insert.execute(arguments: [Int64(bitPattern: id), part, chunk, slice])
        }
    }

    /// Returns once the board index's snapshots being written are written.
    public func boardIndexSettled() async {
        await withCheckedContinuation { done in snapshotWrites.notify(queue: .global()) { done.resume() } }
    }

    /// How many times this opening of the vault built the board index from the job table.
    public var boardIndexRebuilds: Int { indexRebuilds.load(ordering: .relaxed) }

    /// How many filters of this opening of the vault named their rows from the job table (the
    /// index had neither the JobID column nor the snapshot's JobID list in memory).
    public var boardJobIdTableReads: Int { jobIdTableReads.load(ordering: .relaxed) }

    /// The board columns whose index, as far as it is in memory, keeps hashes instead of text.
    public var boardColumnsWithoutText: Set<Int> {
        boardIndex.withLock { state in
            guard let index = state.index else { return [] }
            return Set((0..<BoardIndex.columns).filter { index.loaded[$0] && !index.cols[$0].values.hasText })
        }
    }

    // MARK: - Parts

    /// Parts 1...columns are the columns; heads start here.
    static let headPart = 100
    /// The rows' record hashes (a snapshot written before them has none: the rows then have none).
    static let recordHashPart = 50
    /// The JobIDs in board order, prefix-compressed (``JobIdList``); optional.
    static let jobIdListPart = 51

    /// Installs parts read for the parts `asked`; false when a column part is missing. Record
    /// hashes are optional: without their part every row has none.
    static func install(_ read: [(part: Int, content: PartContent)], asked: [Int], into index: inout BoardIndex) -> Bool {
        let required = asked.filter { $0 != recordHashPart }
        guard read.filter({ $0.part != recordHashPart }).count == required.count else { return false }
        for part in read { install(part.content, into: &index) }
        if !index.recordHashesLoaded { index.recordHashes = Array(repeating: 0, count: index.count) }
        return true
    }

    /// What one part of a snapshot holds, decoded.
    enum PartContent: Sendable {
        case header(id: UInt64, version: Int64, seqs: SeqList)
        case column(Int, BoardIndex.Column)
        case head(Int, BoardIndex.Head)
        case recordHashes([UInt64])
        case jobIdList(JobIdList)
    }

    /// The parts asked for that belong to `snapshot` (the header of the complete one when nil),
    /// decoded for an index of `rows` rows; a part that is missing or does not decode is left
    /// out (the index is then rebuilt from the job table).
    ///
    /// Each part's bytes go from SQLite's pages straight into the arrays that keep them
    /// (incremental blob reads): reading the whole value first would copy a part twice more
    /// (SQLite's own buffer, then ours), and after a restart every copy of a fresh buffer
    /// pays a page fault per 4 KiB.
    static func readParts(_ db: Database, _ parts: [Int], snapshot: UInt64?, rows: Int) throws -> [(part: Int, content: PartContent)] {
        guard !parts.isEmpty else { return [] }
        let which = snapshot.map { "snapshot = \(Int64(bitPattern: $0)) AND " } ?? ""
        let chunks = try Row.fetchAll(
            db,
            sql: """
                SELECT rowid, snapshot, part, chunk, length(data) FROM boardIndex
                WHERE \(which)part IN (\(parts.map(String.init).joined(separator: ","))) ORDER BY snapshot, part, chunk
                """)
        var found: [(part: Int, content: PartContent)] = []
        var blob: OpaquePointer?
        defer { sqlite3_blob_close(blob) }
        var start = 0
        // The pages read are not kept: a million-row board's parts are a hundred megabytes.
        try withSmallCache(db) {
            while start < chunks.count {
                let part: Int = chunks[start][2]
                let id: Int64 = chunks[start][1]
                var end = start + 1
                while end < chunks.count, chunks[end][2] == part, chunks[end][1] == id { end += 1 }
                // Chunks 0, 1, 2… of one part, each with its rowid and length.
                var pieces: [(rowid: Int64, length: Int)] = []
                for (expected, row) in chunks[start..<end].enumerated() where row[3] == expected {
                    pieces.append((row[0], row[4]))
                }
                start = end
                guard !pieces.isEmpty else { continue }
                var reader = PartReader(size: pieces.reduce(0) { $0 + $1.length }) { out, offset in
                    // The pieces that hold bytes offset..<offset + out.count.
                    var done = 0
                    var base = 0
                    for piece in pieces {
                        defer { base += piece.length }
                        let from = offset + done
                        guard done < out.count, from < base + piece.length, from >= base else { continue }
                        let count = min(out.count - done, base + piece.length - from)
                        let status = blob == nil
                            ? sqlite3_blob_open(db.sqliteConnection, "main", "boardIndex", "data", piece.rowid, 0, &blob)
                            : sqlite3_blob_reopen(blob, piece.rowid)
                        guard status == SQLITE_OK, sqlite3_blob_read(blob, out.baseAddress! + done, Int32(count), Int32(from - base)) == SQLITE_OK
                        else {
                            throw DatabaseError(resultCode: ResultCode(rawValue: status), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                        }
                        done += count
                    }
                }
                // A part that does not decode is left out; a failed read throws.
                do { found.append((part, try decode(part: part, &reader, snapshot: snapshot, rows: rows))) } catch is StorageError {}
            }
        }
        return found
    }

    /// Decodes a part (a snapshot's, when given) for an index of `rows` rows.
    static func decode(part: Int, _ reader: inout PartReader, snapshot: UInt64?, rows: Int) throws -> PartContent {
        let id = try reader.u64()
        if let snapshot, id != snapshot { throw reader.damaged }
        switch part {
        case 0:
            let (version, seqs) = try decodeHeader(&reader)
            return .header(id: id, version: version, seqs: seqs)
        case recordHashPart: return .recordHashes(try decodeRecordHashes(&reader, rows: rows))
        case jobIdListPart: return .jobIdList(try JobIdList(decoding: &reader, rows: rows))
        case headPart...: return .head(part - headPart, try decodeHead(&reader))
        case 1...BoardIndex.columns: return .column(part - 1, try decodeColumn(&reader, rows: rows))
        default: throw reader.damaged
        }
    }

    /// Puts a decoded part into the index.
    static func install(_ content: PartContent, into index: inout BoardIndex) {
        switch content {
        case .header: break
        case .head(let column, let head): index.heads[column] = head
        case .recordHashes(let hashes): index.recordHashes = hashes
        case .jobIdList(let list): if index.jobIdListReadable { index.jobIdList = list }
        case .column(let column, let decoded):
            index.cols[column] = decoded
            index.loaded[column] = true
        }
    }

    static func encodeHeader(id: UInt64, version: Int64, seqs: SeqList) -> Data {
        var out = PartWriter(id: id)
        out.put(UInt64(bitPattern: version))
        out.put(UInt64(seqs.count))
        // Runs of consecutive seqs: an imported board is one run.
        var runs: [(start: Int64, length: UInt32)] = []
        for seq in seqs {
            if let last = runs.last, last.start + Int64(last.length) == seq, last.length < UInt32.max {
                runs[runs.count - 1].length += 1
            } else {
                runs.append((seq, 1))
            }
        }
        out.put(UInt64(runs.count))
        for run in runs {
            out.put(UInt64(bitPattern: run.start))
            out.put(UInt64(run.length))
        }
        return out.data
    }

    static func decodeHeader(_ reader: inout PartReader) throws -> (version: Int64, seqs: SeqList) {
        let version = Int64(bitPattern: try reader.u64())
        let count = try reader.u64()
        let runCount = try reader.u64()
        // Each run is 16 bytes: a damaged count cannot ask for more runs than the part holds.
        guard runCount <= UInt64(reader.remaining / 16), count <= UInt64(UInt32.max) else { throw reader.damaged }
        let runs: [UInt64] = try reader.array(Int(runCount) * 2)
        func run(_ index: Int) -> (start: Int64, length: Int) {
            (Int64(bitPattern: UInt64(littleEndian: runs[2 * index])), Int(UInt64(littleEndian: runs[2 * index + 1])))
        }
        var total = 0
        for index in 0..<Int(runCount) {
            let (start, length) = run(index)
            guard length <= Int(count) - total, start <= Int64.max - Int64(length) else { throw reader.damaged }
            total += length
        }
        guard total == Int(count) else { throw reader.damaged }
        if runCount == 1 { return (version, SeqList(run: run(0).start, count: total)) }
        var seqs: [Int64] = []
        seqs.reserveCapacity(total)
        for index in 0..<Int(runCount) {
            let (start, length) = run(index)
            seqs.append(contentsOf: start..<start + Int64(length))
        }
        return (version, SeqList(seqs))
    }

    /// A column's codes are stored as they are in memory, or, when it has at most 128 values,
    /// packed in as few bits as they need (``packedFlag`` with the bits as the width: a first
    /// filter after a restart reads three eighths of a byte a row for CAT or Visa). Width 0, written
    /// by earlier builds, is four bits. A dictionary without its text is stored as its key and
    /// hashes (``textlessFlag`` on the width).
    static func encodeColumn(id: UInt64, _ column: BoardIndex.Column) -> Data {
        let values = column.values
        let bits = column.codes.width == 1 && values.count <= 128 ? Codes.bits(distinct: values.count) : nil
        var out = PartWriter(id: id)
        out.put(UInt64(values.count))
        out.put((bits.map { packedFlag | UInt64($0) } ?? UInt64(column.codes.width)) | (values.hasText ? 0 : textlessFlag))
        out.put(UInt64(column.codes.count))
        if values.hasText {
            out.put(UInt64(values.bytes.count))
            out.put(array: values.offsets)
            out.put(array: values.counts)
            out.put(array: values.bytes)
        } else {
            out.put(UInt64(values.hashKey.count))
            out.put(array: values.hashKey)
            out.put(array: values.counts)
            out.put(array: values.hashes.map(\.littleEndian))
        }
        out.put(array: bits.map { column.codes.packed(bits: $0) } ?? column.codes.storage)
        return out.data
    }

    static let textlessFlag: UInt64 = 0x100
    static let packedFlag: UInt64 = 0x10

    static func decodeColumn(_ reader: inout PartReader, rows: Int) throws -> BoardIndex.Column {
        let distinct = Int(try reader.u64())
        let stored = try reader.u64()
        let width = Int(stored & ~textlessFlag)
        // Bits a packed code takes (earlier builds' width 0: four); nil when not packed.
        let bits = width == 0 ? 4 : width & Int(packedFlag) != 0 ? width & ~Int(packedFlag) : nil
        let count = Int(try reader.u64())
        let size = Int(try reader.u64())
        guard [1, 2, 4].contains(width) || (1...8).contains(bits ?? 0), count == rows, distinct <= reader.remaining / 4 else { throw reader.damaged }
        let values: ValueDictionary
        if stored & textlessFlag != 0 {
            guard size == ShortHash.keyBytes else { throw reader.damaged }
            let key: [UInt8] = try reader.array(size)
            let counts: [UInt32] = try reader.array(distinct)
            let hashes: [UInt64] = try reader.array(distinct)
            values = ValueDictionary(hashes: hashes.map { UInt64(littleEndian: $0) }, key: key, counts: counts)
        } else {
            let offsets: [UInt32] = try reader.array(distinct + 1)
            let counts: [UInt32] = try reader.array(distinct)
            guard offsets.first == 0, offsets.last.map(Int.init) == size, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 })
            else { throw reader.damaged }
            values = ValueDictionary(bytes: try reader.array(size), offsets: offsets, counts: counts)
        }
        let codes =
            if let bits {
                Codes(packed: try reader.array(Codes.packedSize(count: count, bits: bits)), bits: bits, count: count)
            } else {
                Codes(width: width, storage: try reader.array(count * width))
            }
        guard codes.largest < distinct || count == 0 else { throw reader.damaged }
        return BoardIndex.Column(values: values, codes: codes)
    }

    static func encodeRecordHashes(id: UInt64, _ hashes: [UInt64]) -> Data {
        var out = PartWriter(id: id)
        out.put(UInt64(hashes.count))
        out.put(array: hashes.map(\.littleEndian))
        return out.data
    }

    static func decodeRecordHashes(_ reader: inout PartReader, rows: Int) throws -> [UInt64] {
        guard try reader.u64() == UInt64(rows) else { throw reader.damaged }
        let hashes: [UInt64] = try reader.array(rows)
        return hashes.map { UInt64(littleEndian: $0) }
    }

    static func encodeHead(id: UInt64, _ head: BoardIndex.Head) -> Data {
        var out = PartWriter(id: id)
        out.put(UInt64(head.distinct))
        out.put(UInt64(head.entries.count))
        for entry in head.entries {
            out.put(UInt64(entry.count))
            let bytes = Array(entry.value.utf8)
            out.put(UInt64(bytes.count))
            out.put(array: bytes)
        }
        return out.data
    }

    static func decodeHead(_ reader: inout PartReader) throws -> BoardIndex.Head {
        let distinct = Int(try reader.u64())
        let count = Int(try reader.u64())
        guard count <= BoardIndex.headSize else { throw reader.damaged }
        var entries: [(value: String, count: Int)] = []
        for _ in 0..<count {
            let rows = Int(try reader.u64())
            let length = Int(try reader.u64())
            let bytes: [UInt8] = try reader.array(length)
            entries.append((String(decoding: bytes, as: UTF8.self), rows))
        }
        return BoardIndex.Head(entries: entries, distinct: distinct)
    }
}

/// A part's bytes: its snapshot id, then little-endian numbers and raw arrays.
struct PartWriter {
    private(set) var data = Data()

    init(id: UInt64) { put(id) }

    mutating func put(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }

    mutating func put<T>(array: [T]) { array.withUnsafeBytes { data.append(contentsOf: $0) } }
}

struct PartReader {
    /// Copies `out.count` bytes of the part, from `offset` on, into `out`.
    typealias Read = (_ out: UnsafeMutableRawBufferPointer, _ offset: Int) throws -> Void
    private let read: Read
    let size: Int
    private var offset = 0
    let damaged = StorageError.database("the board index on disk is damaged")

    init(size: Int, read: @escaping Read) {
        self.size = size
        self.read = read
    }

    init(_ data: Data) {
        self.init(size: data.count) { out, offset in
            data.withUnsafeBytes { out.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<offset + out.count])) }
        }
    }

    var remaining: Int { size - offset }

    mutating func u64() throws -> UInt64 {
        let value: [UInt64] = try array(1)
        return UInt64(littleEndian: value[0])
    }

    mutating func array<T>(_ count: Int) throws -> [T] {
        guard count >= 0, count <= remaining / MemoryLayout<T>.stride else { throw damaged }
        let size = count * MemoryLayout<T>.stride
        let out = try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            if size > 0 { try read(UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[0..<size]), offset) }
            initialized = count
        }
        offset += size
        return out
    }
}
