import Foundation
import GRDB
import HireCore

// `JobStore`: the board's jobs one by one, search and pages, descriptions and profiles.
// (Importing a whole board, with its migrations and full-text index, is VaultStore+Board.swift.)

extension VaultStore {
    // MARK: - Jobs

    static func job(_ row: Row) -> StoredJob {
        StoredJob(
            seq: row["seq"], values: boardColumns.map { row[$0] }, extras: decodeExtras(row["extras"]),
            parsed: ParsedFields(
                salaryMin: row["salaryMin"], salaryMax: row["salaryMax"], currency: row["currency"], period: row["period"],
                receivedDate: row["receivedDate"]),
            description: row["description"], descriptionStale: row["descriptionStale"], profile: row["profile"],
            createdAt: Date(timeIntervalSince1970: row["createdAt"]),
            updatedAt: Date(timeIntervalSince1970: row["updatedAt"]))
    }

    public func job(id: String) async throws -> StoredJob? {
        try await queue.read { db in try Row.fetchOne(db, sql: "SELECT * FROM job WHERE jobId = ?", arguments: [id]).map(Self.job) }
    }

    /// Jobs by seq, in the order given.
    public func jobs(seqs: [Int64]) async throws -> [StoredJob] {
        guard !seqs.isEmpty else { return [] }
        return try await queue.read { db in
            let found = try Self.inChunks(seqs) { part, marks in
                try Row.fetchAll(db, sql: "SELECT * FROM job WHERE seq IN (\(marks))", arguments: StatementArguments(part)).map(Self.job)
            }
            let bySeq = Dictionary(found.map { ($0.seq, $0) }, uniquingKeysWith: { a, _ in a })
            return seqs.compactMap { bySeq[$0] }
        }
    }

    /// Inserts a new job; false when its jobId exists.
    public func insertJob(values: [String], parsed: ParsedFields, description: String?) async throws -> StoredJob? {
        defer { noteChange() }
        return try await queue.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM job WHERE jobId = ?", arguments: [values[0]]) == true { return nil }
            let now = Date().timeIntervalSince1970
            let quoted = Self.boardColumns.map { "\"\($0)\"" }.joined(separator: ", ")
            let marks = Array(repeating: "?", count: Self.boardColumns.count).joined(separator: ", ")
            var arguments = StatementArguments(values.map { $0 as (any DatabaseValueConvertible)? })
            arguments += StatementArguments([
                parsed.salaryMin, parsed.salaryMax, parsed.currency, parsed.period, parsed.receivedDate, description, now, now,
            ] as [(any DatabaseValueConvertible)?])
            try db.execute(
                sql: """
                    INSERT INTO job (\(quoted), salaryMin, salaryMax, currency, period, receivedDate, description, createdAt, updatedAt)
                    VALUES (\(marks), ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: arguments)
            let seq = db.lastInsertedRowID
            try Self.indexText(db, seq: seq)
            try self.boardJobChanged(db, seq: seq)
            try Self.dropUndo(db)
            return try Row.fetchOne(db, sql: "SELECT * FROM job WHERE seq = ?", arguments: [seq]).map(Self.job)
        }
    }

    /// Replaces a job's columns (all 20; jobId stays), parsed fields, description (and whether
    /// it is stale) and profile.
    public func updateJob(_ job: StoredJob) async throws -> StoredJob {
        defer { noteChange() }
        return try await queue.write { db in
            try Self.unindexText(db, seq: job.seq)
            var arguments = StatementArguments(job.values.dropFirst().map { $0 as (any DatabaseValueConvertible)? })
            arguments += StatementArguments([
                job.parsed.salaryMin, job.parsed.salaryMax, job.parsed.currency, job.parsed.period, job.parsed.receivedDate,
                job.description, job.descriptionStale, job.profile, Date().timeIntervalSince1970, job.seq,
            ] as [(any DatabaseValueConvertible)?])
            try db.execute(
                sql: """
                    UPDATE job SET \(Self.boardColumns.dropFirst().map { "\"\($0)\" = ?" }.joined(separator: ", ")),
                    salaryMin = ?, salaryMax = ?, currency = ?, period = ?, receivedDate = ?, description = ?, descriptionStale = ?,
                    profile = ?, updatedAt = ?
                    WHERE seq = ?
                    """, arguments: arguments)
            try Self.indexText(db, seq: job.seq)
            try self.boardJobChanged(db, seq: job.seq)
            try Self.dropUndo(db)
            return try Row.fetchOne(db, sql: "SELECT * FROM job WHERE seq = ?", arguments: [job.seq]).map(Self.job)!
        }
    }

    /// Deletes jobs by id; returns the seqs deleted.
    public func deleteJobs(ids: [String]) async throws -> [Int64] {
        defer { noteChange() }
        return try await queue.write { db in
            var deleted: [Int64] = []
            for id in ids {
                guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM job WHERE jobId = ?", arguments: [id]) else { continue }
                try Self.unindexText(db, seq: seq)
                try db.execute(sql: "DELETE FROM job WHERE seq = ?", arguments: [seq])
                try self.boardJobChanged(db, seq: seq)
                deleted.append(seq)
            }
            if !deleted.isEmpty { try Self.dropUndo(db) }
            return deleted
        }
    }

    /// From the board index (its header, after a restart): counting the table reads every page
    /// of an index of the whole board.
    public func jobCount() async throws -> Int {
        try await withBoardIndex { $0.count }
    }

    /// Full-text search: (seq, score, snippet), best first. Scores grow with relevance.
    public func searchJobs(_ query: String, limit: Int) async throws -> [(seq: Int64, score: Double, snippet: String)] {
        try await refreshTextIndex()
        return try await Self.searching {
            try await queue.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                    SELECT rowid, -bm25(jobText) AS score, snippet(jobText, -1, '[', ']', '…', 12) AS snippet
                    FROM jobText WHERE jobText MATCH ? ORDER BY bm25(jobText) LIMIT ?
                    """, arguments: [query, limit]
                ).map { (seq: $0["rowid"], score: $0["score"], snippet: $0["snippet"]) }
            }
        }
    }

    /// The seqs of every job matching a full-text query.
    public func searchAll(_ query: String) async throws -> Set<Int64> {
        try await refreshTextIndex()
        return try await Self.searching {
            try await queue.read { db in
                Set(try Int64.fetchAll(db, sql: "SELECT rowid FROM jobText WHERE jobText MATCH ?", arguments: [query]))
            }
        }
    }

    // MARK: - Job descriptions and profiles

    /// Sets a job's description (and its profile), bumping updatedAt; nil when there is no such job.
    /// A new description is not stale.
    public func setDescription(jobId: String, description: String, profile: String?) async throws -> StoredJob? {
        defer { noteChange() }
        return try await queue.write { db in
            guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM job WHERE jobId = ?", arguments: [jobId]) else { return nil }
            try Self.unindexText(db, seq: seq)
            try db.execute(
                sql: "UPDATE job SET description = ?, descriptionStale = 0, profile = ?, updatedAt = ? WHERE seq = ?",
                arguments: [description, profile, Date().timeIntervalSince1970, seq])
            try Self.indexText(db, seq: seq)
            try Self.dropUndo(db)
            return try Row.fetchOne(db, sql: "SELECT * FROM job WHERE seq = ?", arguments: [seq]).map(Self.job)
        }
    }

    /// Clears a job's stale-description flag (its description is confirmed for the job as it
    /// is now); the profile is made again from it. Nil when there is no such job; a job whose
    /// description is not stale is returned unchanged.
    public func confirmDescription(jobId: String) async throws -> StoredJob? {
        defer { noteChange() }
        return try await queue.write { db in
            try db.execute(
                sql: "UPDATE job SET descriptionStale = 0, profile = NULL, updatedAt = ? WHERE jobId = ? AND descriptionStale",
                arguments: [Date().timeIntervalSince1970, jobId])
            return try Row.fetchOne(db, sql: "SELECT * FROM job WHERE jobId = ?", arguments: [jobId]).map(Self.job)
        }
    }

    /// Stores profiles (jobId → JSON) in one transaction; returns how many jobs were found.
    public func setProfiles(_ profiles: [(jobId: String, profile: String)]) async throws -> Int {
        defer { noteChange() }
        return try await queue.write { db in
            let now = Date().timeIntervalSince1970
            var changed = 0
            for (jobId, profile) in profiles {
                try db.execute(sql: "UPDATE job SET profile = ?, updatedAt = ? WHERE jobId = ?", arguments: [profile, now, jobId])
                changed += db.changesCount
            }
            return changed
        }
    }

    /// Job ids without a profile, in board order.
    public func jobIdsWithoutProfile() async throws -> [String] {
        try await queue.read { db in try String.fetchAll(db, sql: "SELECT jobId FROM job WHERE profile IS NULL ORDER BY seq") }
    }

    /// Records the original file of a job's description (nil: the description came as text);
    /// returns the blob of the original it replaces, for the caller to delete.
    public func setJobDocument(jobId: String, blobId: String?) async throws -> String? {
        try await queue.write { db in
            let previous = try String.fetchOne(db, sql: "SELECT blobId FROM jobDocument WHERE jobId = ?", arguments: [jobId])
            if let blobId {
                try db.execute(sql: "INSERT OR REPLACE INTO jobDocument (jobId, blobId) VALUES (?, ?)", arguments: [jobId, blobId])
            } else {
                try db.execute(sql: "DELETE FROM jobDocument WHERE jobId = ?", arguments: [jobId])
            }
            return previous == blobId ? nil : previous
        }
    }

    /// The blob of the original file of a job's description (nil: none, or given as text).
    public func jobDocument(jobId: String) async throws -> String? {
        try await queue.read { db in try String.fetchOne(db, sql: "SELECT blobId FROM jobDocument WHERE jobId = ?", arguments: [jobId]) }
    }

    /// Deletes the description originals of jobs that are gone (deleted, or left out of a
    /// replacing import), records and files; those of jobs an undo can bring back stay.
    public func sweepJobDocuments() async throws {
        let orphans = try await queue.write { db in
            let gone = "jobId NOT IN (SELECT jobId FROM job) AND jobId NOT IN (SELECT jobId FROM jobUndo)"
            let ids = try String.fetchAll(db, sql: "SELECT blobId FROM jobDocument WHERE \(gone)")
            try db.execute(sql: "DELETE FROM jobDocument WHERE \(gone)")
            return ids
        }
        for id in orphans { try await deleteBlob(id: id) }
    }

    /// Jobs by id (those that exist), in board order.
    public func jobs(ids: [String]) async throws -> [StoredJob] {
        guard !ids.isEmpty else { return [] }
        return try await queue.read { db in
            try Self.inChunks(ids) { part, marks in
                try Row.fetchAll(db, sql: "SELECT * FROM job WHERE jobId IN (\(marks))", arguments: StatementArguments(part)).map(Self.job)
            }.sorted { $0.seq < $1.seq }
        }
    }
}

extension VaultStore {
    /// A page of jobs matching exact filters (column → values) and an FTS query, in a stable
    /// order (the sort value, then seq), after `cursor`; and the total count.
    public func listJobs(
        filters: [(column: BoardColumn, values: [String])], ftsQuery: String?, order: JobOrder, after cursor: JobCursor?, limit: Int
    ) async throws -> (jobs: [StoredJob], total: Int, last: JobCursor?) {
        if ftsQuery != nil { try await refreshTextIndex() }
        // In board order, a board column's, or a key parsed from one: from the board index,
        // without a scan. (By when a job was made or changed: in SQL.)
        let column = order.column == "seq" && !order.descending ? -1 : Self.boardColumns.firstIndex(of: order.column)
        let derived = Self.derivedSortKeys[order.column]
        guard column != nil || derived != nil else {
            return try await Self.searching { try await self.pageOfJobs(filters: filters, ftsQuery: ftsQuery, order: order, after: cursor, limit: limit) }
        }
        var found: Set<Int64>?
        if let ftsQuery { found = try await Self.searching { try await self.searchAll(ftsQuery) } }
        let keyColumn = column ?? derived!.ordinal
        let needed = Set(filters.map(\.column.ordinal) + [max(keyColumn, 0)])
        // A derived key per code of its column, read once from one row per code.
        var keys: [Double]?
        if derived != nil {
            // The keys if made already, else one row per code to make them from.
            let cached = try await withBoardIndex(columns: needed) { index -> (keys: [Double]?, representatives: [Int64]) in
                if let keys = index.derivedKeys[order.column] { return (keys, []) }
                return (nil, index.representatives(column: keyColumn))
            }
            keys = cached.keys
            if keys == nil {
                let representatives = cached.representatives
                let read = try await queue.read { db in try Self.sortKeys(db, column: order.column, seqs: representatives) }
                guard let read else {
                    return try await Self.searching { try await self.pageOfJobs(filters: filters, ftsQuery: ftsQuery, order: order, after: cursor, limit: limit) }
                }
                keys = read
                try await withBoardIndex(columns: needed) { index in
                    if index.cols[keyColumn].values.count == read.count { index.derivedKeys[order.column] = read }
                }
            }
        }
        // A column the index keeps without its text is put in order from the jobs' text, once.
        if let column, column >= 0, derived == nil, try await withBoardIndex(columns: needed, { !$0.canSort(column: column) }) {
            try await orderWithoutText(column: column)
        }
        let missing = order.descending ? -Double.infinity : Double.infinity
        var sqlPage = false
        let (seqs, total) = try await withBoardIndex(columns: needed) { index -> ([Int64], Int)? in
            var positions = index.matching(filters.map { ($0.column.ordinal, $0.values) })
            if let found { positions = positions.filter { found.contains(index.seqs[$0]) } }
            let page: [Int]
            if let keys {
                // The codes may have changed since the keys were read: then read them again.
                guard keys.count == index.cols[keyColumn].values.count else { return nil }
                let codes = index.cols[keyColumn].codes
                let after = cursor.map { cursor in (key: Self.sortKey(order.column, number: cursor.number, text: cursor.text) ?? missing, seq: cursor.seq) }
                page = index.page(
                    positions, key: { keys[codes[$0]].isNaN ? missing : keys[codes[$0]] }, descending: order.descending, after: after, limit: limit)
            } else if keyColumn < 0 {
                let after = cursor?.seq ?? .min
                let seqs = index.seqs
                page = Array(positions.lazy.filter { seqs[$0] > after }.prefix(limit))
            } else {
                // Nil: the column's order is not known (it changed since it was set), or the
                // cursor's job no longer holds its value; then SQL answers.
                guard
                    let found = index.page(
                        positions, column: keyColumn, descending: order.descending, after: cursor.map { ($0.text ?? "", $0.seq) }, limit: limit)
                else {
                    sqlPage = true
                    return ([], 0)
                }
                page = found
            }
            return (page.map { index.seqs[$0] }, positions.count)
        } ?? ([], -1)
        if sqlPage {
            return try await Self.searching { try await self.pageOfJobs(filters: filters, ftsQuery: ftsQuery, order: order, after: cursor, limit: limit) }
        }
        guard total >= 0 else { return try await listJobs(filters: filters, ftsQuery: ftsQuery, order: order, after: cursor, limit: limit) }
        let jobs = try await self.jobs(seqs: seqs)
        var last: JobCursor?
        if let job = jobs.last, jobs.count == limit {
            if derived != nil {
                let stored = try await queue.read { db in
                    try DatabaseValue.fetchOne(db, sql: "SELECT \(order.column) FROM job WHERE seq = ?", arguments: [job.seq]) ?? .null
                }
                last = JobCursor(number: order.numeric ? Double.fromDatabaseValue(stored) : nil, text: order.numeric ? nil : String.fromDatabaseValue(stored), seq: job.seq)
            } else {
                last = keyColumn < 0
                    ? JobCursor(number: Double(job.seq), text: nil, seq: job.seq) : JobCursor(number: nil, text: job.values[keyColumn], seq: job.seq)
            }
        }
        return (jobs, total, last)
    }

    /// The sort keys parsed from a board column (the same text always parses the same way),
    /// by the job-table column they are kept in.
    static let derivedSortKeys: [String: BoardColumn] = [
        "receivedDate": .received, "salaryMin": .salary, "salaryMax": .salary, "salaryYearly": .salary,
    ]

    /// A derived key as a number (a date `YYYY-MM-DD` as YYYYMMDD); nil when missing.
    static func sortKey(_ column: String, number: Double?, text: String?) -> Double? {
        guard column == "receivedDate" else { return number }
        guard let text else { return nil }
        let parts = text.split(separator: "-")
        guard parts.count == 3, let year = Double(parts[0]), let month = Double(parts[1]), let day = Double(parts[2]) else { return .nan }
        return year * 10000 + month * 100 + day
    }

    /// A derived key per code, read from one row per code (NaN where missing); nil when a
    /// stored value is not one the index can order (the caller sorts in SQL).
    static func sortKeys(_ db: Database, column: String, seqs: [Int64]) throws -> [Double]? {
        let statement = try db.makeStatement(sql: "SELECT \(column) FROM job WHERE seq = ?")
        var keys: [Double] = []
        keys.reserveCapacity(seqs.count)
        for seq in seqs {
            guard seq >= 0 else {
                keys.append(.nan)
                continue
            }
            let stored = try DatabaseValue.fetchOne(statement, arguments: [seq]) ?? .null
            let key = sortKey(column, number: Double.fromDatabaseValue(stored), text: String.fromDatabaseValue(stored))
            if let key, key.isNaN { return nil }
            keys.append(key ?? .nan)
        }
        return keys
    }

    /// ``listJobs(filters:ftsQuery:order:after:limit:)``'s query.
    private func pageOfJobs(
        filters: [(column: BoardColumn, values: [String])], ftsQuery: String?, order: JobOrder, after cursor: JobCursor?, limit: Int
    ) async throws -> (jobs: [StoredJob], total: Int, last: JobCursor?) {
        try await queue.read { db in
            var clauses: [String] = []
            var arguments: [(any DatabaseValueConvertible)?] = []
            for filter in filters {
                clauses.append("\"\(filter.column.rawValue)\" IN (\(Array(repeating: "?", count: filter.values.count).joined(separator: ",")))")
                arguments += filter.values.map { $0 as (any DatabaseValueConvertible)? }
            }
            if let ftsQuery {
                clauses.append("seq IN (SELECT rowid FROM jobText WHERE jobText MATCH ?)")
                arguments.append(ftsQuery)
            }
            let whereAll = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM job \(whereAll)", arguments: StatementArguments(arguments)) ?? 0
            let sentinel = order.numeric ? (order.descending ? "-1e308" : "1e308") : (order.descending ? "''" : "char(1114111)")
            let key = "coalesce(\"\(order.column)\", \(sentinel))"
            var pageClauses = clauses
            var pageArguments = arguments
            if let cursor {
                let value: (any DatabaseValueConvertible)? =
                    order.numeric ? (cursor.number ?? (order.descending ? -1e308 : 1e308)) : (cursor.text ?? (order.descending ? "" : "\u{10FFFF}"))
                pageClauses.append("(\(key) \(order.descending ? "<" : ">") ? OR (\(key) = ? AND seq > ?))")
                pageArguments += [value, value, cursor.seq]
            }
            let wherePage = pageClauses.isEmpty ? "" : "WHERE " + pageClauses.joined(separator: " AND ")
            pageArguments.append(limit)
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM job \(wherePage) ORDER BY \(key) \(order.descending ? "DESC" : "ASC"), seq ASC LIMIT ?",
                arguments: StatementArguments(pageArguments))
            let jobs = rows.map(Self.job)
            var last: JobCursor?
            if let row = rows.last, jobs.count == limit {
                let value = row[order.column] as DatabaseValue
                last = JobCursor(
                    number: order.numeric ? Double.fromDatabaseValue(value) : nil,
                    text: order.numeric ? nil : String.fromDatabaseValue(value), seq: row["seq"])
            }
            return (jobs, total, last)
        }
    }
}

