import Foundation
import HireCore
import HireMatching
import HireRPC

/// `postings.*`: job ads recruiters publish through the ``Exchange`` for every user to read.
/// Only a posting's publisher changes it; a posting past its `closesAt` reads as closed
/// (checked when read, so no sweep has to run for it).
struct PostingService: Sendable {
    let exchange: any Exchange
    /// Delivers waiting applications before the owner's counts are read.
    let inbox: Inbox
    /// An org's postings: published, changed and counted by any of its editors.
    let orgs: OrgService
    /// `posting.closed`, to the candidates whose applications were open.
    let events: EventHub
    let clock: any Clock

    /// Registers, on `inbox`, the announcing of postings that closed at their `closesAt`.
    init(exchange: any Exchange, inbox: Inbox, orgs: OrgService, events: EventHub, clock: any Clock) {
        self.exchange = exchange
        self.inbox = inbox
        self.orgs = orgs
        self.events = events
        self.clock = clock
        let announcer = ClosingAnnouncer(exchange: exchange, events: events, clock: clock)
        inbox.settle { userId, vault in try await announcer.announce(userId: userId, vault: vault) }
    }

    /// `postings.publish`: a new posting from the caller's board job `jobId` (its title,
    /// company, location, salary and description, each overridable by `changes`) or from
    /// `changes` alone (title and description required). Its profile is read from its text
    /// by the builtin job profiler. With `orgId`, the org publishes it (the caller must be one
    /// of its admins or recruiters): applications are sealed to the org's key and every editor
    /// of the org reads and moves them.
    func publish(_ changes: PostingChanges, jobId: String?, orgId: String?, recruiterId: String, vault: any UserStore) async throws -> Posting {
        let now = clock.now
        var posting = Posting(
            id: randomId(prefix: "P-"), jobId: jobId, recruiterId: recruiterId, title: "", company: "", location: "", remote: nil,
            employmentType: nil, salary: "", description: "", profile: JobProfile(), postedAt: now, updatedAt: now, closesAt: nil,
            closedAt: nil)
        if let jobId {
            guard let stored = try await vault.job(id: jobId) else { throw JobError.notFound(jobId) }
            let job = JobView(stored)
            posting.title = job.position
            posting.company = job.company
            posting.location = [job.city, job.state, job.country].filter { !$0.isEmpty }.joined(separator: ", ")
            posting.salary = job.salary
            posting.description = stored.description ?? ""
        }
        try Self.apply(changes, to: &posting, now: now)
        guard let orgId else {
            try await exchange.insertPosting(posting)
            return posting
        }
        guard !orgId.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw InvalidInput("orgId is empty: give the id of an org you are an admin or recruiter of (orgs.list)", param: "orgId")
        }
        let user = try await orgs.actor(userId: recruiterId, vault: vault)
        posting.orgId = orgId
        posting.orgSealKey = try await orgs.applications.currentSealKey(orgId: orgId, user: user)
        try await exchange.insertPosting(posting)
        try await orgs.applications.notePosting(posting, deleted: false, user: user)
        return posting
    }

    /// `postings.list`: a page of postings passing `query`, from `offset`.
    func list(_ query: PostingQuery, offset: Int, limit: Int) async throws -> [Posting] {
        try await exchange.postings(query, now: clock.now, offset: offset, limit: limit)
    }

    /// `postings.get`.
    func get(_ postingId: String) async throws -> Posting {
        guard let posting = try await exchange.posting(id: postingId) else { throw PostingError.notFound(postingId) }
        return posting
    }

    /// `postings.update`: the owner's changes; the profile is read again.
    func update(_ postingId: String, _ changes: PostingChanges, userId: String, vault: any UserStore) async throws -> Posting {
        var posting = try await owned(try await get(postingId), by: userId, vault: vault)
        let now = clock.now
        if changes.closesAt != nil, !posting.isOpen(at: now) {
            throw InvalidInput(
                "posting \(postingId) is closed, and a closing date does not reopen it: publish it again to take applications",
                param: "closesAt")
        }
        try Self.apply(changes, to: &posting, now: now)
        posting.updatedAt = now
        if let orgId = posting.orgId {
            let user = try await orgs.actor(userId: userId, vault: vault)
            posting.orgSealKey = try await orgs.applications.currentSealKey(orgId: orgId, user: user)
            try await exchange.updatePosting(posting)
            try await orgs.applications.notePosting(posting, deleted: false, user: user)
        } else {
            try await exchange.updatePosting(posting)
        }
        return posting
    }

    /// `postings.close`: closed now (a closed posting stays closed); each candidate whose
    /// application is still open is told (`posting.closed`).
    func close(_ postingId: String, userId: String, vault: any UserStore) async throws -> Posting {
        var posting = try await owned(try await get(postingId), by: userId, vault: vault)
        let now = clock.now
        guard posting.isOpen(at: now) else { return posting }
        posting.closedAt = now
        posting.updatedAt = now
        try await exchange.updatePosting(posting)
        try await tellApplicants(posting, deleted: false, userId: userId, vault: vault)
        return posting
    }

    /// `postings.delete`: the applications already delivered stay in the owner's vault; each
    /// candidate whose application was still open is told (`posting.closed`, `deleted: true`).
    func delete(_ postingId: String, userId: String, vault: any UserStore) async throws -> Bool {
        let posting = try await owned(try await get(postingId), by: userId, vault: vault)
        let deleted = try await exchange.deletePosting(id: postingId)
        if deleted, posting.isOpen(at: clock.now) { try await tellApplicants(posting, deleted: true, userId: userId, vault: vault) }
        if deleted, posting.orgId != nil {
            try await orgs.applications.notePosting(posting, deleted: true, user: try await orgs.actor(userId: userId, vault: vault))
        }
        return deleted
    }

    /// Records `posting.closed` for every candidate with an open application to the posting.
    private func tellApplicants(_ posting: Posting, deleted: Bool, userId: String, vault: any UserStore) async throws {
        let postingId = posting.id
        let applicants: [StoredApplication]
        if let orgId = posting.orgId {
            let user = try await orgs.actor(userId: userId, vault: vault)
            _ = try? await orgs.applications.take(orgId: orgId, user: user)
            applicants = try await orgs.applications.applications(orgId: orgId, postingId: postingId, user: user)
        } else {
            try await inbox.deliver(to: userId, vault: vault)
            applicants = try await ApplicationService.all(postingId: postingId, order: .submittedAt, vault: vault)
        }
        for application in applicants where application.status.isOpen {
            var data: [String: JSONValue] = ["postingId": .string(postingId), "applicationId": .string(application.id)]
            if deleted { data["deleted"] = .bool(true) }
            await events.record(.postingClosed, data: data, for: application.candidateId)
        }
    }

    /// How many applications each of `postings` received, for those the caller owns (the
    /// applications waiting in the inbox are delivered first).
    func applicationCounts(_ postings: [Posting], userId: String, vault: any UserStore) async throws -> [String: Int] {
        let own = postings.filter { $0.recruiterId == userId && $0.orgId == nil }.map(\.id)
        var counts: [String: Int] = [:]
        if !own.isEmpty {
            try await inbox.deliver(to: userId, vault: vault)
            counts = try await vault.applicationCounts(postingIds: own)
            for id in own where counts[id] == nil { counts[id] = 0 }
        }
        // An org's postings, for its editors: from their copy of the org's applications.
        let user = try await orgs.actor(userId: userId, vault: vault)
        for orgId in Set(postings.compactMap(\.orgId)) {
            guard (try? await orgs.applications.editable(orgId: orgId, user: user)) != nil else { continue }
            let applications = try await orgs.applications.applications(orgId: orgId, postingId: nil, user: user)
            for posting in postings where posting.orgId == orgId {
                counts[posting.id] = applications.filter { $0.postingId == posting.id }.count
            }
        }
        return counts
    }

    /// `postings.match`: the open postings ranked for one of the caller's resumes by the
    /// matcher `match.run` uses, with its explanations.
    func match(resumeId: String, topK: Int?, vault: some ResumeStore & MatchDocumentStore) async throws
        -> [(posting: Posting, score: Double, explanation: MatchExplanation)]
    {
        let topK = topK ?? 10
        guard (1...1000).contains(topK) else { throw InvalidInput("topK must be between 1 and 1000", param: "topK") }
        guard try await vault.resume(id: resumeId) != nil,
            let document = try await vault.matchDocuments(kind: .resume, ids: [resumeId]).first,
            let profile = try? JSONDecoder().decode(ResumeProfile.self, from: Data(document.features.utf8)),
            let terms = TermVector(encoded: document.terms)
        else { throw ResumeError.notFound(resumeId) }
        var postings: [String: Posting] = [:]
        var corpus = JobCorpus()
        var offset = 0
        while true {
            let page = try await exchange.postings(PostingQuery(), now: clock.now, offset: offset, limit: 1000)
            for posting in page {
                postings[posting.id] = posting
                corpus.upsert(id: posting.id, terms: Self.terms(posting), profile: posting.profile)
            }
            guard page.count == 1000 else { break }
            offset += page.count
        }
        let resume = MatchDocument(id: resumeId, terms: terms, profile: profile)
        return Matcher(weights: EvaluationWeights.current).bestJobs(for: resume, among: corpus, topK: topK).compactMap { match in
            postings[match.id].map { ($0, match.score, match.explanation) }
        }
    }

    /// A posting's terms for the matcher: its text read as a board job's is.
    static func terms(_ posting: Posting) -> TermVector {
        TermVector(text: MatchText.job(posting.asJob, description: posting.description))
    }

    /// The posting, if `userId` published it, or edits the org that did; `notOwner` naming it,
    /// or for an org's posting the org's refusal (not a member of it, a viewer, removed).
    private func owned(_ posting: Posting, by userId: String, vault: any UserStore) async throws -> Posting {
        guard let orgId = posting.orgId else {
            guard posting.recruiterId == userId else { throw PostingError.notOwner(posting.id) }
            return posting
        }
        _ = try await orgs.applications.editable(orgId: orgId, user: orgs.actor(userId: userId, vault: vault))
        return posting
    }

    /// Applies changes, checks that a title and description remain and that a new `closesAt`
    /// is after `now` (closing now is `postings.close`), and reads the profile again.
    private static func apply(_ changes: PostingChanges, to posting: inout Posting, now: Date) throws {
        func trimmed(_ text: String?) -> String? { text?.trimmingCharacters(in: .whitespacesAndNewlines) }
        // Short fields are lines of an ad, the description a document's text.
        for (name, value, limit) in [
            ("title", changes.title, 300), ("company", changes.company, 300), ("location", changes.location, 300),
            ("salary", changes.salary, 300), ("employmentType", changes.employmentType, 100), ("description", changes.description, 8 << 20),
        ] {
            if let value, value.utf8.count > limit {
                throw InvalidInput("\(name) is \(value.utf8.count) bytes; at most \(limit) are taken", param: name)
            }
        }
        if let title = trimmed(changes.title) { posting.title = title }
        if let company = trimmed(changes.company) { posting.company = company }
        if let location = trimmed(changes.location) { posting.location = location }
        if let salary = trimmed(changes.salary) { posting.salary = salary }
        if let description = trimmed(changes.description) { posting.description = description }
        if let closesAt = changes.closesAt {
            guard closesAt > now else { throw InvalidInput("closesAt must be in the future", param: "closesAt") }
            posting.closesAt = closesAt
        }
        guard !posting.title.isEmpty else { throw InvalidInput("a posting needs a title", param: "title") }
        guard !posting.description.isEmpty else { throw InvalidInput("a posting needs a description", param: "description") }
        posting.profile = JobProfiler.profile(description: posting.description, job: posting.asJob)
        posting.remote = changes.remote ?? posting.remote ?? posting.profile.remote.flatMap(RemotePolicy.init(rawValue:))
        posting.employmentType = trimmed(changes.employmentType) ?? posting.employmentType ?? posting.profile.employmentType
    }
}

/// Tells users of postings that closed by themselves at `closesAt` (nothing happens at that
/// moment to tell them): the recruiter of her own, and each candidate of those they applied to
/// while their application was open. Run when a user's inbox settles (at every unlock, and
/// after each delivery); a `posting.closed` already in the user's log for that posting — from
/// an earlier run, or from the owner's `postings.close` — is not told again.
struct ClosingAnnouncer: Sendable {
    let exchange: any Exchange
    let events: EventHub
    let clock: any Clock

    func announce(userId: String, vault: any UserStore) async throws {
        let now = clock.now
        // What closed by date: the user's own postings, and those of their open applications.
        var closings: [(postingId: String, applicationId: String?)] = []
        var mine = PostingQuery()
        mine.recruiterId = userId
        mine.includeClosed = true
        var offset = 0
        while true {
            let own = try await exchange.postings(mine, now: now, offset: offset, limit: 1000)
            closings += own.filter { $0.closedAt == nil && !$0.isOpen(at: now) }.map { ($0.id, nil) }
            guard own.count == 1000 else { break }
            offset += own.count
        }
        offset = 0
        while true {
            let sent = try await vault.applications(
                side: .sent, postingId: nil, status: nil, order: .submittedAt, descending: false, offset: offset, limit: 1000)
            for application in sent where application.status.isOpen {
                guard let posting = try await exchange.posting(id: application.postingId), !posting.isOpen(at: now) else { continue }
                closings.append((posting.id, application.id))
            }
            guard sent.count == 1000 else { break }
            offset += sent.count
        }
        // The log is read only when something closed: this runs every maintenance round.
        guard !closings.isEmpty else { return }
        var told: Set<String> = []
        var after: Int64?
        while true {
            let page = try await vault.events(after: after, topics: [.postingClosed], limit: 1000)
            for event in page { if let id = (try? JSONValue(parsing: event.data))?["postingId"]?.stringValue { told.insert(id) } }
            guard page.count == 1000, let last = page.last else { break }
            after = last.id
        }
        for closing in closings where told.insert(closing.postingId).inserted {
            var data: [String: JSONValue] = ["postingId": .string(closing.postingId)]
            if let applicationId = closing.applicationId { data["applicationId"] = .string(applicationId) }
            await events.record(.postingClosed, data: data, for: userId)
        }
    }
}
