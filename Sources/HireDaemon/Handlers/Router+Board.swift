import Foundation
import HireCore
import HireRPC
import HireStorage

extension Router {
    /// `mtb.*` and `jobs.*`: the board in the recruiter's vault.
    mutating func registerBoardMethods() {
        register(MTB.Columns.self, inline: { _, _ in
            MTB.Columns.Result(columns: BoardColumn.allCases.map { ColumnView(key: $0.rawValue, header: $0.header) })
        })
        register(MTB.Import.self) { params, context in
            try await context.daemon.board.importBoard(
                params, kind: "mtb.import", vault: try context.vault(), userId: try context.requireSession().userId,
                files: context.files, progress: context.progress)
        }
        register(Jobs.Import.self) { params, context in
            try await context.daemon.board.importBoard(
                params, kind: "jobs.import", vault: try context.vault(), userId: try context.requireSession().userId,
                files: context.files, progress: context.progress)
        }
        register(MTB.Undo.self) { _, context in
            try await context.daemon.board.undo(vault: try context.vault(), userId: try context.requireSession().userId)
        }
        register(Jobs.ConfirmDescription.self) { params, context in
            try await context.daemon.board.confirmDescription(params.jobId, vault: try context.vault())
        }
        register(MTB.Values.self) { params, context in
            try await context.daemon.board.values(params, vault: try context.vault(), userId: try context.requireSession().userId)
        }
        register(MTB.Filter.self) { params, context in
            try await context.daemon.board.filter(params, vault: try context.vault(), userId: try context.requireSession().userId)
        }
        register(Jobs.Get.self) { params, context in try await context.daemon.board.get(params.jobId, vault: try context.vault()) }
        register(Jobs.Create.self) { params, context in
            try await context.daemon.board.create(params, vault: try context.vault(), userId: try context.requireSession().userId)
        }
        register(Jobs.Update.self) { params, context in
            try await context.daemon.board.update(params, vault: try context.vault(), userId: try context.requireSession().userId)
        }
        register(Jobs.Delete.self) { params, context in
            Jobs.Delete.Result(
                deleted: try await context.daemon.board.delete(
                    params.jobIds, vault: try context.vault(), userId: try context.requireSession().userId))
        }
        register(Jobs.Search.self) { params, context in try await context.daemon.board.search(params, vault: try context.vault()) }
        register(Jobs.List.self) { params, context in try await context.daemon.board.list(params, vault: try context.vault()) }
        register(Jobs.Export.self) { params, context in
            try await context.daemon.board.export(
                params, vault: try context.vault(), userId: try context.requireSession().userId, files: context.files)
        }
    }
}
