import HireCore

// The wire shows some domain values as they are: here they learn to describe themselves in
// `rpc.discover`, the man page and `hire help` (string enums list their cases; structs document
// their fields).

extension BoardColumn: SchemaStringEnum {}

extension FilterValues: SchemaProviding {
    public static var jsonSchema: JSONSchema {
        JSONSchema(.any, description: "A value, or a list of values (a row passes when it equals any of them).")
    }
    public static var schemaPlaceholder: FilterValues { FilterValues([]) }
}

extension Role: SchemaStringEnum {}
extension MatchPer: SchemaStringEnum {}
extension MatchRanking: SchemaStringEnum {}
extension RankingModelStatus: SchemaStringEnum {}

extension FeedbackLabel: SchemaProviding {
    /// A string for `hire` (which checks it against the list); JSON clients may send the grade as an integer.
    public static var jsonSchema: JSONSchema {
        JSONSchema(
            .string(enumValues: ["good", "bad", "0", "1", "2", "3"]),
            description: "good or bad, or a grade 0 (a bad fit) to 3 (an excellent one), as a string or an integer; good is 1.")
    }
    public static var schemaPlaceholder: FeedbackLabel { .good }
}
extension RunStatus: SchemaStringEnum {}

extension User: SchemaDocumented {
    public static let fieldDocs = [
        "id": "The user's id.", "username": "Login name.", "email": "Email address (also accepted as login).",
        "role": "recruiter or candidate.", "displayName": "Name shown to others.", "createdAt": "RFC 3339, UTC.",
    ]
}

extension SkillRequirements: SchemaDocumented {
    public static let fieldDocs = [
        "required": "Skills the job must have (from requirement sections, or the whole text when it has none).",
        "preferred": "Skills under \"nice to have\", \"preferred\", \"bonus\" and similar sections.",
    ]
}

extension JobProfile: SchemaDocumented {
    public static let fieldDocs = [
        "education": "none, high school, associate, bachelor, master or doctorate.",
        "seniority": "intern, junior, mid, senior, lead, principal, manager, director or executive.",
        "employmentType": "full-time, part-time, contract, contract-to-hire, temporary or internship.",
        "remote": "remote, hybrid or onsite.",
    ]
}

extension MatchExplanation: SchemaDocumented {
    public static let fieldDocs = [
        "matchedSkills": "The job's skills the resume has (required first).",
        "missingSkills": "The job's required skills the resume lacks.",
    ]
}

extension RemotePolicy: SchemaStringEnum {}
extension PostingOrder: SchemaStringEnum {}
extension ApplicationOrder: SchemaStringEnum {}
extension ApplicationStatus: SchemaStringEnum {}

extension StatusChange: SchemaDocumented {
    public static let fieldDocs = [
        "at": "RFC 3339, UTC.", "from": "The status before (none for the submission).", "to": "The status after.",
        "by": "The user id of who changed it.", "note": "The posting owner's note: shown to the owner only.",
    ]
}

extension InterviewStatus: SchemaStringEnum {}
extension ReviewDecision: SchemaStringEnum {}
extension QuestionKind: SchemaStringEnum {}

extension RubricPoint: SchemaDocumented {
    public static let fieldDocs = [
        "point": "What a good answer covers.", "cues": "Words that show it (any `minimum` of them; #number is any number).",
    ]
}

extension InterviewAssessment: SchemaDocumented {
    public static let fieldDocs = [
        "score": "The mean of the questions' scores, 0–5.", "summary": "A sentence a person can read.",
        "perQuestion": "Each question's score with what its answer covered and missed.",
    ]
}

extension QuestionScore: SchemaDocumented {
    public static let fieldDocs = ["score": "0–5."]
}

extension AnswerAssessment: SchemaDocumented {
    public static let fieldDocs = ["score": "0–5.", "evidence": "Sentences of the answer that covered points."]
}

extension InterviewReview: SchemaDocumented {
    public static let fieldDocs = ["decision": "advance, hold or reject.", "rating": "1–5.", "notes": "The owner's only."]
}
