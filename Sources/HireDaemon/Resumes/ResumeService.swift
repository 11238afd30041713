import Foundation
import Synchronization
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
    /// Records the runs of `resumes.add` through a provider (their usage and fallbacks).
    let runs: RunRecorder
    /// LLM providers, for `resumes.add` with `provider`.
    let models: ModelEngine

    /// A resume stored by `add`: as stored, its profile, and the earlier one it duplicates
    /// when duplicates were allowed.
    struct Added: Sendable {
        var resume: StoredResume
        var profile: ResumeProfile
        var duplicateOf: DuplicateResume?
    }

    /// An input of `add` that was not stored, and why (only when several were given: the
    /// error of a single input is thrown).
    struct Refused: Sendable {
        var path: String?
        var filename: String?
        var error: any Error
    }

    /// `resumes.add`: reads, profiles and stores each input in turn; one input's failure is
    /// the answer, several inputs' failures are listed and the rest go on.
    /// With a provider, the resumes are read by it (the builtin engine reads those that fall
    /// back) and the run `runId` records its usage; its id is returned.
    func add(
        _ sources: [DocumentSource], name: String?, allowDuplicates: Bool, provider: String?, runId: String,
        vault: some ResumeStore & BlobStore & ProviderStore & RunStore, files: PeerAccess, progress: ProgressReporter
    ) async throws -> (added: [Added], refused: [Refused], runId: String?) {
        guard !sources.isEmpty else { throw InvalidInput("give path, paths or text") }
        let model = try await models.provider(provider, vault: vault)
        let ledger = model.map(ModelLedger.init)
        let started = clock.now
        var added: [Added] = []
        var refused: [Refused] = []
        try await backfillIdentities(vault: vault)
        for (index, source) in sources.enumerated() {
            try Task.checkCancellation()
            progress.report(ProgressUpdate(done: index, total: sources.count, stage: "resumes", message: "\(index) of \(sources.count) read"))
            var path: String?
            if case .file(let file) = source { path = file }
            let document: ReadDocument
            do throws(RPCError) {
                document = try await DocumentIntake.read(source, files: files)
            } catch {
                // One input: its error is the answer. Several: report it and go on with the rest.
                guard sources.count > 1 else { throw error }
                var filename: String?
                switch source {
                case .file(let file): filename = (file as NSString).lastPathComponent
                case .text(_, let given): filename = given
                }
                refused.append(Refused(path: path, filename: filename, error: error))
                continue
            }
            let (stored, duplicate) = try await store(
                document, name: name, allowDuplicates: allowDuplicates, provider: model, ledger: ledger, vault: vault)
            if let stored {
                added.append(stored)
            } else if let duplicate {
                let error = ResumeError.duplicate(filename: document.filename, of: duplicate)
                guard sources.count > 1 else { throw error }
                refused.append(Refused(path: path, filename: document.filename, error: error))
            }
        }
        progress.report(ProgressUpdate(done: sources.count, total: sources.count, stage: "resumes", message: "\(added.count) added"))
        guard let ledger else { return (added, refused, nil) }
        try await runs.record(
            id: runId, kind: "resumes.add", status: .completed, vault: vault, started: started,
            parameters: ["provider": .string(ledger.provider.settings.name), "inputs": .int(sources.count)],
            summary: ["added": .int(added.count), "failed": .int(refused.count)].merging(ledger.summary) { a, _ in a },
            results: ["resumeIds": .array(added.map { .string($0.resume.id) }), "fallbacks": ledger.fallbacks])
        return (added, refused, runId)
    }

    /// Stores a read resume, unless it duplicates one in the vault and duplicates are not
    /// allowed: then nothing is kept (its original neither) and the earlier one is returned.
    /// Without a provider the text is profiled on other threads while the vault indexes it.
    private func store(
        _ document: ReadDocument, name: String?, allowDuplicates: Bool, provider: ModelProvider?, ledger: ModelLedger?,
        vault: some ResumeStore & BlobStore & ProviderStore
    ) async throws -> (Added?, DuplicateResume?) {
        try Task.checkCancellation()
        let given = name?.trimmingCharacters(in: .whitespaces)
        let text = document.text
        let profiling = Background {
            var (profile, terms) = ResumeProfiler.read(text: text)
            if let given, !given.isEmpty { profile.name = given }
            return (profile, terms)
        }
        // The original is sealed and written while the text is profiled.
        let blob = try await vault.putBlob(name: document.filename, contents: document.original)
        // A provider's reading is merged into the builtin one before the vault is written.
        var merged: (ResumeProfile, TermVector)?
        if let provider, let ledger {
            var (profile, terms) = await profiling.result()
            if let reading = await models.ask(
                .resumeProfile, input: text, names: [profile.name].compactMap { $0 }, item: document.filename, provider: provider,
                vault: vault, ledger: ledger)
            {
                profile = reading.merged(into: profile)
            }
            merged = (profile, terms)
        }
        let now = clock.now
        let resume = StoredResume(
            id: Self.newResumeId(), filename: document.filename, format: document.format.rawValue, text: text, profile: "{}",
            blobId: blob.id, createdAt: now)
        let original = document.original
        let read = merged
        let cancelled = Atomic(false)
        let (stored, duplicate): (StoredResume?, DuplicateResume?)
        do {
            (stored, duplicate) = try await withTaskCancellationHandler {
                try await vault.insertResume(resume, allowDuplicates: allowDuplicates) {
                    let (profile, terms) = read ?? profiling.wait()
                    // Profiling a long text takes a while: a cancel that came meanwhile stores nothing.
                    if cancelled.load(ordering: .relaxed) { throw CancellationError() }
                    let json = try jsonText(profile)
                    return ProfiledResume(
                        profile: json, match: StoredMatchDocument(id: resume.id, version: now.timeIntervalSince1970, terms: terms.encoded(), features: json),
                        identity: ResumeIdentity(original: original, profile: profile, vault: vault))
                }
            } onCancel: {
                cancelled.store(true, ordering: .relaxed)
            }
        } catch {
            try? await vault.deleteBlob(id: blob.id)
            throw error
        }
        guard let stored else {
            try await vault.deleteBlob(id: blob.id)
            return (nil, duplicate)
        }
        return (Added(resume: stored, profile: merged?.0 ?? profiling.wait().0, duplicateOf: duplicate), duplicate)
    }

    /// Gives resumes stored before identities were kept theirs (once, from their originals).
    private func backfillIdentities(vault: some ResumeStore & BlobStore) async throws {
        var identities: [(resumeId: String, identity: ResumeIdentity)] = []
        for resume in try await vault.resumesWithoutIdentity() {
            try Task.checkCancellation()
            var original = Data(resume.text.utf8)
            if let blobId = resume.blobId { original = try await vault.readBlob(id: blobId) }
            let profile = resume.readProfile
            identities.append((resume.id, ResumeIdentity(original: original, profile: profile, vault: vault)))
        }
        if !identities.isEmpty { try await vault.setResumeIdentities(identities) }
    }

    static func newResumeId() -> String { randomId(prefix: "R-") }

    /// A page of resumes, newest first, after `cursor`, those whose text or profile holds
    /// every word of `query` when one is given.
    func list(query: String?, after cursor: (Double, Int64)?, limit: Int, vault: some ResumeStore) async throws -> [StoredResume] {
        try await vault.listResumes(matching: query.map(SearchTerms.ftsStrings) ?? [], after: cursor, limit: limit)
    }

    func get(_ resumeId: String, vault: some ResumeStore) async throws -> StoredResume {
        guard let resume = try await vault.resume(id: resumeId) else { throw ResumeError.notFound(resumeId) }
        return resume
    }

    /// Deletes resumes and their originals; returns how many went.
    func delete(_ resumeIds: [String], vault: some ResumeStore & BlobStore) async throws -> Int {
        let deleted = try await vault.deleteResumes(ids: resumeIds)
        for blob in deleted.compactMap(\.blobId) { try await vault.deleteBlob(id: blob) }
        return deleted.count
    }
}

extension StoredResume {
    /// The profile kept with the resume (an empty one if it cannot be read).
    var readProfile: ResumeProfile {
        (try? JSONDecoder().decode(ResumeProfile.self, from: Data(profile.utf8))) ?? ResumeProfile()
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

/// A value computed on a thread of the global pool from the moment it is made: waited for by
/// blocking (`wait`, on a thread that may block, as the vault's writer) or by awaiting (`result`).
private final class Background<Value: Sendable>: Sendable {
    private let slot = Mutex<Value?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let value = work()
            slot.withLock { $0 = value }
            done.signal()
        }
    }

    func wait() -> Value {
        if let value = slot.withLock({ $0 }) { return value }
        done.wait()
        done.signal()  // for the next waiter
        return slot.withLock { $0! }
    }

    func result() async -> Value {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: self.wait()) }
        }
    }
}
