import Foundation
import HireCore
import HireRPC

extension HistoryService: RegistrableService {
    /// `history.*`, `runs.list` (the same list, under the noun of background runs) and
    /// `stats.get`: the runs in the caller's vault. Params become the service's arguments here,
    /// and runs wire views.
    func registerMethods(with router: inout Router) {
        router.register(History.List.self) { params, context in try await self.page(params, vault: try context.store()) }
        router.register(Runs.List.self) { params, context in try await self.page(params, vault: try context.store()) }
        router.register(History.Get.self) { params, context in
            let vault = try context.store()
            return try await Self.fullView(try await self.run(params.runId, vault: vault), vault: vault)
        }
        router.register(History.Delete.self) { params, context in
            History.Delete.Result(deleted: try await self.delete(params.runIds, vault: context.store()))
        }
        router.register(History.Export.self) { params, context in
            let runs = try await self.runs(params.runIds, vault: try context.store())
            let exports = runs.map { History.Export.RunCSV(runId: $0.id, filename: "run-\($0.kind)-\($0.id).csv", csv: Self.csv($0)) }
            if let remote = params.remote {
                guard params.dir == nil else { throw InvalidInput("give dir or remote, not both") }
                let written = try await RemoteFiles.upload(
                    exports.map { ($0.filename, Data($0.csv.utf8)) }, into: remote, param: "remote", overwrite: params.overwrite ?? false,
                    files: context.files)
                return History.Export.Result(files: written)
            }
            guard let dir = params.dir else { return History.Export.Result(files: [], exports: exports) }
            // Every file is checked before any is written.
            let directory = try context.files.prepareDirectory(dir, param: "dir")
            let targets = try exports.map { export throws(RPCError) in
                try context.files.prepareWrite(directory + "/" + export.filename, param: "dir", overwrite: params.overwrite ?? false)
            }
            for (target, export) in zip(targets, exports) { try await target.write { try $0.write(contentsOf: Data(export.csv.utf8)) } }
            return History.Export.Result(files: targets.map(\.path))
        }
        router.register(History.Original.self) { params, context in
            let vault = try context.store()
            let run = try await self.run(params.runId, vault: vault)
            guard let blobId = (try? JSONValue(parsing: run.parameters))?["blobId"]?.stringValue else {
                throw RunError.noOriginal(params.runId, kind: run.kind)
            }
            return try await Originals.download(
                blobId, of: "the import of run \(params.runId)", path: params.path, overwrite: params.overwrite, vault: vault,
                files: context.files)
        }
        router.register(Stats.Get.self) { _, context in
            let stats = try await self.stats(vault: try context.store())
            return Stats.Get.Result(jobs: stats.jobs, resumes: stats.resumes, runs: stats.runs, lastActivityAt: stats.last.map(rfc3339))
        }
    }

    /// A page of `history.list` (and `runs.list`).
    private func page(_ params: History.List.Params, vault: some RunStore) async throws -> History.List.Result {
        let limit = try Paging.limit(params.limit)
        let after = try Paging.key(params.cursor, as: RunKey.self, in: "runs").map { ($0.createdAt, $0.id) }
        let from = try params.from.map { try Self.date($0, name: "from", endOfDay: false) }
        let to = try params.to.map { try Self.date($0, name: "to", endOfDay: true) }
        let runs = try await list(kind: params.kind, status: params.status, from: from, to: to, after: after, limit: limit, vault: vault)
        let next = runs.count == limit
            ? runs.last.map { Paging.cursor(after: RunKey(createdAt: $0.createdAt.timeIntervalSince1970, id: $0.id), in: "runs") } : nil
        return History.List.Result(runs: runs.map { Self.view($0, full: false) }, nextCursor: next)
    }

    /// A run as `history.get` (and `runs.get`) show it: with its parameters and results; a
    /// matching run's results are its ranking with who and which job, as match.get gives it.
    static func fullView(_ run: Run, vault: some UserStore) async throws -> RunView {
        guard run.kind == "match.run", run.status == .completed else { return view(run, full: true) }
        var view = view(run, full: false)
        view.parameters = try? JSONValue(parsing: run.parameters)
        view.results = JSONValue(encoding: ["matches": try await MatchService.matches(of: run, vault: vault)])
        return view
    }

    static func view(_ run: Run, full: Bool) -> RunView {
        RunView(
            id: run.id, kind: run.kind, status: run.status, createdAt: rfc3339(run.createdAt),
            finishedAt: run.finishedAt.map(rfc3339),
            durationMs: run.finishedAt.map { Int(($0.timeIntervalSince(run.createdAt) * 1000).rounded()) },
            summary: (try? JSONValue(parsing: run.summary)) ?? .object([:]),
            parameters: full ? (try? JSONValue(parsing: run.parameters)) : nil,
            results: full ? (try? JSONValue(parsing: run.results)) : nil)
    }

    /// RFC 3339 or a plain date; for `to`, a plain date includes the whole day.
    static func date(_ text: String, name: String, endOfDay: Bool) throws(InvalidInput) -> Date {
        if let instant = try? Date(text, strategy: .iso8601) { return instant }
        if let day = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return endOfDay ? day.addingTimeInterval(86_400) : day }
        throw InvalidInput("\(name) must be an RFC 3339 time or a date (YYYY-MM-DD); got '\(text)'", param: name)
    }

    /// One CSV per run: a row per result item (job ids of a filter, errors of an import,
    /// matches), each carrying the run's id, kind, status, times and parameters.
    private static func csv(_ run: Run) -> String {
        let view = view(run, full: true)
        var writer = CSVWriter()
        let common = [view.id, view.kind, view.status.rawValue, view.createdAt, view.finishedAt ?? "", view.parameters?.jsonString ?? "{}", view.summary.jsonString]
        writer.row(["runId", "kind", "status", "createdAt", "finishedAt", "parameters", "summary", "item"])
        var items: [String] = []
        if case .array(let ids)? = view.results?["jobIds"] { items += ids.compactMap(\.stringValue) }
        if case .array(let errors)? = view.results?["errors"] {
            items += errors.map { "line \($0["line"]?.intValue ?? 0): \($0["message"]?.stringValue ?? "")" }
        }
        if case .array(let matches)? = view.results?["matches"] {
            items += matches.map { match in
                let resume = match["resumeId"]?.stringValue ?? "", job = match["jobId"]?.stringValue ?? ""
                let score = match["score"].map(\.jsonString) ?? ""
                return "\(resume) -> \(job) #\(match["rank"]?.intValue ?? 0) score \(score)"
            }
        }
        if items.isEmpty { items = [""] }
        for item in items { writer.row(common + [item]) }
        return writer.text
    }
}

/// Where a page of runs ends: newest first, by start time, then id.
private struct RunKey: Codable {
    var createdAt: Double
    var id: String
}
