import Foundation
import HireIngest
import HireCore
import Synchronization

/// Reads and parses board rows on its own thread, a few batches ahead of the consumer.
///
/// A row's values go from the read buffer into the batch's one text buffer as bytes: no
/// `String` per value and no array per row to build here and free on the database thread.
final class RowPipeline: @unchecked Sendable {
    /// Consecutive lines of the file: their good rows, packed, and their bad lines, in order.
    struct Batch {
        var rows: ImportBatch
        var failures: [LineFailure] = []
        /// Bytes of the file read up to this batch's last line, for progress (the reader may
        /// be several batches ahead of the batch being stored).
        var bytesRead = 0
        /// Good, known and bad rows together.
        var items: Int { rows.count + rows.known.count + failures.count }
    }

    static let batchSize = 2048
    static let maxQueuedBatches = 4

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var queued: [Batch] = []
    private var finished = false
    private var failure: (any Error)?
    private var stopped = false
    /// `stopped`, for the reader to check between reads without the lock.
    private let stopping = Atomic<Bool>(false)
    /// Offered by the store once it has the board's index; the reader takes it between batches.
    private let offered = Mutex<KnownRows?>(nil)
    /// Batches the store is done with, whose buffers the reader fills again.
    private let spares = Mutex<[ImportBatch]>([])

    init(reader: MTBReader) {
        // The reader moves to the new thread and is used only there from now on; it stops
        // reading (even in the middle of an endless record) once the pipeline is stopped.
        reader.shouldStop = { [self] in stopping.load(ordering: .relaxed) }
        nonisolated(unsafe) let reader = reader
        let thread = Thread { [self] in produce(reader) }
        thread.name = "hired.import-reader"
        thread.start()
    }

    /// Lets the reader hand out the records the board holds unchanged without parsing them,
    /// from its next batch on (the rows read before are compared by the store instead).
    func offer(_ known: KnownRows) { offered.withLock { $0 = known } }

    /// The next batch, nil at the end; rethrows a read error; `CancellationError` once stopped.
    func take() throws -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while queued.isEmpty, !finished, !stopped { condition.wait() }
        if stopped { throw CancellationError() }
        if !queued.isEmpty {
            condition.broadcast()
            return queued.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Ends reading early (the import finished, failed or was cancelled); a consumer waiting
    /// in `take` is woken.
    func stop() {
        stopping.store(true, ordering: .relaxed)
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Bytes reserved per row of a batch (a generated board averages about 240).
    static let bytesPerRow = 320

    /// Takes back a batch the store is done with: the reader's next batch reuses its memory
    /// (already faulted in) instead of new pages. Batches come back one for each the reader
    /// fills, so two are enough to keep; more are freed (each is about 900 KB).
    func recycle(_ batch: ImportBatch) {
        spares.withLock { spares in
            if spares.count < 2 { spares.append(batch) }
        }
    }

    /// An empty batch: a recycled one, emptied, or a new one.
    private func emptyBatch() -> Batch {
        guard var rows = spares.withLock({ $0.popLast() }) else {
            return Batch(rows: ImportBatch(rows: Self.batchSize, bytesPerRow: Self.bytesPerRow))
        }
        rows.removeAll()
        return Batch(rows: rows)
    }

    private func produce(_ reader: MTBReader) {
        var cache = ParsedFieldCache()
        var batch = emptyBatch()
        do {
            while true {
                switch try reader.readRow({ try BoardService.appendImportRow($0, to: &batch.rows, cache: &cache) }) {
                case .row: break
                case .known(let position): batch.rows.appendKnown(position: position)
                case .failure(let error):
                    var message = error.message
                    switch error.kind {
                    case .unterminatedQuote, .recordTooLarge:
                        // The file's rows from here on are not known for sure.
                        batch.rows.keepUnseenJobs()
                        message += "; a replace keeps every job the file does not name"
                    default: break
                    }
                    batch.failures.append(LineFailure(line: error.line, message: message))
                    if let jobId = reader.failedJobId { batch.rows.keep(jobId: jobId) }
                case .end:
                    batch.bytesRead = reader.bytesConsumed
                    if batch.items > 0, !push(batch) { return }
                    end(nil)
                    return
                }
                if batch.items == Self.batchSize {
                    batch.bytesRead = reader.bytesConsumed
                    guard push(batch) else { return }
                    batch = emptyBatch()
                    if reader.knownRows == nil { reader.knownRows = offered.withLock { $0 } }
                }
            }
        } catch {
            end(error)
        }
    }

    /// Queues a batch, waiting while the consumer is behind; false once stopped.
    private func push(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queued.count >= Self.maxQueuedBatches, !stopped { condition.wait() }
        guard !stopped else { return false }
        queued.append(batch)
        condition.broadcast()
        return true
    }

    private func end(_ error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }
}

/// Salaries and dates parsed from their text, remembered for one import: a board repeats the
/// same texts (a generated 1M-row board has 4,897 distinct salaries and 3,286 distinct dates)
/// and each parse tokenizes the text (a seventh of the reading thread). Bounded: past `limit`
/// distinct texts, new ones are parsed without being kept.
struct ParsedFieldCache {
    static let limit = 16_384
    private var salaries = ParseMemo<ParsedSalary?>()
    private var dates = ParseMemo<String?>()

    mutating func salary(_ bytes: UnsafeBufferPointer<UInt8>) -> ParsedSalary? { salaries.value(bytes, limit: Self.limit, SalaryParser.parse) }

    mutating func date(_ bytes: UnsafeBufferPointer<UInt8>) -> String? { dates.value(bytes, limit: Self.limit, DateParser.parse) }

    mutating func salary(_ text: String) -> ParsedSalary? {
        var text = text
        return text.withUTF8 { salary($0) }
    }

    mutating func date(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { date($0) }
    }
}

/// What a parse made of each text, found by the text's bytes: a row's salary and date are
/// looked up without making a `String` of them or hashing one (a third of the cache's cost).
struct ParseMemo<Value> {
    private var texts = ByteKeys()
    private var values: [Value] = []

    /// The value parsed from `text`, parsed now (and kept, while fewer than `limit` are) when new.
    mutating func value(_ text: UnsafeBufferPointer<UInt8>, limit: Int, _ parse: (String) -> Value) -> Value {
        if let id = texts.find(text) { return values[id] }
        let value = parse(String(decoding: text, as: UTF8.self))
        if texts.count < limit, texts.add(text)?.isNew == true { values.append(value) }
        return value
    }
}
