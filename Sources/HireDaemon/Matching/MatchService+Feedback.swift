import Foundation
import HireCore
import HireMatching

// `match.feedback` and `match.model`: the user's labels on matches, and the ranking learned
// from them (see LearnedRanking and docs/matching.md, "Learning from feedback").

extension MatchService {
    /// `match.feedback`: keeps a label on a pair that `runId` ranked, with the pair's features
    /// as the run had them; returns whether it replaced an earlier label of the pair, and how
    /// many labels there are now.
    func feedback(
        runId: String, resumeId: String, jobId: String, label: FeedbackLabel, vault: some RunStore & FeedbackStore
    ) async throws -> (replaced: Bool, labels: Int) {
        guard let run = try await vault.run(id: runId), run.kind == "match.run" else { throw RunError.notAMatchRun(runId) }
        guard let match = try Self.stored(run).first(where: { $0.resumeId == resumeId && $0.jobId == jobId }) else {
            throw FeedbackError.pairNotInRun(runId: runId, resumeId: resumeId, jobId: jobId)
        }
        let per = (try? JSONDecoder().decode(RunPer.self, from: Data(run.parameters.utf8)).per) ?? .resume
        let replaced = try await vault.putFeedback(
            LearnedRanking.label(
                resumeId: resumeId, jobId: jobId, runId: runId, query: LearnedRanking.query(of: match, per: per), grade: label.grade,
                score: match.explanation.defaultScore ?? match.score, explanation: match.explanation, at: runs.clock.now))
        return (replaced, try await vault.feedbackState().labels)
    }

    /// `match.model`: the user's model as it stands (fitted first if the labels changed), after
    /// deleting it (`reset`) and the labels too (`forgetLabels`) if asked; with the labels now
    /// and how many this call deleted.
    func model(reset: Bool, forgetLabels: Bool, vault: some FeedbackStore, userId: String) async throws
        -> (model: RankingModel?, labels: Int, forgotten: Int?)
    {
        var forgotten: Int?
        if reset || forgetLabels {
            let deleted = try await learning.reset(vault: vault, userId: userId, forgetLabels: forgetLabels)
            if forgetLabels { forgotten = deleted }
        }
        let model = try await learning.current(vault: vault, userId: userId)
        return (model, try await vault.feedbackState().labels, forgotten)
    }

    /// A sentence saying where the learned ranking stands.
    static func summary(of model: RankingModel?, labels: Int) -> String {
        let minimum = "a model needs at least \(FeedbackLearner.minimumLabels) labels over \(FeedbackLearner.minimumQueries) queries"
        guard let model else { return "Default ranking: no feedback yet (label matches with match.feedback; \(minimum))." }
        let format = LearnedRanking.format
        let figures = model.evaluation.map { evaluation in
            "held-out nDCG \(format(evaluation.model.nDCG)) against \(format(evaluation.default.nDCG)) for the default, "
                + "gain \(format(evaluation.gain)) with a 95% lower bound of \(format(evaluation.gainLowerBound)), "
                + "over \(evaluation.heldOutQueries) queries in \(evaluation.folds) folds"
        }
        switch model.status {
        case .learned:
            return "Learned ranking: weights fitted on \(labels) labels over \(model.queries) queries beat the default (\(figures ?? ""))."
        case .notBetter:
            return "Default ranking: a model fitted on \(labels) labels over \(model.queries) queries did not beat it beyond chance "
                + "(\(figures ?? ""))."
        case .tooFewLabels:
            return "Default ranking: \(labels) labels over \(model.queries) queries with different labels; "
                + "\(minimum) whose labels are not all the same."
        case .reset:
            return "Default ranking: the learned model was reset; it is fitted again from the \(labels) labels kept once new feedback arrives."
        }
    }
}

/// The side a match run ranked, as its parameters record it.
private struct RunPer: Decodable {
    var per: MatchPer?
}
