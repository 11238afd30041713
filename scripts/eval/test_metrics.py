"""Unit tests of scripts/eval/metrics.py and bm25.py (run by `make test`; under a second).

The expected values are worked out by hand in the comments, not computed by the code tested.
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bm25  # noqa: E402
import metrics  # noqa: E402
import run_eval  # noqa: E402

GRADES = {"a": 3, "b": 2, "c": 0, "d": 1}
RANKING = ["c", "a", "d", "b"]


class MetricTests(unittest.TestCase):
    def test_ndcg_with_graded_labels(self):
        # DCG@5 = 0/log2 2 + (2^3-1)/log2 3 + (2^1-1)/log2 4 + (2^2-1)/log2 5
        #       = 0 + 4.416508 + 0.5 + 1.292030 = 6.208538
        # ideal = 7/log2 2 + 3/log2 3 + 1/log2 4 = 7 + 1.892789 + 0.5 = 9.392789
        self.assertAlmostEqual(metrics.ndcg_at(RANKING, GRADES, 5), 6.208538 / 9.392789, places=6)
        self.assertAlmostEqual(metrics.ndcg_at(RANKING, GRADES, 5), 0.660990, places=6)
        # @2: 4.416508 / (7 + 1.892789) = 0.496639 (the ideal is cut at k too)
        self.assertAlmostEqual(metrics.ndcg_at(RANKING, GRADES, 2), 0.496639, places=6)
        self.assertEqual(metrics.ndcg_at(["a", "b", "d", "c"], GRADES, 10), 1.0)
        self.assertEqual(metrics.ndcg_at(["x", "y"], {"x": 0}, 5), 0.0)
        # an unlabelled candidate is grade 0
        self.assertAlmostEqual(metrics.ndcg_at(["z", "a"], {"a": 3}, 5), (7 / 1.584963) / 7, places=5)

    def test_precision_at_1_and_mrr(self):
        self.assertEqual(metrics.precision_at_1(RANKING, GRADES), 0.0)  # c is grade 0
        self.assertEqual(metrics.precision_at_1(["b", "a"], GRADES), 1.0)  # grade 2 is relevant
        self.assertEqual(metrics.precision_at_1(["d", "a"], GRADES), 0.0)  # grade 1 is not, by default
        self.assertEqual(metrics.precision_at_1(["d", "a"], GRADES, relevant=1), 1.0)
        self.assertEqual(metrics.reciprocal_rank(RANKING, GRADES), 0.5)  # a at rank 2
        self.assertEqual(metrics.reciprocal_rank(["c", "d", "x", "b"], GRADES), 0.25)
        self.assertEqual(metrics.reciprocal_rank(["c", "d"], GRADES), 0.0)

    def test_bootstrap_is_deterministic_and_paired(self):
        a = [1.0, 0.0, 1.0, 1.0, 0.5, 0.0, 1.0, 0.25]
        b = [0.5, 0.0, 1.0, 0.5, 0.5, 0.0, 0.5, 0.25]
        first = metrics.resamples(500, len(a), seed=42)
        second = metrics.resamples(500, len(a), seed=42)
        self.assertEqual(first, second)
        self.assertNotEqual(first, metrics.resamples(500, len(a), seed=43))
        self.assertEqual(metrics.bootstrap_ci(a, first), metrics.bootstrap_ci(a, second))
        mean, low, high = metrics.bootstrap_ci(a, first)
        self.assertEqual(mean, 4.75 / 8)
        self.assertTrue(0 <= low < mean < high <= 1)
        # a ≥ b on every query: every resample's mean difference is ≥ 0, so is the interval.
        diff, low, high = metrics.paired_difference(a, b, first)
        self.assertEqual(diff, 1.5 / 8)
        self.assertGreaterEqual(low, 0.0)
        self.assertGreater(high, diff)

    def test_percentile_interpolates(self):
        self.assertEqual(metrics.percentile([0.0, 1.0, 2.0, 3.0, 4.0], 0.5), 2.0)
        self.assertEqual(metrics.percentile([0.0, 1.0], 0.25), 0.25)


class BM25Tests(unittest.TestCase):
    def test_ranks_by_okapi_bm25(self):
        index = bm25.BM25({"j1": "Registered nurse, ICU", "j2": "Forklift operator, warehouse", "j3": "Nurse"})
        self.assertEqual(index.rank("ICU nurse")[0], "j1")
        self.assertEqual(index.rank("warehouse")[0], "j2")
        # "nurse": df 2 of 3, idf = ln(1 + 1.5/2.5); j3 (1 word) is shorter than the average
        # (2.33 words), so its tf saturates less: tf·2.2 / (1 + 1.2·(0.25 + 0.75·1/2.333)).
        scores = index.scores("nurse")
        idf = 0.4700036292457356  # ln 1.6
        self.assertAlmostEqual(scores["j3"], idf * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 3 / 7)), places=9)
        self.assertEqual(scores["j2"], 0.0)
        self.assertEqual(index.rank("nothing shared"), ["j1", "j2", "j3"])  # ties by id


class TieTests(unittest.TestCase):
    """The daemon orders equal scores by its own (random) resume ids; the harness reorders
    them by the set's ids, so it must see which matches are ties and which are not."""

    @staticmethod
    def match(score, text, title, skills):
        return {"score": score, "explanation": {
            "textSimilarity": text, "skillCoverage": 0.5, "matchedSkills": skills,
            "checks": [{"name": "location", "passed": False, "detail": f"candidate in {skills[0]}"},
                       {"name": "title", "passed": False, "detail": f"resume titles {skills[0]} ({title}% of the title)"}]}}

    def test_equal_scores_with_other_names_are_ties(self):
        a, b = self.match(12.1, 0.3, 0, ["Excel"]), self.match(12.1, 0.3, 0, ["Python"])
        self.assertEqual(run_eval.tie_key(a), run_eval.tie_key(b))

    def test_what_breaks_ties_tells_them_apart(self):
        a, b = self.match(12.1, 0.3, 0, ["Excel"]), self.match(12.1, 0.4, 0, ["Excel"])
        self.assertNotEqual(run_eval.tie_key(a), run_eval.tie_key(b))
        c = self.match(12.1, 0.3, 50, ["Excel"])
        self.assertNotEqual(run_eval.tie_key(a), run_eval.tie_key(c))
        d = self.match(12.1, 0.3, 0, ["Excel"])
        d["explanation"]["checks"][0]["passed"] = True
        self.assertNotEqual(run_eval.tie_key(a), run_eval.tie_key(d))

if __name__ == "__main__":
    unittest.main()
