import Foundation
import HireCore
import HireRPC

extension JobService: RegistrableService {
    /// `jobs.*` (but `jobs.import`, the board's): one job at a time, search, lists, exports,
    /// descriptions and profiles. Params become the service's arguments here, and its
    /// values wire views.
    func registerMethods(with router: inout Router) {
        router.register(Jobs.Get.self) { params, context in JobView(try await self.get(params.jobId, vault: try context.store())) }
        router.register(Jobs.Create.self) { params, context in
            JobView(try await self.create(Self.changes(params), vault: try context.store(), userId: try context.userId()))
        }
        router.register(Jobs.Update.self) { params, context in
            JobView(try await self.update(Self.changes(params), vault: try context.store(), userId: try context.userId()))
        }
        router.register(Jobs.Delete.self) { params, context in
            let vault = try context.store()
            var notFound: [String] = []
            for id in Set(params.jobIds).sorted() where try await vault.job(id: id) == nil { notFound.append(id) }
            return Jobs.Delete.Result(
                deleted: try await self.delete(params.jobIds, vault: vault, userId: try context.userId()), notFound: notFound)
        }
        router.register(Jobs.ConfirmDescription.self) { params, context in
            JobView(try await self.confirmDescription(params.jobId, vault: try context.store()))
        }
        router.register(Jobs.Search.self) { params, context in
            let hits = try await self.search(params.query, limit: try Paging.limit(params.limit), vault: try context.store())
            return Jobs.Search.Result(
                hits: hits.map { hit in
                    let values = hit.job.values
                    return Jobs.Search.Hit(
                        jobId: hit.job.jobId, company: values[BoardColumn.company.ordinal], position: values[BoardColumn.position.ordinal],
                        city: values[BoardColumn.city.ordinal], state: values[BoardColumn.state.ordinal],
                        score: (hit.score * 1000).rounded() / 1000, snippet: hit.snippet)
                })
        }
        router.register(Jobs.List.self) { params, context in
            let limit = try Paging.limit(params.limit)
            let filters = try BoardService.resolve(params.filters ?? [:]).map { (column: BoardColumn.allCases[$0.column], values: $0.values) }
            let order = try Self.order(params.sort)
            let cursor = try Paging.key(params.cursor, as: JobCursor.self, in: "jobs")
            let page = try await self.list(
                filters: filters, query: params.query, order: order, after: cursor, limit: limit, vault: try context.store())
            return Jobs.List.Result(
                jobs: page.jobs.map(JobView.init), total: page.total, nextCursor: page.last.map { Paging.cursor(after: $0, in: "jobs") })
        }
        router.register(Jobs.Export.self) { params, context in
            // The destination is checked before the work.
            let target = try params.path.map { path throws(RPCError) in
                try context.files.prepareWrite(path, param: "path", overwrite: params.overwrite ?? false)
            }
            let export = try await self.exportCSV(
                filters: params.filters, query: params.query, vault: try context.store(), userId: try context.userId())
            return try await Exports.deliver(csv: export.csv, rows: export.rows, to: target, remote: params.remote, overwrite: params.overwrite, files: context.files)
        }
        router.register(Jobs.AttachDescription.self) { params, context in
            let source: DocumentSource
            switch (params.path, params.text, params.remote) {
            case (let path?, nil, nil): source = .file(path: path)
            case (nil, let text?, nil): source = .text(text, filename: nil)
            case (nil, nil, let remote?):
                return try await RemoteFiles.withDownload(remote, param: "remote", files: context.files) { paths in
                    guard paths.count == 1 else { throw InvalidInput("remote must name one file, not a folder", param: "remote") }
                    return JobView(try await self.attach(.file(path: paths[0]), to: params.jobId, vault: try context.store(), files: context.files))
                }
            default: throw InvalidInput("give exactly one of path, text or remote")
            }
            return JobView(try await self.attach(source, to: params.jobId, vault: try context.store(), files: context.files))
        }
        router.register(Jobs.Process.self, background: { params, context in
            let done = try await self.process(
                jobIds: params.jobIds, filters: params.filters, provider: params.provider, runId: context.runId, vault: try context.store(),
                userId: try context.userId(), progress: context.progress)
            return Jobs.Process.Result(
                runId: done.runId, processed: done.processed, failed: done.failures.count,
                errors: done.failures.map { Jobs.Process.Failure(jobId: $0.jobId, message: $0.message) })
        })
        router.register(Jobs.DescriptionOriginal.self) { params, context in
            let vault = try context.store()
            guard let blobId = try await vault.jobDocument(jobId: params.jobId) else {
                guard try await vault.job(id: params.jobId) != nil else { throw JobError.notFound(params.jobId) }
                throw JobError.noDescriptionFile(params.jobId)
            }
            return try await Originals.download(
                blobId, of: "the description of job \(params.jobId)", path: params.path, overwrite: params.overwrite, vault: vault,
                files: context.files, namePrefix: "\(params.jobId)-")
        }
    }

    /// A create's or an update's fields as the job's changes.
    static func changes(_ fields: JobFields) -> JobChanges {
        var values: [BoardColumn: String] = [:]
        for column in BoardColumn.allCases.dropFirst() { values[column] = fields[column] }
        return JobChanges(jobId: fields.jobId, values: values, description: fields.description)
    }

    static func order(_ sort: JobSort?) throws(BoardError) -> JobOrder {
        guard let sort else { return JobOrder(column: "seq", descending: false, numeric: true) }
        let descending = sort.order == .desc
        switch sort.by {
        case "salaryMin", "salaryMax": return JobOrder(column: sort.by, descending: descending, numeric: true)
        // Received and Salary are written in many ways: they sort by what they say, parsed
        // (a value that does not parse sorts last), never as text.
        case "receivedDate", BoardColumn.received.rawValue: return JobOrder(column: "receivedDate", descending: descending, numeric: false)
        case BoardColumn.salary.rawValue: return JobOrder(column: "salaryYearly", descending: descending, numeric: true)
        case "updatedAt", "createdAt": return JobOrder(column: sort.by, descending: descending, numeric: true)
        default: return JobOrder(column: try BoardService.column(sort.by).rawValue, descending: descending, numeric: false)
        }
    }

}
