import Foundation
import HireCore

/// One labelled match as the learner sees it.
public struct LabelledPair: Sendable, Equatable {
    /// The query it was ranked for (`resume:<id>` or `job:<id>`): only pairs of one query are compared.
    public var query: String
    /// The candidate's id (the job's for a resume, the resume's for a job): orders ties.
    public var candidate: String
    /// 0…3.
    public var grade: Int
    /// ``RankingFeatures`` of the match as it was ranked.
    public var features: [String: Double]
    public init(query: String, candidate: String, grade: Int, features: [String: Double]) {
        self.query = query
        self.candidate = candidate
        self.grade = grade
        self.features = features
    }
}

/// Fits a user's ranking model on their labels and decides whether it may rank: only when,
/// cross-validated by query, it beats the engine's own score on held-out labels beyond chance.
///
/// - Enough labels: at least ``minimumLabels`` labels and ``minimumQueries`` queries whose
///   labels are not all the same (a query whose pairs are all good, or all bad, teaches no order).
/// - Cross-validation: those queries, in the order of their labels (candidate ids and grades,
///   so that the outcome does not depend on the queries' own ids), are dealt in turn to
///   k = min(5, their number) folds;
///   each fold's queries are ranked by a model fitted on the other folds' pairs, and by the
///   default score (ties by candidate id). Per held-out query: nDCG over its labelled pairs.
/// - Decision: the mean nDCG gain over the default, less a one-sided 95% paired-t margin
///   (t with n − 1 degrees of freedom × standard error), must be above zero.
/// - The model that ranks is fitted on every label.
///
/// Deterministic: the pairs are put in a fixed order first, so the same labels, given in any
/// order, give the same weights.
public struct FeedbackLearner: Sendable {
    /// Labels needed before a model is fitted.
    public static let minimumLabels = 20
    /// Queries with labels that are not all the same needed before a model is fitted.
    public static let minimumQueries = 3
    /// Cross-validation folds at most.
    public static let maxFolds = 5

    /// What learning came to.
    public struct Outcome: Sendable, Equatable {
        public var status: RankingModelStatus
        /// Queries whose labels are not all the same.
        public var queries: Int
        public var ranker: LinearRanker?
        public var evaluation: RankingEvaluation?
    }

    /// The fitter.
    public var fitter = PairwiseLogistic()

    /// A learner with the builtin fitter.
    public init() {}

    /// Fits and tests a model on these labels.
    public func learn(_ labelled: [LabelledPair]) -> Outcome {
        let ordered = labelled.sorted { ($0.query, $0.candidate) < ($1.query, $1.candidate) }
        let informative = Dictionary(grouping: ordered, by: \.query).filter { Set($0.value.map(\.grade)).count > 1 }
        let queries = informative.keys.sorted()
        guard labelled.count >= Self.minimumLabels, queries.count >= Self.minimumQueries else {
            return Outcome(status: .tooFewLabels, queries: queries.count)
        }
        let names = Set(ordered.flatMap(\.features.keys)).sorted()
        // Queries in the order of what they hold, not of their ids: renaming queries (a resume
        // added again gets a new id) changes neither the folds nor the weights.
        let groups = queries.map { query in (query, informative[query]!) }.sorted { a, b in
            let (left, right) = (Self.signature(a.1), Self.signature(b.1))
            return left != right ? left < right : a.0 < b.0
        }.map(\.1)

        // Cross-validation by query.
        let folds = min(Self.maxFolds, groups.count)
        var gains: [Double] = []
        var model = Tally(), baseline = Tally()
        for fold in 0..<folds {
            let training = groups.indices.filter { $0 % folds != fold }.map { groups[$0] }
            let ranker = fit(training, names: names).scorer
            for index in groups.indices where index % folds == fold {
                let group = groups[index]
                let byModel = Self.order(group) { ranker.score($0.features) }
                let byDefault = Self.order(group) { $0.features["score"] ?? 0 }
                let modelNDCG = Self.nDCG(byModel), defaultNDCG = Self.nDCG(byDefault)
                gains.append(modelNDCG - defaultNDCG)
                model.add(nDCG: modelNDCG, pairs: Self.pairsInOrder(group, score: { ranker.score($0.features) }))
                baseline.add(nDCG: defaultNDCG, pairs: Self.pairsInOrder(group, score: { $0.features["score"] ?? 0 }))
            }
        }
        let mean = gains.reduce(0, +) / Double(gains.count)
        let variance = gains.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(gains.count - 1, 1))
        let margin = Self.tCritical(degreesOfFreedom: gains.count - 1) * (variance / Double(gains.count)).squareRoot()
        let evaluation = RankingEvaluation(
            model: model.figures, default: baseline.figures, gain: Self.rounded(mean), gainLowerBound: Self.rounded(mean - margin),
            heldOutQueries: gains.count, folds: folds)
        return Outcome(
            status: evaluation.beatsDefault ? .learned : .notBetter, queries: queries.count, ranker: fit(groups, names: names),
            evaluation: evaluation)
    }

    /// A ranker fitted on the pairs of these query groups, its offset the mean score of their labelled pairs.
    func fit(_ groups: [[LabelledPair]], names: [String]) -> LinearRanker {
        var differences: [[Double]] = []
        for group in groups {
            for (i, a) in group.enumerated() {
                for b in group[(i + 1)...] where a.grade != b.grade {
                    let (better, worse) = a.grade > b.grade ? (a, b) : (b, a)
                    differences.append(names.map { (better.features[$0] ?? 0) - (worse.features[$0] ?? 0) })
                }
            }
        }
        let fitted = fitter.fit(differences, dimension: names.count)
        var weights: [String: Double] = [:]
        for (name, weight) in zip(names, fitted) { weights[name] = weight }
        let partial = LinearRanker(weights: weights, offset: 0).scorer
        let items = groups.joined()
        let offset = items.isEmpty ? 0 : items.reduce(0) { $0 + partial.score($1.features) } / Double(items.count)
        return LinearRanker(weights: weights, offset: offset)
    }

    /// A query's labels as text (candidates and grades, in candidate order): orders queries.
    static func signature(_ group: [LabelledPair]) -> String {
        group.map { "\($0.candidate)=\($0.grade)" }.joined(separator: ";")
    }

    // MARK: Measures

    /// The group best first by `score`; equal scores by the default score, then candidate id.
    static func order(_ group: [LabelledPair], by score: (LabelledPair) -> Double) -> [LabelledPair] {
        group.map { (pair: $0, score: score($0)) }.sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            let da = a.pair.features["score"] ?? 0, db = b.pair.features["score"] ?? 0
            if da != db { return da > db }
            return a.pair.candidate < b.pair.candidate
        }.map(\.pair)
    }

    /// nDCG of a ranked list of labelled pairs (gain 2^grade − 1, discount log2(rank + 1)); 1
    /// when no order could be better.
    static func nDCG(_ ranked: [LabelledPair]) -> Double {
        func dcg(_ grades: [Int]) -> Double {
            var sum = 0.0
            for (index, grade) in grades.enumerated() { sum += (pow(2, Double(grade)) - 1) / log2(Double(index) + 2) }
            return sum
        }
        let ideal = dcg(ranked.map(\.grade).sorted(by: >))
        return ideal > 0 ? dcg(ranked.map(\.grade)) / ideal : 1
    }

    /// Pairs of different grades, and how many `score` orders right (a tie counts half).
    static func pairsInOrder(_ group: [LabelledPair], score: (LabelledPair) -> Double) -> (right: Double, total: Int) {
        var right = 0.0, total = 0
        for (i, a) in group.enumerated() {
            for b in group[(i + 1)...] where a.grade != b.grade {
                total += 1
                let (better, worse) = a.grade > b.grade ? (a, b) : (b, a)
                let difference = score(better) - score(worse)
                right += difference > 0 ? 1 : difference == 0 ? 0.5 : 0
            }
        }
        return (right, total)
    }

    /// Sums of a ranking's figures over held-out queries.
    struct Tally {
        var nDCG = 0.0, queries = 0, right = 0.0, pairs = 0
        mutating func add(nDCG value: Double, pairs counted: (right: Double, total: Int)) {
            nDCG += value
            queries += 1
            right += counted.right
            pairs += counted.total
        }
        var figures: RankingFigures {
            RankingFigures(
                nDCG: FeedbackLearner.rounded(queries > 0 ? nDCG / Double(queries) : 0),
                pairwiseAccuracy: FeedbackLearner.rounded(pairs > 0 ? right / Double(pairs) : 0))
        }
    }

    /// To four decimals: figures shown, not computed with.
    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

    /// Student's t at one-sided 95% for `degreesOfFreedom` (the nearest lower row of the table).
    static func tCritical(degreesOfFreedom df: Int) -> Double {
        let table: [(Int, Double)] = [
            (1, 6.314), (2, 2.920), (3, 2.353), (4, 2.132), (5, 2.015), (6, 1.943), (7, 1.895), (8, 1.860), (9, 1.833),
            (10, 1.812), (12, 1.782), (15, 1.753), (20, 1.725), (30, 1.697), (60, 1.671), (120, 1.658),
        ]
        guard df >= 1 else { return .infinity }
        return table.last { $0.0 <= df }?.1 ?? 1.645
    }
}
