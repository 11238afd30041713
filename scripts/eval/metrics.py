"""scripts/eval/metrics.py — the ranking metrics of `make eval` and their paired bootstrap.

Standard library only. A ranking is a list of candidate ids, best first; `grades` maps a
candidate id to its grade (0-3; a candidate not in it is grade 0).

- nDCG@k: DCG = sum over ranks r = 1..k of (2^grade - 1) / log2(r + 1), divided by the DCG of
  the ideal order of all the query's graded candidates (exponential gain, so a grade-3 match
  is worth more than two grade-2 ones: the grades are ordinal and the top matters most).
- P@1: 1 when the first candidate is relevant (grade >= the set's relevant grade), else 0.
- MRR: 1 / the rank of the first relevant candidate (0 when none is ranked).
Queries with no relevant candidate are left out by the caller (every system would score 0).

The bootstrap resamples queries (not candidates) with replacement: every system is scored on
the same resamples, so a difference between two systems has its own interval (paired), much
narrower than the two systems' intervals would suggest when their errors go together.
"""

import math
import random


def dcg(gains):
    """Discounted cumulative gain of graded items in rank order (rank 1 first)."""
    return sum((2 ** g - 1) / math.log2(rank + 2) for rank, g in enumerate(gains))


def ndcg_at(ranking, grades, k):
    """nDCG@k of a ranking; 0 when the query has no candidate with a grade above 0."""
    ideal = dcg(sorted((g for g in grades.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([grades.get(c, 0) for c in ranking[:k]]) / ideal


def precision_at_1(ranking, grades, relevant=2):
    """1.0 when the first candidate's grade is at least `relevant`."""
    return 1.0 if ranking and grades.get(ranking[0], 0) >= relevant else 0.0


def reciprocal_rank(ranking, grades, relevant=2):
    """1 / rank of the first candidate whose grade is at least `relevant`; 0 when none is."""
    for rank, candidate in enumerate(ranking, 1):
        if grades.get(candidate, 0) >= relevant:
            return 1.0 / rank
    return 0.0


METRICS = {
    "nDCG@5": lambda ranking, grades, relevant: ndcg_at(ranking, grades, 5),
    "nDCG@10": lambda ranking, grades, relevant: ndcg_at(ranking, grades, 10),
    "P@1": precision_at_1,
    "MRR": reciprocal_rank,
}


def per_query(rankings, labels, relevant=2):
    """{metric: [value per query]} for rankings {query: [candidate ids]} over labels
    {query: {candidate: grade}}, queries in sorted order (the caller's list of queries)."""
    queries = sorted(labels)
    return {name: [metric(rankings[q], labels[q], relevant) for q in queries] for name, metric in METRICS.items()}


def resamples(count, n, seed):
    """`count` lists of n query indices drawn with replacement: one set shared by every
    system and difference, so they are paired. The same seed gives the same lists."""
    rng = random.Random(seed)
    return [[rng.randrange(n) for _ in range(n)] for _ in range(count)]


def mean(values):
    return sum(values) / len(values) if values else float("nan")


def percentile(sorted_values, q):
    """The q-quantile (0..1) of sorted values, linear between the closest ranks."""
    if not sorted_values:
        return float("nan")
    position = q * (len(sorted_values) - 1)
    low = math.floor(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def bootstrap_ci(values, samples, level=0.95):
    """(mean, low, high): the mean of per-query values and its percentile bootstrap interval
    over the given resamples (from `resamples`)."""
    means = sorted(mean([values[i] for i in sample]) for sample in samples)
    tail = (1 - level) / 2
    return mean(values), percentile(means, tail), percentile(means, 1 - tail)


def paired_difference(a, b, samples, level=0.95):
    """(mean, low, high) of a − b per query, over the same resamples: the paired interval."""
    return bootstrap_ci([x - y for x, y in zip(a, b)], samples, level)
