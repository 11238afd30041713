import Foundation
import HireCore

/// Builds the board index of an import into an empty board on a thread of its own, batch by
/// batch, while the database thread inserts the next batch: adding a million rows to the
/// index (a hash-table probe per value) was a third of that thread's work, and the import
/// waited for that thread alone.
///
/// Batches are added in the order their rows were inserted, with the seqs SQLite gave them;
/// at most ``maxQueued`` wait, so the index never holds back more than a few batches' text.
final class BoardIndexer: @unchecked Sendable {
    static let maxQueued = 4

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var queued: [(batch: ImportBatch, seqs: [Int64])] = []
    private var index: BoardIndex
    private var failure: (any Error)?
    private var closed = false
    private var finished = false

    /// Given each batch once it is in the index (see ``ImportOptions/recycle``).
    private let recycle: (@Sendable (ImportBatch) -> Void)?

    init(_ index: BoardIndex, recycle: (@Sendable (ImportBatch) -> Void)? = nil) {
        self.index = index
        self.recycle = recycle
        let thread = Thread { [self] in run() }
        thread.name = "hired.import-index"
        thread.start()
    }

    /// Queues a batch whose rows were inserted with these seqs, waiting while the thread is
    /// behind; throws what the thread failed with (the board is too large to index).
    func add(_ batch: ImportBatch, seqs: [Int64]) throws {
        condition.lock()
        defer { condition.unlock() }
        while queued.count >= Self.maxQueued, failure == nil { condition.wait() }
        if let failure { throw failure }
        queued.append((batch, seqs))
        condition.broadcast()
    }

    /// The index with every batch added; throws what the thread failed with.
    func finish() throws -> BoardIndex {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        condition.broadcast()
        while !finished { condition.wait() }
        if let failure { throw failure }
        return index
    }

    /// Ends the thread without waiting for the batches queued (the import failed).
    func cancel() {
        condition.lock()
        closed = true
        queued = []
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        condition.lock()
        defer {
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        // Taken out of `self`, so that appending never copies it.
        var index = self.index
        self.index = BoardIndex(textLimit: index.textLimit)
        defer { self.index = index }
        while true {
            while queued.isEmpty, !closed { condition.wait() }
            guard !queued.isEmpty else { return }
            let (batch, seqs) = queued.removeFirst()
            condition.broadcast()
            condition.unlock()
            do {
                try Self.append(batch, seqs: seqs, to: &index)
                recycle?(batch)
            } catch {
                condition.lock()
                failure = error
                return
            }
            condition.lock()
        }
    }

    /// Adds a batch's rows, new to the board, to an index.
    static func append(_ batch: ImportBatch, seqs: [Int64], to index: inout BoardIndex) throws {
        try batch.text.withUnsafeBytes { text in
            try index.append(seqs: seqs, recordHashes: Array(batch.recordHashes[0..<batch.count]), newJobIds: true) { row, column in
                guard let range = batch.range(row: row, slot: column) else { return UnsafeRawBufferPointer(start: text.baseAddress, count: 0) }
                return UnsafeRawBufferPointer(rebasing: text[range])
            }
        }
    }
}
