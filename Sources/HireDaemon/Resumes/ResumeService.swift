import Foundation
import HireCore
import HireIngest
import HireMatching
import HireRPC

/// Resumes in the caller's vault: documents read to text, profiled by the builtin engine,
/// kept with their originals as encrypted blobs. It holds nothing itself: every call is
/// given the caller's stores.
struct ResumeService: Sendable {
    /// Dates the resumes added.
    let clock: any Clock

    /// Where one resume of an `add` comes from.
    private enum Source { case path(String), text(String, String?) }

    func add(_ params: Resumes.Add.Params, vault: some ResumeStore & BlobStore, files: PeerAccess, progress: ProgressReporter) async throws
        -> Resumes.Add.Result
    {
        var sources: [Source] = []
        if let path = params.path { sources.append(.path(path)) }
        sources += (params.paths ?? []).map(Source.path)
        if let text = params.text { sources.append(.text(text, params.filename)) }
        guard !sources.isEmpty else { throw InvalidInput("give path, paths or text") }
        var added: [ResumeView] = []
        var errors: [FileError] = []
        try await backfillIdentities(vault: vault)
        for (index, source) in sources.enumerated() {
            try Task.checkCancellation()
            progress.report(ProgressUpdate(done: index, total: sources.count, stage: "resumes", message: "\(index) of \(sources.count) read"))
            let document: ReadDocument
            do throws(RPCError) {
                switch source {
                case .path(let file):
                    document = try await DocumentIntake.offload { () throws(RPCError) in try DocumentIntake.read(path: file, files: files) }
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
            let (stored, duplicate) = try await store(document, name: params.name, allowDuplicates: params.allowDuplicates ?? false, vault: vault)
            if let stored {
                added.append(stored)
            } else if let duplicate {
                let refused = ResumeError.duplicate(filename: document.filename, of: duplicate)
                guard sources.count > 1 else { throw refused }
                var path: String?
                if case .path(let file) = source { path = file }
                errors.append(
                    FileError(
                        path: path, filename: document.filename, code: .duplicateResume, message: refused.rpcError.message,
                        duplicateOf: duplicate.resumeId, duplicateReason: duplicate.reason.rawValue))
            }
        }
        progress.report(ProgressUpdate(done: sources.count, total: sources.count, stage: "resumes", message: "\(added.count) added"))
        return Resumes.Add.Result(resumes: added, errors: errors)
    }

    /// Stores a read resume, unless it duplicates one in the vault and duplicates are not
    /// allowed: then nothing is kept (its original neither) and the earlier one is returned.
    private func store(_ document: ReadDocument, name: String?, allowDuplicates: Bool, vault: some ResumeStore & BlobStore) async throws
        -> (ResumeView?, DuplicateResume?)
    {
        // Profiling a long text takes a while: a cancel that came meanwhile stops here.
        try Task.checkCancellation()
        var (profile, terms) = ResumeProfiler.read(text: document.text)
        try Task.checkCancellation()
        if let name, !name.trimmingCharacters(in: .whitespaces).isEmpty { profile.name = name.trimmingCharacters(in: .whitespaces) }
        let blob = try await vault.putBlob(name: document.filename, contents: document.original)
        let now = clock.now
        let resume = StoredResume(
            id: Self.newResumeId(), filename: document.filename, format: document.format.rawValue, text: document.text,
            profile: try jsonText(profile), blobId: blob.id, createdAt: now)
        let match = StoredMatchDocument(
            id: resume.id, version: now.timeIntervalSince1970, terms: terms.encoded(), features: resume.profile)
        let identity = ResumeIdentity(original: document.original, profile: profile, vault: vault)
        let (stored, duplicate): (StoredResume?, DuplicateResume?)
        do {
            (stored, duplicate) = try await vault.insertResume(resume, match: match, identity: identity, allowDuplicates: allowDuplicates)
        } catch {
            try? await vault.deleteBlob(id: blob.id)
            throw error
        }
        guard let stored else {
            try await vault.deleteBlob(id: blob.id)
            return (nil, duplicate)
        }
        var shown = Self.view(stored, profile: profile, includeText: false)
        shown.duplicateOf = duplicate?.resumeId
        shown.duplicateReason = duplicate?.reason.rawValue
        return (shown, duplicate)
    }

    /// Gives resumes stored before identities were kept theirs (once, from their originals).
    private func backfillIdentities(vault: some ResumeStore & BlobStore) async throws {
        var identities: [(resumeId: String, identity: ResumeIdentity)] = []
        for resume in try await vault.resumesWithoutIdentity() {
            try Task.checkCancellation()
            var original = Data(resume.text.utf8)
            if let blobId = resume.blobId { original = try await vault.readBlob(id: blobId) }
            let profile = (try? JSONDecoder().decode(ResumeProfile.self, from: Data(resume.profile.utf8))) ?? ResumeProfile()
            identities.append((resume.id, ResumeIdentity(original: original, profile: profile, vault: vault)))
        }
        if !identities.isEmpty { try await vault.setResumeIdentities(identities) }
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

    func list(_ params: Resumes.List.Params, vault: some ResumeStore) async throws -> Resumes.List.Result {
        let limit = try Paging.limit(params.limit)
        let after = try Paging.key(params.cursor, as: ResumeKey.self, in: "resumes").map { ($0.createdAt, $0.seq) }
        let ftsQuery = params.query.map(SearchTerms.ftsQuery).flatMap { $0.isEmpty ? nil : $0 }
        let resumes = try await vault.listResumes(ftsQuery: ftsQuery, after: after, limit: limit)
        let next = resumes.count == limit ? resumes.last.map { Paging.cursor(after: ResumeKey(createdAt: $0.createdAt.timeIntervalSince1970, seq: $0.seq), in: "resumes") } : nil
        return Resumes.List.Result(resumes: resumes.map { Self.view($0, includeText: false) }, nextCursor: next)
    }

    func get(_ params: Resumes.Get.Params, vault: some ResumeStore) async throws -> ResumeView {
        guard let resume = try await vault.resume(id: params.resumeId) else { throw ResumeError.notFound(params.resumeId) }
        return Self.view(resume, includeText: params.includeText ?? false)
    }

    func delete(_ params: Resumes.Delete.Params, vault: some ResumeStore & BlobStore) async throws -> Resumes.Delete.Result {
        let deleted = try await vault.deleteResumes(ids: params.resumeIds)
        for blob in deleted.compactMap(\.blobId) { try await vault.deleteBlob(id: blob) }
        return Resumes.Delete.Result(deleted: deleted.count)
    }
}

extension ResumeIdentity {
    /// The keyed digests of a resume's original bytes and of its normalised contacts and name:
    /// an email lowercased; a phone as its last 10 digits (at least 7: a country code or a
    /// trunk 0 does not matter); a name folded (case, accents, punctuation) when it has at
    /// least two words (a first name alone identifies nobody).
    init(original: Data, profile: ResumeProfile, vault: some ResumeStore) {
        let email = profile.email?.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = profile.phone.map { $0.unicodeScalars.filter { ("0"..."9").contains($0) } }.map { String(String.UnicodeScalarView($0)) }
        let phone = digits.flatMap { $0.count >= 7 ? String($0.suffix(10)) : nil }
        let words = profile.name.map {
            $0.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).split { !$0.isLetter }.map(String.init)
        }
        let name = words.flatMap { $0.count >= 2 ? $0.joined(separator: " ") : nil }
        self.init(
            content: vault.keyedDigest(original), email: email.flatMap { $0.isEmpty ? nil : vault.keyedDigest(Array("email:\($0)".utf8)) },
            phone: phone.map { vault.keyedDigest(Array("phone:\($0)".utf8)) }, name: name.map { vault.keyedDigest(Array("name:\($0)".utf8)) })
    }
}

/// Where a page of resumes ends: newest first, by when added, then by order of insertion.
private struct ResumeKey: Codable {
    var createdAt: Double
    var seq: Int64
}
