import Foundation
import HireCore
import HireRPC

extension PostingService: RegistrableService {
    /// `postings.*`. Params become the service's arguments here, and its values wire views.
    func registerMethods(with router: inout Router) {
        router.register(Postings.Publish.self) { params, context in
            let changes = try Self.changes(
                title: params.title, company: params.company, location: params.location, remote: params.remote,
                employmentType: params.employmentType, salary: params.salary, description: params.description, closesAt: params.closesAt)
            let posting = try await self.publish(
                changes, jobId: params.jobId, orgId: params.orgId, recruiterId: try context.userId(), vault: try context.store())
            return try await self.views([posting], context: context)[0]
        }
        router.register(Postings.List.self) { params, context in
            let limit = try Paging.limit(params.limit)
            let offset = try Paging.key(params.cursor, as: Int.self, in: "postings") ?? 0
            var query = PostingQuery()
            query.words = params.query.map { $0.split(whereSeparator: \.isWhitespace).map(String.init) } ?? []
            query.employmentType = params.filters?.employmentType
            query.remote = params.filters?.remote
            query.location = params.filters?.location
            query.salaryMin = params.filters?.salaryMin
            query.company = params.filters?.company
            query.recruiterId = params.filters?.recruiterId
            query.includeClosed = params.includeClosed ?? false
            query.order = params.sort?.by ?? .postedAt
            query.descending = (params.sort?.order ?? (query.order == .title ? .asc : .desc)) == .desc
            let postings = try await self.list(query, offset: offset, limit: limit)
            return Postings.List.Result(
                postings: try await self.views(postings, context: context),
                nextCursor: postings.count == limit ? Paging.cursor(after: offset + limit, in: "postings") : nil)
        }
        router.register(Postings.Get.self) { params, context in
            try await self.views([try await self.get(params.postingId)], context: context)[0]
        }
        router.register(Postings.Update.self) { params, context in
            let changes = try Self.changes(
                title: params.title, company: params.company, location: params.location, remote: params.remote,
                employmentType: params.employmentType, salary: params.salary, description: params.description, closesAt: params.closesAt)
            let posting = try await self.update(params.postingId, changes, userId: try context.userId(), vault: try context.store())
            return try await self.views([posting], context: context)[0]
        }
        router.register(Postings.Close.self) { params, context in
            try await self.views([try await self.close(params.postingId, userId: try context.userId(), vault: try context.store())], context: context)[0]
        }
        router.register(Postings.Delete.self) { params, context in
            Postings.Delete.Result(deleted: try await self.delete(params.postingId, userId: try context.userId(), vault: try context.store()))
        }
        router.register(Postings.Match.self) { params, context in
            let ranked = try await self.match(resumeId: params.resumeId, topK: params.topK, vault: try context.store())
            return Postings.Match.Result(
                matches: ranked.enumerated().map { rank, match in
                    PostingMatch(
                        postingId: match.posting.id, rank: rank + 1, score: match.score, explanation: match.explanation,
                        title: match.posting.title, company: match.posting.company)
                })
        }
    }

    /// The changes as the service takes them (`closesAt` read as a time or a date).
    private static func changes(
        title: String?, company: String?, location: String?, remote: RemotePolicy?, employmentType: String?, salary: String?,
        description: String?, closesAt: String?
    ) throws -> PostingChanges {
        PostingChanges(
            title: title, company: company, location: location, remote: remote, employmentType: employmentType, salary: salary,
            description: description, closesAt: try closesAt.map(closingTime))
    }

    /// `closesAt` as a time, or a date: open through that day, so closing at its last second
    /// (UTC), shown as that day, not the next midnight.
    private static func closingTime(_ text: String) throws -> Date {
        let time = try HistoryService.date(text, name: "closesAt", endOfDay: true)
        let isDate = text.count == 10 && !text.contains("T")
        return isDate ? time.addingTimeInterval(-1) : time
    }

    /// Postings as the wire shows them: with their recruiter's name, and their application
    /// count for the caller's own.
    private func views(_ postings: [Posting], context: RequestContext) async throws -> [PostingView] {
        let userId = try context.userId()
        let counts = postings.contains { $0.recruiterId == userId || $0.orgId != nil }
            ? try await applicationCounts(postings, userId: userId, vault: try context.store()) : [:]
        var names: [String: String] = [:]
        for id in Set(postings.map(\.recruiterId)) { names[id] = try await exchange.member(id: id)?.displayName }
        let now = clock.now
        return postings.map { posting in
            PostingView(
                id: posting.id, jobId: posting.jobId,
                recruiter: MemberView(id: posting.recruiterId, displayName: names[posting.recruiterId] ?? posting.recruiterId),
                title: posting.title, company: posting.company, location: posting.location, remote: posting.remote,
                employmentType: posting.employmentType, salary: posting.salary, description: posting.description, profile: posting.profile,
                status: posting.isOpen(at: now) ? "open" : "closed", postedAt: rfc3339(posting.postedAt),
                closesAt: posting.closesAt.map(rfc3339), applicationCount: counts[posting.id], orgId: posting.orgId)
        }
    }
}
