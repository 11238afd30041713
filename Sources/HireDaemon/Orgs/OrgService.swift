import Foundation
import HireCore
import HireIngest
import HireMatching
import HireRPC
import Logging
import ServiceLifecycle
import Synchronization

/// `orgs.*`: a user's orgs, through the sync engine. Org ids, roles and member lists come from
/// the replica in the caller's vault; nothing here reads another user's vault.
final class OrgService: Sendable {
    let sync: OrgSync
    /// The org's postings and applications (taken from the org's inbox at every sync).
    let applications: OrgApplications
    let log: any OrgLog
    /// Where a caller's display name comes from: their account on this machine (`system.db`),
    /// never the transport, so that reads and edits go on while a shared exchange is away.
    let accounts: any Exchange
    let clock: any Clock
    /// The longest an invitation code lives.
    static let maxInvitationLife: TimeInterval = 30 * 86_400

    init(applications: OrgApplications, accounts: any Exchange, clock: any Clock) {
        self.sync = applications.sync
        self.applications = applications
        self.log = sync.log
        self.accounts = accounts
        self.clock = clock
    }

    /// The caller as the engine knows them.
    func actor(userId: String, vault: any UserStore) async throws -> OrgActor {
        OrgActor(userId: userId, displayName: try await accounts.member(id: userId)?.displayName ?? userId, vault: vault)
    }

    func view(orgId: String, user: OrgActor) async throws -> OrgView {
        let state = try await sync.state(orgId: orgId, user: user)
        let name = try await user.vault.orgFields(orgId: orgId, table: "org").first { $0.recordId == orgId && $0.field == "name" }?.value
        return OrgView(
            orgId: orgId, name: name ?? "", role: state.removed ? nil : state.shared.members[user.userId]?.role.rawValue,
            epoch: Int(state.shared.epoch), memberCount: state.shared.members.count, removed: state.removed)
    }

    func invite(orgId: String, role: String, expiresIn: Int?, user: OrgActor) async throws -> Orgs.Invite.Result {
        guard let role = OrgRole(rawValue: role) else {
            throw InvalidInput("role must be admin, recruiter or viewer; got '\(role)'", param: "role")
        }
        let life = TimeInterval(expiresIn ?? 7 * 86_400)
        guard life > 0, life <= Self.maxInvitationLife else {
            throw InvalidInput("expiresIn must be 1 to \(Int(Self.maxInvitationLife)) seconds", param: "expiresIn")
        }
        let expiresAt = clock.now.addingTimeInterval(life)
        let code = try await sync.invite(orgId: orgId, role: role, expiresAt: expiresAt, by: user)
        return Orgs.Invite.Result(code: code, expiresAt: expiresAt.formatted(.iso8601))
    }

    /// Syncs when the transport answers, then reports where the replica stands (with the hash of
    /// its shared data when asked).
    func status(orgId: String, contentHash: Bool = false, user: OrgActor) async throws -> Orgs.Status.Result {
        var syncError: String?
        do {
            try await sync.sync(orgId: orgId, user: user)
        } catch let error as OrgError {
            throw error
        } catch {
            syncError = "the exchange did not answer; your changes wait in your vault"
        }
        guard let replica = try await user.vault.orgReplica(orgId: orgId) else { throw OrgError.notFound(orgId) }
        let state = try OrgReplicaState.decode(replica.state)
        var lag = 0
        if syncError != nil || state.removed {
            var after = replica.lastSeq
            while lag < 10_000, let entries = try? await log.entries(orgId: orgId, after: after, limit: 1000), let last = entries.last {
                lag += entries.count
                after = last.seq
            }
        }
        let lagSeconds = lag > 0 ? Int(clock.now.timeIntervalSince(state.lastSyncAt ?? clock.now)) : 0
        return Orgs.Status.Result(
            orgId: orgId, lastSeq: Int(replica.lastSeq), pendingChanges: try await user.vault.orgPendingCount(orgId: orgId),
            lastSyncAt: state.lastSyncAt?.formatted(.iso8601), lagEntries: lag, lagSeconds: max(0, lagSeconds), syncError: syncError,
            rejected: try await user.vault.orgRejections(orgId: orgId).map {
                OrgRejectedEntry(seq: Int($0.seq), reason: $0.reason, at: $0.at.formatted(.iso8601))
            },
            contentHash: contentHash ? try await OrgSync.contentHash(orgId: orgId, vault: user.vault) : nil)
    }

    /// The org's board: jobs whose `_deleted` field is not "true", with their columns and
    /// profiles (and descriptions, when asked).
    func board(orgId: String, includeDescriptions: Bool = false, user: OrgActor) async throws -> [OrgBoardJob] {
        try await records(orgId: orgId, table: Self.boardTable, user: user).map {
            Self.boardJob($0.id, fields: $0.fields, includeDescription: includeDescriptions)
        }
    }

    /// `orgs.filter`: the org's jobs whose columns equal one of the values given, for every
    /// column given (`mtb.filter`'s rule), in JobID order.
    func filter(orgId: String, filters: Filters, includeDescriptions: Bool, user: OrgActor) async throws -> [OrgBoardJob] {
        let wanted = try BoardService.resolve(filters).map { filter in
            (column: BoardColumn.allCases.first { $0.ordinal == filter.column }!, values: Set(filter.values))
        }
        return try await records(orgId: orgId, table: Self.boardTable, user: user)
            .filter { record in
                wanted.allSatisfy { $0.values.contains(Self.value(of: $0.column, id: record.id, fields: record.fields)) }
            }
            .map { Self.boardJob($0.id, fields: $0.fields, includeDescription: includeDescriptions) }
    }

    /// `orgs.values`: a column's non-empty values on the org's board (those starting with
    /// `prefix`, any case), most frequent first, ties in byte order; at most `limit`, and how
    /// many there are.
    func values(orgId: String, column: BoardColumn, prefix: String?, limit: Int, user: OrgActor) async throws
        -> (values: [(value: String, count: Int)], distinct: Int)
    {
        var counts: [String: Int] = [:]
        let lowered = prefix?.lowercased()
        for record in try await records(orgId: orgId, table: Self.boardTable, user: user) {
            let value = Self.value(of: column, id: record.id, fields: record.fields)
            guard !value.isEmpty else { continue }
            if let lowered, !value.lowercased().hasPrefix(lowered) { continue }
            counts[value, default: 0] += 1
        }
        let sorted = counts.sorted { $0.value != $1.value ? $0.value > $1.value : Array($0.key.utf8).lexicographicallyPrecedes($1.key.utf8) }
        return (sorted.prefix(limit).map { (value: $0.key, count: $0.value) }, counts.count)
    }

    /// A column of a job of the org's board, trimmed: its JobID is the record's id.
    static func value(of column: BoardColumn, id: String, fields: [String: String]) -> String {
        column == .jobId ? id : (fields[column.rawValue] ?? "").trimmingCharacters(in: .whitespaces)
    }

    /// A job of the org's board as the wire shows it: its description and profile are fields of
    /// the record beside the columns.
    static func boardJob(_ jobId: String, fields: [String: String], includeDescription: Bool) -> OrgBoardJob {
        var columns = fields
        let description = columns.removeValue(forKey: descriptionField)
        let profile = columns.removeValue(forKey: profileField).flatMap { try? JSONDecoder().decode(JobProfile.self, from: Data($0.utf8)) }
        let stale = columns.removeValue(forKey: descriptionStaleField) == "true"
        return OrgBoardJob(
            jobId: jobId, columns: columns, description: includeDescription ? description : nil,
            descriptionStale: description == nil ? nil : stale, profile: profile)
    }

    /// The op that marks a described job's description stale when `changed` gives the job another
    /// company or position (the personal board's rule, `StoredJob.identityChanged`), or nil.
    static func staleDescription(_ jobId: String, current: [String: String]?, changed: [OrgOp]) -> OrgOp? {
        guard let current, current[descriptionField] != nil else { return nil }
        var old = Array(repeating: "", count: BoardColumn.allCases.count)
        for column in BoardColumn.allCases { old[column.ordinal] = current[column.rawValue] ?? "" }
        var new = old
        for op in changed where op.recordId == jobId {
            if let column = BoardColumn(rawValue: op.field) { new[column.ordinal] = op.value ?? "" }
        }
        guard StoredJob.identityChanged(old, new) else { return nil }
        return OrgOp(table: boardTable, recordId: jobId, field: descriptionStaleField, value: "true")
    }

    /// `orgs.describe`: the description and the profile the builtin engine makes of it (with the
    /// job's columns) become fields of the job, sent to every member like any edit.
    func describe(orgId: String, jobId: String, source: DocumentSource, user: OrgActor, files: PeerAccess) async throws -> OrgBoardJob {
        // The org and the job first: a non-member's file is never read.
        guard let fields = try await records(orgId: orgId, table: Self.boardTable, recordId: jobId, user: user).first?.fields else {
            throw JobError.notFound(jobId)
        }
        let document = try await DocumentIntake.read(source, files: files, defaultName: "\(jobId).txt")
        let size = document.text.utf8.count
        guard size <= Self.maxSharedText else {
            throw InvalidInput(
                "the description's text is \(size / 1024) KiB; an org's job description may have at most \(Self.maxSharedText / 1024) KiB",
                param: source.isFile ? "path" : "text")
        }
        var job = Job(jobId: jobId)
        for column in BoardColumn.allCases where column != .jobId { job[column] = fields[column.rawValue] ?? "" }
        let profile = try jsonText(JobProfiler.profile(description: document.text, job: job))
        try await sync.edit(
            orgId: orgId,
            ops: [
                OrgOp(table: Self.boardTable, recordId: jobId, field: Self.descriptionField, value: document.text),
                OrgOp(table: Self.boardTable, recordId: jobId, field: Self.profileField, value: profile),
                OrgOp(table: Self.boardTable, recordId: jobId, field: Self.descriptionStaleField, value: nil),
            ], by: user)
        let updated = try await records(orgId: orgId, table: Self.boardTable, recordId: jobId, user: user).first?.fields ?? [:]
        return Self.boardJob(jobId, fields: updated, includeDescription: true)
    }

    /// The live records of one of the org's tables in the caller's replica, sorted by id.
    private func records(orgId: String, table: String, recordId: String? = nil, user: OrgActor) async throws
        -> [(id: String, fields: [String: String])]
    {
        _ = try await sync.state(orgId: orgId, user: user)
        return try await OrgApplications.records(orgId: orgId, table: table, recordId: recordId, vault: user.vault)
            .sorted { $0.key < $1.key }.map { (id: $0.key, fields: $0.value) }
    }

    /// `resumes.share`: the resume's filename, text and profile become fields of record
    /// `resume/<resumeId>` of the org, sent to every member like any edit; unsharing clears them
    /// and marks the record deleted.
    func share(resumeId: String, orgId: String, unshare: Bool, user: OrgActor) async throws -> Resumes.Share.Result {
        guard let resume = try await user.vault.resume(id: resumeId) else { throw ResumeError.notFound(resumeId) }
        var ops: [OrgOp]
        if unshare {
            ops = ["filename", "text", "profile", "sharedBy"].map { OrgOp(table: Self.resumeTable, recordId: resumeId, field: $0, value: nil) }
        } else {
            let size = resume.text.utf8.count
            guard size <= Self.maxSharedText else {
                throw InvalidInput(
                    "the resume's text is \(size / 1024) KiB; a shared resume may have at most \(Self.maxSharedText / 1024) KiB", param: "resumeId")
            }
            ops = [
                OrgOp(table: Self.resumeTable, recordId: resumeId, field: "filename", value: resume.filename),
                OrgOp(table: Self.resumeTable, recordId: resumeId, field: "text", value: resume.text),
                OrgOp(table: Self.resumeTable, recordId: resumeId, field: "profile", value: resume.profile),
                OrgOp(table: Self.resumeTable, recordId: resumeId, field: "sharedBy", value: user.userId),
            ]
        }
        ops.append(OrgOp(table: Self.resumeTable, recordId: resumeId, field: Self.deletedField, value: unshare ? "true" : nil))
        try await sync.edit(orgId: orgId, ops: ops, by: user)
        return Resumes.Share.Result(resumeId: resumeId, orgId: orgId, shared: !unshare)
    }

    /// `orgs.resumes`: the resumes members shared with the org, as the caller's replica has them.
    func sharedResumes(orgId: String, includeText: Bool, user: OrgActor) async throws -> [OrgSharedResume] {
        let members = try await sync.state(orgId: orgId, user: user).shared.members
        return try await records(orgId: orgId, table: Self.resumeTable, user: user).map { record in
            let profile = record.fields["profile"].flatMap { try? JSONDecoder().decode(ResumeProfile.self, from: Data($0.utf8)) }
            let sharer = record.fields["sharedBy"] ?? ""
            return OrgSharedResume(
                resumeId: record.id, filename: record.fields["filename"], name: profile?.name, skills: profile?.skills ?? [],
                sharedBy: sharer, sharedByName: members[sharer]?.displayName, text: includeText ? record.fields["text"] : nil)
        }
    }

    /// `orgs.import`: a board CSV into the org's board. Only what differs from the caller's copy
    /// becomes change sets (of at most `opsPerChange` fields each, sent once at the end), so a
    /// file imported again sends nothing; columns the file lacks stay as they are; `replace`
    /// deletes the jobs the file lacks, and one that would delete more than a fifth of the board
    /// needs `confirm`. Bad rows (and repeated JobIDs) are skipped and listed.
    func importBoard(
        orgId: String, path: String?, csv: String?, replace: Bool, dryRun: Bool, confirm: Bool, user: OrgActor, files: PeerAccess
    ) async throws -> Orgs.Import.Result {
        let reader: MTBReader
        // The file as opened and checked for the caller, kept open while it is read.
        var opened: PeerAccess.OpenedFile?
        defer { withExtendedLifetime(opened) {} }
        switch (path, csv) {
        case (let path?, nil):
            let file = try files.openForReading(path, param: "path", kind: .boardCSV)
            opened = file
            reader = try BoardService.openReader(expectedBytes: file.size) { try CSVReader(path: file.path) }
        case (nil, let csv?):
            reader = try BoardService.openReader(expectedBytes: csv.utf8.count) { CSVReader(string: csv) }
        default:
            throw InvalidInput("give exactly one of path or csv")
        }
        let board = Dictionary(uniqueKeysWithValues: try await records(orgId: orgId, table: Self.boardTable, user: user))
        var ops: [OrgOp] = []
        var seen: Set<String> = []
        var errors: [LineError] = []
        var (rows, inserted, updated, unchanged) = (0, 0, 0, 0)
        while let next = try reader.next() {
            rows += 1
            if rows % 1000 == 0 { try Task.checkCancellation() }
            let row: MTBRow
            switch next {
            case .success(let good): row = good
            case .failure(let bad):
                errors.append(LineError(line: bad.line, message: bad.message))
                continue
            }
            let jobId = row.jobId
            seen.insert(jobId)
            let current = board[jobId]
            var changed: [OrgOp] = []
            for column in BoardColumn.allCases where column != .jobId {
                guard let value = row.value(column) else { continue }
                let new = value.isEmpty ? nil : value
                if current?[column.rawValue] != new { changed.append(OrgOp(table: Self.boardTable, recordId: jobId, field: column.rawValue, value: new)) }
            }
            if let stale = Self.staleDescription(jobId, current: current, changed: changed) { changed.append(stale) }
            if current == nil {
                inserted += 1
                // A job deleted before comes back.
                changed.append(OrgOp(table: Self.boardTable, recordId: jobId, field: Self.deletedField, value: nil))
            } else if changed.isEmpty {
                unchanged += 1
            } else {
                updated += 1
            }
            ops += changed
        }
        let removed = replace ? board.keys.filter { !seen.contains($0) }.sorted() : []
        if !removed.isEmpty, !confirm, !dryRun, Double(removed.count) > Self.maxRemoveShare * Double(board.count) {
            throw BoardError.needsConfirmation(removed: removed.count, boardSize: board.count, maxRemoveShare: Self.maxRemoveShare)
        }
        ops += removed.map { OrgOp(table: Self.boardTable, recordId: $0, field: Self.deletedField, value: "true") }
        if !dryRun, !ops.isEmpty {
            for start in stride(from: 0, to: ops.count, by: Self.opsPerChange) {
                try await sync.edit(orgId: orgId, ops: Array(ops[start..<min(start + Self.opsPerChange, ops.count)]), by: user, syncing: false)
            }
            try? await sync.sync(orgId: orgId, user: user)
        }
        return Orgs.Import.Result(
            runId: nil, rows: rows, inserted: inserted, updated: updated, unchanged: unchanged, removed: removed.count, skipped: errors.count,
            errors: errors, dryRun: dryRun ? true : nil)
    }

    /// The most fields one change set of an import carries, and the share of the board a
    /// replace may delete without `confirm` (as `mtb.import`'s default).
    static let opsPerChange = 5_000
    static let maxRemoveShare = 0.2

    /// `orgs.edit`: board columns by their wire keys; deleting a job is its `_deleted` field.
    func edit(orgId: String, jobId: String, set: [String: String], delete: Bool, user: OrgActor) async throws -> OrgBoardJob {
        guard !jobId.isEmpty else { throw InvalidInput("jobId is empty", param: "jobId") }
        var ops: [OrgOp] = []
        for (column, value) in set.sorted(by: { $0.key < $1.key }) {
            guard let known = BoardColumn(rawValue: column), known != .jobId else { throw BoardError.unknownColumn(column) }
            ops.append(OrgOp(table: Self.boardTable, recordId: jobId, field: known.rawValue, value: value.isEmpty ? nil : value))
        }
        let current = try await records(orgId: orgId, table: Self.boardTable, recordId: jobId, user: user).first?.fields
        if let stale = Self.staleDescription(jobId, current: current, changed: ops) { ops.append(stale) }
        // Setting columns brings a deleted job back; deleting wins over columns set in the same call.
        ops.append(OrgOp(table: Self.boardTable, recordId: jobId, field: Self.deletedField, value: delete ? "true" : nil))
        try await sync.edit(orgId: orgId, ops: ops, by: user)
        let fields = try await records(orgId: orgId, table: Self.boardTable, recordId: jobId, user: user).first?.fields ?? [:]
        return Self.boardJob(jobId, fields: fields, includeDescription: false)
    }

    /// The tables an org's board jobs and shared resumes are records of, and the field that
    /// marks a record deleted.
    static let boardTable = "job"
    static let resumeTable = "resume"
    /// The longest resume text an org shares (a resume is a few pages; the log carries each
    /// change to every member).
    static let maxSharedText = 1 << 20
    static let deletedField = "_deleted"
    /// The fields of a board job beside its columns (no column has these keys).
    static let descriptionField = "_description"
    static let profileField = "_profile"
    static let descriptionStaleField = "_descriptionStale"
}

/// Wakes each unlocked member's replicas when their org's log grows or its inbox gets a message
/// (`OrgLog.changes()`), and re-checks every few minutes in case a wake-up was lost (the
/// exchange was unreachable). Each sync also takes what waits in the org's inbox into its log.
struct OrgSyncLoop: Service {
    let service: OrgService
    let vaults: VaultRegistry
    let recheck: Duration
    let logger: Logger

    func run() async throws {
        let woken = WakeQueue()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await orgId in service.log.changes().cancelOnGracefulShutdown() { woken.add(orgId) }
                woken.finish()
            }
            group.addTask {
                // One round per org woken, however many wake-ups came for it meanwhile (a
                // thousand applications arriving at once are a few rounds, not a thousand).
                while let orgIds = await woken.next() {
                    for orgId in orgIds { await syncUnlocked(only: orgId) }
                }
            }
            group.addTask {
                while !Task.isShuttingDownGracefully, !Task.isCancelled {
                    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: recheck) }
                    guard !Task.isShuttingDownGracefully, !Task.isCancelled else { break }
                    await syncUnlocked(only: nil)
                }
            }
        }
    }

    /// Syncs the replicas of `only` (or of every org) in the vaults open now.
    func syncUnlocked(only orgId: String?) async {
        for userId in vaults.unlockedUserIds() { await sync(userId: userId, only: orgId) }
    }

    /// Syncs one user's replicas of `only` (or of every org), if their vault is open.
    func sync(userId: String, only orgId: String?) async {
        guard let hold = vaults.borrow(userId: userId) else { return }
        defer { hold.release() }
        do {
            let user = try await service.actor(userId: userId, vault: hold.store)
            for replica in try await hold.store.orgReplicas() where orgId == nil || replica.orgId == orgId {
                try await service.sync.sync(orgId: replica.orgId, user: user)
                try await service.applications.take(orgId: replica.orgId, user: user, eager: false)
            }
        } catch {
            logger.warning("org sync failed", metadata: ["user.id": "\(userId)", "error": "\(type(of: error))"])
        }
    }
}

/// The org ids woken and not yet synced, each once, in the order they first woke.
final class WakeQueue: Sendable {
    private struct State {
        var ids: [String] = []
        var waiting: CheckedContinuation<[String]?, Never>?
        var finished = false
    }

    private let state = Mutex(State())

    func add(_ orgId: String) {
        let resume: (CheckedContinuation<[String]?, Never>, [String])? = state.withLock { state in
            if !state.ids.contains(orgId) { state.ids.append(orgId) }
            guard let waiting = state.waiting else { return nil }
            defer {
                state.waiting = nil
                state.ids = []
            }
            return (waiting, state.ids)
        }
        if let (continuation, ids) = resume { continuation.resume(returning: ids) }
    }

    /// Every id woken since the last call, waiting for one; nil once finished.
    func next() async -> [String]? {
        await withCheckedContinuation { continuation in
            let ready: [String]?? = state.withLock { state in
                if !state.ids.isEmpty {
                    defer { state.ids = [] }
                    return .some(state.ids)
                }
                if state.finished { return .some(nil) }
                state.waiting = continuation
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// No more wake-ups: a waiting ``next()`` returns nil.
    func finish() {
        let waiting = state.withLock { state in
            state.finished = true
            defer { state.waiting = nil }
            return state.waiting
        }
        waiting?.resume(returning: nil)
    }
}
