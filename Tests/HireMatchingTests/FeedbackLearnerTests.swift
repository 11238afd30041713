import Foundation
import HireCore
import HireTestSupport
import Testing

@testable import HireMatching

/// Labelled queries of a synthetic recruiter: `count` queries of 12 candidates, each with an
/// engine score, a text similarity and a visa check drawn from a fixed seed; `grade` says
/// what the recruiter thinks of a candidate.
func syntheticLabels(queries count: Int, seed: UInt64 = 7, grade: (_ score: Double, _ visa: Bool) -> Int) -> [LabelledPair] {
    var random = SplitMix(state: seed)
    var pairs: [LabelledPair] = []
    for query in 0..<count {
        for candidate in 0..<12 {
            let score = (random.unit() * 1000).rounded() / 10, visa = random.next() % 2 == 0
            pairs.append(
                LabelledPair(
                    query: "resume:R-\(query)", candidate: String(format: "J-%02d", candidate), grade: grade(score, visa),
                    features: [
                        "score": score / 100, "textSimilarity": score / 100, "check.visa.\(visa ? "passed" : "failed")": 1,
                    ]))
        }
    }
    return pairs
}

@Suite struct FeedbackLearnerTests {
    @Test func newtonReachesTheMinimumOfTheRegularisedPairwiseLoss() {
        let fitter = PairwiseLogistic(lambda: 0.05)
        let differences: [[Double]] = [[1, 0.2], [0.5, -0.4], [-0.3, 1], [0.8, 0.1], [-0.2, -0.6]]
        let weights = fitter.fit(differences, dimension: 2)
        // The gradient vanishes at the minimum, and any nearby point has a higher loss.
        let base = fitter.loss(weights, differences)
        for (dx, dy) in [(1e-4, 0.0), (-1e-4, 0.0), (0.0, 1e-4), (0.0, -1e-4)] {
            #expect(fitter.loss([weights[0] + dx, weights[1] + dy], differences) > base)
        }
        #expect(weights[0] > 0)
        // Symmetric evidence teaches nothing.
        #expect(fitter.fit([[1], [-1]], dimension: 1) == [0])
        #expect(fitter.fit([], dimension: 3) == [0, 0, 0])
    }

    @Test func choleskySolvesASymmetricPositiveDefiniteSystem() throws {
        let a: [Double] = [4, 2, 0.6, 2, 5, 1, 0.6, 1, 3]
        let x = try #require(PairwiseLogistic.solve(a, [1, 2, 3], dimension: 3))
        for row in 0..<3 {
            let product = (0..<3).reduce(0.0) { $0 + a[row * 3 + $1] * x[$1] }
            #expect(abs(product - [1, 2, 3][row]) < 1e-12)
        }
        #expect(PairwiseLogistic.solve([1, 2, 2, 1], [1, 1], dimension: 2) == nil)
    }

    @Test func nDCGAndPairwiseOrderAreTheTextbookOnes() {
        func pair(_ candidate: String, _ grade: Int) -> LabelledPair {
            LabelledPair(query: "q", candidate: candidate, grade: grade, features: [:])
        }
        #expect(FeedbackLearner.nDCG([pair("a", 3), pair("b", 1), pair("c", 0)]) == 1)
        #expect(abs(FeedbackLearner.nDCG([pair("a", 0), pair("b", 1)]) - 1 / log2(3)) < 1e-12)
        #expect(FeedbackLearner.nDCG([pair("a", 0), pair("b", 0)]) == 1)
        let group = [pair("a", 2), pair("b", 0), pair("c", 1)]
        let counted = FeedbackLearner.pairsInOrder(group) { ["a": 1.0, "b": 1.0, "c": 0.0][$0.candidate]! }
        #expect(counted.total == 3)
        #expect(counted.right == 1.5)  // a>c right, a=b half, c<b wrong
    }

    @Test func tooFewLabelsOrQueriesFitNothing() {
        let few = syntheticLabels(queries: 1) { _, visa in visa ? 1 : 0 }
        #expect(FeedbackLearner().learn(few).status == .tooFewLabels)  // 12 labels
        // Many labels, but only two queries whose labels differ.
        var flat = syntheticLabels(queries: 6) { _, _ in 1 }
        flat += syntheticLabels(queries: 2, seed: 9) { _, visa in visa ? 1 : 0 }.map { pair in
            var pair = pair
            pair.query += "-mixed"
            return pair
        }
        let outcome = FeedbackLearner().learn(flat)
        #expect(outcome.status == .tooFewLabels)
        #expect(outcome.queries == 2)
        #expect(outcome.ranker == nil)
    }

    @Test func aPreferenceTheDefaultIgnoresIsLearnedAndBeatsIt() throws {
        let labels = syntheticLabels(queries: 10) { _, visa in visa ? 1 : 0 }
        let outcome = FeedbackLearner().learn(labels)
        #expect(outcome.status == .learned)
        let evaluation = try #require(outcome.evaluation)
        #expect(evaluation.model.nDCG > evaluation.default.nDCG + 0.1)
        #expect(evaluation.model.pairwiseAccuracy == 1)
        #expect(evaluation.heldOutQueries == 10)
        #expect(evaluation.folds == 5)
        let weights = try #require(outcome.ranker?.weights)
        let largest = try #require(weights.max { abs($0.value) < abs($1.value) })
        #expect(largest.key.hasPrefix("check.visa"))
        #expect(weights["check.visa.passed"]! > weights["check.visa.failed"]!)
    }

    @Test func gradesAndAMixOfFeaturesAreLearnedToo() throws {
        // Grades 0–3: mostly the engine's score, plus one grade for a passed visa check.
        let labels = syntheticLabels(queries: 8) { score, visa in min(3, Int(score / 40) + (visa ? 1 : 0)) }
        let outcome = FeedbackLearner().learn(labels)
        #expect(outcome.status == .learned)
        let weights = try #require(outcome.ranker?.weights)
        #expect(weights["score"]! + weights["textSimilarity"]! > 0)
        #expect(weights["check.visa.passed"]! > weights["check.visa.failed"]!)
    }

    @Test func labelsThatFollowTheDefaultOrNothingLeaveItInUse() throws {
        let agreeing = FeedbackLearner().learn(syntheticLabels(queries: 10) { score, _ in score > 50 ? 1 : 0 })
        #expect(agreeing.status == .notBetter)
        #expect(try #require(agreeing.evaluation).default.nDCG == 1)
        var noise = SplitMix(state: 99)
        let random = FeedbackLearner().learn(syntheticLabels(queries: 10) { _, _ in Int(noise.next() % 2) })
        #expect(random.status == .notBetter)
        #expect(try #require(random.evaluation).gainLowerBound <= 0)
    }

    @Test func theSameLabelsGiveTheSameModelWhateverTheirOrderOrQueryNames() {
        let labels = syntheticLabels(queries: 6) { score, visa in visa && score > 30 ? 2 : score > 70 ? 1 : 0 }
        let first = FeedbackLearner().learn(labels)
        var random = SplitMix(state: 5)
        #expect(FeedbackLearner().learn(labels.shuffled(using: &random)) == first)
        let renamed = labels.map { pair in
            var pair = pair
            pair.query = "job:" + String(pair.query.reversed())
            return pair
        }
        #expect(FeedbackLearner().learn(renamed) == first)
    }

    @Test func featuresAreTheExplanationsParts() {
        let explanation = MatchExplanation(
            matchedSkills: ["Swift"], missingSkills: [], textSimilarity: 0.8, skillCoverage: 0.5,
            checks: [
                MatchCheck(name: "years", passed: true, detail: ""), MatchCheck(name: "visa", passed: false, detail: ""),
                MatchCheck(name: "salary", passed: nil, detail: ""),
            ], titleSimilarity: 0.25)
        #expect(
            RankingFeatures.of(score: 72.5, explanation: explanation) == [
                "score": 0.725, "textSimilarity": 0.8, "skillCoverage": 0.5, "titleSimilarity": 0.25, "check.years.passed": 1,
                "check.visa.failed": 1,
            ])
        #expect(RankingFeatures.meaning(of: "check.visa.failed") == "the visa check failed")
        let ranker = LinearRanker(weights: ["score": 2, "check.visa.failed": -1], offset: 0.45)
        #expect(abs(ranker.score(RankingFeatures.of(score: 72.5, explanation: explanation)) - 0.45) < 1e-12)
        #expect(ranker.displayScore(RankingFeatures.of(score: 72.5, explanation: explanation)) == 50)
    }
}
