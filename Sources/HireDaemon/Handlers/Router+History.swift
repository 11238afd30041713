import Foundation
import HireRPC
import HireStorage

extension Router {
    /// `history.*` and `stats.get`: the runs in the caller's vault.
    mutating func registerHistoryMethods() {
        register(History.List.self) { params, context in try await HistoryService.list(params, vault: try context.vault()) }
        register(History.Get.self) { params, context in
            let vault = try context.vault()
            guard let run = try await vault.run(id: params.runId) else {
                throw RPCError(.runNotFound, "no run \(params.runId)")
            }
            var view = HistoryService.view(run, full: true)
            if run.kind == "match.run" {
                // The ranking with who and which job, as match.get gives it.
                view.results = JSONValue(encoding: ["matches": try await MatchService.get(run.id, vault: vault).matches])
            }
            return view
        }
        register(History.Delete.self) { params, context in
            History.Delete.Result(deleted: try await context.vault().deleteRuns(ids: params.runIds))
        }
        register(History.Export.self) { params, context in
            try await HistoryService.export(params, vault: try context.vault(), peer: context.peer)
        }
        register(Stats.Get.self) { _, context in
            let vault = try context.vault()
            let runs = try await vault.runCounts()
            return Stats.Get.Result(
                jobs: try await vault.jobCount(), resumes: try await vault.resumeCount(), runs: runs.byKind, lastActivityAt: runs.last.map(rfc3339))
        }
    }
}

/// Browsing and exporting the history of runs.
enum HistoryService {
    static func view(_ run: StoredRun, full: Bool) -> RunView {
        RunView(
            id: run.id, kind: run.kind, status: RunStatus(rawValue: run.status) ?? .failed, createdAt: rfc3339(run.createdAt),
            finishedAt: run.finishedAt.map(rfc3339),
            durationMs: run.finishedAt.map { Int(($0.timeIntervalSince(run.createdAt) * 1000).rounded()) },
            summary: (try? JSONValue(parsing: run.summary)) ?? .object([:]),
            parameters: full ? (try? JSONValue(parsing: run.parameters)) : nil,
            results: full ? (try? JSONValue(parsing: run.results)) : nil)
    }

    static func list(_ params: History.List.Params, vault: VaultStore) async throws -> History.List.Result {
        let limit = try BoardService.limit(params.limit)
        var after: (Double, String)?
        if let cursor = params.cursor {
            let parts = cursor.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, let time = Double(parts[0]) else { throw RPCError(.badCursor, "that cursor is not one this daemon gave") }
            after = (time, String(parts[1]))
        }
        let from = try params.from.map { try date($0, name: "from", endOfDay: false) }
        let to = try params.to.map { try date($0, name: "to", endOfDay: true) }
        let runs = try await vault.runs(
            kind: params.kind, status: params.status?.rawValue, from: from, to: to, after: after, limit: limit)
        let next = runs.count == limit ? runs.last.map { "\($0.createdAt.timeIntervalSince1970)_\($0.id)" } : nil
        return History.List.Result(runs: runs.map { view($0, full: false) }, nextCursor: next)
    }

    /// RFC 3339 or a plain date; for `to`, a plain date includes the whole day.
    static func date(_ text: String, name: String, endOfDay: Bool) throws(RPCError) -> Date {
        if let instant = try? Date(text, strategy: .iso8601) { return instant }
        if let day = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return endOfDay ? day.addingTimeInterval(86_400) : day }
        throw RPCError(.invalidParams, "\(name) must be an RFC 3339 time or a date (YYYY-MM-DD); got '\(text)'", data: ["param": .string(name)])
    }

    /// One CSV per run: a row per result item (job ids of a filter, errors of an import),
    /// each carrying the run's id, kind, status, times and parameters.
    static func export(_ params: History.Export.Params, vault: VaultStore, peer: PeerCredentials) async throws -> History.Export.Result {
        if let dir = params.dir { try PeerAccess.checkWrite(dir, param: "dir", peer: peer) }
        let directory = params.dir ?? (vault.blobDirectory as NSString).deletingLastPathComponent + "/../exports"
        guard directory.hasPrefix("/") else { throw RPCError(.invalidParams, "dir must be absolute", data: ["param": "dir"]) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var files: [String] = []
        for id in params.runIds {
            guard let run = try await vault.run(id: id) else { throw RPCError(.runNotFound, "no run \(id)") }
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
            let path = directory + "/run-\(run.kind)-\(run.id).csv"
            guard FileManager.default.createFile(atPath: path, contents: Data(writer.text.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw RPCError(.invalidParams, "cannot write \(path)", data: ["param": "dir"])
            }
            files.append(path)
        }
        return History.Export.Result(files: files)
    }
}
