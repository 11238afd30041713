import Foundation
import HireCore
@testable import HireMatching
import Testing

/// The builtin interview engine on labelled fixtures: questions that follow the job and the
/// resume, and answers scored against their rubrics (strong above weak, follow-ups only for
/// answers that missed most of their rubric).
@Suite struct InterviewEngineTests {
    static let backendAd = """
        Senior Backend Engineer

        Responsibilities
        - Design and operate Go services that process payments at scale
        - Run PostgreSQL migrations without downtime
        - Take part in the on-call rotation and lead incident reviews

        Requirements
        - 5+ years of backend development
        - Go, PostgreSQL, Kubernetes
        """
    static let backendResume = """
        Ana Ruiz
        Backend Engineer
        Experience
        Backend Engineer, Copper Pay, Jan 2019 - Present
        Built Go services for card payments; PostgreSQL for the ledger. Go code reviews, Go tooling.
        Skills: Go, Docker, AWS
        """

    static func inputs(_ ad: String, position: String, resume: String) -> InterviewEngine.Inputs {
        var row = Job(jobId: "J-1")
        row.position = position
        return InterviewEngine.Inputs(
            position: position, description: ad, job: JobProfiler.profile(description: ad, job: row), resumeText: resume,
            resume: ResumeProfiler.profile(text: resume, now: Fixtures.now))
    }

    @Test func questionsFollowTheGapsClaimsAndDuties() throws {
        let questions = InterviewEngine.questions(for: Self.inputs(Self.backendAd, position: "Senior Backend Engineer", resume: Self.backendResume))
        #expect(questions.count == 8)
        #expect(questions.map(\.id) == (1...8).map { "q\($0)" })
        #expect(Set(questions.map(\.kind)) == [.skill, .claim, .situational])
        // Kubernetes is required and absent; PostgreSQL is named once; Go often (no skill question).
        let skills = questions.filter { $0.kind == .skill }.map(\.topic)
        #expect(skills.first == "Kubernetes")
        #expect(skills.contains("PostgreSQL"))
        #expect(!skills.contains("Go"))
        #expect(questions.contains { $0.kind == .claim && $0.topic == "years" && $0.text.contains("5+") })
        let duties = questions.filter { $0.kind == .situational }.map(\.topic)
        #expect(duties.first == "Design and operate Go services that process payments at scale")
        #expect(questions.allSatisfy { !$0.rubric.isEmpty })
        // The same inputs, the same questions; topics come first.
        #expect(InterviewEngine.questions(for: Self.inputs(Self.backendAd, position: "Senior Backend Engineer", resume: Self.backendResume)) == questions)
        let onCall = InterviewEngine.questions(
            for: Self.inputs(Self.backendAd, position: "Senior Backend Engineer", resume: Self.backendResume), count: 3, topics: ["on-call"])
        #expect(onCall.count == 3)
        #expect(onCall.first?.topic.contains("on-call") == true)
        // A topic takes the place of a question of its own kind, else of the commonest: the mix keeps its kinds.
        #expect(Set(onCall.map(\.kind)) == [.situational, .skill, .claim])
    }

    @Test func aStrongAnswerScoresAboveAWeakOneAndOnlyTheWeakGetsAFollowUp() throws {
        let questions = InterviewEngine.questions(for: Self.inputs(Self.backendAd, position: "Senior Backend Engineer", resume: Self.backendResume))
        let kubernetes = try #require(questions.first { $0.topic == "Kubernetes" })
        let strong = """
            At Copper Pay I moved our Go payment services from plain EC2 hosts to k8s. I designed the Helm charts and \
            decided on one namespace per team because it kept quotas simple. The hard problem was connection storms to \
            PostgreSQL on rollouts; I solved it with PgBouncer and readiness probes. Deploys went from 40 minutes to 6. \
            Where I lacked depth I read the documentation and paired with our SRE for a month.
            """
        let weak = "I have heard of it and I am a fast learner."
        let good = InterviewEngine.assess(strong, against: kubernetes)
        let poor = InterviewEngine.assess(weak, against: kubernetes)
        #expect(good.score >= 4)
        #expect(poor.score <= 1)
        #expect(good.covered.count > poor.covered.count)
        #expect(good.evidence.allSatisfy { strong.contains($0) })
        #expect(!good.evidence.isEmpty)
        #expect(InterviewEngine.followUp(to: kubernetes, after: good) == nil)
        let followUp = try #require(InterviewEngine.followUp(to: kubernetes, after: poor))
        #expect(followUp.kind == .followUp && followUp.parentId == kubernetes.id)
        #expect(followUp.rubric.map(\.point) == poor.missed)
        // It asks, in the candidate's terms, for what was missing; it does not recite the rubric.
        #expect(followUp.text.contains("In particular, "))
        #expect(poor.missed.allSatisfy { !followUp.text.contains($0) })
        #expect(InterviewEngine.asked("Says where they used Kubernetes or the closest tool they know")
            == "say where you used Kubernetes or the closest tool you know")
        #expect(InterviewEngine.asked("Explains what they did themselves and why") == "explain what you did yourself and why")
        #expect(InterviewEngine.asked("Addresses the duty itself") == "address the duty itself")
        // Evidence quotes whole sentences, across the line breaks of a wrapped answer.
        let wrapped = InterviewEngine.assess(
            "At Copper Pay I moved our Go payment services to Kubernetes, and I chose the\nHelm charts myself because they kept quotas simple.",
            against: kubernetes)
        #expect(wrapped.evidence.contains { $0.hasSuffix("Helm charts myself because they kept quotas simple.") })
        // At most one follow-up per question.
        #expect(InterviewEngine.followUp(to: followUp, after: InterviewEngine.assess("", against: followUp)) == nil)
        // An empty answer scores 0 and misses everything.
        let empty = InterviewEngine.assess("  ", against: kubernetes)
        #expect(empty.score == 0 && empty.missed.count == kubernetes.rubric.count)
    }

    @Test func aFollowUpAnswerCountsTowardsItsQuestion() throws {
        let questions = InterviewEngine.questions(for: Self.inputs(Self.backendAd, position: "Senior Backend Engineer", resume: Self.backendResume))
        let first = questions[0]
        let poor = InterviewEngine.assess("Not much to say here, honestly, it is new to me.", against: first)
        let followUp = try #require(InterviewEngine.followUp(to: first, after: poor))
        let withoutFollowUp = InterviewEngine.assessment(of: questions, answers: [first.id: "Not much to say here, honestly, it is new to me."])
        let withFollowUp = InterviewEngine.assessment(
            of: questions + [followUp],
            answers: [
                first.id: "Not much to say here, honestly, it is new to me.",
                followUp.id: "The closest I used is Docker Swarm: I built our deploy pipeline because we needed rollbacks, and the hard bug was a DNS issue I solved with health checks. I would take the official course and read the documentation.",
            ])
        let before = try #require(withoutFollowUp.perQuestion.first { $0.questionId == first.id })
        let after = try #require(withFollowUp.perQuestion.first { $0.questionId == first.id })
        #expect(after.score > before.score)
        #expect(withFollowUp.perQuestion.count == questions.count)
        #expect(withFollowUp.score > withoutFollowUp.score)
        #expect(withoutFollowUp.summary.contains("Weak or unanswered"))
    }

    /// Not only software: a nurse's interview asks about the unit's needs and scores a
    /// concrete answer above a vague one.
    @Test func aNursingInterviewWorksTheSameWay() throws {
        let ad = """
            Registered Nurse, ICU

            What you'll do
            - Monitor critically ill patients and titrate vasoactive drips
            - Educate families on care plans and discharge

            Requirements
            - BLS and ACLS certification, 2+ years of ICU experience, Epic charting
            """
        let resume = """
            Maria Gomez, RN
            Registered Nurse
            Experience
            Registered Nurse, St. Mary Hospital, 2020 - Present
            Med-surg unit, 5 patients per shift, Epic charting, BLS.
            """
        let inputs = Self.inputs(ad, position: "Registered Nurse, ICU", resume: resume)
        let questions = InterviewEngine.questions(for: inputs, count: 6)
        #expect(questions.count == 6)
        #expect(questions.contains { $0.kind == .skill && $0.topic == "Advanced Cardiac Life Support" })
        let situation = try #require(questions.first { $0.kind == .situational })
        #expect(situation.topic.contains("vasoactive"))
        let concrete = """
            When I floated to the ICU at St. Mary, a septic patient on norepinephrine dropped to a MAP of 58. \
            First I checked the line and the pump, then I titrated the drip by 2 mcg per protocol and called the intensivist. \
            Within 20 minutes the MAP was back above 65 and the family understood the plan because I walked them through it.
            """
        let vague = "I would follow the protocol and ask for help."
        #expect(InterviewEngine.assess(concrete, against: situation).score > InterviewEngine.assess(vague, against: situation).score)
    }
}
