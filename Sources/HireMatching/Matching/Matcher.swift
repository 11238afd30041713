import Foundation
import HireCore

/// How much each part of the score weighs (see docs/matching.md). The builtin weights give the
/// text relevance alone (BM25 over words and canonical skill terms): on labelled data the fixed
/// weights of the other parts helped only where the labels were made from them (a synthetic
/// set graded by title) and hurt on human-labelled resumes, so they break ties instead, and
/// learn their weight from a recruiter's own feedback. Other weights exist for evaluation
/// (``EvaluationWeights``); a part that cannot be known for a pair (a job without skills, a
/// resume without titles, no check with data) then drops out and the others share its weight.
public struct MatchWeights: Sendable, Equatable {
    /// BM25 text relevance, scaled to 0…1 within the query's candidates.
    public var text: Double
    /// Skill coverage: required skills weigh double, preferred once.
    public var skills: Double
    /// How much of the job's title the resume's titles cover.
    public var title: Double
    /// The share of known checks passed.
    public var checks: Double

    /// Weights as given; they need not sum to 1 (scores are divided by the known parts' sum).
    public init(text: Double = 1, skills: Double = 0, title: Double = 0, checks: Double = 0) {
        self.text = text
        self.skills = skills
        self.title = title
        self.checks = checks
    }

    /// The builtin weights.
    public static let standard = MatchWeights()
}

/// One ranked candidate: its id, its score (0…100, to a tenth) and why.
public struct ScoredMatch: Sendable, Equatable {
    /// The candidate's id (a job's or a resume's).
    public var id: String
    /// 0…100, rounded to a tenth.
    public var score: Double
    /// Skills matched and missing, the parts of the score, and the checks.
    public var explanation: MatchExplanation
    /// A result as given.
    public init(id: String, score: Double, explanation: MatchExplanation) {
        self.id = id
        self.score = score
        self.explanation = explanation
    }
}

/// Ranks jobs for resumes and resumes for jobs. Every candidate with any signal (a shared
/// term, skill or title word) is scored, so rankings are exact; equal scores (to the tenth
/// shown) are ordered by their evidence (checks passed less failed, title and skill coverage),
/// then by id, and the same data always gives the same ranking.
public struct Matcher: Sendable {
    /// The weights of the score's parts.
    public var weights: MatchWeights
    /// BM25 parameters: term-frequency saturation, length normalisation, and the saturation of
    /// a term repeated in the query (long queries: a word said ten times is not ten times the evidence).
    public var k1 = 1.2
    public var b = 0.75
    public var queryK3 = 2.0

    /// Checks a match must not fail (an unknown one passes): the filters a user asks for.
    public var required: MatchRequirements

    /// A matcher with these weights (the builtin ones by default) and filters (none by default).
    public init(weights: MatchWeights = .standard, required: MatchRequirements = []) {
        self.weights = weights
        self.required = required
    }

    /// The best `topK` jobs for a resume, among the `allowed` ids (all when nil).
    public func bestJobs(
        for resume: MatchDocument<ResumeProfile>, among jobs: JobCorpus, allowed: Set<String>? = nil, topK: Int = 10
    ) -> [ScoredMatch] {
        bestJobs(for: [resume], among: jobs, allowed: allowed, topK: topK)[0]
    }

    /// The best jobs for each resume, sharing the work that does not depend on the resume.
    public func bestJobs(
        for resumes: [MatchDocument<ResumeProfile>], among jobs: JobCorpus, allowed: Set<String>? = nil, topK: Int = 10
    ) -> [[ScoredMatch]] {
        var run = MatchRun(matcher: self, corpus: jobs, allowed: allowed, candidatesAreJobs: true)
        return resumes.map { run.search($0.terms, $0.profile.matchFeatures, topK: topK) }
    }

    /// The best `topK` resumes for a job, among the `allowed` ids (all when nil).
    public func bestResumes(
        for job: MatchDocument<JobProfile>, among resumes: ResumeCorpus, allowed: Set<String>? = nil, topK: Int = 10
    ) -> [ScoredMatch] {
        bestResumes(for: [job], among: resumes, allowed: allowed, topK: topK)[0]
    }

    /// The best resumes for each job, sharing the work that does not depend on the job.
    public func bestResumes(
        for jobs: [MatchDocument<JobProfile>], among resumes: ResumeCorpus, allowed: Set<String>? = nil, topK: Int = 10
    ) -> [[ScoredMatch]] {
        var run = MatchRun(matcher: self, corpus: resumes, allowed: allowed, candidatesAreJobs: false)
        return jobs.map { run.search($0.terms, $0.profile.matchFeatures, topK: topK) }
    }
}

/// The checks a user may require of every match (`match.run {require}`): a candidate that
/// fails one is left out; one whose data does not tell is kept (unknown never counts against).
public struct MatchRequirements: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let years = MatchRequirements(rawValue: 1 << 0)
    public static let location = MatchRequirements(rawValue: 1 << 1)
    public static let visa = MatchRequirements(rawValue: 1 << 2)
    public static let salary = MatchRequirements(rawValue: 1 << 3)
    public static let education = MatchRequirements(rawValue: 1 << 4)

    /// The requirement each check's name (as in explanations) stands for.
    public static let byName: [String: MatchRequirements] = [
        "years": .years, "location": .location, "visa": .visa, "salary": .salary, "education": .education,
    ]
}
