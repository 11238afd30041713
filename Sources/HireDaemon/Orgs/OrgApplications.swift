import Foundation
import HireCore
import HireCrypto
import HireMatching
import HireRPC
import Logging

/// Postings an org publishes, and the applications they receive (docs/orgs.md, "Postings and
/// applications").
///
/// An org posting carries the org's sealing key of the current epoch: an X25519 pair made from
/// the epoch's data key, so every member holding that key makes the same pair and a member
/// removed before the epoch never can. A candidate seals the application to it and leaves it in
/// the org's inbox (``OrgInbox``); the daemon of any editor of the org (admin or recruiter)
/// takes it from there into the org's log as record `application/<id>`, where every member reads
/// it. Status changes are edits of that record, told to the candidate sealed to them as for any
/// posting; the candidate's withdrawal comes back through the org's inbox.
struct OrgApplications: Sendable {
    let sync: OrgSync
    let exchange: any Exchange
    let clock: any Clock
    let logger: Logger

    static let applicationTable = "application"
    /// The org's postings, by id (field `title`), so that members find them and keep their keys current.
    static let postingTable = "posting"
    /// Interviews of the org's applications, as their recruiter sees them (fields `applicationId`, `view`).
    static let interviewTable = "interview"
    /// Messages opened per batch.
    static let batchSize = 200

    /// The org's sealing pair for one epoch.
    static func sealKeys(epochKey: SecureBytes) -> SealedBox.KeyPair {
        SealedBox.KeyPair(seed: KDF.derive(epochKey, id: 1, context: "hiredorb"))
    }

    /// The current epoch's sealing public key of an org the caller edits.
    func currentSealKey(orgId: String, user: OrgActor) async throws -> Data {
        let state = try await editable(orgId: orgId, user: user)
        guard let key = state.key(epoch: state.shared.epoch) else { throw OrgError.damaged }
        return Data(Self.sealKeys(epochKey: key).publicKey)
    }

    /// The caller's replica state, when they may edit the org's data.
    func editable(orgId: String, user: OrgActor) async throws -> OrgReplicaState {
        let state = try await readable(orgId: orgId, user: user)
        guard state.shared.members[user.userId]?.role.edits == true else {
            throw OrgError.notAllowed("viewers do not publish or move applications")
        }
        return state
    }

    /// The caller's replica state, when they are a member (any role reads the org's data).
    func readable(orgId: String, user: OrgActor) async throws -> OrgReplicaState {
        let state = try await sync.state(orgId: orgId, user: user)
        guard !state.removed, state.shared.members[user.userId] != nil else { throw OrgError.notAllowed("not a member any more") }
        return state
    }

    // MARK: - Postings

    /// Notes a posting as the org's (or no longer, when `deleted`), for every member.
    func notePosting(_ posting: Posting, deleted: Bool, user: OrgActor) async throws {
        guard let orgId = posting.orgId else { return }
        try await sync.edit(
            orgId: orgId,
            ops: [
                OrgOp(table: Self.postingTable, recordId: posting.id, field: "title", value: deleted ? nil : posting.title),
                OrgOp(table: Self.postingTable, recordId: posting.id, field: OrgService.deletedField, value: deleted ? "true" : nil),
            ], by: user)
    }

    // MARK: - The org's inbox

    /// How long a message waits for the org's first editor before any editor's background sync
    /// takes it (that editor may be away).
    static let takerGrace: TimeInterval = 30

    /// Takes what waits in the org's inbox into its log, when the caller edits the org:
    /// applications become records, a candidate's withdrawal moves its record. Idempotent: a
    /// message taken again after a crash (the edit is queued in the vault before the message
    /// is deleted) changes nothing. Then brings the sealing key of the org's postings to the
    /// current epoch (after a removal, new applications are sealed to a key the removed member
    /// never had). Returns how many applications came in.
    ///
    /// A background sync (not `eager`) takes at once only for the org's first editor (by user
    /// id), and older messages for the others: else every editor woken by one application
    /// would write it to the log. A caller who asks for the org's applications takes all.
    @discardableResult
    func take(orgId: String, user: OrgActor, eager: Bool = true) async throws -> Int {
        guard let state = try? await editable(orgId: orgId, user: user) else { return 0 }
        let firstEditor = state.shared.members.filter { $0.value.role.edits }.keys.min() == user.userId
        let takenBefore = eager || firstEditor ? Date.distantFuture : clock.now.addingTimeInterval(-Self.takerGrace)
        let pairs = state.keys.sorted { (Int64($0.key) ?? 0) > (Int64($1.key) ?? 0) }.map { Self.sealKeys(epochKey: SecureBytes($0.value)) }
        // A member with every epoch's key knows that what none of them opens is damaged (or
        // forged): it is dropped. Else it may be sealed to a key another member has.
        let holdsEveryKey = (1...max(1, state.shared.epoch)).allSatisfy { state.key(epoch: $0) != nil }
        let recipient = OrgInbox.recipient(orgId: orgId)
        var taken = 0
        var skipped: Set<String> = []
        // Which org publishes each posting named (looked up once per take).
        var publishers: [String: String?] = [:]
        while true {
            let waiting = try await exchange.messages(to: recipient, limit: Self.batchSize + skipped.count)
                .filter { !skipped.contains($0.id) && $0.createdAt < takenBefore }
            guard !waiting.isEmpty else { break }
            // The records this batch names, as the replica holds them (and as the batch changes them).
            var records: [String: [String: String]] = [:]
            func record(_ id: String) async throws -> [String: String]? {
                if let known = records[id] { return known }
                let found = try await Self.records(orgId: orgId, table: Self.applicationTable, recordId: id, vault: user.vault)[id]
                records[id] = found
                return found
            }
            func publisher(_ postingId: String) async throws -> String? {
                if let known = publishers[postingId] { return known }
                let orgId = try await exchange.posting(id: postingId)?.orgId
                publishers[postingId] = orgId
                return orgId
            }
            var ops: [OrgOp] = []
            var done: [String] = []
            for message in waiting.prefix(Self.batchSize) {
                guard let (kind, body) = Self.open(message.sealed, with: pairs) else {
                    if holdsEveryKey {
                        logger.warning("dropped an org inbox message that no key of the org opens", metadata: ["org.id": "\(orgId)"])
                        done.append(message.id)
                    } else {
                        skipped.insert(message.id)
                    }
                    continue
                }
                done.append(message.id)
                switch kind {
                case InboxKind.application.rawValue:
                    guard let application = try? JSONDecoder().decode(ApplicationMessage.self, from: body),
                        try await record(application.id) == nil, try await publisher(application.postingId) == orgId
                    else { continue }
                    let record = OrgApplicationRecord(application, now: clock.now)
                    let fields = try record.fields()
                    records[application.id] = fields
                    ops += fields.sorted { $0.key < $1.key }.map {
                        OrgOp(table: Self.applicationTable, recordId: application.id, field: $0.key, value: $0.value)
                    }
                    taken += 1
                case InboxKind.applicationStatus.rawValue:
                    guard let status = try? JSONDecoder().decode(StatusMessage.self, from: body), let fields = try await record(status.applicationId),
                        var application = OrgApplicationRecord.stored(id: status.applicationId, fields: fields),
                        status.change.by == application.candidateId, status.change.to == .withdrawn, application.status.canMove(to: .withdrawn),
                        !application.history.contains(status.change)
                    else { continue }
                    application.status = .withdrawn
                    application.history.append(status.change)
                    application.updatedAt = (try? Date(status.change.at, strategy: .iso8601)) ?? clock.now
                    let changed = try OrgApplicationRecord.statusFields(application)
                    records[application.id]?.merge(changed) { $1 }
                    ops += changed.sorted { $0.key < $1.key }.map {
                        OrgOp(table: Self.applicationTable, recordId: application.id, field: $0.key, value: $0.value)
                    }
                default:
                    logger.warning("dropped an org inbox message of an unknown kind", metadata: ["org.id": "\(orgId)"])
                }
            }
            // Queued in the vault (and pushed) before the messages go.
            try await sync.edit(orgId: orgId, ops: ops, by: user)
            try await exchange.deleteMessages(ids: done, to: recipient)
            if done.isEmpty { break }
        }
        try await refreshPostingKeys(orgId: orgId, state: state, user: user)
        return taken
    }

    /// Opens an org inbox message with the first of the org's pairs that opens it.
    private static func open(_ sealed: Data, with pairs: [SealedBox.KeyPair]) -> (kind: String, body: Data)? {
        for pair in pairs {
            guard let opened = try? pair.open(Array(sealed)) else { continue }
            let bytes = Data(opened.exposedBytes)
            guard let newline = bytes.firstIndex(of: 0x0A) else { return nil }
            return (String(decoding: bytes[..<newline], as: UTF8.self), Data(bytes[bytes.index(after: newline)...]))
        }
        return nil
    }

    /// Gives the org's open postings the current epoch's sealing key, where they have an older one.
    private func refreshPostingKeys(orgId: String, state: OrgReplicaState, user: OrgActor) async throws {
        guard let key = state.key(epoch: state.shared.epoch) else { return }
        let current = Data(Self.sealKeys(epochKey: key).publicKey)
        for record in try await Self.records(orgId: orgId, table: Self.postingTable, vault: user.vault) {
            guard var posting = try await exchange.posting(id: record.key), posting.orgId == orgId, posting.orgSealKey != current,
                posting.isOpen(at: clock.now)
            else { continue }
            posting.orgSealKey = current
            try await exchange.updatePosting(posting)
        }
    }

    // MARK: - Reading and moving

    /// The org's applications (to one posting, when given), as the caller's replica has them.
    func applications(orgId: String, postingId: String?, user: OrgActor) async throws -> [StoredApplication] {
        _ = try await sync.state(orgId: orgId, user: user)
        return try await Self.records(orgId: orgId, table: Self.applicationTable, vault: user.vault)
            .compactMap { OrgApplicationRecord.stored(id: $0.key, fields: $0.value) }
            .filter { postingId == nil || $0.postingId == postingId }
            .sorted { $0.submittedAt != $1.submittedAt ? $0.submittedAt < $1.submittedAt : $0.id < $1.id }
    }

    /// The org application with this id among the caller's orgs, with its org.
    func application(id: String, user: OrgActor) async throws -> (orgId: String, application: StoredApplication)? {
        for replica in try await user.vault.orgReplicas() {
            let fields = try await Self.records(orgId: replica.orgId, table: Self.applicationTable, recordId: id, vault: user.vault)
            if let found = fields[id].flatMap({ OrgApplicationRecord.stored(id: id, fields: $0) }) { return (replica.orgId, found) }
        }
        return nil
    }

    /// The interviews of one of the org's applications, as their recruiters last shared them.
    func interviews(applicationId: String, user: OrgActor) async throws -> [InterviewView] {
        guard let (orgId, _) = try await application(id: applicationId, user: user) else { return [] }
        return try await Self.records(orgId: orgId, table: Self.interviewTable, vault: user.vault).values
            .filter { $0["applicationId"] == applicationId }
            .compactMap { $0["view"].flatMap { try? JSONDecoder().decode(InterviewView.self, from: Data($0.utf8)) } }
            .sorted { $0.createdAt != $1.createdAt ? $0.createdAt < $1.createdAt : $0.id < $1.id }
    }

    /// Writes applications' new status and history to the org's log.
    func saveStatuses(_ applications: [StoredApplication], orgId: String, user: OrgActor) async throws {
        var ops: [OrgOp] = []
        for application in applications {
            ops += try OrgApplicationRecord.statusFields(application).sorted { $0.key < $1.key }.map {
                OrgOp(table: Self.applicationTable, recordId: application.id, field: $0.key, value: $0.value)
            }
        }
        try await sync.edit(orgId: orgId, ops: ops, by: user)
    }

    /// The live records of one of an org's tables in a replica (those whose `_deleted` field is
    /// not "true"), by id, with their fields.
    static func records(orgId: String, table: String, recordId: String? = nil, vault: any UserStore) async throws
        -> [String: [String: String]]
    {
        var records: [String: [String: String]] = [:]
        var deleted: Set<String> = []
        for field in try await vault.orgFields(orgId: orgId, table: table, recordId: recordId) {
            if field.field == OrgService.deletedField {
                if field.value == "true" { deleted.insert(field.recordId) }
                continue
            }
            records[field.recordId, default: [:]][field.field] = field.value
        }
        return records.filter { !deleted.contains($0.key) }
    }
}

/// An org application as record fields: what came in (field `application`, JSON, written once
/// by the member who took it in, with the resume's profile and terms so that no member profiles
/// it again), and what moves (`status`, `history`, `updatedAt`, written together by each move).
struct OrgApplicationRecord: Codable {
    /// The application as the candidate sealed it.
    var message: ApplicationMessage
    var resumeProfile: String
    var resumeTerms: Data

    init(_ message: ApplicationMessage, now: Date) {
        let (profile, terms) = ResumeProfiler.read(text: message.resumeText, now: now)
        self.message = message
        resumeProfile = (try? jsonText(profile)) ?? "{}"
        resumeTerms = Data(terms.encoded())
    }

    /// The fields of a new record: submitted, with that one change in its history.
    func fields() throws -> [String: String] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let submission = StatusChange(at: rfc3339(message.submittedAt), from: nil, to: .submitted, by: message.candidateId)
        return [
            "application": String(decoding: try encoder.encode(self), as: UTF8.self),
            "status": ApplicationStatus.submitted.rawValue,
            "history": String(decoding: try JSONEncoder().encode([submission]), as: UTF8.self),
            "updatedAt": rfc3339(message.submittedAt),
        ]
    }

    /// The fields a move writes.
    static func statusFields(_ application: StoredApplication) throws -> [String: String] {
        [
            "status": application.status.rawValue,
            "history": String(decoding: try JSONEncoder().encode(application.history), as: UTF8.self),
            "updatedAt": rfc3339(application.updatedAt),
        ]
    }

    /// The application a record holds, as a recruiter's copy; nil when its fields do not read.
    static func stored(id: String, fields: [String: String]) -> StoredApplication? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let text = fields["application"], let record = try? decoder.decode(OrgApplicationRecord.self, from: Data(text.utf8)),
            record.message.id == id, let status = fields["status"].flatMap(ApplicationStatus.init(rawValue:)),
            let history = fields["history"].flatMap({ try? JSONDecoder().decode([StatusChange].self, from: Data($0.utf8)) })
        else { return nil }
        var application = record.message.stored(side: .received, profile: record.resumeProfile, terms: [UInt8](record.resumeTerms))
        application.status = status
        application.history = history
        application.updatedAt = fields["updatedAt"].flatMap { try? Date($0, strategy: .iso8601) } ?? record.message.submittedAt
        return application
    }
}
