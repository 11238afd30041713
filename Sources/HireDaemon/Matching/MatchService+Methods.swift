import Foundation
import HireCore
import HireRPC

extension MatchService: RegistrableService {
    /// `match.*`. Params become the service's arguments here, and its values wire views.
    func registerMethods(with router: inout Router) {
        router.register(Match.Run.self) { params, context in
            let done = try await self.run(
                resumeIds: params.resumeIds, jobIds: params.jobIds, filters: params.filters, topK: params.topK, per: params.per,
                provider: params.provider, vault: try context.store(), userId: try context.userId(), progress: context.progress)
            return Match.Run.Result(runId: done.runId, matches: done.matches)
        }
        router.register(Match.Get.self) { params, context in
            Match.Run.Result(runId: params.runId, matches: try await Self.get(params.runId, vault: try context.store()))
        }
        router.register(Match.Export.self) { params, context in
            // The destination is checked before the work.
            let target = try params.path.map { path throws(RPCError) in
                try context.files.prepareWrite(path, param: "path", overwrite: params.overwrite ?? false)
            }
            let export = try await Self.exportCSV(params.runId, vault: try context.store())
            return try await Exports.deliver(csv: export.csv, rows: export.rows, to: target)
        }
    }
}
