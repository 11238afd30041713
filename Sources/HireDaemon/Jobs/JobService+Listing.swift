import Foundation
import HireCore
import HireMatching
import HireRPC

extension JobService {
    /// `jobs.list`: filters, a full-text query, a sort, and stable cursor paging.
    func list(_ params: Jobs.List.Params, vault: some JobStore) async throws -> Jobs.List.Result {
        let limit = try Paging.limit(params.limit)
        let filters = try BoardService.resolve(params.filters ?? [:]).map { (column: BoardColumn.allCases[$0.column], values: $0.values) }
        let order = try Self.order(params.sort)
        let cursor = try Paging.key(params.cursor, as: JobCursor.self, in: "jobs")
        let query = params.query.map(SearchTerms.ftsQuery).flatMap { $0.isEmpty ? nil : $0 }
        let page = try await vault.listJobs(filters: filters, ftsQuery: query, order: order, after: cursor, limit: limit)
        let next = page.last.map { Paging.cursor(after: $0, in: "jobs") }
        return Jobs.List.Result(jobs: page.jobs.map(JobView.init), total: page.total, nextCursor: next)
    }

    static func order(_ sort: JobSort?) throws(BoardError) -> JobOrder {
        guard let sort else { return JobOrder(column: "seq", descending: false, numeric: true) }
        let descending = sort.order == .desc
        switch sort.by {
        case "salaryMin", "salaryMax": return JobOrder(column: sort.by, descending: descending, numeric: true)
        // Received and Salary are written in many ways: they sort by what they say, parsed
        // (a value that does not parse sorts last), never as text.
        case "receivedDate", BoardColumn.received.rawValue: return JobOrder(column: "receivedDate", descending: descending, numeric: false)
        case BoardColumn.salary.rawValue: return JobOrder(column: "salaryMin", descending: descending, numeric: true)
        case "updatedAt", "createdAt": return JobOrder(column: sort.by, descending: descending, numeric: true)
        default: return JobOrder(column: try BoardService.column(sort.by).rawValue, descending: descending, numeric: false)
        }
    }

    /// `jobs.export`: the 20 columns in board order, then every extra column seen.
    func export(_ params: Jobs.Export.Params, vault: some JobStore, userId: String, files: PeerAccess) async throws -> Jobs.Export.Result {
        let target = try params.path.map { path throws(RPCError) in try files.prepareWrite(path, param: "path", overwrite: params.overwrite ?? false) }
        let seqs = try await board.matchingSeqs(filters: params.filters, query: params.query, vault: vault, userId: userId)
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
        return try await Exports.deliver(csv: writer.text, rows: jobs.count, to: target)
    }
}
