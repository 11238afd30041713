import Foundation

/// A linear ranking function over named features (see `RankingFeatures` in HireMatching):
/// a pair's learned score is the sum of weight × feature over the features it has.
public struct LinearRanker: Codable, Sendable, Equatable {
    /// Feature name → weight.
    public var weights: [String: Double]
    /// The mean learned score of the labelled pairs it was fitted on: a pair is shown as
    /// 100·σ(score − offset), so 50 is as good as the average pair the user labelled.
    public var offset: Double
    public init(weights: [String: Double], offset: Double) {
        self.weights = weights
        self.offset = offset
    }

    /// Σ weight × feature, in feature-name order (the same sum, to the bit, on every run).
    public func score(_ features: [String: Double]) -> Double { scorer.score(features) }

    /// The score a person reads: 0…100, to a tenth.
    public func displayScore(_ features: [String: Double]) -> Double { scorer.displayScore(features) }

    /// The weights in name order, to score many pairs without sorting them for each.
    public var scorer: Scorer { Scorer(terms: weights.sorted { $0.key < $1.key }, offset: offset) }

    /// A ranker's weights in name order.
    public struct Scorer: Sendable {
        let terms: [(key: String, value: Double)]
        let offset: Double

        /// As ``LinearRanker/score(_:)``.
        public func score(_ features: [String: Double]) -> Double {
            var sum = 0.0
            for (name, weight) in terms { sum += weight * (features[name] ?? 0) }
            return sum
        }

        /// As ``LinearRanker/displayScore(_:)``.
        public func displayScore(_ features: [String: Double]) -> Double {
            let logistic = 1 / (1 + exp(-(score(features) - offset)))
            return (logistic * 1000).rounded() / 10
        }
    }
}

/// How one ranking did on held-out feedback.
public struct RankingFigures: Codable, Sendable, Equatable {
    /// Mean nDCG over the held-out queries (gain 2^grade − 1, every labelled pair of a query).
    public var nDCG: Double
    /// Share of the held-out pairs with different grades put in the right order (a tie counts half).
    public var pairwiseAccuracy: Double
    public init(nDCG: Double, pairwiseAccuracy: Double) {
        self.nDCG = nDCG
        self.pairwiseAccuracy = pairwiseAccuracy
    }
}

/// The learned ranking against the default one, cross-validated by query on the user's own
/// feedback: each query's labels are held out once and ranked by a model fitted without them.
public struct RankingEvaluation: Codable, Sendable, Equatable {
    /// The learned ranking on held-out queries.
    public var model: RankingFigures
    /// The engine's own score on the same queries.
    public var `default`: RankingFigures
    /// Mean nDCG gain of the model over the default per held-out query.
    public var gain: Double
    /// The gain's one-sided 95% lower bound (paired t over the held-out queries): the model is
    /// used only when it is above zero.
    public var gainLowerBound: Double
    /// Queries held out (those whose labels are not all the same).
    public var heldOutQueries: Int
    /// Folds (queries are dealt to them in a fixed order).
    public var folds: Int
    public init(model: RankingFigures, default: RankingFigures, gain: Double, gainLowerBound: Double, heldOutQueries: Int, folds: Int) {
        self.model = model
        self.default = `default`
        self.gain = gain
        self.gainLowerBound = gainLowerBound
        self.heldOutQueries = heldOutQueries
        self.folds = folds
    }

    /// The learned ranking beats the default on held-out feedback, beyond chance.
    public var beatsDefault: Bool { gainLowerBound > 0 }
}

/// Where a user's learned ranking stands.
public enum RankingModelStatus: String, Codable, Sendable, CaseIterable {
    /// A model is fitted and ranks `match.run`'s results: it beat the default on held-out feedback.
    case learned
    /// A model was fitted but did not beat the default on held-out feedback: not used.
    case notBetter
    /// Not enough feedback to fit and test a model.
    case tooFewLabels
    /// The user reset the model; the default ranks until new feedback arrives.
    case reset
}

/// A user's ranking model as stored in their vault: what was decided, on which labels.
public struct RankingModel: Codable, Sendable, Equatable {
    public var status: RankingModelStatus
    /// The feedback it was decided on (a change to the feedback makes it out of date).
    public var trainedOn: FeedbackState
    /// Queries whose labels are not all the same (the ones that teach anything).
    public var queries: Int
    /// When it was fitted or reset.
    public var decidedAt: Date
    /// The weights fitted on all the labels (nil when too few).
    public var ranker: LinearRanker?
    /// The cross-validated figures (nil when too few labels).
    public var evaluation: RankingEvaluation?
    public init(
        status: RankingModelStatus, trainedOn: FeedbackState, queries: Int, decidedAt: Date, ranker: LinearRanker? = nil,
        evaluation: RankingEvaluation? = nil
    ) {
        self.status = status
        self.trainedOn = trainedOn
        self.queries = queries
        self.decidedAt = decidedAt
        self.ranker = ranker
        self.evaluation = evaluation
    }

    /// The ranker, when it is to rank.
    public var inUse: LinearRanker? { status == .learned ? ranker : nil }
}
