import Foundation
import HireCore
import HireRPC

extension ResumeService: RegistrableService {
    /// `resumes.*`.
    func registerMethods(with router: inout Router) {
        router.register(Resumes.Add.self) { params, context in
            try await self.add(params, vault: try context.store(), files: context.files, progress: context.progress)
        }
        router.register(Resumes.List.self) { params, context in try await self.list(params, vault: try context.store()) }
        router.register(Resumes.Get.self) { params, context in try await self.get(params, vault: try context.store()) }
        router.register(Resumes.Delete.self) { params, context in try await self.delete(params, vault: try context.store()) }
        router.register(Resumes.Original.self) { params, context in
            let vault = try context.store()
            guard let resume = try await vault.resume(id: params.resumeId) else { throw ResumeError.notFound(params.resumeId) }
            guard let blobId = resume.blobId else { throw ResumeError.noOriginal(params.resumeId) }
            return try await Originals.download(
                blobId, of: "resume \(params.resumeId)", path: params.path, overwrite: params.overwrite, vault: vault, files: context.files)
        }
    }
}
