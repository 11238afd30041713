import Foundation
import HireCore
import HireRPC

extension BoardService: RegistrableService {
    /// `mtb.*` and `jobs.import`: the board as a whole.
    func registerMethods(with router: inout Router) {
        router.register(MTB.Columns.self, inline: { _, _ in
            MTB.Columns.Result(columns: BoardColumn.allCases.map { ColumnView(key: $0.rawValue, header: $0.header) })
        })
        router.register(MTB.Import.self) { params, context in
            try await self.importBoard(
                params, kind: "mtb.import", vault: try context.store(), userId: try context.userId(), files: context.files,
                progress: context.progress)
        }
        router.register(Jobs.Import.self) { params, context in
            try await self.importBoard(
                params, kind: "jobs.import", vault: try context.store(), userId: try context.userId(), files: context.files,
                progress: context.progress)
        }
        router.register(MTB.Undo.self) { _, context in try await self.undo(vault: try context.store(), userId: try context.userId()) }
        router.register(MTB.Values.self) { params, context in
            try await self.values(params, vault: try context.store(), userId: try context.userId())
        }
        router.register(MTB.Filter.self) { params, context in
            try await self.filter(params, vault: try context.store(), userId: try context.userId())
        }
    }
}
