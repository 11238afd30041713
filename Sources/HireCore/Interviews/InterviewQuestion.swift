/// What a question asks about: a skill the job needs that the resume lacks or barely shows, a
/// claim of the resume worth checking, a situation from the job's duties, or a follow-up to an
/// answer that missed most of its rubric.
public enum QuestionKind: String, Codable, Sendable, CaseIterable {
    case skill, claim, situational, followUp
}

/// One point a good answer covers, and the words that show it is covered: any `minimum` of
/// them (words are compared as the matcher reads them: stemmed, with skill aliases, so "k8s"
/// shows "Kubernetes"). The cue `#number` is any number in the answer.
public struct RubricPoint: Codable, Sendable, Equatable {
    public var point: String
    public var cues: [String]
    public var minimum: Int

    public init(point: String, cues: [String], minimum: Int = 1) {
        self.point = point
        self.cues = cues
        self.minimum = minimum
    }
}

/// An interview question with its rubric (the recruiter's only: never sent to a candidate).
public struct InterviewQuestion: Codable, Sendable, Equatable {
    public var id: String
    public var kind: QuestionKind
    public var text: String
    /// The skill, claim or duty it is about.
    public var topic: String
    public var rubric: [RubricPoint]
    /// The question a follow-up follows.
    public var parentId: String?

    public init(id: String, kind: QuestionKind, text: String, topic: String, rubric: [RubricPoint], parentId: String? = nil) {
        self.id = id
        self.kind = kind
        self.text = text
        self.topic = topic
        self.rubric = rubric
        self.parentId = parentId
    }
}

/// One answer against its question's rubric: a score 0–5, the points covered and missed, and
/// the sentences of the answer that showed the covered ones.
public struct AnswerAssessment: Codable, Sendable, Equatable {
    public var score: Int
    public var covered: [String]
    public var missed: [String]
    public var evidence: [String]
    /// The LLM provider that graded the answer; nil when the builtin engine did.
    public var gradedBy: String?

    public init(score: Int, covered: [String], missed: [String], evidence: [String], gradedBy: String? = nil) {
        self.score = score
        self.covered = covered
        self.missed = missed
        self.evidence = evidence
        self.gradedBy = gradedBy
    }
}

/// A question's final score (its answer and its follow-up's together).
public struct QuestionScore: Codable, Sendable, Equatable {
    public var questionId: String
    public var topic: String
    public var score: Int
    public var assessment: AnswerAssessment

    public init(questionId: String, topic: String, score: Int, assessment: AnswerAssessment) {
        self.questionId = questionId
        self.topic = topic
        self.score = score
        self.assessment = assessment
    }
}

/// A submitted interview's assessment: the mean score 0–5, a summary a recruiter can read, and
/// each question's score.
public struct InterviewAssessment: Codable, Sendable, Equatable {
    public var score: Double
    public var summary: String
    public var perQuestion: [QuestionScore]
    /// With a provider: the run that records its grading (usage, and the answers that fell back
    /// to the builtin engine and why).
    public var gradingRunId: String?

    public init(score: Double, summary: String, perQuestion: [QuestionScore]) {
        self.score = score
        self.summary = summary
        self.perQuestion = perQuestion
    }
}
