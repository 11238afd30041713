import Foundation
import HireRPC

extension MatchService: RegistrableService {
    /// `match.*`.
    func registerMethods(with router: inout Router) {
        router.register(Match.Run.self) { params, context in
            try await self.run(params, vault: try context.store(), userId: try context.userId(), progress: context.progress)
        }
        router.register(Match.Get.self) { params, context in try await Self.get(params.runId, vault: try context.store()) }
        router.register(Match.Export.self) { params, context in
            try await Self.export(params, vault: try context.store(), files: context.files)
        }
    }
}
