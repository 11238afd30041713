import Foundation
import HireCore
import HireRPC

extension BoardService: RegistrableService {
    /// `mtb.*` and `jobs.import`: the board as a whole. Params become the service's commands
    /// here, and its results wire views.
    func registerMethods(with router: inout Router) {
        router.register(MTB.Columns.self, inline: { _, _ in
            MTB.Columns.Result(columns: BoardColumn.allCases.map { ColumnView(key: $0.rawValue, header: $0.header) })
        })
        // Both imports are the same command; only the kind their runs are recorded as differs.
        let importLocal: @Sendable (MTB.ImportParams, RequestContext, String) async throws -> ImportResult = { params, context, kind in
            let outcome = try await self.importBoard(
                try Self.command(params), kind: kind, runId: context.runId, vault: try context.store(), userId: try context.userId(),
                files: context.files, progress: context.progress, keepOpen: { (try? context.holdVault())?.release })
            var result = ImportResult(
                runId: outcome.runId, rows: outcome.rows, inserted: outcome.counts.inserted, updated: outcome.counts.updated,
                unchanged: outcome.counts.unchanged, removed: outcome.counts.removed, skipped: outcome.skipped.count,
                errors: outcome.skipped.map { LineError(line: $0.line, message: $0.message) },
                staleDescriptions: outcome.counts.staleDescriptions)
            if outcome.dryRun { result.dryRun = true }
            return result
        }
        // A remote CSV is imported from a private local copy, as a path.
        let importBoard: @Sendable (MTB.ImportParams, RequestContext, String) async throws -> ImportResult = { params, context, kind in
            guard let remote = params.remote else { return try await importLocal(params, context, kind) }
            guard params.path == nil, params.csv == nil else { throw InvalidInput("give exactly one of path, csv or remote") }
            return try await RemoteFiles.withDownload(remote, param: "remote", files: context.files) { paths in
                guard paths.count == 1 else { throw InvalidInput("remote must name one CSV file, not a folder", param: "remote") }
                var local = params
                local.remote = nil
                local.path = paths[0]
                return try await importLocal(local, context, kind)
            }
        }
        router.register(MTB.Import.self, background: { params, context in try await importBoard(params, context, "mtb.import") })
        router.register(Jobs.Import.self, background: { params, context in try await importBoard(params, context, "jobs.import") })
        router.register(MTB.Undo.self) { _, context in
            let (runId, undone) = try await self.undo(vault: try context.store(), userId: try context.userId())
            return MTB.Undo.Result(runId: runId, undoneRunId: undone.runId, restored: undone.restored, removed: undone.removed)
        }
        router.register(MTB.Values.self) { params, context in
            let column = try Self.column(params.column)
            let (values, distinct) = try await self.values(
                of: column, prefix: params.prefix, limit: try Paging.limit(params.limit), vault: try context.store())
            return MTB.Values.Result(values: values.map { MTB.Values.ValueCount(value: $0.value, count: $0.count) }, distinct: distinct)
        }
        router.register(MTB.Filter.self) { params, context in
            let found = try await self.filter(
                params.filters, save: params.save ?? true, includeRows: params.includeRows ?? false, vault: try context.store(),
                userId: try context.userId())
            return MTB.Filter.Result(runId: found.runId, jobIds: found.jobIds, total: found.jobIds.count, rows: found.rows?.map(JobView.init))
        }
    }

    /// An import's params as the board's command: the defaults filled in, and exactly one source.
    static func command(_ params: MTB.ImportParams) throws -> BoardImport {
        let maxRemoveShare = params.maxRemoveShare ?? MTB.ImportParams.defaultMaxRemoveShare
        guard (0...1).contains(maxRemoveShare) else { throw InvalidInput("maxRemoveShare must be between 0 and 1", param: "maxRemoveShare") }
        let source: BoardImport.Source
        switch (params.path, params.csv) {
        case (let path?, nil): source = .file(path: path)
        case (nil, let csv?): source = .text(csv)
        default: throw InvalidInput("give exactly one of path or csv")
        }
        return BoardImport(
            source: source, replace: (params.mode ?? .merge) == .replace, abortOnBadRow: (params.onError ?? .abort) == .abort,
            dryRun: params.dryRun ?? false, confirmed: params.confirm ?? false, maxRemoveShare: maxRemoveShare)
    }
}
