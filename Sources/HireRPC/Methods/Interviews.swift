import HireCore

/// A file attached to an answer, as the wire shows it.
public struct ArtifactView: Codable, Sendable, Equatable, SchemaDocumented {
    public var id: String
    public var filename: String
    public var bytes: Int
    public init(id: String, filename: String, bytes: Int) {
        self.id = id
        self.filename = filename
        self.bytes = bytes
    }
    public static let fieldDocs = ["id": "Fetch it with interviews.artifact.", "filename": "Its name.", "bytes": "Its size."]
}

/// The follow-up an answer brought: a question for what the answer left out.
public struct FollowUpView: Codable, Sendable, Equatable, SchemaDocumented {
    public var id: String
    public var kind: QuestionKind
    public var text: String
    public var topic: String
    public var parentId: String
    public init(id: String, kind: QuestionKind, text: String, topic: String, parentId: String) {
        self.id = id
        self.kind = kind
        self.text = text
        self.topic = topic
        self.parentId = parentId
    }
    public static let fieldDocs = ["parentId": "The question it follows.", "id": "Answer it with interviews.answer like any question."]
}

/// An interview question as the wire shows it: the rubric to the owner only; the score and
/// what the answer covered once the interview is submitted.
public struct InterviewQuestionView: Codable, Sendable, Equatable, SchemaDocumented {
    public var id: String
    public var kind: QuestionKind
    public var text: String
    /// The skill, claim or duty it is about.
    public var topic: String
    public var parentId: String?
    public var rubric: [RubricPoint]?
    public var answer: String?
    public var artifacts: [ArtifactView]?
    public var score: Int?
    public var covered: [String]?
    public var missed: [String]?
    public var evidence: [String]?
    /// `interviews.answer`: the follow-up this answer brought, if any.
    public var followUp: FollowUpView?

    public init(
        id: String, kind: QuestionKind, text: String, topic: String, parentId: String? = nil, rubric: [RubricPoint]? = nil,
        answer: String? = nil, artifacts: [ArtifactView]? = nil, score: Int? = nil, covered: [String]? = nil,
        missed: [String]? = nil, evidence: [String]? = nil, followUp: FollowUpView? = nil
    ) {
        self.id = id
        self.kind = kind
        self.text = text
        self.topic = topic
        self.parentId = parentId
        self.rubric = rubric
        self.answer = answer
        self.artifacts = artifacts
        self.score = score
        self.covered = covered
        self.missed = missed
        self.evidence = evidence
        self.followUp = followUp
    }

    public static let fieldDocs = [
        "kind": "skill, claim, situational or followUp.", "rubric": "The points a good answer covers (the owner's view only).",
        "score": "0–5, once submitted (a question's score counts its follow-up's answer too).",
        "covered": "Rubric points the answer covered.", "missed": "Rubric points it missed.",
        "evidence": "Sentences of the answer that covered them.", "parentId": "For a follow-up: the question it follows.",
    ]
}

/// An interview as the wire shows it.
public struct InterviewView: Codable, Sendable, Equatable, SchemaDocumented {
    public var id: String
    public var applicationId: String
    public var postingId: String
    public var posting: ApplicationView.PostingSummary
    public var candidate: MemberView
    public var status: InterviewStatus
    public var questions: [InterviewQuestionView]
    public var assessment: InterviewAssessment?
    /// The owner's only.
    public var review: InterviewReview?
    public var createdAt: String
    public var updatedAt: String
    public var submittedAt: String?

    public init(
        id: String, applicationId: String, postingId: String, posting: ApplicationView.PostingSummary, candidate: MemberView,
        status: InterviewStatus, questions: [InterviewQuestionView], assessment: InterviewAssessment?, review: InterviewReview?,
        createdAt: String, updatedAt: String, submittedAt: String?
    ) {
        self.id = id
        self.applicationId = applicationId
        self.postingId = postingId
        self.posting = posting
        self.candidate = candidate
        self.status = status
        self.questions = questions
        self.assessment = assessment
        self.review = review
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.submittedAt = submittedAt
    }

    public static let fieldDocs = [
        "status": "assigned, in_progress, submitted or reviewed.",
        "assessment": "Once submitted: {score 0–5, summary, perQuestion (each with gradedBy: the provider that graded it, absent for the builtin engine), gradingRunId (the run that records a provider's grading)}.", "review": "The owner's review: {decision, rating, notes, at, by}.",
    ]
}

/// An artifact handed back: written to `path`, or its content in the reply.
public struct ArtifactFile: Codable, Sendable, Equatable, SchemaDocumented {
    public var filename: String
    public var mediaType: String
    public var bytes: Int
    public var sha256: String
    public var path: String?
    public var base64: String?
    public init(filename: String, mediaType: String, bytes: Int, sha256: String, path: String?, base64: String?) {
        self.filename = filename
        self.mediaType = mediaType
        self.bytes = bytes
        self.sha256 = sha256
        self.path = path
        self.base64 = base64
    }
    public static let fieldDocs = [
        "path": "Where it was written (with path).", "base64": "The content, base64 (without path).", "sha256": "SHA-256 of its content, hex.",
    ]
}

/// An artifact sent in the call itself.
public struct ArtifactData: Codable, Sendable, Equatable, SchemaDocumented {
    public var filename: String
    public var base64: String
    public init(filename: String, base64: String) {
        self.filename = filename
        self.base64 = base64
    }
    public static let fieldDocs = ["filename": "Its name.", "base64": "Its content, base64."]
}

/// Interviews: questions written from a posting and an application's resume, answered by the
/// candidate, assessed against rubrics and reviewed by the posting's recruiter.
public enum Interviews {
    public enum Create: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "interviews.create", summary: "Write an interview for an application to your posting and send it to the candidate.",
            details: "The builtin engine writes the questions from the posting's profile and the resume: required skills the resume lacks or barely shows, claims worth checking, situations from the job's duties; each with a rubric the candidate never sees. The same inputs give the same questions.",
            access: .role(.recruiter), readOnly: false,
            errors: [.applicationNotFound, .applicationClosed, .postingNotFound, .unknownProvider, .recipientHasNoKey],
            positionals: ["applicationId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var applicationId: String
            public var count: Int?
            public var topics: [String]?
            public var provider: String?
            public init(applicationId: String, count: Int? = nil, topics: [String]? = nil, provider: String? = nil) {
                self.applicationId = applicationId
                self.count = count
                self.topics = topics
                self.provider = provider
            }
            public static let fieldDocs = [
                "applicationId": "An application to one of your postings.", "count": "How many questions, 1–20 (default 8).",
                "topics": "Ask about these first: skills, \"years\", \"title\", or words of a duty.",
                "provider": "The engine that writes and grades the questions (default builtin).",
            ]
        }
        public typealias Result = InterviewView
        public static let example = Params(applicationId: "A-7d1e", count: 6, topics: ["kubernetes"])
    }

    public enum List: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "interviews.list", summary: "List your interviews: those you created, or those you were sent.", access: .session,
            readOnly: true, positionals: ["applicationId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var applicationId: String?
            public var status: InterviewStatus?
            public init(applicationId: String? = nil, status: InterviewStatus? = nil) {
                self.applicationId = applicationId
                self.status = status
            }
            public static let fieldDocs = ["applicationId": "Only this application's.", "status": "Only interviews in this status."]
        }
        public struct Result: Codable, Sendable {
            public var interviews: [InterviewView]
            public init(interviews: [InterviewView]) { self.interviews = interviews }
        }
        public static let example = Params(status: .submitted)
    }

    public enum Get: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "interviews.get", summary: "Fetch one interview: questions, answers and, once submitted, the assessment.",
            access: .session, readOnly: true, errors: [.interviewNotFound], positionals: ["interviewId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var interviewId: String
            public init(interviewId: String) { self.interviewId = interviewId }
            public static let fieldDocs = ["interviewId": "The interview's id."]
        }
        public typealias Result = InterviewView
        public static let example = Params(interviewId: "I-5c8b2a")
    }

    public enum Answer: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "interviews.answer", summary: "Answer one question of your interview (again to change it) until you submit.",
            details: "An answer that misses most of what the question looks for brings one follow-up question (returned as followUp), to answer before submitting. Files attach to the answer: paths the daemon can read, or their content in artifactsData. With hire, 'hire interviews answer INTERVIEW' asks every question in turn at the terminal, and 'hire interviews answer INTERVIEW --from FILE' reads the answers from a file in which a line '## q1' starts the answer to q1 (- reads standard input).",
            access: .role(.candidate), readOnly: false, errors: [.interviewNotFound, .interviewClosed, .questionNotFound],
            positionals: ["interviewId", "questionId"], flagAliases: [FlagAlias("artifact", param: "artifacts")])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var interviewId: String
            public var questionId: String
            public var text: String?
            public var artifacts: [String]?
            public var artifactsData: [ArtifactData]?
            public var removeArtifacts: [String]?
            public init(
                interviewId: String, questionId: String, text: String? = nil, artifacts: [String]? = nil, artifactsData: [ArtifactData]? = nil,
                removeArtifacts: [String]? = nil
            ) {
                self.interviewId = interviewId
                self.questionId = questionId
                self.text = text
                self.artifacts = artifacts
                self.artifactsData = artifactsData
                self.removeArtifacts = removeArtifacts
            }
            public static let fieldDocs = [
                "interviewId": "One of your interviews.", "questionId": "The question (q1, q2, … or a follow-up's id).",
                "text": "Your answer; replaces an earlier one.", "artifacts": "Files to attach (absolute paths the daemon can read).",
                "artifactsData": "Files to attach, sent in the call: [{filename, base64}].",
                "removeArtifacts": "Ids of files attached to this answer to take off it (before submitting).",
            ]
        }
        public typealias Result = InterviewQuestionView
        public static let example = Params(interviewId: "I-5c8b2a", questionId: "q1", text: "I ran our Kubernetes clusters for three years…")
    }

    public enum Submit: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "interviews.submit", summary: "Submit your answers: they are assessed and sent to the recruiter.",
            details: "After this no answer can change. Unanswered questions score 0.", access: .role(.candidate), readOnly: false,
            errors: [.interviewNotFound, .interviewClosed, .nothingAnswered, .recipientHasNoKey], positionals: ["interviewId"],
            confirmation: Confirmation(
                question: "Submitting sends your answers to the recruiter; they cannot be changed afterwards. Type 'submit' to confirm: ",
                answer: "submit", declined: "not submitted", unanswered: "submitting an interview needs confirmation"))
        public typealias Params = Get.Params
        public typealias Result = InterviewView
        public static let example = Params(interviewId: "I-5c8b2a")
    }

    public enum Review: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "interviews.review", summary: "Review a submitted interview; the application's status follows the decision.",
            details: "advance moves the application to the next stage of the pipeline, reject rejects it, hold leaves it. The candidate is told the interview was reviewed and any new status, never the rating or notes.",
            access: .role(.recruiter), readOnly: false,
            errors: [.interviewNotFound, .interviewNotReviewable, .invalidTransition, .applicationNotFound], positionals: ["interviewId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var interviewId: String
            public var decision: ReviewDecision
            public var rating: Int?
            public var notes: String?
            public init(interviewId: String, decision: ReviewDecision, rating: Int? = nil, notes: String? = nil) {
                self.interviewId = interviewId
                self.decision = decision
                self.rating = rating
                self.notes = notes
            }
            public static let fieldDocs = [
                "interviewId": "An interview you created, submitted.", "decision": "advance, hold or reject.", "rating": "1–5.",
                "notes": "Yours only: never sent to the candidate.",
            ]
        }
        public typealias Result = InterviewView
        public static let example = Params(interviewId: "I-5c8b2a", decision: .advance, rating: 4, notes: "Solid on Kubernetes")
    }

    public enum Artifact: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "interviews.artifact", summary: "Fetch a file attached to an answer.", access: .session, readOnly: true,
            errors: [.interviewNotFound, .artifactNotFound, .originalDamaged], positionals: ["interviewId", "artifactId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var interviewId: String
            public var artifactId: String
            public var path: String?
            public var overwrite: Bool?
            public init(interviewId: String, artifactId: String, path: String? = nil, overwrite: Bool? = nil) {
                self.interviewId = interviewId
                self.artifactId = artifactId
                self.path = path
                self.overwrite = overwrite
            }
            public static let fieldDocs = [
                "interviewId": "The interview.", "artifactId": "The artifact's id (in the question's artifacts).",
                "path": "Write it here (absolute path); else its content is returned.", "overwrite": "Replace an existing file at path.",
            ]
        }
        public typealias Result = ArtifactFile
        public static let example = Params(interviewId: "I-5c8b2a", artifactId: "F-1", path: "/home/dana/solution.swift")
    }
}
