import Foundation
import HireClient
import HireCore
import HireDaemon
import HireRPC
import HireTestSupport
import Testing

/// Orgs through the real daemon: several users of one daemon, each on their own connection.
@Suite struct OrgDaemonTests {
    @Test func usersOfOneDaemonShareABoardAndARemovedMemberStopsReceiving() async throws {
        try await withTestDaemon { daemon in
            var clients: [String: RPCClient] = [:]
            var ids: [String: String] = [:]
            for name in ["ann", "bob", "cat"] {
                let client = try await RPCClient.connect(socketPath: daemon.socketPath)
                _ = try await login(client, try await register(client, name))
                clients[name] = client
                ids[name] = try await client.call(Auth.Whoami.self, Empty()).id
            }
            let all = Array(clients.values)
            defer { Task { for client in all { await client.close() } } }
            let ann = clients["ann"]!
            let bob = clients["bob"]!
            let cat = clients["cat"]!
            let org = try await ann.call(Orgs.Create.self, .init(name: "Acme Talent"))
            #expect(org.role == "admin" && org.memberCount == 1 && org.epoch == 1)
            for (name, role) in [("bob", "recruiter"), ("cat", "viewer")] {
                let code = try await ann.call(Orgs.Invite.self, .init(orgId: org.orgId, role: role)).code
                let joined = try await clients[name]!.call(Orgs.Join.self, .init(code: code))
                #expect(joined.name == "Acme Talent" && joined.role == role)
            }
            await #expect(throws: RPCError.self) { _ = try await bob.call(Orgs.Join.self, .init(code: "0000")) }
            // Reads are served from the caller's replica; orgs.status syncs it first.
            _ = try await ann.call(Orgs.Status.self, .init(orgId: org.orgId))
            let members = try await ann.call(Orgs.Members.self, .init(orgId: org.orgId)).members
            #expect(members.map(\.displayName).sorted() == ["Name ann", "Name bob", "Name cat"])

            _ = try await ann.call(Orgs.Edit.self, .init(orgId: org.orgId, jobId: "J-1", set: ["company": "Acme", "position": "iOS"]))
            _ = try await bob.call(Orgs.Edit.self, .init(orgId: org.orgId, jobId: "J-1", set: ["pipelineNumber": "3"]))
            await #expect(throws: RPCError.self) {
                _ = try await cat.call(Orgs.Edit.self, .init(orgId: org.orgId, jobId: "J-1", set: ["notes": "viewer"]))
            }
            await #expect(throws: RPCError.self) {
                _ = try await bob.call(Orgs.Edit.self, .init(orgId: org.orgId, jobId: "J-1", set: ["nonsense": "x"]))
            }
            for client in [ann, bob, cat] {
                let status = try await client.call(Orgs.Status.self, .init(orgId: org.orgId))
                #expect(status.pendingChanges == 0 && status.lagEntries == 0 && status.rejected.isEmpty && status.syncError == nil)
                let board = try await client.call(Orgs.Board.self, .init(orgId: org.orgId)).jobs
                #expect(board == [OrgBoardJob(jobId: "J-1", columns: ["company": "Acme", "position": "iOS", "pipelineNumber": "3"])])
            }

            let after = try await ann.call(Orgs.Remove.self, .init(orgId: org.orgId, userId: ids["cat"]!))
            #expect(after.epoch == 2 && after.memberCount == 2)
            _ = try await ann.call(Orgs.Edit.self, .init(orgId: org.orgId, jobId: "J-2", set: ["company": "Hidden"]))
            _ = try await cat.call(Orgs.Status.self, .init(orgId: org.orgId))
            #expect(try await cat.call(Orgs.List.self, Empty()).orgs.first?.removed == true)
            #expect(try await cat.call(Orgs.Board.self, .init(orgId: org.orgId)).jobs.map(\.jobId) == ["J-1"])
            _ = try await bob.call(Orgs.Status.self, .init(orgId: org.orgId))
            #expect(try await bob.call(Orgs.Board.self, .init(orgId: org.orgId)).jobs.map(\.jobId) == ["J-1", "J-2"])
            await #expect(throws: RPCError.self) { _ = try await bob.call(Orgs.Remove.self, .init(orgId: org.orgId, userId: ids["ann"]!)) }
        }
    }

    /// A resume shared with an org reaches every member's copy (name, skills, text); only
    /// members who edit may share; unsharing takes it away; the owner's resume stays theirs.
    /// Ann (admin), Bob (recruiter) and Cat (viewer) of one org, "Acme Talent", each on a
    /// connection of their own to one daemon.
    static func threeMembers(_ daemon: TestDaemon) async throws -> (RPCClient, RPCClient, RPCClient, Orgs.Create.Result) {
        var clients: [String: RPCClient] = [:]
        for name in ["ann", "bob", "cat"] {
            let client = try await RPCClient.connect(socketPath: daemon.socketPath)
            _ = try await login(client, try await register(client, name))
            clients[name] = client
        }
        let org = try await clients["ann"]!.call(Orgs.Create.self, .init(name: "Acme Talent"))
        for (name, role) in [("bob", "recruiter"), ("cat", "viewer")] {
            let code = try await clients["ann"]!.call(Orgs.Invite.self, .init(orgId: org.orgId, role: role)).code
            _ = try await clients[name]!.call(Orgs.Join.self, .init(code: code))
        }
        return (clients["ann"]!, clients["bob"]!, clients["cat"]!, org)
    }

    /// An org's posting takes applications sealed to the org: every admin and recruiter of the
    /// org reads them (scored), moves them (the others see the move with its note, the
    /// candidate without), interviews them (the answers and the review reach every member),
    /// and sees a withdrawal; a viewer reads them and moves none. After a
    /// removal, the posting's key is the new epoch's: the next application reaches those who
    /// stayed, never the removed member.
    @Test func anOrgsPostingTakesApplicationsThatEveryRecruiterOfTheOrgMoves() async throws {
        try await withTestDaemon { daemon in
            let (ann, bob, cat, org) = try await Self.threeMembers(daemon)
            var candidates: [RPCClient] = []
            for name in ["carl", "dora"] {
                let client = try await RPCClient.connect(socketPath: daemon.socketPath)
                _ = try await login(client, try await register(client, name, role: .candidate))
                candidates.append(client)
            }
            let (carl, dora) = (candidates[0], candidates[1])
            defer { Task { for client in [ann, bob, cat, carl, dora] { await client.close() } } }
            #expect(
                await errorCode { _ = try await cat.call(Postings.Publish.self, .init(title: "iOS Engineer", description: swiftAd, orgId: org.orgId)) }
                    == .orgForbidden)
            #expect(
                await errorCode { _ = try await ann.call(Postings.Publish.self, .init(title: "iOS Engineer", description: swiftAd, orgId: " ")) }
                    == .invalidParams)
            let posting = try await ann.call(
                Postings.Publish.self, .init(title: "iOS Engineer", company: "Acme", description: swiftAd, orgId: org.orgId))
            #expect(posting.orgId == org.orgId)
            let sent = try await carl.call(
                Applications.Submit.self, .init(postingId: posting.id, resumeId: try await addResume(carl, aliceResume, "carl.txt")))

            // Bob did not publish it, and reads it scored, as Ann does.
            for client in [bob, ann] {
                let listed = try await client.call(Applications.List.self, .init(postingId: posting.id)).applications
                #expect(listed.map(\.id) == [sent.id])
                #expect(listed.first?.candidate.displayName == "Name carl")
                #expect(listed.first?.explanation?.matchedSkills.contains("Swift") == true)
                #expect(try await client.call(Postings.Get.self, .init(postingId: posting.id)).applicationCount == 1)
            }
            // Cat, a viewer, reads it but does not move or interview it, and is told why.
            #expect(try await cat.call(Applications.List.self, .init(postingId: posting.id)).applications.map(\.id) == [sent.id])
            #expect(
                await errorCode { _ = try await cat.call(Applications.SetStatus.self, .init(applicationIds: [sent.id], status: .rejected)) }
                    == .orgForbidden)
            #expect(await errorCode { _ = try await cat.call(Interviews.Create.self, .init(applicationId: sent.id, count: 2)) } == .orgForbidden)
            #expect(await errorCode { _ = try await cat.call(Postings.Close.self, .init(postingId: posting.id)) } == .orgForbidden)

            _ = try await bob.call(Applications.SetStatus.self, .init(applicationIds: [sent.id], status: .screening, note: "strong Swift"))
            _ = try await ann.call(Orgs.Status.self, .init(orgId: org.orgId))
            let seen = try await ann.call(Applications.Get.self, .init(applicationId: sent.id))
            #expect(seen.status == .screening && seen.history.last?.note == "strong Swift" && seen.resume?.text == aliceResume)
            let mine = try await carl.call(Applications.Mine.self, .init()).applications
            #expect(mine.map(\.status) == [.screening] && mine.first?.history.last?.note == nil)

            // Bob, who did not publish the posting, interviews Carl; his answers come back to Bob,
            // and the interview, its answers and Bob's review reach Ann through the org.
            let interview = try await bob.call(Interviews.Create.self, .init(applicationId: sent.id, count: 3))
            #expect(try await carl.call(Interviews.List.self, .init(applicationId: sent.id)).interviews.map(\.id) == [interview.id])
            _ = try await carl.call(
                Interviews.Answer.self, .init(interviewId: interview.id, questionId: "q1", text: "Eight years of Swift and SQLite on iOS."))
            _ = try await carl.call(Interviews.Submit.self, .init(interviewId: interview.id))
            _ = try await bob.call(Interviews.Get.self, .init(interviewId: interview.id))
            let reviewed = try await bob.call(Interviews.Review.self, .init(interviewId: interview.id, decision: .advance, rating: 4, notes: "solid"))
            #expect(reviewed.status == .reviewed)
            _ = try await ann.call(Orgs.Status.self, .init(orgId: org.orgId))
            let onAnns = try await ann.call(Applications.Get.self, .init(applicationId: sent.id))
            #expect(onAnns.status == .offered)
            #expect(onAnns.interviews?.map(\.id) == [interview.id])
            #expect(onAnns.interviews?.first?.review?.notes == "solid" && onAnns.interviews?.first?.review?.rating == 4)
            #expect(onAnns.interviews?.first?.questions.first?.answer == "Eight years of Swift and SQLite on iOS.")
            _ = try await carl.call(Applications.Withdraw.self, .init(applicationId: sent.id))
            #expect(try await bob.call(Applications.List.self, .init(postingId: posting.id)).applications.map(\.status) == [.withdrawn])

            // Bob leaves the org by removal: Dora's application reaches Ann, sealed to a key Bob never had.
            _ = try await ann.call(Orgs.Remove.self, .init(orgId: org.orgId, userId: try await bob.call(Auth.Whoami.self, Empty()).id))
            _ = try await ann.call(Orgs.Status.self, .init(orgId: org.orgId))
            _ = try await ann.call(Applications.List.self, .init(postingId: posting.id))
            let late = try await dora.call(
                Applications.Submit.self, .init(postingId: posting.id, resumeId: try await addResume(dora, bobResume, "dora.txt")))
            #expect(try await ann.call(Applications.List.self, .init(postingId: posting.id)).applications.map(\.id).sorted() == [sent.id, late.id].sorted())
            #expect(await errorCode { _ = try await bob.call(Applications.List.self, .init(postingId: posting.id)) } == .orgForbidden)
            // A deleted org posting's applications stay with the org.
            #expect(try await ann.call(Postings.Delete.self, .init(postingId: posting.id)).deleted)
            #expect(try await ann.call(Applications.List.self, .init(postingId: posting.id)).applications.count == 2)
        }
    }

    @Test func aSharedResumeReachesEveryMemberAndUnsharingTakesItAway() async throws {
        try await withTestDaemon { daemon in
            let (ann, bob, cat, org) = try await Self.threeMembers(daemon)
            defer { Task { for client in [ann, bob, cat] { await client.close() } } }
            let text = "Ana Ruiz\nSenior Swift engineer, 8 years. Skills: Swift, iOS, SQLite."
            let resume = try #require(try await ann.call(Resumes.Add.self, .init(text: text, filename: "ana.txt")).resumes.first)
            let shared = try await ann.call(Resumes.Share.self, .init(resumeId: resume.id, orgId: org.orgId))
            #expect(shared.shared)
            for client in [ann, bob, cat] {
                _ = try await client.call(Orgs.Status.self, .init(orgId: org.orgId))
                let listed = try await client.call(Orgs.Resumes.self, .init(orgId: org.orgId, includeText: true)).resumes
                #expect(listed.count == 1)
                #expect(listed.first?.resumeId == resume.id && listed.first?.name == "Ana Ruiz" && listed.first?.filename == "ana.txt")
                #expect(listed.first?.text == text && listed.first?.skills.contains("Swift") == true)
                #expect(listed.first?.sharedByName == "Name ann")
            }
            #expect(try await bob.call(Orgs.Resumes.self, .init(orgId: org.orgId)).resumes.first?.text == nil)
            // Only a resume of one's own, only by a member who edits.
            let bobs = try #require(try await bob.call(Resumes.Add.self, .init(text: "Bo Lind\nWarehouse lead.", filename: "bo.txt")).resumes.first)
            await #expect(throws: RPCError.self) { _ = try await bob.call(Resumes.Share.self, .init(resumeId: resume.id, orgId: org.orgId)) }
            let cats = try #require(try await cat.call(Resumes.Add.self, .init(text: "Cy Moss\nNurse.", filename: "cy.txt")).resumes.first)
            await #expect(throws: RPCError.self) { _ = try await cat.call(Resumes.Share.self, .init(resumeId: cats.id, orgId: org.orgId)) }
            _ = try await bob.call(Resumes.Share.self, .init(resumeId: bobs.id, orgId: org.orgId))

            #expect(try await ann.call(Resumes.Share.self, .init(resumeId: resume.id, orgId: org.orgId, unshare: true)).shared == false)
            _ = try await bob.call(Orgs.Status.self, .init(orgId: org.orgId))
            #expect(try await bob.call(Orgs.Resumes.self, .init(orgId: org.orgId)).resumes.map(\.resumeId) == [bobs.id])
            #expect(try await ann.call(Resumes.Get.self, .init(resumeId: resume.id)).name == "Ana Ruiz")
            // A text past the limit is refused with its size.
            let long = try #require(
                try await ann.call(Resumes.Add.self, .init(text: "Long One\n" + String(repeating: "filler words here ", count: 70_000), filename: "l.txt"))
                    .resumes.first)
            let refused = await #expect(throws: RPCError.self) { _ = try await ann.call(Resumes.Share.self, .init(resumeId: long.id, orgId: org.orgId)) }
            #expect(refused?.message.contains("at most 1024 KiB") == true)
        }
    }

    /// A job of the org's board described by one member reaches every member with its profile;
    /// a viewer cannot describe, and a job the board lacks is named.
    @Test func aDescribedOrgJobReachesEveryMemberWithItsProfile() async throws {
        try await withTestDaemon { daemon in
            let (ann, bob, cat, org) = try await Self.threeMembers(daemon)
            defer { Task { for client in [ann, bob, cat] { await client.close() } } }
            _ = try await ann.call(Orgs.Edit.self, .init(orgId: org.orgId, jobId: "J-1", set: ["company": "Acme", "position": "iOS Engineer"]))
            let text = "We need a senior iOS engineer: Swift, SwiftUI and SQLite, 5+ years. Kubernetes is a plus."
            let file = daemon.directory + "/j1.md"
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let described = try await ann.call(Orgs.Describe.self, .init(orgId: org.orgId, jobId: "J-1", path: file))
            #expect(described.description == text)
            let skills: [String] = (described.profile?.skills?.required ?? []) + (described.profile?.skills?.preferred ?? [])
            #expect(skills.contains("Swift"), "\(skills)")
            #expect(described.columns == ["company": "Acme", "position": "iOS Engineer"])
            for client in [bob, cat] {
                _ = try await client.call(Orgs.Status.self, .init(orgId: org.orgId))
                let job = try #require(try await client.call(Orgs.Board.self, .init(orgId: org.orgId)).jobs.first)
                #expect(job.profile == described.profile)
                #expect(job.description == nil, "descriptions only when asked")
                #expect(job.columns == ["company": "Acme", "position": "iOS Engineer"])
                let full = try await client.call(Orgs.Board.self, .init(orgId: org.orgId, includeDescriptions: true)).jobs.first
                #expect(full?.description == text)
            }
            // An edit of a column keeps the description.
            _ = try await bob.call(Orgs.Edit.self, .init(orgId: org.orgId, jobId: "J-1", set: ["pipelineNumber": "2"]))
            _ = try await ann.call(Orgs.Status.self, .init(orgId: org.orgId))
            let kept = try await ann.call(Orgs.Board.self, .init(orgId: org.orgId, includeDescriptions: true)).jobs.first
            #expect(kept?.description == text && kept?.columns["pipelineNumber"] == "2")
            #expect(kept?.descriptionStale == false)
            // Another position (by an edit or an import) makes the description stale; describing
            // the job again clears it.
            _ = try await bob.call(Orgs.Edit.self, .init(orgId: org.orgId, jobId: "J-1", set: ["position": "Android Engineer"]))
            _ = try await ann.call(Orgs.Status.self, .init(orgId: org.orgId))
            #expect(try await ann.call(Orgs.Board.self, .init(orgId: org.orgId)).jobs.first?.descriptionStale == true)
            let again = try await ann.call(Orgs.Describe.self, .init(orgId: org.orgId, jobId: "J-1", text: "Android: Kotlin, Jetpack."))
            #expect(again.descriptionStale == false && again.profile?.titles == ["Android Engineer"])
            let header = "JobID,Company,Position"
            _ = try await ann.call(Orgs.Import.self, .init(orgId: org.orgId, csv: header + "\nJ-1,Acme,Android Engineer\n"))
            #expect(try await ann.call(Orgs.Board.self, .init(orgId: org.orgId)).jobs.first?.descriptionStale == false, "the same company and position")
            _ = try await ann.call(Orgs.Import.self, .init(orgId: org.orgId, csv: header + "\nJ-1,Bolt,Android Engineer\n"))
            #expect(try await ann.call(Orgs.Board.self, .init(orgId: org.orgId)).jobs.first?.descriptionStale == true, "another company")
            let viewer = await #expect(throws: RPCError.self) {
                _ = try await cat.call(Orgs.Describe.self, .init(orgId: org.orgId, jobId: "J-1", text: "no"))
            }
            #expect(viewer?.code == .orgForbidden)
            let missing = await #expect(throws: RPCError.self) {
                _ = try await bob.call(Orgs.Describe.self, .init(orgId: org.orgId, jobId: "J-404", text: "Welder"))
            }
            #expect(missing?.code == .jobNotFound)
        }
    }

    /// Exact filters and drop-downs on an org's board, from another member's copy, by mtb.filter's
    /// and mtb.values's rules; an unknown column is named.
    @Test func anOrgBoardFiltersAndListsValuesAsTheBoardDoes() async throws {
        try await withTestDaemon { daemon in
            let (ann, bob, cat, org) = try await Self.threeMembers(daemon)
            defer { Task { for client in [ann, bob, cat] { await client.close() } } }
            let jobs: [(String, String, String)] = [("J-1", "TX", "Acme"), ("J-2", "TX", "Bolt"), ("J-3", "NY", "Acme"), ("J-4", "CA", "acme"), ("J-5", "", "Bolt")]
            for (id, state, company) in jobs {
                _ = try await ann.call(Orgs.Edit.self, .init(orgId: org.orgId, jobId: id, set: ["state": state, "company": company]))
            }
            _ = try await bob.call(Orgs.Status.self, .init(orgId: org.orgId))
            func ids(_ filters: Filters) async throws -> [String] {
                let found = try await bob.call(Orgs.Filter.self, .init(orgId: org.orgId, filters: filters))
                #expect(found.total == found.jobs.count)
                return found.jobs.map(\.jobId)
            }
            #expect(try await ids(["state": FilterValues(["TX"])]) == ["J-1", "J-2"])
            #expect(try await ids(["state": FilterValues(["TX", "NY"]), "company": FilterValues(["Acme"])]) == ["J-1", "J-3"])
            #expect(try await ids(["state": FilterValues([""])]) == ["J-5"])
            #expect(try await ids(["jobId": FilterValues(["J-4"])]) == ["J-4"])
            let states = try await bob.call(Orgs.Values.self, .init(orgId: org.orgId, column: "state"))
            #expect(states.values.map(\.value) == ["TX", "CA", "NY"] && states.values.map(\.count) == [2, 1, 1] && states.distinct == 3)
            let companies = try await bob.call(Orgs.Values.self, .init(orgId: org.orgId, column: "company", prefix: "AC", limit: 1))
            #expect(companies.values.map(\.value) == ["Acme"] && companies.distinct == 2)
            let unknown = await #expect(throws: RPCError.self) {
                _ = try await bob.call(Orgs.Values.self, .init(orgId: org.orgId, column: "nonsense"))
            }
            #expect(unknown?.code == .unknownColumn)
        }
    }

    /// A board CSV imported into an org reaches every member; a second import of the same file
    /// sends nothing; a replace that deletes much needs confirm; bad rows are skipped.
    @Test func aBoardImportedIntoAnOrgReachesEveryMemberAndSendsOnlyChanges() async throws {
        try await withTestDaemon { daemon in
            let ann = try await RPCClient.connect(socketPath: daemon.socketPath)
            let bob = try await RPCClient.connect(socketPath: daemon.socketPath)
            defer { Task { await ann.close(); await bob.close() } }
            _ = try await login(ann, try await register(ann, "ann"))
            _ = try await login(bob, try await register(bob, "bob"))
            let orgId = try await ann.call(Orgs.Create.self, .init(name: "Acme")).orgId
            let code = try await ann.call(Orgs.Invite.self, .init(orgId: orgId, role: "recruiter")).code
            _ = try await bob.call(Orgs.Join.self, .init(code: code))
            let header = "JobID,Company,Position,City,State,Country,Salary,Bonus,Received,Conditional Fee,Internal,"
                + "Client Rating,CAT,Visa,HR/HM,CM,Pipeline #,Pipeline Candidates,Notes,Industry Segment"
            func row(_ id: String, _ company: String, _ position: String) -> String {
                "\(id),\(company),\(position),Austin,TX,USA,,,2026-01-05,,,,,,,,,,,"
            }
            let file = [header, row("J-1", "Acme", "iOS"), row("J-2", "Bolt", "Go"), row("J-3", "Cask", "SRE"), "J-4,too,few"]
                .joined(separator: "\n")
            let first = try await ann.call(Orgs.Import.self, .init(orgId: orgId, csv: file))
            #expect((first.rows, first.inserted, first.updated, first.unchanged, first.skipped) == (4, 3, 0, 0, 1))
            #expect(first.errors.first?.line == 5)
            _ = try await bob.call(Orgs.Status.self, .init(orgId: orgId))
            let board = try await bob.call(Orgs.Board.self, .init(orgId: orgId)).jobs
            #expect(board.map(\.jobId) == ["J-1", "J-2", "J-3"])
            #expect(board.first?.columns["company"] == "Acme" && board.first?.columns["city"] == "Austin")
            #expect(board.first?.columns["salary"] == nil)

            // The same file again: nothing changes, nothing is sent.
            let before = try await ann.call(Orgs.Status.self, .init(orgId: orgId)).lastSeq
            let again = try await ann.call(Orgs.Import.self, .init(orgId: orgId, csv: file))
            #expect((again.inserted, again.updated, again.unchanged) == (0, 0, 3))
            #expect(try await ann.call(Orgs.Status.self, .init(orgId: orgId)).lastSeq == before)

            // A replace deleting a third needs confirm; a dry run only counts.
            let smaller = [header, row("J-1", "Acme", "iOS Lead"), row("J-2", "Bolt", "Go")].joined(separator: "\n")
            await #expect(throws: RPCError.self) { _ = try await ann.call(Orgs.Import.self, .init(orgId: orgId, csv: smaller, mode: .replace)) }
            let dry = try await ann.call(Orgs.Import.self, .init(orgId: orgId, csv: smaller, mode: .replace, dryRun: true))
            #expect((dry.updated, dry.removed, dry.dryRun) == (1, 1, true))
            #expect(try await ann.call(Orgs.Status.self, .init(orgId: orgId)).lastSeq == before)
            let replaced = try await ann.call(Orgs.Import.self, .init(orgId: orgId, csv: smaller, mode: .replace, confirm: true))
            #expect((replaced.updated, replaced.unchanged, replaced.removed) == (1, 1, 1))
            _ = try await bob.call(Orgs.Status.self, .init(orgId: orgId))
            let after = try await bob.call(Orgs.Board.self, .init(orgId: orgId)).jobs
            #expect(after.map(\.jobId) == ["J-1", "J-2"] && after.first?.columns["position"] == "iOS Lead")
            // Converged copies hash alike, when asked; a change not yet synced by the other differs.
            #expect(try await bob.call(Orgs.Status.self, .init(orgId: orgId)).contentHash == nil)
            let bobs = try await bob.call(Orgs.Status.self, .init(orgId: orgId, contentHash: true)).contentHash
            let anns = try await ann.call(Orgs.Status.self, .init(orgId: orgId, contentHash: true)).contentHash
            #expect(bobs != nil && bobs == anns)
            _ = try await ann.call(Orgs.Edit.self, .init(orgId: orgId, jobId: "J-2", set: ["notes": "ann's"]))
            let annsNow = try await ann.call(Orgs.Status.self, .init(orgId: orgId, contentHash: true)).contentHash
            #expect(annsNow != bobs)
            #expect(try await bob.call(Orgs.Status.self, .init(orgId: orgId, contentHash: true)).contentHash == annsNow)
            // Nothing inside the data dir is read.
            await #expect(throws: RPCError.self) {
                _ = try await ann.call(Orgs.Import.self, .init(orgId: orgId, path: daemon.dataDir + "/system.db"))
            }
        }
    }

    /// A member's replica follows the log by itself: the daemon is woken by `OrgLog.changes()`
    /// when another member appends, with no call from the member.
    @Test func aMembersReplicaIsWokenWhenTheLogGrows() async throws {
        try await withTestDaemon { daemon in
            let ann = try await RPCClient.connect(socketPath: daemon.socketPath)
            let bob = try await RPCClient.connect(socketPath: daemon.socketPath)
            defer { Task { await ann.close(); await bob.close() } }
            _ = try await login(ann, try await register(ann, "ann"))
            _ = try await login(bob, try await register(bob, "bob"))
            let orgId = try await ann.call(Orgs.Create.self, .init(name: "Acme")).orgId
            let code = try await ann.call(Orgs.Invite.self, .init(orgId: orgId, role: "recruiter")).code
            _ = try await bob.call(Orgs.Join.self, .init(code: code))
            _ = try await ann.call(Orgs.Edit.self, .init(orgId: orgId, jobId: "J-7", set: ["company": "Woken"]))
            // orgs.board reads Bob's replica without syncing it.
            #expect(
                try await eventually {
                    try await bob.call(Orgs.Board.self, .init(orgId: orgId)).jobs.first?.columns["company"] == "Woken"
                })
        }
    }

    /// kill -9 while a member's daemon applies the log at login: after a restart the member
    /// has every entry, none applied twice (a second application would be rejected as a replay).
    @Test(.timeLimit(.minutes(5)))
    func killNineMidApplyLosesNothingAndAppliesNothingTwice() async throws {
        let directory = try makeTemporaryDirectory("ko")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let socket = directory + "/s"
        let arguments = ["--socket", socket, "--data-dir", directory + "/data", "--kdf-memory-mib", "8", "--log-level", "error"]
        func start() async throws -> ChildProcess {
            let daemon = try ChildProcess(executable("hired"), arguments, outputDirectory: directory)
            #expect(await waitForSocket(socket), "\(daemon.standardError)")
            return daemon
        }
        let jobs = 300
        var daemon = try await start()
        let ann = TestUser(username: "ann", password: "a long test passphrase", recoveryKey: "", role: .recruiter)
        let bob = TestUser(username: "bob", password: "a long test passphrase", recoveryKey: "", role: .recruiter)
        let orgId = try await RPCClient.withConnection(socketPath: socket) { client in
            _ = try await register(client, ann.username)
            _ = try await login(client, ann)
            let orgId = try await client.call(Orgs.Create.self, .init(name: "Crash Co")).orgId
            let code = try await client.call(Orgs.Invite.self, .init(orgId: orgId, role: "recruiter")).code
            try await RPCClient.withConnection(socketPath: socket) { other in
                _ = try await register(other, bob.username)
                _ = try await login(other, bob)
                _ = try await other.call(Orgs.Join.self, .init(code: code))
                _ = try await other.call(Auth.Logout.self, .init())
            }
            for index in 0..<jobs {
                _ = try await client.call(Orgs.Edit.self, .init(orgId: orgId, jobId: "J-\(index)", set: ["company": "C\(index)"]))
            }
            return orgId
        }
        for _ in 0..<4 {
            // Bob's login starts his catch-up; the daemon dies at a moment of it.
            let catchingUp = Task {
                try? await RPCClient.withConnection(socketPath: socket) { client in _ = try await login(client, bob) }
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 20...400)))
            daemon.signal(SIGKILL)
            _ = await daemon.waitForExit()
            _ = await catchingUp.value
            daemon = try await start()
        }
        try await RPCClient.withConnection(socketPath: socket) { client in
            _ = try await login(client, bob)
            let status = try await client.call(Orgs.Status.self, .init(orgId: orgId))
            #expect(status.rejected.isEmpty, "\(status.rejected)")
            #expect(status.lagEntries == 0)
            let board = try await client.call(Orgs.Board.self, .init(orgId: orgId)).jobs
            #expect(board.count == jobs)
            #expect(board.allSatisfy { $0.columns["company"] == "C" + $0.jobId.dropFirst(2) })
        }
        daemon.signal(SIGTERM)
        _ = await daemon.waitForExit()
    }
}


/// For the access matrix: Bob, in no org of Alice's, can read, change or join none of it.
func orgIsolation(alice: RPCClient, bob: RPCClient) async throws -> Set<String> {
    let org = try await alice.call(Orgs.Create.self, .init(name: "Alice's agency"))
    _ = try await alice.call(Orgs.Edit.self, .init(orgId: org.orgId, jobId: "J-1", set: ["company": "Private"]))
    #expect(try await bob.call(Orgs.List.self, Empty()).orgs.isEmpty)
    let orgId = org.orgId
    let calls: [@Sendable () async throws -> Void] = [
        { _ = try await bob.call(Orgs.Invite.self, .init(orgId: orgId, role: "admin")) },
        { _ = try await bob.call(Orgs.Members.self, .init(orgId: orgId)) },
        { _ = try await bob.call(Orgs.Remove.self, .init(orgId: orgId, userId: "x")) },
        { _ = try await bob.call(Orgs.Leave.self, .init(orgId: orgId)) },
        { _ = try await bob.call(Orgs.Status.self, .init(orgId: orgId)) },
        { _ = try await bob.call(Orgs.Compact.self, .init(orgId: orgId)) },
        { _ = try await bob.call(Orgs.Board.self, .init(orgId: orgId)) },
        { _ = try await bob.call(Orgs.Edit.self, .init(orgId: orgId, jobId: "J-1", set: ["company": "Bob's"])) },
        { _ = try await bob.call(Orgs.Describe.self, .init(orgId: orgId, jobId: "J-1", text: "Bob's description")) },
        { _ = try await bob.call(Orgs.Filter.self, .init(orgId: orgId, filters: ["company": FilterValues(["Private"])])) },
        { _ = try await bob.call(Orgs.Values.self, .init(orgId: orgId, column: "company")) },
        { _ = try await bob.call(Orgs.Resumes.self, .init(orgId: orgId, includeText: true)) },
        { _ = try await bob.call(Orgs.Import.self, .init(orgId: orgId, csv: "JobID,Company\nJ-1,Bob's\n")) },
    ]
    for call in calls { #expect(await errorCode(call) == .orgNotFound) }
    #expect(await errorCode { _ = try await bob.call(Orgs.Join.self, .init(code: String(repeating: "ab", count: 20))) } == .invalidInvitation)
    _ = try await bob.call(Orgs.Create.self, .init(name: "Bob's own"))
    #expect(try await alice.call(Orgs.List.self, Empty()).orgs.map(\.name) == ["Alice's agency"])
    #expect(try await alice.call(Orgs.Board.self, .init(orgId: orgId)).jobs.first?.columns["company"] == "Private")
    // Bob shares nothing into Alice's org, nor Alice's resumes into his.
    let bobsResume = try #require(try await bob.call(Resumes.Add.self, .init(text: "Bo Lind\nDriver.", filename: "bo.txt", allowDuplicates: true)).resumes.first)
    #expect(await errorCode { _ = try await bob.call(Resumes.Share.self, .init(resumeId: bobsResume.id, orgId: orgId)) } == .orgNotFound)
    let alicesResume = try #require(
        try await alice.call(Resumes.Add.self, .init(text: "Al Ice\nNurse.", filename: "al.txt", allowDuplicates: true)).resumes.first)
    let bobsOrg = try await bob.call(Orgs.List.self, Empty()).orgs.first!.orgId
    #expect(await errorCode { _ = try await bob.call(Resumes.Share.self, .init(resumeId: alicesResume.id, orgId: bobsOrg)) } == .resumeNotFound)
    return [
        "resumes.share", "orgs.resumes", "orgs.import",
        "orgs.create", "orgs.list", "orgs.invite", "orgs.join", "orgs.members", "orgs.remove", "orgs.leave", "orgs.status",
        "orgs.compact", "orgs.board", "orgs.edit", "orgs.describe", "orgs.filter", "orgs.values",
    ]
}
