import Foundation
import HireCore
import HireMatching

/// The questions providers are asked, each with the schema of its answer.
extension ModelTask where Answer == JobProfile {
    /// A job description → `job.profile`, the same schema as the builtin engine's (its
    /// `provider` member is set by the caller).
    static let jobProfile = ModelTask(
        name: "job_profile",
        instructions: """
            You read a job posting and extract its requirements. Use null or an empty list when the text does not say; \
            never guess. Skills are short names of technologies, tools or abilities ("Python", "Kubernetes", "SQL").
            """,
        schema: .object([
            ("skills", .object([("required", .array(.string(), maxItems: 40)), ("preferred", .array(.string(), maxItems: 40))])),
            ("minYears", .nullable(.number(minimum: 0, maximum: 60))),
            ("maxYears", .nullable(.number(minimum: 0, maximum: 60))),
            ("education", .nullable(.string(oneOf: ["none", "high school", "associate", "bachelor", "master", "doctorate"]))),
            (
                "seniority",
                .nullable(.string(oneOf: ["intern", "junior", "mid", "senior", "lead", "principal", "manager", "director", "executive"]))
            ),
            (
                "employmentType",
                .nullable(.string(oneOf: ["full-time", "part-time", "contract", "contract-to-hire", "temporary", "internship"]))
            ),
            ("remote", .nullable(.string(oneOf: ["remote", "hybrid", "onsite"]))),
            (
                "salary",
                .nullable(
                    .object([
                        // A billion a period is beyond any salary: a larger figure is a misreading.
                        ("min", .nullable(.number(minimum: 0, maximum: 1e9))), ("max", .nullable(.number(minimum: 0, maximum: 1e9))),
                        ("currency", .nullable(.string())),
                        ("period", .nullable(.string(oneOf: ["year", "month", "week", "day", "hour"]))),
                    ]))
            ),
            ("location", .nullable(.string())),
            ("titles", .array(.string(), maxItems: 10)),
            ("visaSponsorship", .nullable(.boolean)),
        ]),
        maxTokens: 600)
}

extension JobProfile {
    /// A provider's profile with its skills in the taxonomy's names (those it knows), so
    /// that matching compares like with like, and the provider named.
    func fromProvider(_ name: String) -> JobProfile {
        var profile = self
        let taxonomy = Taxonomy.builtin
        func canonical(_ skills: [String]) -> [String] {
            var seen: Set<String> = []
            return skills.map { taxonomy.canonical($0) ?? $0 }.filter { seen.insert($0.lowercased()).inserted }
        }
        profile.skills = skills.map { SkillRequirements(required: canonical($0.required), preferred: canonical($0.preferred)) }
        profile.provider = name
        return profile
    }
}

/// What a provider reads from a resume; contacts (name, email, phone) stay the builtin
/// engine's, read on this machine.
struct ResumeReading: Decodable, Sendable {
    var skills: [String]
    var titles: [String]
    var yearsExperience: Double?
    var education: String?
    var location: String?
    var needsSponsorship: Bool?
    var workPreference: String?

    /// `builtin` with what the provider read in place of the builtin's reading, skills in the
    /// taxonomy's names where it knows them.
    func merged(into builtin: ResumeProfile) -> ResumeProfile {
        var profile = builtin
        let taxonomy = Taxonomy.builtin
        var seen: Set<String> = []
        profile.skills = skills.map { taxonomy.canonical($0) ?? $0 }.filter { seen.insert($0.lowercased()).inserted }
        profile.titles = titles
        profile.yearsExperience = yearsExperience
        profile.education = education
        profile.location = location ?? builtin.location
        profile.needsSponsorship = needsSponsorship
        profile.workPreference = workPreference
        return profile
    }
}

extension ModelTask where Answer == ResumeReading {
    /// A resume → the parts of a resume profile a model reads.
    static let resumeProfile = ModelTask(
        name: "resume_profile",
        instructions: """
            You read a resume and extract facts about the candidate. Use null or an empty list when the text does not \
            say; never guess. Skills are short names of technologies, tools or abilities; titles are job titles held, \
            most recent first; yearsExperience is total years of professional work.
            """,
        schema: .object([
            ("skills", .array(.string(), maxItems: 60)),
            ("titles", .array(.string(), maxItems: 10)),
            ("yearsExperience", .nullable(.number(minimum: 0, maximum: 70))),
            ("education", .nullable(.string(oneOf: ["none", "high school", "associate", "bachelor", "master", "doctorate"]))),
            ("location", .nullable(.string())),
            ("needsSponsorship", .nullable(.boolean)),
            ("workPreference", .nullable(.string(oneOf: ["remote", "hybrid", "onsite"]))),
        ]),
        maxTokens: 600)
}

/// Interview questions a provider writes, each with the rubric the builtin grading reads.
struct DraftedQuestions: Decodable, Sendable {
    struct Question: Decodable, Sendable {
        struct Point: Decodable, Sendable {
            var point: String
            var cues: [String]
        }
        var kind: QuestionKind
        var text: String
        var topic: String
        var rubric: [Point]
    }
    var questions: [Question]

    /// The questions, numbered `q1`…, with their rubric points (any one cue covers a point).
    var interviewQuestions: [InterviewQuestion] {
        questions.enumerated().map { index, question in
            InterviewQuestion(
                id: "q\(index + 1)", kind: question.kind, text: question.text, topic: question.topic,
                rubric: question.rubric.map { RubricPoint(point: $0.point, cues: $0.cues, minimum: 1) })
        }
    }
}

extension ModelTask where Answer == DraftedQuestions {
    /// A posting and a resume → `count` interview questions with rubrics.
    static func interviewQuestions(count: Int) -> ModelTask {
        ModelTask(
            name: "interview_questions",
            instructions: """
                You are a recruiter writing \(count) interview questions for this candidate and job: questions on skills the \
                job needs (kind "skill"), on claims the resume makes (kind "claim"), and on situations from the job's duties \
                (kind "situational"). Ask first about the topics named, if any. Each question has a short topic and a rubric: \
                2 to 4 points a good answer covers, each with a few single words (cues) whose presence in an answer shows it.
                """,
            schema: .object([
                (
                    "questions",
                    .array(
                        .object([
                            ("kind", .string(oneOf: ["skill", "claim", "situational"])), ("text", .string()), ("topic", .string()),
                            ("rubric", .array(.object([("point", .string()), ("cues", .array(.string(), maxItems: 8))]), maxItems: 4)),
                        ]), minItems: 1, maxItems: count)
                )
            ]),
            maxTokens: 250 * count)
    }
}

/// A provider's grade of one answer against its question's rubric.
struct AnswerGrade: Decodable, Sendable {
    var score: Int
    var covered: [String]
    var evidence: [String]

    /// As the builtin engine's assessment holds it: the points not covered are the missed
    /// ones, and evidence is kept only where it quotes `answer` (a model may paraphrase).
    func assessment(of question: InterviewQuestion, answer: String, provider: String) -> AnswerAssessment {
        let points = question.rubric.map(\.point)
        let covered = points.filter(self.covered.contains)
        let evidence = self.evidence.filter { !$0.isEmpty && answer.localizedCaseInsensitiveContains($0) }
        return AnswerAssessment(
            score: score, covered: covered, missed: points.filter { !covered.contains($0) }, evidence: evidence, gradedBy: provider)
    }
}

extension ModelTask where Answer == AnswerGrade {
    /// An interview answer → its score 0–5 against the rubric `points`, the points it covers and
    /// the sentences that show them.
    static func answerGrade(points: [String]) -> ModelTask {
        ModelTask(
            name: "answer_grade",
            instructions: """
                You grade a candidate's answer to an interview question against its rubric. A point is covered only when \
                the answer shows it, not when it merely names it. Score 0 (nothing covered) to 5 (every point covered \
                with concrete detail). covered lists the rubric points covered, exactly as written; evidence quotes the \
                answer's own sentences that show them, word for word.
                """,
            schema: .object([
                ("score", .integer(minimum: 0, maximum: 5)),
                ("covered", .array(.string(oneOf: points), maxItems: points.count)),
                ("evidence", .array(.string(), maxItems: 4)),
            ]),
            maxTokens: 300)
    }
}
