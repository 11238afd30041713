/// One check of a match, stated so a person can read why it passed or failed.
public struct MatchCheck: Codable, Sendable, Equatable {
    /// `years`, `location`, `remote`, `visa`, `salary`, `education`, `title`.
    public var name: String
    /// True passed, false failed, null when the data does not tell.
    public var passed: Bool?
    public var detail: String
    public init(name: String, passed: Bool?, detail: String) {
        self.name = name
        self.passed = passed
        self.detail = detail
    }

    private enum CodingKeys: String, CodingKey { case name, passed, detail }

    /// `passed` is always present: null says "unknown", which a reader should see.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(passed, forKey: .passed)
        try container.encode(detail, forKey: .detail)
    }
}

/// Why a resume and a job match as well as they do.
public struct MatchExplanation: Codable, Sendable, Equatable {
    public var matchedSkills: [String]
    public var missingSkills: [String]
    /// BM25 relevance of the texts, scaled to 0…1 within the run.
    public var textSimilarity: Double
    /// Share of the job's skills the resume has, required ones weighing double, 0…1.
    public var skillCoverage: Double
    public var checks: [MatchCheck]
    /// Skills the job prefers that the resume has.
    public var matchedPreferred: [String]?
    /// How much of the job's title the resume's titles cover (IDF-weighted), 0…1; nil when
    /// either side has no title.
    public var titleSimilarity: Double?
    /// What ordered the match: ``MatchRanking/default`` (the engine's score) or
    /// ``MatchRanking/learned`` (weights learned from the user's own feedback).
    public var ranking: MatchRanking?
    /// When the ranking was learned: the engine's own score of the pair (0…100), which the
    /// learned weights re-scored.
    public var defaultScore: Double?
    /// When the ranking was learned: the pair's rank by the engine's own score.
    public var defaultRank: Int?
    /// When the ranking was learned: a sentence saying so, for a person.
    public var rankingNote: String?
    /// When a provider re-ranked the match: its one-paragraph rationale.
    public var rationale: String?
    public init(
        matchedSkills: [String], missingSkills: [String], textSimilarity: Double, skillCoverage: Double, checks: [MatchCheck],
        matchedPreferred: [String]? = nil, titleSimilarity: Double? = nil
    ) {
        self.matchedSkills = matchedSkills
        self.missingSkills = missingSkills
        self.textSimilarity = textSimilarity
        self.skillCoverage = skillCoverage
        self.checks = checks
        self.matchedPreferred = matchedPreferred
        self.titleSimilarity = titleSimilarity
    }
}

/// What ordered a run's matches.
public enum MatchRanking: String, Codable, Sendable, CaseIterable {
    /// The engine's builtin score.
    case `default`
    /// The engine's best candidates re-scored by weights learned from the user's feedback
    /// (`match.feedback`), used because they beat the default on held-out feedback.
    case learned
    /// The engine's best candidates re-ordered by an LLM provider (`match.run {provider}`),
    /// each with its rationale.
    case provider
}
