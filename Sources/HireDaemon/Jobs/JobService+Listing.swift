import Foundation
import HireCore
import HireMatching
import HireRPC

extension JobService {
    /// `jobs.list`: a page of the jobs passing exact filters and a full-text query, in a
    /// stable order after `cursor`, and how many pass in all.
    func list(
        filters: [(column: BoardColumn, values: [String])], query: String?, order: JobOrder, after cursor: JobCursor?, limit: Int,
        vault: some JobStore
    ) async throws -> (jobs: [StoredJob], total: Int, last: JobCursor?) {
        let query = query.map(SearchTerms.ftsQuery).flatMap { $0.isEmpty ? nil : $0 }
        return try await vault.listJobs(filters: filters, ftsQuery: query, order: order, after: cursor, limit: limit)
    }

    /// `jobs.export`: the jobs passing filters and a query as CSV, the 20 columns in board
    /// order, then every extra column seen; and how many rows it holds.
    func exportCSV(filters: Filters?, query: String?, vault: some JobStore, userId: String) async throws -> (csv: String, rows: Int) {
        let seqs = try await board.matchingSeqs(filters: filters, query: query, vault: vault)
        var jobs: [StoredJob] = []
        for chunk in stride(from: 0, to: seqs.count, by: 2000) {
            jobs += try await vault.jobs(seqs: Array(seqs[chunk..<min(chunk + 2000, seqs.count)]))
        }
        var extraNames: [String] = []
        var seen: Set<String> = []
        for job in jobs {
            for extra in job.extras where seen.insert(extra.name).inserted { extraNames.append(extra.name) }
        }
        var writer = CSVWriter()
        writer.row(BoardColumn.allCases.map(\.header) + extraNames)
        for job in jobs {
            let extras = Dictionary(job.extras.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            writer.row(job.values + extraNames.map { extras[$0] ?? "" })
        }
        return (writer.text, jobs.count)
    }
}
