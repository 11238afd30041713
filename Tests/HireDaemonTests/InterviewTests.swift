import Foundation
import HireClient
import HireCore
import HireRPC
import HireTestSupport
import Testing

/// A strong answer to a question: every rubric point's first cue, in sentences long enough
/// to score in full.
func strongAnswer(to question: InterviewQuestionView) -> String {
    let points = question.rubric ?? []
    return points.map { "On \($0.point.lowercased()), I would say \($0.cues.prefix(max($0.minimum, 1)).joined(separator: " and ")) every day, 12 times." }
        .joined(separator: " ")
}

@Suite struct InterviewTests {
    /// Alice applies to a Swift posting and the recruiter moves her to interviewing.
    static func applied(_ parties: HiringParties) async throws -> (posting: PostingView, application: ApplicationView) {
        let posting = try await parties.recruiter.call(Postings.Publish.self, .init(title: "iOS Engineer", company: "Acme", description: swiftAd))
        let resume = try await addResume(parties.alice, aliceResume, "alice.txt")
        let sent = try await parties.alice.call(Applications.Submit.self, .init(postingId: posting.id, resumeId: resume))
        _ = try await parties.recruiter.call(Applications.SetStatus.self, .init(applicationIds: [sent.id], status: .interviewing))
        return (posting, sent)
    }

    @Test func fromQuestionsToReviewBothSidesSeeWhatIsTheirs() async throws {
        try await withTestDaemon { daemon in
            let parties = try await HiringParties.make(socketPath: daemon.socketPath)
            defer { Task { await parties.close() } }
            let (_, sent) = try await Self.applied(parties)

            // The recruiter's copy: questions with rubrics, from the posting and the resume.
            let created = try await parties.recruiter.call(Interviews.Create.self, .init(applicationId: sent.id, count: 5))
            #expect(created.status == .assigned)
            #expect(created.questions.map(\.id) == ["q1", "q2", "q3", "q4", "q5"])
            #expect(created.questions.allSatisfy { !($0.rubric ?? []).isEmpty })
            #expect(Set(created.questions.map(\.kind)).isSubset(of: [.skill, .claim, .situational]))
            // Deterministic: the same inputs give the same questions.
            let again = try await parties.recruiter.call(Interviews.Create.self, .init(applicationId: sent.id, count: 5))
            #expect(again.questions.map(\.text) == created.questions.map(\.text))
            #expect(
                await errorCode { _ = try await parties.recruiter.call(Interviews.Create.self, .init(applicationId: sent.id, count: 21)) }
                    == .invalidParams)
            #expect(
                await errorCode { _ = try await parties.recruiter.call(Interviews.Create.self, .init(applicationId: sent.id, provider: "gpt")) }
                    == .unknownProvider)
            // A topic no question can be about is said back, not dropped.
            let unknownTopic = await rpcError {
                _ = try await parties.recruiter.call(Interviews.Create.self, .init(applicationId: sent.id, topics: ["swift", "zzzunknown"]))
            }
            #expect(unknownTopic?.code == .invalidParams && unknownTopic?.message.contains("'zzzunknown'") == true)
            #expect(unknownTopic?.message.contains("'swift'") == false)

            // The candidate's copy: told by an event, the same questions without a rubric.
            let events = try await parties.alice.call(Events.List.self, .init(topics: [.interviewAssigned])).events
            #expect(events.count == 2)
            let mine = try await parties.alice.call(Interviews.List.self, .init(applicationId: sent.id)).interviews
            #expect(mine.map(\.id) == [created.id, again.id])
            let assigned = try await parties.alice.call(Interviews.Get.self, .init(interviewId: created.id))
            #expect(assigned.questions.map(\.text) == created.questions.map(\.text))
            #expect(assigned.questions.allSatisfy { $0.rubric == nil })
            #expect(assigned.review == nil)

            // A weak answer brings one follow-up, asking for what it missed; answering again does not bring a second.
            let weak = try await parties.alice.call(
                Interviews.Answer.self, .init(interviewId: created.id, questionId: "q1", text: "I am not sure."))
            let followUp = try #require(weak.followUp)
            #expect(followUp.parentId == "q1" && followUp.kind == .followUp)
            #expect(followUp.text.contains("follow up"))
            #expect(weak.score == nil && weak.rubric == nil)
            let twice = try await parties.alice.call(
                Interviews.Answer.self, .init(interviewId: created.id, questionId: "q1", text: "Still not sure, sorry."))
            #expect(twice.followUp == nil)
            // A strong answer brings none; files attach to answers.
            let strong = try await parties.alice.call(
                Interviews.Answer.self,
                .init(
                    interviewId: created.id, questionId: "q2", text: strongAnswer(to: created.questions[1]),
                    artifactsData: [ArtifactData(filename: "solution.swift", base64: Data("let answer = 42\n".utf8).base64EncodedString())]))
            #expect(strong.followUp == nil)
            #expect(strong.artifacts?.map(\.filename) == ["solution.swift"])
            // A file attached by mistake is taken off again; another takes its place.
            let attached = try await parties.alice.call(
                Interviews.Answer.self,
                .init(
                    interviewId: created.id, questionId: "q2",
                    artifactsData: [ArtifactData(filename: "oops.txt", base64: Data("wrong".utf8).base64EncodedString())]))
            let oops = try #require(attached.artifacts?.first { $0.filename == "oops.txt" })
            let fixed = try await parties.alice.call(
                Interviews.Answer.self, .init(interviewId: created.id, questionId: "q2", removeArtifacts: [oops.id]))
            #expect(fixed.artifacts?.map(\.filename) == ["solution.swift"])
            #expect(fixed.answer == strong.answer)
            #expect(
                await errorCode {
                    _ = try await parties.alice.call(Interviews.Answer.self, .init(interviewId: created.id, questionId: "q2", removeArtifacts: ["F-99"]))
                } == .artifactNotFound)
            _ = try await parties.alice.call(
                Interviews.Answer.self, .init(interviewId: created.id, questionId: followUp.id, text: strongAnswer(to: created.questions[0])))
            for question in created.questions.dropFirst(2) {
                _ = try await parties.alice.call(
                    Interviews.Answer.self, .init(interviewId: created.id, questionId: question.id, text: strongAnswer(to: question)))
            }
            let saved = try await parties.alice.call(Interviews.Get.self, .init(interviewId: created.id))
            #expect(saved.status == .inProgress)
            #expect(saved.questions.map(\.id) == ["q1", followUp.id, "q2", "q3", "q4", "q5"])
            #expect(
                await errorCode {
                    _ = try await parties.alice.call(Interviews.Answer.self, .init(interviewId: created.id, questionId: "q9", text: "?"))
                } == .questionNotFound)
            #expect(
                await errorCode { _ = try await parties.alice.call(Interviews.Answer.self, .init(interviewId: created.id, questionId: "q1")) }
                    == .invalidParams)
            #expect(
                await errorCode {
                    _ = try await parties.alice.call(
                        Interviews.Answer.self, .init(interviewId: created.id, questionId: "q2", text: String(repeating: "a", count: 300_000)))
                } == .invalidParams)
            // Empty text never wipes an answer.
            #expect(
                await errorCode {
                    _ = try await parties.alice.call(Interviews.Answer.self, .init(interviewId: created.id, questionId: "q2", text: "  "))
                } == .invalidParams)
            #expect(try await parties.alice.call(Interviews.Get.self, .init(interviewId: created.id)).questions.first { $0.id == "q2" }?.answer != nil)
            #expect(
                await errorCode { _ = try await parties.alice.call(Interviews.Submit.self, .init(interviewId: again.id)) } == .nothingAnswered)

            // Submitted: assessed; the candidate sees scores, never rubric points.
            let submitted = try await parties.alice.call(Interviews.Submit.self, .init(interviewId: created.id))
            #expect(submitted.status == .submitted)
            let assessment = try #require(submitted.assessment)
            #expect(assessment.perQuestion.count == 5)
            #expect(assessment.summary.hasPrefix(String(format: "%.1f of 5", assessment.score)))
            #expect(assessment.perQuestion.allSatisfy { $0.assessment.covered.isEmpty && $0.assessment.missed.isEmpty })
            #expect(submitted.questions.allSatisfy { $0.rubric == nil && $0.covered == nil && $0.missed == nil })
            #expect(
                await errorCode {
                    _ = try await parties.alice.call(Interviews.Answer.self, .init(interviewId: created.id, questionId: "q1", text: "late"))
                } == .interviewClosed)
            #expect(await errorCode { _ = try await parties.alice.call(Interviews.Submit.self, .init(interviewId: created.id)) } == .interviewClosed)

            // The recruiter reads answers, files and the assessment: strong answers outscore the weak one.
            #expect(try await parties.recruiter.call(Events.List.self, .init(topics: [.interviewSubmitted])).events.count == 1)
            let received = try await parties.recruiter.call(Interviews.Get.self, .init(interviewId: created.id))
            #expect(received.status == .submitted)
            #expect(received.questions.map(\.id) == ["q1", followUp.id, "q2", "q3", "q4", "q5"])
            let scores = Dictionary(uniqueKeysWithValues: (received.assessment?.perQuestion ?? []).map { ($0.questionId, $0.score) })
            #expect(received.assessment?.score == assessment.score)
            #expect((scores["q2"] ?? 0) >= 4)
            #expect((scores["q2"] ?? 0) > (scores["q1"] ?? 5) || (scores["q1"] ?? 0) >= 4)
            #expect(received.questions.first { $0.id == "q2" }?.covered?.isEmpty == false)
            let artifactId = try #require(received.questions.first { $0.id == "q2" }?.artifacts?.first?.id)
            let file = try await parties.recruiter.call(Interviews.Artifact.self, .init(interviewId: created.id, artifactId: artifactId))
            #expect(file.filename == "solution.swift")
            #expect(file.base64.flatMap { Data(base64Encoded: $0) } == Data("let answer = 42\n".utf8))
            #expect(
                await errorCode {
                    _ = try await parties.recruiter.call(Interviews.Artifact.self, .init(interviewId: created.id, artifactId: "F-9"))
                } == .artifactNotFound)

            // The review moves the application; the candidate sees the status, never the review.
            #expect(
                await errorCode {
                    _ = try await parties.recruiter.call(Interviews.Review.self, .init(interviewId: again.id, decision: .advance))
                } == .interviewNotReviewable)
            #expect(
                await errorCode {
                    _ = try await parties.recruiter.call(Interviews.Review.self, .init(interviewId: created.id, decision: .advance, rating: 6))
                } == .invalidParams)
            let reviewed = try await parties.recruiter.call(
                Interviews.Review.self, .init(interviewId: created.id, decision: .advance, rating: 4, notes: "private: sharp"))
            #expect(reviewed.status == .reviewed && reviewed.review?.rating == 4 && reviewed.review?.notes == "private: sharp")
            #expect(
                await errorCode {
                    _ = try await parties.recruiter.call(Interviews.Review.self, .init(interviewId: created.id, decision: .reject))
                } == .interviewNotReviewable)
            let application = try await parties.recruiter.call(Applications.Get.self, .init(applicationId: sent.id))
            #expect(application.status == .offered)
            #expect(application.interviews?.map(\.id) == [created.id, again.id])
            let seen = try await parties.alice.call(Interviews.Get.self, .init(interviewId: created.id))
            #expect(seen.status == .reviewed && seen.review == nil)
            let aliceApplication = try await parties.alice.call(Applications.Get.self, .init(applicationId: sent.id))
            #expect(aliceApplication.status == .offered)
            #expect(aliceApplication.history.allSatisfy { $0.note == nil })
            #expect(aliceApplication.interviews?.allSatisfy { $0.review == nil && $0.questions.allSatisfy { $0.rubric == nil } } == true)
            #expect(try await parties.alice.call(Events.List.self, .init(topics: [.interviewReviewed])).events.count == 1)

            // Closing the posting tells the candidates whose applications are open.
            _ = try await parties.recruiter.call(Postings.Close.self, .init(postingId: sent.postingId))
            let closed = try await parties.alice.call(Events.List.self, .init(topics: [.postingClosed])).events
            #expect(closed.count == 1)
            // Deleting a posting tells its open applicants too.
            let other = try await parties.recruiter.call(Postings.Publish.self, .init(title: "Swift lead", description: swiftAd))
            let bobCV = try await addResume(parties.bob, bobResume, "bob.txt")
            _ = try await parties.bob.call(Applications.Submit.self, .init(postingId: other.id, resumeId: bobCV))
            _ = try await parties.recruiter.call(Postings.Delete.self, .init(postingId: other.id))
            let gone = try await parties.bob.call(Events.List.self, .init(topics: [.postingClosed])).events
            #expect(gone.count == 1 && gone.first?.data["deleted"] == true)
        }
    }

    @Test func anInterviewTravelsSealedWhileEachPartyIsAwayAndSurvivesRestarts() async throws {
        let directory = try makeTemporaryDirectory("iv")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let answerMarker = "ANSWER\(UInt32.random(in: 0...UInt32.max))"
        let fileMarker = "FILE\(UInt32.random(in: 0...UInt32.max))"
        let noteMarker = "NOTE\(UInt32.random(in: 0...UInt32.max))"
        let (users, interviewId, rubricWord) = try await withTestDaemon(directory: directory) { daemon in
            let parties = try await HiringParties.make(socketPath: daemon.socketPath)
            defer { Task { await parties.close() } }
            let (_, sent) = try await Self.applied(parties)
            // The candidate is away when the interview is created: it waits for her, sealed.
            _ = try await parties.alice.call(Auth.Logout.self, .init(all: true))
            let created = try await parties.recruiter.call(Interviews.Create.self, .init(applicationId: sent.id, count: 3))
            _ = try await parties.recruiter.call(Auth.Logout.self, .init(all: true))
            let rubricWord = try #require(created.questions.first?.rubric?.first?.point)
            return (parties.users, created.id, rubricWord)
        }
        try await withTestDaemon(directory: directory) { daemon in
            let alice = try await RPCClient.connect(socketPath: daemon.socketPath)
            defer { Task { await alice.close() } }
            _ = try await login(alice, users["alice"]!)
            let interview = try await alice.call(Interviews.Get.self, .init(interviewId: interviewId))
            #expect(interview.status == .assigned)
            for question in interview.questions {
                _ = try await alice.call(
                    Interviews.Answer.self, .init(interviewId: interviewId, questionId: question.id, text: "\(answerMarker) I would measure it."))
            }
            _ = try await alice.call(
                Interviews.Answer.self,
                .init(
                    interviewId: interviewId, questionId: "q1",
                    artifactsData: [ArtifactData(filename: "notes.txt", base64: Data(fileMarker.utf8).base64EncodedString())]))
            let submitted = try await alice.call(Interviews.Submit.self, .init(interviewId: interviewId))
            #expect(submitted.assessment != nil)
            // Nothing of the answers, the files or the rubrics lies in the clear under the data dir.
            #expect(try filesContaining([answerMarker, fileMarker, rubricWord], under: daemon.directory).isEmpty)
        }
        try await withTestDaemon(directory: directory) { daemon in
            let rita = try await RPCClient.connect(socketPath: daemon.socketPath)
            defer { Task { await rita.close() } }
            _ = try await login(rita, users["rita"]!)
            let received = try await rita.call(Interviews.Get.self, .init(interviewId: interviewId))
            #expect(received.status == .submitted)
            #expect(received.questions.first?.answer?.contains(answerMarker) == true)
            #expect(received.questions.first?.artifacts?.first?.filename == "notes.txt")
            #expect(received.assessment?.perQuestion.count == 3)
            _ = try await rita.call(Interviews.Review.self, .init(interviewId: interviewId, decision: .reject, notes: noteMarker))
            #expect(try filesContaining([answerMarker, fileMarker, noteMarker], under: daemon.directory).isEmpty)
        }
        try await withTestDaemon(directory: directory) { daemon in
            let alice = try await RPCClient.connect(socketPath: daemon.socketPath)
            defer { Task { await alice.close() } }
            _ = try await login(alice, users["alice"]!)
            #expect(try await alice.call(Interviews.Get.self, .init(interviewId: interviewId)).status == .reviewed)
            #expect(try await alice.call(Applications.Mine.self, .init()).applications.first?.status == .rejected)
        }
    }

    @Test func aCandidateWhoLeftGetsNoInterviewAndTheRecruiterKeepsNone() async throws {
        try await withTestDaemon { daemon in
            let parties = try await HiringParties.make(socketPath: daemon.socketPath)
            defer { Task { await parties.close() } }
            let (_, sent) = try await Self.applied(parties)
            _ = try await parties.alice.call(Auth.DeleteAccount.self, .init(password: parties.users["alice"]!.password))
            #expect(
                await errorCode { _ = try await parties.recruiter.call(Interviews.Create.self, .init(applicationId: sent.id)) }
                    == .recipientHasNoKey)
            #expect(try await parties.recruiter.call(Interviews.List.self, .init()).interviews.isEmpty)
        }
    }

    @Test func anInterviewPutsTheApplicationAtTheInterviewingStage() async throws {
        try await withTestDaemon { daemon in
            let parties = try await HiringParties.make(socketPath: daemon.socketPath)
            defer { Task { await parties.close() } }
            let posting = try await parties.recruiter.call(Postings.Publish.self, .init(title: "iOS Engineer", description: swiftAd))
            let resume = try await addResume(parties.alice, aliceResume, "alice.txt")
            let sent = try await parties.alice.call(Applications.Submit.self, .init(postingId: posting.id, resumeId: resume))
            _ = try await parties.recruiter.call(Interviews.Create.self, .init(applicationId: sent.id, count: 2))
            let moved = try await parties.recruiter.call(Applications.Get.self, .init(applicationId: sent.id))
            #expect(moved.status == .interviewing)
            // A skill the resume shows well is asked about when a topic names it.
            let onSwift = try await parties.recruiter.call(Interviews.Create.self, .init(applicationId: sent.id, count: 3, topics: ["swift"]))
            #expect(onSwift.questions.first?.topic == "Swift")
            #expect(onSwift.questions.first?.text.contains("several places") == true)
            #expect(moved.history.last?.note?.hasPrefix("interview I-") == true)
            #expect(try await parties.alice.call(Applications.Get.self, .init(applicationId: sent.id)).status == .interviewing)
        }
    }

    @Test func interviewsAreForOpenApplicationsOnly() async throws {
        try await withTestDaemon { daemon in
            let parties = try await HiringParties.make(socketPath: daemon.socketPath)
            defer { Task { await parties.close() } }
            let (_, sent) = try await Self.applied(parties)
            let interview = try await parties.recruiter.call(Interviews.Create.self, .init(applicationId: sent.id, count: 2))
            _ = try await parties.alice.call(Applications.Withdraw.self, .init(applicationId: sent.id))
            #expect(
                await errorCode { _ = try await parties.recruiter.call(Interviews.Create.self, .init(applicationId: sent.id)) }
                    == .applicationClosed)
            // An interview already out may still be answered and submitted; a review cannot move a withdrawn application.
            _ = try await parties.alice.call(Interviews.Answer.self, .init(interviewId: interview.id, questionId: "q1", text: "An answer."))
            _ = try await parties.alice.call(Interviews.Submit.self, .init(interviewId: interview.id))
            #expect(
                await errorCode { _ = try await parties.recruiter.call(Interviews.Review.self, .init(interviewId: interview.id, decision: .advance)) }
                    == .invalidTransition)
            #expect(
                try await parties.recruiter.call(Interviews.Review.self, .init(interviewId: interview.id, decision: .hold)).status == .reviewed)
        }
    }
}
