import Foundation
import HireCore
import HireMatching
import Synchronization

/// The second stage of `match.run` when a user's feedback taught a ranking that beats the
/// default: the engine's best candidates per query are re-scored by the learned weights and
/// cut to `topK`. Also keeps each user's model in step with their labels.
///
/// A model is fitted lazily, when `match.run` or `match.model` finds that the labels changed
/// since the stored model was decided (or reset): labelling many pairs costs one fit.
final class LearnedRanking: Sendable {
    /// How many of the engine's best candidates per query the learned weights re-score (at
    /// least `topK`): a candidate the default ranks below this cannot be brought up.
    static let depth = 100

    private let users = Mutex<[String: UserModel]>([:])
    private let clock: any Clock

    init(clock: any Clock) { self.clock = clock }

    private func model(userId: String) -> UserModel {
        users.withLock { users in
            if let existing = users[userId] { return existing }
            let made = UserModel(clock: clock)
            users[userId] = made
            return made
        }
    }

    /// Drops a user's state (their vault was locked or deleted).
    func forget(userId: String) {
        _ = users.withLock { $0.removeValue(forKey: userId) }
    }

    /// The user's model as it stands for their labels now (fitted first if they changed); nil
    /// when they have given none.
    func current(vault: some FeedbackStore, userId: String) async throws -> RankingModel? {
        try await model(userId: userId).current(vault: vault)
    }

    /// Deletes the user's model (and their labels too when `forgetLabels`); returns how many
    /// labels went.
    func reset(vault: some FeedbackStore, userId: String, forgetLabels: Bool) async throws -> Int {
        try await model(userId: userId).reset(vault: vault, forgetLabels: forgetLabels)
    }

    /// The matches of each query (consecutive entries sharing the query's id, best first, as the
    /// engine gives them) re-scored by the model's weights when it is in use and cut to `topK`
    /// (as they are otherwise); each explanation says how they were ranked.
    static func rerank(_ matches: [RankedMatch], per: MatchPer, topK: Int, model: RankingModel) -> [RankedMatch] {
        guard let ranker = model.inUse else { return markDefault(matches) }
        let scorer = ranker.scorer
        var out: [RankedMatch] = []
        var start = matches.startIndex
        while start < matches.endIndex {
            let query = Self.query(of: matches[start], per: per)
            var end = start
            while end < matches.endIndex, Self.query(of: matches[end], per: per) == query { end += 1 }
            let scored: [Rescored] = matches[start..<end].map { entry in
                let features = RankingFeatures.of(score: entry.score, explanation: entry.explanation)
                return Rescored(entry: entry, features: features, learned: scorer.score(features))
            }
            let ordered = scored.sorted { a, b in a.learned != b.learned ? a.learned > b.learned : a.entry.rank < b.entry.rank }
            for (index, item) in ordered.prefix(topK).enumerated() {
                var entry = item.entry
                entry.explanation.ranking = .learned
                entry.explanation.defaultScore = entry.score
                entry.explanation.defaultRank = entry.rank
                entry.explanation.rankingNote = note(model: model, defaultScore: entry.score, defaultRank: entry.rank)
                entry.score = scorer.displayScore(item.features)
                entry.rank = index + 1
                out.append(entry)
            }
            start = end
        }
        return out
    }

    /// A match with its features and learned score.
    private struct Rescored {
        var entry: RankedMatch
        var features: [String: Double]
        var learned: Double
    }

    /// The matches as the engine ranked them, each explanation saying so.
    static func markDefault(_ matches: [RankedMatch]) -> [RankedMatch] {
        matches.map { entry in
            var entry = entry
            entry.explanation.ranking = .default
            return entry
        }
    }

    /// The query a match was ranked for: `resume:<id>` (jobs for a resume) or `job:<id>`.
    static func query(of match: RankedMatch, per: MatchPer) -> String {
        per == .resume ? "resume:" + match.resumeId : "job:" + match.jobId
    }

    /// A label on a pair, with the pair's features as its score and explanation give them:
    /// what `match.feedback` and the applications pipeline store.
    static func label(
        resumeId: String, jobId: String, runId: String, query: String, grade: Int, score: Double, explanation: MatchExplanation, at: Date
    ) throws -> StoredFeedback {
        StoredFeedback(
            resumeId: resumeId, jobId: jobId, runId: runId, query: query, grade: grade,
            features: try jsonText(RankingFeatures.of(score: score, explanation: explanation)), labelledAt: at)
    }

    /// "Ranked by weights learned from your feedback (…); the default score was 63.2 (rank 7)."
    private static func note(model: RankingModel, defaultScore: Double, defaultRank: Int) -> String {
        let figures = model.evaluation.map { evaluation in
            " — on held-out labels nDCG \(format(evaluation.model.nDCG)) against \(format(evaluation.default.nDCG)) for the default"
        }
        return "Ranked by weights learned from your feedback (\(model.trainedOn.labels) labels\(figures ?? "")); "
            + "the default score was \(format(defaultScore)) (rank \(defaultRank))"
    }

    /// A figure as people read it: up to two decimals, no trailing zeros.
    static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

/// One user's model: fitting and resetting take turns, so a reset is never overwritten by a
/// fit that began before it.
actor UserModel {
    private let clock: any Clock
    private let learner = FeedbackLearner()

    init(clock: any Clock) { self.clock = clock }

    /// The stored model if it was decided on the labels as they are; otherwise a new one,
    /// fitted, tested and stored. Nil when there are no labels and no model.
    func current(vault: some FeedbackStore) async throws -> RankingModel? {
        let state = try await vault.feedbackState()
        let stored = try await storedModel(vault)
        if let stored, stored.trainedOn == state { return stored }
        guard state.labels > 0 else { return nil }
        let labelled = try await vault.allFeedback().map { feedback in
            LabelledPair(
                query: feedback.query, candidate: feedback.query.hasPrefix("resume:") ? feedback.jobId : feedback.resumeId,
                grade: feedback.grade,
                features: (try? JSONDecoder().decode([String: Double].self, from: Data(feedback.features.utf8))) ?? [:])
        }
        let outcome = learner.learn(labelled)
        let model = RankingModel(
            status: outcome.status, trainedOn: state, queries: outcome.queries, decidedAt: clock.now, ranker: outcome.ranker,
            evaluation: outcome.evaluation)
        try await vault.setRankingModel(try jsonText(model))
        return model
    }

    /// The model the vault holds (nil when none, or when it does not decode: it is decided again).
    private func storedModel(_ vault: some FeedbackStore) async throws -> RankingModel? {
        try await vault.rankingModel().flatMap { try? JSONDecoder().decode(RankingModel.self, from: Data($0.utf8)) }
    }

    /// Replaces the model by a reset marker on the labels as they are (so none is fitted
    /// again until they change), or removes it with the labels.
    func reset(vault: some FeedbackStore, forgetLabels: Bool) async throws -> Int {
        if forgetLabels {
            let forgotten = try await vault.deleteFeedback()
            try await vault.setRankingModel(nil)
            return forgotten
        }
        let state = try await vault.feedbackState()
        let stored = try await storedModel(vault)
        let marker = RankingModel(status: .reset, trainedOn: state, queries: stored?.queries ?? 0, decidedAt: clock.now)
        try await vault.setRankingModel(try jsonText(marker))
        return 0
    }
}
