import Foundation
import HireClient
import HireCore
import HireCrypto
import HireDaemon
import HireRPC
import HireTestSupport
import Testing

/// A recruiter and two candidates, each logged in on a connection of their own.
struct HiringParties {
    var recruiter: RPCClient
    var alice: RPCClient
    var bob: RPCClient
    var users: [String: TestUser]

    /// Registers and logs in `recruiter`, `alice` and `bob` (candidates) on `socketPath`.
    static func make(socketPath: String) async throws -> HiringParties {
        let parties = HiringParties(
            recruiter: try await RPCClient.connect(socketPath: socketPath), alice: try await RPCClient.connect(socketPath: socketPath),
            bob: try await RPCClient.connect(socketPath: socketPath), users: [:])
        var users: [String: TestUser] = [:]
        users["rita"] = try await register(parties.recruiter, "rita", role: .recruiter)
        users["alice"] = try await register(parties.alice, "alice", role: .candidate)
        users["bobby"] = try await register(parties.bob, "bobby", role: .candidate)
        _ = try await login(parties.recruiter, users["rita"]!)
        _ = try await login(parties.alice, users["alice"]!)
        _ = try await login(parties.bob, users["bobby"]!)
        var made = parties
        made.users = users
        return made
    }

    func close() async {
        for client in [recruiter, alice, bob] { await client.close() }
    }
}

let swiftAd = """
    We build iOS apps in Swift. Requirements: 5+ years of Swift, SQLite and iOS. Nice to have: Kotlin.
    Full-time, remote.
    """
let aliceResume = "Alice Moreno\nalice@example.org\nSenior iOS engineer, 2016-2024: Swift, iOS, SQLite, Combine. 8 years of Swift."
let bobResume = "Bob Stone\nbob@example.org\nWarehouse lead, 2015-2024. Forklift, inventory, scheduling."

/// Adds a resume from text and returns its id.
func addResume(_ client: RPCClient, _ text: String, _ filename: String) async throws -> String {
    try #require(try await client.call(Resumes.Add.self, .init(text: text, filename: filename)).resumes.first).id
}



@Suite struct PostingTests {
    @Test func publishFromTheBoardOrFromScratchAndFindIt() async throws {
        try await withTestDaemon { daemon in
            let parties = try await HiringParties.make(socketPath: daemon.socketPath)
            defer { Task { await parties.close() } }
            let recruiter = parties.recruiter
            _ = try await recruiter.call(
                Jobs.Import.self, .init(csv: "JobID,Company,Position,City,State,Salary\nJ-1,Acme,iOS Engineer,Austin,TX,$120k-$150k\n"))
            _ = try await recruiter.call(Jobs.AttachDescription.self, .init(jobId: "J-1", text: swiftAd))
            let fromBoard = try await recruiter.call(Postings.Publish.self, .init(jobId: "J-1", company: "Acme Labs"))
            #expect(fromBoard.title == "iOS Engineer")
            #expect(fromBoard.company == "Acme Labs")
            #expect(fromBoard.location == "Austin, TX")
            #expect(fromBoard.salary == "$120k-$150k")
            #expect(fromBoard.description.contains("Swift"))
            #expect(fromBoard.profile.skills?.required.contains("Swift") == true)
            #expect(fromBoard.recruiter.displayName == "Name rita")
            #expect(fromBoard.status == "open")
            #expect(fromBoard.applicationCount == 0)
            let scratch = try await recruiter.call(
                Postings.Publish.self,
                .init(
                    title: "Forklift operator", company: "Depot", location: "Dallas, TX", remote: .onsite, employmentType: "part-time",
                    salary: "$40k", description: "Forklift certification, inventory counts."))
            #expect(scratch.remote == .onsite)
            #expect(
                await rpcError {
                    _ = try await recruiter.call(Postings.Publish.self, .init(title: String(repeating: "T", count: 100_000), description: "x"))
                }?.message.contains("title is 100000 bytes") == true)
            // Without a job, title and description are required.
            #expect(await rpcError { _ = try await recruiter.call(Postings.Publish.self, .init(title: "No text")) }?.code == .invalidParams)
            #expect(await errorCode { _ = try await recruiter.call(Postings.Publish.self, .init(jobId: "J-404")) } == .jobNotFound)

            // Everybody logged in lists, searches, filters and sorts; only the owner sees counts.
            let all = try await parties.alice.call(Postings.List.self, .init())
            #expect(all.postings.map(\.id) == [scratch.id, fromBoard.id])
            #expect(all.postings.allSatisfy { $0.applicationCount == nil })
            #expect(try await parties.alice.call(Postings.List.self, .init(query: "swift sqlite")).postings.map(\.id) == [fromBoard.id])
            #expect(try await parties.alice.call(Postings.List.self, .init(query: "SWIFT forklift")).postings.isEmpty)
            #expect(
                try await parties.alice.call(Postings.List.self, .init(filters: PostingFilters(remote: .onsite))).postings.map(\.id)
                    == [scratch.id])
            #expect(
                try await parties.alice.call(Postings.List.self, .init(filters: PostingFilters(salaryMin: 100_000))).postings.map(\.id)
                    == [fromBoard.id])
            #expect(
                try await parties.alice.call(Postings.List.self, .init(filters: PostingFilters(company: "depot"))).postings.map(\.id)
                    == [scratch.id])
            #expect(
                try await parties.alice.call(Postings.List.self, .init(filters: PostingFilters(location: "austin"))).postings.map(\.id)
                    == [fromBoard.id])
            let me = try await recruiter.call(Auth.Whoami.self, Empty())
            #expect(
                try await parties.alice.call(Postings.List.self, .init(filters: PostingFilters(recruiterId: me.id))).postings.count == 2)
            #expect(
                try await parties.alice.call(Postings.List.self, .init(sort: PostingSort(by: .salary))).postings.map(\.id)
                    == [fromBoard.id, scratch.id])
            #expect(
                try await parties.alice.call(Postings.List.self, .init(sort: PostingSort(by: .title))).postings.map(\.title)
                    == ["Forklift operator", "iOS Engineer"])
            let page = try await parties.alice.call(Postings.List.self, .init(limit: 1))
            let cursor = try #require(page.nextCursor)
            let next = try await parties.alice.call(Postings.List.self, .init(limit: 1, cursor: cursor))
            #expect(page.postings.map(\.id) + next.postings.map(\.id) == [scratch.id, fromBoard.id])
            #expect(try await recruiter.call(Postings.Get.self, .init(postingId: fromBoard.id)).applicationCount == 0)
            #expect(await errorCode { _ = try await parties.bob.call(Postings.Get.self, .init(postingId: "P-none")) } == .postingNotFound)

            // A candidate ranks the open postings against a resume, with explanations.
            let resume = try await addResume(parties.alice, aliceResume, "alice.txt")
            let matches = try await parties.alice.call(Postings.Match.self, .init(resumeId: resume, topK: 5)).matches
            #expect(matches.first?.postingId == fromBoard.id)
            #expect(matches.first?.rank == 1)
            #expect(matches.first?.explanation.matchedSkills.contains("Swift") == true)
            #expect(await errorCode { _ = try await parties.bob.call(Postings.Match.self, .init(resumeId: resume)) } == .resumeNotFound)
            #expect(await errorCode { _ = try await recruiter.call(Postings.Match.self, .init(resumeId: resume)) } == .forbidden)
        }
    }

    @Test func onlyTheOwnerChangesAPosting() async throws {
        try await withTestDaemon { daemon in
            let parties = try await HiringParties.make(socketPath: daemon.socketPath)
            defer { Task { await parties.close() } }
            let other = try await RPCClient.connect(socketPath: daemon.socketPath)
            defer { Task { await other.close() } }
            _ = try await login(other, try await register(other, "otto", role: .recruiter))
            let posting = try await parties.recruiter.call(Postings.Publish.self, .init(title: "Swift dev", description: swiftAd))
            for call in [
                { _ = try await other.call(Postings.Update.self, .init(postingId: posting.id, title: "Mine now")) },
                { _ = try await other.call(Postings.Close.self, .init(postingId: posting.id)) },
                { _ = try await other.call(Postings.Delete.self, .init(postingId: posting.id)) },
            ] as [@Sendable () async throws -> Void] {
                let error = await rpcError(call)
                #expect(error?.code == .postingForbidden)
                #expect(error?.message.contains(posting.id) == true)
                #expect(error?.data == .object(["postingId": .string(posting.id)]))
            }
            // A candidate is refused by role before anything is read.
            #expect(await errorCode { _ = try await parties.alice.call(Postings.Close.self, .init(postingId: posting.id)) } == .forbidden)
            #expect(try await parties.alice.call(Postings.Get.self, .init(postingId: posting.id)).title == "Swift dev")
            // The owner can.
            let updated = try await parties.recruiter.call(
                Postings.Update.self, .init(postingId: posting.id, title: "Senior Swift dev", salary: "$150k"))
            #expect(updated.title == "Senior Swift dev")
            #expect(updated.profile.salary?.min == 150_000)
            #expect(try await parties.recruiter.call(Postings.Close.self, .init(postingId: posting.id)).status == "closed")
            // A closing date does not reopen a closed posting; it says so.
            #expect(
                await rpcError { _ = try await parties.recruiter.call(Postings.Update.self, .init(postingId: posting.id, closesAt: "2099-01-01")) }?
                    .message.contains("does not reopen it") == true)
            #expect(try await parties.alice.call(Postings.List.self, .init()).postings.isEmpty)
            #expect(try await parties.alice.call(Postings.List.self, .init(includeClosed: true)).postings.count == 1)
            #expect(try await parties.recruiter.call(Postings.Delete.self, .init(postingId: posting.id)).deleted)
            #expect(await errorCode { _ = try await parties.alice.call(Postings.Get.self, .init(postingId: posting.id)) } == .postingNotFound)
        }
    }

    @Test func aPostingClosesByItselfAtClosesAt() async throws {
        let clock = TestClock()
        try await withTestDaemon(clock: clock, configure: { $0.maintenanceInterval = .milliseconds(200) }) { daemon in
            let parties = try await HiringParties.make(socketPath: daemon.socketPath)
            defer { Task { await parties.close() } }
            let closesAt = rfc3339(clock.now.addingTimeInterval(600))
            let posting = try await parties.recruiter.call(
                Postings.Publish.self, .init(title: "Swift dev", description: swiftAd, closesAt: closesAt))
            #expect(posting.closesAt == closesAt)
            // A date is open through that day.
            let byDate = try await parties.recruiter.call(Postings.Publish.self, .init(title: "Dated", description: swiftAd, closesAt: "2099-12-31"))
            #expect(byDate.closesAt == "2099-12-31T23:59:59Z")
            _ = try await parties.recruiter.call(Postings.Delete.self, .init(postingId: byDate.id))
            #expect(
                await errorCode {
                    _ = try await parties.recruiter.call(
                        Postings.Publish.self, .init(title: "Late", description: swiftAd, closesAt: rfc3339(clock.now)))
                } == .invalidParams)
            #expect(
                await errorCode {
                    _ = try await parties.recruiter.call(Postings.Update.self, .init(postingId: posting.id, closesAt: rfc3339(clock.now)))
                } == .invalidParams)
            let resume = try await addResume(parties.alice, aliceResume, "alice.txt")
            let other = try await parties.recruiter.call(Postings.Publish.self, .init(title: "Swift lead", description: swiftAd))
            let sent = try await parties.alice.call(Applications.Submit.self, .init(postingId: posting.id, resumeId: resume))
            clock.advance(by: .seconds(601))
            #expect(try await parties.alice.call(Postings.List.self, .init()).postings.map(\.id) == [other.id])
            #expect(try await parties.alice.call(Postings.Get.self, .init(postingId: posting.id)).status == "closed")
            #expect(try await parties.alice.call(Postings.Match.self, .init(resumeId: resume)).matches.allSatisfy { $0.postingId != posting.id })
            #expect(
                await errorCode {
                    _ = try await parties.alice.call(Applications.Submit.self, .init(postingId: posting.id, resumeId: resume))
                } == .postingClosed)
            // Logged in, she is told within a maintenance round, without calling anything that delivers.
            #expect(try await eventually { try await parties.alice.call(Events.List.self, .init(topics: [.postingClosed])).events.count == 1 })
            // Both parties are told at their vault's next unlock too, once.
            for (client, user) in [(parties.alice, "alice"), (parties.recruiter, "rita"), (parties.alice, "alice")] {
                _ = try await client.call(Auth.Logout.self, .init(all: true))
                _ = try await login(client, parties.users[user]!)
                #expect(try await eventually { try await client.call(Events.List.self, .init(topics: [.postingClosed])).events.count == 1 })
            }
            let told = try await parties.alice.call(Events.List.self, .init(topics: [.postingClosed])).events
            #expect(told.count == 1)
            #expect(told.first?.data["applicationId"]?.stringValue == sent.id)
            _ = try await parties.bob.call(Auth.Logout.self, .init(all: true))
            _ = try await login(parties.bob, parties.users["bobby"]!)
            #expect(try await parties.bob.call(Events.List.self, .init(topics: [.postingClosed])).events.isEmpty)
        }
    }
}

@Suite struct ApplicationTests {
    @Test func theWholeFlowFromApplicationToHire() async throws {
        try await withTestDaemon { daemon in
            let parties = try await HiringParties.make(socketPath: daemon.socketPath)
            defer { Task { await parties.close() } }
            let posting = try await parties.recruiter.call(
                Postings.Publish.self, .init(title: "iOS Engineer", company: "Acme", description: swiftAd))
            let aliceCV = try await addResume(parties.alice, aliceResume, "alice.txt")
            let bobCV = try await addResume(parties.bob, bobResume, "bob.txt")
            let folder = try makeTemporaryDirectory("cl")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try "Dear Rita, I love Swift.".write(toFile: folder + "/letter.txt", atomically: false, encoding: .utf8)
            let sent = try await parties.alice.call(
                Applications.Submit.self, .init(postingId: posting.id, resumeId: aliceCV, coverLetterPath: folder + "/letter.txt"))
            #expect(sent.status == .submitted)
            #expect(sent.posting == .init(title: "iOS Engineer", company: "Acme"))
            #expect(sent.candidate.displayName == "Name alice")
            #expect(sent.history.map(\.to) == [.submitted])
            #expect(sent.score == nil)
            _ = try await parties.bob.call(Applications.Submit.self, .init(postingId: posting.id, resumeId: bobCV))

            // The recruiter's list: delivered, scored and explained, best match first.
            let received = try await parties.recruiter.call(Applications.List.self, .init(postingId: posting.id)).applications
            #expect(received.map(\.candidate.displayName) == ["Name alice", "Name bobby"])
            #expect(received.map(\.id).first == sent.id)
            let best = try #require(received.first)
            #expect((best.score ?? 0) > (received.last?.score ?? 1))
            #expect(best.explanation?.matchedSkills.contains("Swift") == true)
            #expect(best.profile?.skills.contains("Swift") == true)
            let byDate = try await parties.recruiter.call(
                Applications.List.self, .init(sort: ApplicationSort(by: .submittedAt, order: .asc))).applications
            #expect(byDate.map(\.id).first == sent.id)
            #expect(try await parties.recruiter.call(Postings.Get.self, .init(postingId: posting.id)).applicationCount == 2)
            let full = try await parties.recruiter.call(Applications.Get.self, .init(applicationId: sent.id))
            #expect(full.coverLetter == "Dear Rita, I love Swift.")
            #expect(full.resume?.text == aliceResume)

            // Through the pipeline, with a private note; several at once.
            #expect(
                try await parties.recruiter.call(
                    Applications.SetStatus.self, .init(applicationIds: received.map(\.id), status: .screening, note: "private: strong"))
                    .updated == 2)
            _ = try await parties.recruiter.call(Applications.SetStatus.self, .init(applicationIds: [sent.id], status: .interviewing))
            let backwards = await rpcError {
                _ = try await parties.recruiter.call(Applications.SetStatus.self, .init(applicationIds: [sent.id], status: .screening))
            }
            #expect(backwards?.code == .invalidTransition)
            #expect(backwards?.message.contains("interviewing to screening") == true)
            // All or none: one invalid move leaves the other unchanged.
            let bobId = try #require(received.last?.id)
            #expect(
                await errorCode {
                    _ = try await parties.recruiter.call(
                        Applications.SetStatus.self, .init(applicationIds: [bobId, sent.id], status: .screening))
                } == .invalidTransition)
            #expect(try await parties.recruiter.call(Applications.Get.self, .init(applicationId: bobId)).status == .screening)
            _ = try await parties.recruiter.call(Applications.SetStatus.self, .init(applicationIds: [sent.id], status: .offered))
            _ = try await parties.recruiter.call(Applications.SetStatus.self, .init(applicationIds: [sent.id], status: .hired))
            // The pipeline is feedback: a label per application moved that was scored (one here: the
            // other resume shares nothing with the ad), the latest status its grade.
            #expect(received.filter { $0.explanation != nil }.count == 1)
            #expect(try await parties.recruiter.call(Match.Model.self, .init()).labels == 1)
            #expect(
                await errorCode {
                    _ = try await parties.recruiter.call(Applications.SetStatus.self, .init(applicationIds: [sent.id], status: .rejected))
                } == .invalidTransition)
            #expect(
                try await parties.recruiter.call(Applications.List.self, .init(postingId: posting.id)).pipeline
                    == ["hired": 1, "screening": 1])
            let history = try await parties.recruiter.call(Applications.Get.self, .init(applicationId: sent.id)).history
            #expect(history.map(\.to) == [.submitted, .screening, .interviewing, .offered, .hired])
            #expect(history[1].note == "private: strong")
            #expect(history[1].from == .submitted)

            // The candidate sees every change, never the note.
            let mine = try await parties.alice.call(Applications.Mine.self, .init()).applications
            #expect(mine.count == 1)
            #expect(mine[0].status == .hired)
            #expect(mine[0].history.map(\.to) == [.submitted, .screening, .interviewing, .offered, .hired])
            #expect(mine[0].history.allSatisfy { $0.note == nil })
            #expect(try await parties.alice.call(Applications.Mine.self, .init(status: .submitted)).applications.isEmpty)
            let aliceView = try await parties.alice.call(Applications.Get.self, .init(applicationId: sent.id))
            #expect(aliceView.history.allSatisfy { $0.note == nil })
            #expect(aliceView.score == nil)

            // Export: inline, and to a file.
            let inline = try await parties.recruiter.call(Applications.Export.self, .init(postingId: posting.id))
            #expect(inline.rows == 2)
            #expect(inline.csv?.hasPrefix("applicationId,postingId,candidateId,candidate") == true)
            #expect(inline.csv?.contains("Name alice") == true)
            let written = try await parties.recruiter.call(Applications.Export.self, .init(postingId: posting.id, path: folder + "/out.csv"))
            #expect(written.path == folder + "/out.csv")
            #expect(try String(contentsOfFile: folder + "/out.csv", encoding: .utf8) == inline.csv)
        }
    }

    @Test func duplicateClosedAndWithdrawnApplications() async throws {
        try await withTestDaemon { daemon in
            let parties = try await HiringParties.make(socketPath: daemon.socketPath)
            defer { Task { await parties.close() } }
            let posting = try await parties.recruiter.call(Postings.Publish.self, .init(title: "Swift dev", description: swiftAd))
            let other = try await parties.recruiter.call(Postings.Publish.self, .init(title: "Kotlin dev", description: "Kotlin."))
            let resume = try await addResume(parties.alice, aliceResume, "alice.txt")
            // Two at once: one goes through, the other is the duplicate.
            async let one = rpcError { _ = try await parties.alice.call(Applications.Submit.self, .init(postingId: posting.id, resumeId: resume)) }
            async let two = rpcError { _ = try await parties.alice.call(Applications.Submit.self, .init(postingId: posting.id, resumeId: resume)) }
            #expect([await one, await two].map { $0?.code }.sorted { ($0?.rawValue ?? 0) < ($1?.rawValue ?? 0) } == [nil, .alreadyApplied])
            let first = try #require(try await parties.alice.call(Applications.Mine.self, .init()).applications.first)
            #expect(try await parties.alice.call(Applications.Mine.self, .init()).applications.count == 1)
            let again = await rpcError {
                _ = try await parties.alice.call(Applications.Submit.self, .init(postingId: posting.id, resumeId: resume))
            }
            #expect(again?.code == .alreadyApplied)
            #expect(again?.message.contains(first.id) == true)
            #expect(
                await errorCode {
                    _ = try await parties.alice.call(Applications.Submit.self, .init(postingId: posting.id, resumeId: "R-nothere"))
                } == .alreadyApplied)
            #expect(
                await errorCode {
                    _ = try await parties.alice.call(Applications.Submit.self, .init(postingId: other.id, resumeId: "R-nothere"))
                } == .resumeNotFound)
            #expect(
                await errorCode {
                    _ = try await parties.alice.call(Applications.Submit.self, .init(postingId: "P-nothere", resumeId: resume))
                } == .postingNotFound)
            _ = try await parties.recruiter.call(Postings.Close.self, .init(postingId: other.id))
            #expect(
                await errorCode {
                    _ = try await parties.alice.call(Applications.Submit.self, .init(postingId: other.id, resumeId: resume))
                } == .postingClosed)
            #expect(
                await errorCode {
                    _ = try await parties.recruiter.call(Applications.Submit.self, .init(postingId: posting.id, resumeId: resume))
                } == .forbidden)

            // Withdrawn: the recruiter sees it, and nobody moves it any more.
            let withdrawn = try await parties.alice.call(Applications.Withdraw.self, .init(applicationId: first.id))
            #expect(withdrawn.status == .withdrawn)
            #expect(withdrawn.history.map(\.to) == [.submitted, .withdrawn])
            #expect(
                await errorCode { _ = try await parties.alice.call(Applications.Withdraw.self, .init(applicationId: first.id)) }
                    == .invalidTransition)
            // Applying again says the earlier one was withdrawn.
            let afterWithdrawal = await rpcError {
                _ = try await parties.alice.call(Applications.Submit.self, .init(postingId: posting.id, resumeId: resume))
            }
            #expect(afterWithdrawal?.code == .alreadyApplied && afterWithdrawal?.message.contains("withdrew") == true)
            let seen = try await parties.recruiter.call(Applications.Get.self, .init(applicationId: first.id))
            #expect(seen.status == .withdrawn)
            #expect(seen.history.last?.by == withdrawn.candidate.id)
            #expect(
                await errorCode {
                    _ = try await parties.recruiter.call(Applications.SetStatus.self, .init(applicationIds: [first.id], status: .screening))
                } == .invalidTransition)
            #expect(try await parties.recruiter.call(Applications.List.self, .init(status: .withdrawn)).applications.count == 1)
            #expect(try await parties.recruiter.call(Applications.List.self, .init(status: .submitted)).applications.isEmpty)
        }
    }

    @Test func aCandidateWhoLeftIsToldNothingAndTheStatusStillMoves() async throws {
        try await withTestDaemon { daemon in
            let parties = try await HiringParties.make(socketPath: daemon.socketPath)
            defer { Task { await parties.close() } }
            let posting = try await parties.recruiter.call(Postings.Publish.self, .init(title: "Swift dev", description: swiftAd))
            let resume = try await addResume(parties.bob, bobResume, "bob.txt")
            let sent = try await parties.bob.call(Applications.Submit.self, .init(postingId: posting.id, resumeId: resume))
            _ = try await parties.bob.call(Auth.DeleteAccount.self, .init(password: parties.users["bobby"]!.password))
            #expect(
                try await parties.recruiter.call(Applications.SetStatus.self, .init(applicationIds: [sent.id], status: .rejected)).updated == 1)
            #expect(try await parties.recruiter.call(Applications.Get.self, .init(applicationId: sent.id)).status == .rejected)
        }
    }

    @Test func nobodyReadsAnotherPartysApplications() async throws {
        try await withTestDaemon { daemon in
            let parties = try await HiringParties.make(socketPath: daemon.socketPath)
            defer { Task { await parties.close() } }
            let otto = try await RPCClient.connect(socketPath: daemon.socketPath)
            defer { Task { await otto.close() } }
            _ = try await login(otto, try await register(otto, "otto", role: .recruiter))
            let posting = try await parties.recruiter.call(Postings.Publish.self, .init(title: "Swift dev", description: swiftAd))
            let resume = try await addResume(parties.alice, aliceResume, "alice.txt")
            let sent = try await parties.alice.call(Applications.Submit.self, .init(postingId: posting.id, resumeId: resume))
            _ = try await parties.recruiter.call(Applications.List.self, .init())
            // Another candidate.
            #expect(await errorCode { _ = try await parties.bob.call(Applications.Get.self, .init(applicationId: sent.id)) } == .applicationNotFound)
            #expect(
                await errorCode { _ = try await parties.bob.call(Applications.Withdraw.self, .init(applicationId: sent.id)) }
                    == .applicationNotFound)
            #expect(try await parties.bob.call(Applications.Mine.self, .init()).applications.isEmpty)
            // Another recruiter.
            #expect(await errorCode { _ = try await otto.call(Applications.Get.self, .init(applicationId: sent.id)) } == .applicationNotFound)
            #expect(
                await errorCode {
                    _ = try await otto.call(Applications.SetStatus.self, .init(applicationIds: [sent.id], status: .rejected))
                } == .applicationNotFound)
            #expect(try await otto.call(Applications.List.self, .init()).applications.isEmpty)
            #expect(
                await errorCode { _ = try await otto.call(Applications.List.self, .init(postingId: posting.id)) } == .postingForbidden)
            #expect(
                await errorCode { _ = try await otto.call(Applications.Export.self, .init(postingId: posting.id)) } == .postingForbidden)
            #expect(try await otto.call(Postings.Get.self, .init(postingId: posting.id)).applicationCount == nil)
            // The candidate cannot use the recruiter's methods, nor the recruiter the candidate's.
            #expect(await errorCode { _ = try await parties.alice.call(Applications.List.self, .init()) } == .forbidden)
            #expect(await errorCode { _ = try await parties.recruiter.call(Applications.Mine.self, .init()) } == .forbidden)
            // Still there for its parties.
            #expect(try await parties.recruiter.call(Applications.Get.self, .init(applicationId: sent.id)).id == sent.id)
            #expect(try await parties.alice.call(Applications.Get.self, .init(applicationId: sent.id)).id == sent.id)
        }
    }

    @Test func anApplicationWaitsSealedForARecruiterWhoIsAwayAndArrivesAfterARestart() async throws {
        let directory = try makeTemporaryDirectory("hw")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let marker = "COVER\(UInt32.random(in: 0...UInt32.max))"
        let resumeMarker = "Zyx\(UInt32.random(in: 0...UInt32.max))"
        let noteMarker = "NOTE\(UInt32.random(in: 0...UInt32.max))"
        let (rita, aliceToken, applicationId) = try await withTestDaemon(directory: directory) { daemon in
            let parties = try await HiringParties.make(socketPath: daemon.socketPath)
            defer { Task { await parties.close() } }
            let posting = try await parties.recruiter.call(Postings.Publish.self, .init(title: "Swift dev", description: swiftAd))
            // The recruiter logs out: her vault is locked.
            _ = try await parties.recruiter.call(Auth.Logout.self, .init(all: true))
            let resume = try await addResume(parties.alice, aliceResume + "\nProject \(resumeMarker)", "alice.txt")
            let sent = try await parties.alice.call(
                Applications.Submit.self, .init(postingId: posting.id, resumeId: resume, coverLetter: "Letter \(marker)"))
            // Waiting in the inbox, sealed: no file under the data dir shows it.
            #expect(try filesContaining([marker, resumeMarker], under: daemon.directory).isEmpty)
            let aliceToken = try await login(parties.alice, parties.users["alice"]!)
            return (parties.users["rita"]!, aliceToken, sent.id)
        }
        try await withTestDaemon(directory: directory) { daemon in
            let recruiter = try await RPCClient.connect(socketPath: daemon.socketPath)
            defer { Task { await recruiter.close() } }
            _ = try await login(recruiter, rita)
            let received = try await recruiter.call(Applications.List.self, .init()).applications
            #expect(received.map(\.id) == [applicationId])
            #expect((received.first?.score ?? 0) > 0)
            #expect(try await recruiter.call(Applications.Get.self, .init(applicationId: applicationId)).coverLetter == "Letter \(marker)")
            // The candidate is away when the recruiter moves it; the change waits for her.
            _ = try await recruiter.call(Applications.SetStatus.self, .init(applicationIds: [applicationId], status: .rejected, note: noteMarker))
            #expect(try filesContaining([marker, resumeMarker, noteMarker], under: daemon.directory).isEmpty)
        }
        try await withTestDaemon(directory: directory) { daemon in
            let alice = try await RPCClient.connect(socketPath: daemon.socketPath)
            defer { Task { await alice.close() } }
            _ = try await alice.call(Auth.Attach.self, .init(token: aliceToken))
            let mine = try await alice.call(Applications.Mine.self, .init()).applications
            #expect(mine.first?.status == .rejected)
            #expect(mine.first?.history.allSatisfy { $0.note == nil } == true)
            #expect(try filesContaining([marker, resumeMarker, noteMarker], under: daemon.directory).isEmpty)
        }
    }
}

@Suite struct InboxTests {
    @Test func anAccountWithoutAPublicKeyGetsOneAtItsNextLogin() async throws {
        let directory = try makeTemporaryDirectory("hk")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (postingId, ritaId, users) = try await withTestDaemon(directory: directory) { daemon in
            let parties = try await HiringParties.make(socketPath: daemon.socketPath)
            defer { Task { await parties.close() } }
            let posting = try await parties.recruiter.call(Postings.Publish.self, .init(title: "Swift dev", description: swiftAd))
            let rita = try await parties.recruiter.call(Auth.Whoami.self, Empty())
            _ = try await addResume(parties.alice, aliceResume, "alice.txt")
            return (posting.id, rita.id, parties.users)
        }
        // As an account made before keys were.
        try await forgetPublicKey(userId: ritaId, dataDir: directory + "/data")
        #expect(try await withExchange(dataDir: directory + "/data") { try await $0.member(id: ritaId)?.publicKey } == nil)
        try await withTestDaemon(directory: directory) { daemon in
            let alice = try await RPCClient.connect(socketPath: daemon.socketPath)
            defer { Task { await alice.close() } }
            _ = try await login(alice, users["alice"]!)
            let resume = try #require(try await alice.call(Resumes.List.self, .init()).resumes.first).id
            let refused = await rpcError {
                _ = try await alice.call(Applications.Submit.self, .init(postingId: postingId, resumeId: resume))
            }
            #expect(refused?.code == .recipientHasNoKey)
            #expect(try await alice.call(Applications.Mine.self, .init()).applications.isEmpty)
            let recruiter = try await RPCClient.connect(socketPath: daemon.socketPath)
            defer { Task { await recruiter.close() } }
            _ = try await login(recruiter, users["rita"]!)
            let sent = try await alice.call(Applications.Submit.self, .init(postingId: postingId, resumeId: resume))
            #expect(try await recruiter.call(Applications.List.self, .init()).applications.map(\.id) == [sent.id])
        }
    }

    @Test func aDeliveryReplayedAfterACrashChangesNothing() async throws {
        let directory = try makeTemporaryDirectory("hr")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (ritaId, users) = try await withTestDaemon(directory: directory) { daemon in
            let parties = try await HiringParties.make(socketPath: daemon.socketPath)
            defer { Task { await parties.close() } }
            let posting = try await parties.recruiter.call(Postings.Publish.self, .init(title: "Swift dev", description: swiftAd))
            let rita = try await parties.recruiter.call(Auth.Whoami.self, Empty())
            _ = try await parties.recruiter.call(Auth.Logout.self, .init(all: true))
            let resume = try await addResume(parties.alice, aliceResume, "alice.txt")
            let sent = try await parties.alice.call(Applications.Submit.self, .init(postingId: posting.id, resumeId: resume))
            _ = try await parties.alice.call(Applications.Withdraw.self, .init(applicationId: sent.id))
            return (rita.id, parties.users)
        }
        // The application, the withdrawal and their events (application.received and
        // application.status: her vault was locked) wait, sealed; keep a copy of them.
        let waiting = try await withExchange(dataDir: directory + "/data") { try await $0.messages(to: ritaId, limit: 10) }
        #expect(waiting.count == 4)
        let delivered = try await withTestDaemon(directory: directory) { daemon in
            let recruiter = try await RPCClient.connect(socketPath: daemon.socketPath)
            defer { Task { await recruiter.close() } }
            _ = try await login(recruiter, users["rita"]!)
            let applications = try await recruiter.call(Applications.List.self, .init()).applications
            #expect(try await recruiter.call(Events.List.self, .init()).events.map(\.topic) == [.applicationReceived, .applicationStatus])
            return applications
        }
        #expect(delivered.map(\.status) == [.withdrawn])
        #expect(delivered.first?.history.map(\.to) == [.submitted, .withdrawn])
        // A crash after the vault's commit and before the inbox's delete: the messages come again.
        try await withExchange(dataDir: directory + "/data") { store in
            #expect(try await store.messages(to: ritaId, limit: 10).isEmpty)
            for message in waiting { try await store.putMessage(message) }
        }
        try await withTestDaemon(directory: directory) { daemon in
            let recruiter = try await RPCClient.connect(socketPath: daemon.socketPath)
            defer { Task { await recruiter.close() } }
            _ = try await login(recruiter, users["rita"]!)
            let again = try await recruiter.call(Applications.List.self, .init()).applications
            #expect(again.map(\.id) == delivered.map(\.id))
            #expect(again.first?.history == delivered.first?.history)
        }
        #expect(try await withExchange(dataDir: directory + "/data") { try await $0.messages(to: ritaId, limit: 10) }.isEmpty)
    }

    @Test func aBadMessageHoldsUpNothingAndAnUnknownKindWaits() async throws {
        let directory = try makeTemporaryDirectory("hb")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (ritaId, postingId, users) = try await withTestDaemon(directory: directory) { daemon in
            let parties = try await HiringParties.make(socketPath: daemon.socketPath)
            defer { Task { await parties.close() } }
            let posting = try await parties.recruiter.call(Postings.Publish.self, .init(title: "Swift dev", description: swiftAd))
            let rita = try await parties.recruiter.call(Auth.Whoami.self, Empty())
            return (rita.id, posting.id, parties.users)
        }
        try await withExchange(dataDir: directory + "/data") { exchange in
            let key = Array(try #require(try await exchange.member(id: ritaId)?.publicKey))
            let stranger = SealedBox.KeyPair(seed: SecureBytes.random(32)).publicKey
            for (text, to) in [("application\n{not json", key), ("futureKind\n{}", key), ("application\n{}", stranger)] {
                let sealed = try SealedBox.seal(Array(text.utf8), to: to)
                try await exchange.putMessage(InboxMessage(id: UUID().uuidString, recipientId: ritaId, sealed: Data(sealed), createdAt: Date()))
            }
        }
        try await withTestDaemon(directory: directory) { daemon in
            let recruiter = try await RPCClient.connect(socketPath: daemon.socketPath)
            let alice = try await RPCClient.connect(socketPath: daemon.socketPath)
            defer { Task { await recruiter.close(); await alice.close() } }
            _ = try await login(recruiter, users["rita"]!)
            _ = try await login(alice, users["alice"]!)
            #expect(try await recruiter.call(Applications.List.self, .init()).applications.isEmpty)
            let resume = try await addResume(alice, aliceResume, "alice.txt")
            let sent = try await alice.call(Applications.Submit.self, .init(postingId: postingId, resumeId: resume))
            #expect(try await recruiter.call(Applications.List.self, .init()).applications.map(\.id) == [sent.id])
        }
        // The message of a kind this daemon does not know waits for one that does; the others went.
        #expect(try await withExchange(dataDir: directory + "/data") { try await $0.messages(to: ritaId, limit: 10) }.count == 1)
    }

    @Test func aBatchOfLargeMessagesIsCutToAByteBudget() async throws {
        let directory = try makeTemporaryDirectory("hm")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let ritaId = try await withTestDaemon(directory: directory) { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                let rita = try await register(client, "rita", role: .recruiter)
                _ = try await login(client, rita)
                return try await client.call(Auth.Whoami.self, Empty()).id
            }
        }
        try await withExchange(dataDir: directory + "/data") { exchange in
            for index in 0..<3 {
                try await exchange.putMessage(
                    InboxMessage(id: "m\(index)", recipientId: ritaId, sealed: Data(repeating: UInt8(index), count: 1000), createdAt: Date()))
            }
            #expect(try await exchange.messages(to: ritaId, limit: 10, maxBytes: 2500).map(\.id) == ["m0", "m1"])
            // The first always, however large; the count still bounds.
            #expect(try await exchange.messages(to: ritaId, limit: 10, maxBytes: 10).map(\.id) == ["m0"])
            #expect(try await exchange.messages(to: ritaId, limit: 2).count == 2)
        }
    }
}
