import Foundation
import HireCore
import HireRPC

extension JobService: RegistrableService {
    /// `jobs.*` (but `jobs.import`, the board's): one job at a time, search, lists, exports,
    /// descriptions and profiles.
    func registerMethods(with router: inout Router) {
        router.register(Jobs.Get.self) { params, context in try await self.get(params.jobId, vault: try context.store()) }
        router.register(Jobs.Create.self) { params, context in
            try await self.create(params, vault: try context.store(), userId: try context.userId())
        }
        router.register(Jobs.Update.self) { params, context in
            try await self.update(params, vault: try context.store(), userId: try context.userId())
        }
        router.register(Jobs.Delete.self) { params, context in
            Jobs.Delete.Result(deleted: try await self.delete(params.jobIds, vault: try context.store(), userId: try context.userId()))
        }
        router.register(Jobs.ConfirmDescription.self) { params, context in
            try await self.confirmDescription(params.jobId, vault: try context.store())
        }
        router.register(Jobs.Search.self) { params, context in try await self.search(params, vault: try context.store()) }
        router.register(Jobs.List.self) { params, context in try await self.list(params, vault: try context.store()) }
        router.register(Jobs.Export.self) { params, context in
            try await self.export(params, vault: try context.store(), userId: try context.userId(), files: context.files)
        }
        router.register(Jobs.AttachDescription.self) { params, context in
            try await self.attach(params, vault: try context.store(), files: context.files)
        }
        router.register(Jobs.Process.self) { params, context in
            try await self.process(params, vault: try context.store(), userId: try context.userId(), progress: context.progress)
        }
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
}
