import Foundation
import HireRPC
import HireStorage

extension Router {
    /// `resumes.*`, `match.*`, `jobs.attachDescription` and `jobs.process`.
    mutating func registerMatchingMethods() {
        register(Resumes.Add.self) { params, context in
            try await ResumeService.add(params, vault: try context.vault(), files: context.files, progress: context.progress)
        }
        register(Resumes.List.self) { params, context in try await ResumeService.list(params, vault: try context.vault()) }
        register(Resumes.Get.self) { params, context in try await ResumeService.get(params, vault: try context.vault()) }
        register(Resumes.Delete.self) { params, context in try await ResumeService.delete(params, vault: try context.vault()) }
        register(Jobs.AttachDescription.self) { params, context in
            try await JobProfiling.attach(params, vault: try context.vault(), files: context.files)
        }
        register(Jobs.Process.self) { params, context in
            try await JobProfiling.process(
                params, vault: try context.vault(), board: context.daemon.board, runs: context.daemon.runs, userId: try context.requireSession().userId,
                progress: context.progress)
        }
        register(Match.Run.self) { params, context in
            try await context.daemon.matching.run(
                params, vault: try context.vault(), board: context.daemon.board, runs: context.daemon.runs, userId: try context.requireSession().userId,
                progress: context.progress)
        }
        register(Match.Get.self) { params, context in try await MatchService.get(params.runId, vault: try context.vault()) }
        register(Match.Export.self) { params, context in
            try await MatchService.export(params, vault: try context.vault(), files: context.files)
        }
    }
}
