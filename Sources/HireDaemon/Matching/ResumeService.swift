import Foundation
import HireCore
import HireIngest
import HireMatching
import HireRPC
import HireStorage

/// Resumes in the caller's vault: documents read to text, profiled by the builtin engine,
/// kept with their originals as encrypted blobs.
enum ResumeService {
    static func add(_ params: Resumes.Add.Params, vault: VaultStore, peer: PeerCredentials, progress: ProgressReporter) async throws
        -> Resumes.Add.Result
    {
        enum Source { case path(String), text(String, String?) }
        var sources: [Source] = []
        if let path = params.path { sources.append(.path(path)) }
        sources += (params.paths ?? []).map(Source.path)
        if let text = params.text { sources.append(.text(text, params.filename)) }
        guard !sources.isEmpty else { throw RPCError(.invalidParams, "give path, paths or text") }
        var added: [ResumeView] = []
        var errors: [FileError] = []
        for (index, source) in sources.enumerated() {
            try Task.checkCancellation()
            progress.report(ProgressUpdate(done: index, total: sources.count, stage: "resumes", message: "\(index) of \(sources.count) read"))
            let document: ReadDocument
            do throws(RPCError) {
                switch source {
                case .path(let file):
                    document = try await DocumentIntake.offload { () throws(RPCError) in try DocumentIntake.read(path: file, peer: peer) }
                case .text(let text, let filename):
                    document = try await DocumentIntake.offload { () throws(RPCError) in try DocumentIntake.read(text: text, filename: filename) }
                }
            } catch {
                // One input: its error is the answer. Several: report it and go on with the rest.
                guard sources.count > 1 else { throw error }
                if case .path(let file) = source {
                    errors.append(FileError(path: file, filename: (file as NSString).lastPathComponent, code: error.code, message: error.message))
                } else {
                    errors.append(FileError(path: nil, filename: params.filename, code: error.code, message: error.message))
                }
                continue
            }
            added.append(try await store(document, name: params.name, vault: vault))
        }
        progress.report(ProgressUpdate(done: sources.count, total: sources.count, stage: "resumes", message: "\(added.count) added"))
        return Resumes.Add.Result(resumes: added, errors: errors)
    }

    private static func store(_ document: ReadDocument, name: String?, vault: VaultStore) async throws -> ResumeView {
        var profile = ResumeProfiler.profile(text: document.text)
        if let name, !name.trimmingCharacters(in: .whitespaces).isEmpty { profile.name = name.trimmingCharacters(in: .whitespaces) }
        let blob = try await vault.putBlob(name: document.filename, contents: document.original)
        let now = Date()
        let resume = StoredResume(
            id: newResumeId(), filename: document.filename, format: document.format.rawValue, text: document.text,
            profile: try jsonText(profile), blobId: blob.id, createdAt: now)
        let match = StoredMatchDocument(
            id: resume.id, version: now.timeIntervalSince1970, terms: TermVector(text: document.text).encoded(), features: resume.profile)
        let stored = try await vault.insertResume(resume, match: match)
        return view(stored, profile: profile, includeText: false)
    }

    static func newResumeId() -> String {
        let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")
        return "R-" + String((0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }

    static func view(_ resume: StoredResume, profile: ResumeProfile? = nil, includeText: Bool) -> ResumeView {
        let profile = profile ?? (try? JSONDecoder().decode(ResumeProfile.self, from: Data(resume.profile.utf8))) ?? ResumeProfile()
        return ResumeView(
            id: resume.id, filename: resume.filename, format: resume.format, profile: profile, createdAt: rfc3339(resume.createdAt),
            text: includeText ? resume.text : nil)
    }

    static func list(_ params: Resumes.List.Params, vault: VaultStore) async throws -> Resumes.List.Result {
        let limit = try BoardService.limit(params.limit)
        var after: (Double, Int64)?
        if let cursor = params.cursor {
            let parts = cursor.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, let time = Double(parts[0]), let seq = Int64(parts[1]) else {
                throw RPCError(.badCursor, "that cursor is not one this daemon gave")
            }
            after = (time, seq)
        }
        let ftsQuery = params.query.map(SearchTerms.ftsQuery).flatMap { $0.isEmpty ? nil : $0 }
        let resumes = try await BoardService.fullText { try await vault.listResumes(ftsQuery: ftsQuery, after: after, limit: limit) }
        let next = resumes.count == limit ? resumes.last.map { "\($0.createdAt.timeIntervalSince1970)_\($0.seq)" } : nil
        return Resumes.List.Result(resumes: resumes.map { view($0, includeText: false) }, nextCursor: next)
    }

    static func get(_ params: Resumes.Get.Params, vault: VaultStore) async throws -> ResumeView {
        guard let resume = try await vault.resume(id: params.resumeId) else { throw RPCError(.resumeNotFound, "no resume \(params.resumeId)") }
        return view(resume, includeText: params.includeText ?? false)
    }

    static func delete(_ params: Resumes.Delete.Params, vault: VaultStore) async throws -> Resumes.Delete.Result {
        let deleted = try await vault.deleteResumes(ids: params.resumeIds)
        for blob in deleted.compactMap(\.blobId) { try await vault.deleteBlob(id: blob) }
        return Resumes.Delete.Result(deleted: deleted.count)
    }
}

/// A value as compact JSON text (for profile columns).
func jsonText(_ value: some Encodable) throws -> String {
    String(decoding: try RPCCoding.encode(value), as: UTF8.self)
}
