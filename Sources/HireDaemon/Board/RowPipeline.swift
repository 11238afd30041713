import Foundation
import HireIngest
import HireStorage
import Synchronization

/// Reads and parses board rows on its own thread, a few batches ahead of the consumer.
final class RowPipeline: @unchecked Sendable {
    /// A parsed row, or a bad line.
    enum Item {
        case row(ImportRow)
        case failure(line: Int, message: String)
    }

    static let batchSize = 2048
    static let maxQueuedBatches = 4

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var queued: [[Item]] = []
    private var finished = false
    private var failure: (any Error)?
    private var stopped = false
    private let consumed = Atomic<Int>(0)

    init(reader: MTBReader) {
        // The reader moves to the new thread and is used only there from now on.
        nonisolated(unsafe) let reader = reader
        let thread = Thread { [self] in produce(reader) }
        thread.name = "hired.import-reader"
        thread.start()
    }

    /// Bytes of the file read so far, for progress.
    var bytesConsumed: Int { consumed.load(ordering: .relaxed) }

    /// The next batch, nil at the end; rethrows a read error.
    func take() throws -> [Item]? {
        condition.lock()
        defer { condition.unlock() }
        while queued.isEmpty, !finished { condition.wait() }
        if !queued.isEmpty {
            condition.broadcast()
            return queued.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Ends reading early (the import finished, failed or was cancelled).
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func produce(_ reader: MTBReader) {
        var cache = ParsedFieldCache()
        var batch: [Item] = []
        batch.reserveCapacity(Self.batchSize)
        do {
            while let result = try reader.next() {
                switch result {
                case .success(let row): batch.append(.row(BoardService.importRow(row, cache: &cache)))
                case .failure(let error): batch.append(.failure(line: error.line, message: error.message))
                }
                if batch.count == Self.batchSize {
                    consumed.store(reader.bytesConsumed, ordering: .relaxed)
                    guard push(batch) else { return }
                    batch.removeAll(keepingCapacity: true)
                }
            }
            consumed.store(reader.bytesConsumed, ordering: .relaxed)
            if !batch.isEmpty, !push(batch) { return }
            end(nil)
        } catch {
            end(error)
        }
    }

    /// Queues a batch, waiting while the consumer is behind; false once stopped.
    private func push(_ batch: [Item]) -> Bool {
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
    private var salaries: [String: ParsedSalary?] = [:]
    private var dates: [String: String?] = [:]

    mutating func salary(_ text: String) -> ParsedSalary? {
        if let known = salaries[text] { return known }
        let parsed = SalaryParser.parse(text)
        if salaries.count < Self.limit { salaries[text] = .some(parsed) }
        return parsed
    }

    mutating func date(_ text: String) -> String? {
        if let known = dates[text] { return known }
        let parsed = DateParser.parse(text)
        if dates.count < Self.limit { dates[text] = .some(parsed) }
        return parsed
    }
}
