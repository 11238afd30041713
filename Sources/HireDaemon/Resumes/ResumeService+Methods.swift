import Foundation
import HireCore
import HireRPC

extension ResumeService: RegistrableService {
    /// `resumes.*`. Params become the service's arguments here, and its values wire views.
    func registerMethods(with router: inout Router) {
        router.register(Resumes.Add.self, background: { params, context in
            var sources: [DocumentSource] = []
            if let path = params.path { sources.append(.file(path: path)) }
            sources += (params.paths ?? []).map { .file(path: $0) }
            if let text = params.text { sources.append(.text(text, filename: params.filename)) }
            let add = { (sources: [DocumentSource]) in
                try await self.add(
                    sources, name: params.name, allowDuplicates: params.allowDuplicates ?? false, provider: params.provider,
                    runId: context.runId, vault: try context.store(), files: context.files, progress: context.progress)
            }
            // A remote file, or every file of a remote folder, read from a private local copy.
            let (added, refused, runId) =
                if let remote = params.remote {
                    try await RemoteFiles.withDownload(remote, param: "remote", files: context.files) { paths in
                        try await add(sources + paths.map { .file(path: $0) })
                    }
                } else {
                    try await add(sources)
                }
            return Resumes.Add.Result(
                resumes: added.map { added in
                    var view = Self.view(added.resume, profile: added.profile, includeText: false)
                    view.duplicateOf = added.duplicateOf?.resumeId
                    view.duplicateReason = added.duplicateOf?.reason.rawValue
                    return view
                },
                errors: refused.map(Self.fileError), runId: runId)
        })
        router.register(Resumes.List.self) { params, context in
            let limit = try Paging.limit(params.limit)
            let after = try Paging.key(params.cursor, as: ResumeKey.self, in: "resumes").map { ($0.createdAt, $0.seq) }
            let resumes = try await self.list(query: params.query, after: after, limit: limit, vault: try context.store())
            let next = resumes.count == limit
                ? resumes.last.map { Paging.cursor(after: ResumeKey(createdAt: $0.createdAt.timeIntervalSince1970, seq: $0.seq), in: "resumes") }
                : nil
            return Resumes.List.Result(resumes: resumes.map { Self.view($0, includeText: false) }, nextCursor: next)
        }
        router.register(Resumes.Get.self) { params, context in
            Self.view(try await self.get(params.resumeId, vault: try context.store()), includeText: params.includeText ?? false)
        }
        router.register(Resumes.Delete.self) { params, context in
            let vault = try context.store()
            var notFound: [String] = []
            for id in Set(params.resumeIds).sorted() where try await vault.resume(id: id) == nil { notFound.append(id) }
            return Resumes.Delete.Result(deleted: try await self.delete(params.resumeIds, vault: vault), notFound: notFound)
        }
        router.register(Resumes.Original.self) { params, context in
            let vault = try context.store()
            let resume = try await self.get(params.resumeId, vault: vault)
            guard let blobId = resume.blobId else { throw ResumeError.noOriginal(params.resumeId) }
            return try await Originals.download(
                blobId, of: "resume \(params.resumeId)", path: params.path, overwrite: params.overwrite, vault: vault, files: context.files)
        }
    }

    /// A stored resume as the wire shows it (its profile decoded, unless the caller has it).
    static func view(_ resume: StoredResume, profile: ResumeProfile? = nil, includeText: Bool) -> ResumeView {
        let profile = profile ?? resume.readProfile
        return ResumeView(
            id: resume.id, filename: resume.filename, format: resume.format, profile: profile, createdAt: rfc3339(resume.createdAt),
            text: includeText ? resume.text : nil)
    }

    /// An input `resumes.add` did not store, with its error's code and message.
    private static func fileError(_ refused: Refused) -> FileError {
        let error = (refused.error as? RPCError) ?? (refused.error as? any RPCErrorConvertible)?.rpcError ?? RPCError(.internalError)
        var duplicate: DuplicateResume?
        if case ResumeError.duplicate(_, let earlier)? = refused.error as? ResumeError { duplicate = earlier }
        return FileError(
            path: refused.path, filename: refused.filename, code: error.code, message: error.message, duplicateOf: duplicate?.resumeId,
            duplicateReason: duplicate?.reason.rawValue)
    }
}

/// Where a page of resumes ends: newest first, by when added, then by order of insertion.
private struct ResumeKey: Codable {
    var createdAt: Double
    var seq: Int64
}
