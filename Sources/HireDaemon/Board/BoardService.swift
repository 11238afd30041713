import Foundation
import HireCore
import HireIngest
import HireMatching
import HireRPC
import Synchronization

/// The recruiter's board in their vault as a whole: imports and their undo, exact filters and
/// drop-downs (served by the board index the vault keeps, in memory and on disk).
final class BoardService: Sendable {
    /// The file imported was written to before its original was archived.
    private struct OriginalChanged: Error {}

    /// Records the board's runs (imports, undos); its clock also dates an undo.
    let runs: RunRecorder
    var clock: any Clock { runs.clock }

    init(runs: RunRecorder) { self.runs = runs }

    // MARK: - Import

    /// `mtb.import` and `jobs.import`: one transaction; with "abort" one bad row rejects the
    /// file and nothing changes; the original is archived encrypted; a run is recorded. A dry
    /// run rolls the transaction back and archives and records nothing. A replace that would
    /// remove more than `maxRemoveShare` of the board needs `confirm`, else nothing changes.
    /// The run is recorded as `runId`. `keepOpen` keeps the vault open for the work that goes on
    /// after the reply (the original's archive) until the function it returns is called.
    func importBoard(
        _ request: BoardImport, kind: String, runId: String, vault: some JobStore & BlobStore & RunStore, userId: String,
        files: PeerAccess, progress: ProgressReporter, keepOpen: @Sendable () -> (@Sendable () -> Void)? = { nil }
    ) async throws -> BoardImportOutcome {
        let started = clock.now
        let dryRun = request.dryRun
        let maxRemoveShare = request.maxRemoveShare
        let reader: MTBReader
        let source: String
        let archive: @Sendable () async throws -> BlobRecord
        var fileSize: Int?
        switch request.source {
        case .file(let path):
            // The file as opened and checked for the caller (a regular file, not the daemon's,
            // not too large; another user reads only what they may).
            let opened = try files.openForReading(path, param: "path", kind: .boardCSV)
            fileSize = opened.size
            reader = try Self.openReader(expectedBytes: fileSize) { try CSVReader(path: opened.path) }
            source = URL(fileURLWithPath: path).lastPathComponent
            // The closure keeps the opened file until the archive has read it. A file written to
            // since it was opened may no longer be the one imported: its copy is not kept.
            archive = { [source, opened] in
                let blob = try await vault.putBlob(name: source, file: opened.path)
                guard opened.isUnchanged else {
                    try? await vault.deleteBlob(id: blob.id)
                    throw OriginalChanged()
                }
                return blob
            }
        case .text(let csv):
            reader = try Self.openReader(expectedBytes: csv.utf8.count) { CSVReader(string: csv) }
            source = "pasted.csv"
            archive = { [source] in try await vault.putBlob(name: source, contents: Data(csv.utf8)) }
        }
        let state = ImportState(reader: reader, abort: request.abortOnBadRow, progress: progress, fileSize: fileSize)
        defer { state.finish() }
        var options = ImportOptions(
            // A dry run changes nothing, so it needs no confirmation: it shows what would be removed.
            replace: request.replace, dryRun: dryRun, maxRemoveShare: dryRun || request.confirmed ? nil : maxRemoveShare,
            run: (runId, started), knownRows: { [state] known in state.offer(known) }, isCancelled: { [state] in state.isCancelled },
            // The reader reports a repeated JobID as a bad row.
            jobIdsUnique: true)
        options.recycle = { [state] batch in state.recycle(batch) }
        // The original is archived (read, hashed, encrypted, synced) once the import's outcome
        // is known, not beside it: the import's threads keep both cores busy, and the archive
        // (a seventh of a large import's processor time) made the reply wait. A committed
        // import's original is archived after the reply; a rejected import's, before. A
        // cancelled or refused import, or a dry run, archives nothing.
        let counts: ImportCounts
        do {
            counts = try await withTaskCancellationHandler {
                try await vault.importJobs(options) { try state.next() }
            } onCancel: {
                state.cancel()
            }
        } catch let limit as ReplaceLimitExceeded {
            throw BoardError.needsConfirmation(removed: limit.removed, boardSize: limit.boardSize, maxRemoveShare: maxRemoveShare)
        } catch is ImportState.Rejected {
            let errors = state.errors
            guard !dryRun else { throw BoardError.rejected(errors: errors, runId: nil) }
            // Nothing changed, but the run is recorded with the file, even if a cancel came meanwhile.
            try await Task {
                let blob = try? await archive()
                try await runs.record(
                    id: runId, kind: kind, status: .failed, vault: vault, started: started,
                    parameters: Self.runParameters(request, source: source, blob: blob),
                    summary: ["rows": .int(state.rows), "errors": .int(errors.count)], results: ["errors": Self.errorList(errors)])
            }.value
            throw BoardError.rejected(errors: errors, runId: runId)
        }
        let errors = state.errors
        progress.report(ProgressUpdate(done: state.rows, total: state.rows, stage: "import", message: "done"))
        guard !dryRun else { return BoardImportOutcome(runId: nil, rows: state.rows, counts: counts, skipped: errors, dryRun: true) }
        // Committed: what follows is the import's record, and a cancel no longer stops it. The
        // run is recorded at once, then again with its original once that is archived, after
        // the reply (a large file takes a second; `history.get` and `history.original` of the
        // run wait for it): a stop in between leaves the run without its original.
        @Sendable func record(_ blob: BlobRecord?) async throws {
            try await runs.record(
                id: runId, kind: kind, status: .completed, vault: vault, started: started,
                parameters: Self.runParameters(request, source: source, blob: blob),
                summary: [
                    "rows": .int(state.rows), "inserted": .int(counts.inserted), "updated": .int(counts.updated),
                    "unchanged": .int(counts.unchanged), "removed": .int(counts.removed), "skipped": .int(errors.count),
                    "staleDescriptions": .int(counts.staleDescriptions),
                ],
                results: ["errors": Self.errorList(errors)])
        }
        try await Task { try await record(nil) }.value
        // The vault stays open for it, whoever logs out meanwhile.
        let release = keepOpen()
        runs.finishLater(runId) {
            defer { release?() }
            // An archive that failed (a full disk, a file written to meanwhile) leaves the
            // committed import's run without its original (`history.original` says so).
            if let blob = try? await archive() { try? await record(blob) }
            try? await vault.sweepJobDocuments()
        }
        // The board index's copy on disk is written once the reply is on its way.
        Task.detached(priority: .background) { await vault.saveBoardIndex() }
        return BoardImportOutcome(runId: runId, rows: state.rows, counts: counts, skipped: errors, dryRun: false)
    }

    /// The parameters an import's run records.
    private static func runParameters(_ request: BoardImport, source: String, blob: BlobRecord?) -> [String: JSONValue] {
        [
            "source": .string(source), "mode": .string(request.replace ? "replace" : "merge"),
            "onError": .string(request.abortOnBadRow ? "abort" : "skip"), "blobId": blob.map { .string($0.id) } ?? .null,
        ]
    }

    /// `mtb.undo`: puts the board back as it was before the last replacing import, if that
    /// ran today (the daemon's local calendar day), and records the undo as a run.
    func undo(vault: some JobStore & RunStore, userId: String) async throws -> (runId: String, undone: UndoCounts) {
        let started = clock.now
        // Nothing to undo, or too late: `UndoUnavailable` says which.
        let counts = try await vault.undoReplace { [clock] in Self.undoIsAvailable(importedAt: $0, now: clock.now) }
        try await vault.sweepJobDocuments()
        let runId = UUID().uuidString.lowercased()
        try await runs.record(
            id: runId, kind: "mtb.undo", status: .completed, vault: vault, started: started,
            parameters: ["undoneRunId": .string(counts.runId)],
            summary: ["restored": .int(counts.restored), "removed": .int(counts.removed)], results: [:])
        return (runId, counts)
    }

    /// An import may be undone on the calendar day it started, in the daemon's time zone (`TZ`).
    static func undoIsAvailable(importedAt: Date, now: Date, calendar: Calendar = .current) -> Bool {
        calendar.isDate(importedAt, inSameDayAs: now)
    }

    static func openReader(expectedBytes: Int?, _ make: () throws -> CSVReader) throws -> MTBReader {
        do {
            return try MTBReader(try make(), expectedBytes: expectedBytes)
        } catch let error as MTBHeaderError {
            throw BoardError.badFile("not a board CSV: \(error.message)")
        } catch let error as CSVReaderError {
            throw BoardError.badFile("cannot read the file: \(error.message)")
        }
    }

    private static func errorList(_ errors: [LineFailure]) -> JSONValue {
        .array(errors.prefix(10_000).map { .object(["line": .int($0.line), "message": .string($0.message)]) })
    }

    /// Feeds the import transaction (which runs on the database's thread) from a pipeline
    /// that reads and parses rows on another thread, so both cores work.
    final class ImportState: @unchecked Sendable {
        struct Rejected: Error {}
        // `errors`, `rows` and `batch` are touched only by the database thread.
        private let pipeline: RowPipeline
        private let abort: Bool
        private let progress: ProgressReporter
        private let fileSize: Int?
        private let cancelled = Atomic<Bool>(false)
        private(set) var errors: [LineFailure] = []
        private(set) var rows = 0
        /// Rows the reader handed on unparsed, as the board holds them (see ``KnownRows``).
        private(set) var known = 0

        init(reader: MTBReader, abort: Bool, progress: ProgressReporter, fileSize: Int?) {
            self.pipeline = RowPipeline(reader: reader)
            self.abort = abort
            self.progress = progress
            self.fileSize = fileSize
        }

        /// Stops the import from another thread: a wait for the next batch ends at once.
        func cancel() {
            cancelled.store(true, ordering: .relaxed)
            pipeline.stop()
        }

        /// Whether the import was cancelled: checked once more just before it commits.
        var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

        /// Stops the reading thread (after the import, whatever its outcome).
        func finish() { pipeline.stop() }

        /// Lets the reading thread skip the records the board holds unchanged.
        func offer(_ known: KnownRows) { pipeline.offer(known) }

        /// Gives the reading thread a batch's memory back (see ``ImportOptions/recycle``).
        func recycle(_ batch: ImportBatch) { pipeline.recycle(batch) }

        /// The next batch of good rows (and the JobIDs of bad ones, kept as they are); their
        /// file's bad lines are noted in `errors`.
        func next() throws -> ImportBatch? {
            while true {
                if cancelled.load(ordering: .relaxed) { throw CancellationError() }
                guard let batch = try pipeline.take() else {
                    if abort, !errors.isEmpty { throw Rejected() }
                    return nil
                }
                let before = rows
                rows += batch.items
                known += batch.rows.known.count
                if rows / Self.progressRows != before / Self.progressRows {
                    let share = fileSize.map { " (\(min(100, batch.bytesRead * 100 / max(1, $0)))% of the file)" } ?? ""
                    progress.report(ProgressUpdate(done: rows, total: nil, stage: "import", message: "\(rows) rows\(share)"))
                }
                errors.append(contentsOf: batch.failures)
                // After a bad line an aborting import only reads on, to report every bad line.
                if abort, !errors.isEmpty { continue }
                if batch.rows.count + batch.rows.known.count + batch.rows.keptJobIds.count > 0 || batch.rows.keepsUnseenJobs { return batch.rows }
            }
        }

        /// Progress is reported each time this many more rows are read.
        static let progressRows = 5000
    }

    /// Appends a good row's values and parsed fields to an import batch.
    static func appendImportRow(_ row: MTBRowView, to batch: inout ImportBatch, cache: inout ParsedFieldCache) throws {
        var salary: ParsedSalary?
        var received: String?
        for column in BoardColumn.allCases {
            guard let value = row.value(column) else {
                batch.appendValue("")
                continue
            }
            batch.appendValue(value)
            if column == .salary { salary = cache.salary(value) }
            if column == .received { received = cache.date(value) }
        }
        // A column the file lacks is empty, and parsed as such.
        if row.value(.salary) == nil { salary = cache.salary("") }
        if row.value(.received) == nil { received = cache.date("") }
        try batch.endRow(
            extras: row.extras.map { ExtraColumn(name: $0.name, value: $0.value) }, salaryMin: salary?.min, salaryMax: salary?.max,
            currency: salary?.currency, period: salary?.period?.rawValue, receivedDate: received, recordHash: row.recordHash)
    }

    static func parsedFields(salary: String, received: String) -> ParsedFields {
        parsedFields(SalaryParser.parse(salary), receivedDate: DateParser.parse(received))
    }

    static func parsedFields(_ parsed: ParsedSalary?, receivedDate: String?) -> ParsedFields {
        ParsedFields(
            salaryMin: parsed?.min, salaryMax: parsed?.max, currency: parsed?.currency, period: parsed?.period?.rawValue,
            receivedDate: receivedDate)
    }

    // MARK: - Index, filters, drop-downs

    static func column(_ key: String) throws(BoardError) -> BoardColumn {
        guard let column = BoardColumn(rawValue: key) ?? BoardColumn.matching(key) else { throw BoardError.unknownColumn(key) }
        return column
    }

    static func resolve(_ filters: Filters) throws(BoardError) -> [(column: Int, values: [String])] {
        var resolved: [(column: Int, values: [String])] = []
        for key in filters.keys.sorted() {
            let column = try column(key)
            resolved.append((column.ordinal, filters[key]!.values.map { $0.trimmingCharacters(in: .whitespaces) }))
        }
        return resolved
    }

    /// A column's distinct values with how many jobs hold each, most frequent first, those
    /// starting with `prefix` (any case) only, at most `limit`; and how many there are in all.
    func values(of column: BoardColumn, prefix: String?, limit: Int, vault: some JobStore) async throws -> (values: [(value: String, count: Int)], distinct: Int) {
        try await vault.boardValues(column: column.ordinal, prefix: prefix, limit: limit)
    }

    /// The seqs and job ids of the rows passing exact filters, in board order, from the index.
    private func matching(_ filters: Filters, vault: some JobStore) async throws -> (seqs: [Int64], ids: [String]) {
        try await vault.boardMatching(try Self.resolve(filters))
    }

    /// The job ids passing exact filters, in board order (no row is read from the vault).
    func jobIds(matching filters: Filters, vault: some JobStore) async throws -> [String] {
        try await matching(filters, vault: vault).ids
    }

    /// `mtb.filter`: the jobs passing exact filters, in board order (their rows too when asked),
    /// recorded as a run unless `save` is false.
    func filter(
        _ filters: Filters, save: Bool, includeRows: Bool, vault: some JobStore & RunStore, userId: String
    ) async throws -> (runId: String?, jobIds: [String], rows: [StoredJob]?) {
        let started = clock.now
        let (seqs, ids) = try await matching(filters, vault: vault)
        var runId: String?
        if save {
            runId = try await runs.record(
                kind: "mtb.filter", status: .completed, vault: vault, started: started,
                parameters: ["filters": JSONValue(encoding: filters)], summary: ["total": .int(ids.count)],
                results: ["jobIds": .array(ids.map { .string($0) })])
        }
        return (runId, ids, includeRows ? try await vault.jobs(seqs: seqs) : nil)
    }

    /// The jobs matching filters and a query, in board order.
    func matchingSeqs(filters: Filters?, query: String?, vault: some JobStore) async throws -> [Int64] {
        var seqs = try await vault.boardMatching(try Self.resolve(filters ?? [:])).seqs
        if let query, !query.trimmingCharacters(in: .whitespaces).isEmpty {
            let found = try await vault.searchAll(SearchTerms.ftsQuery(query))
            seqs = seqs.filter { found.contains($0) }
        }
        return seqs
    }
}
