"""scripts/eval/bm25.py — the plain BM25 baseline of `make eval`, standard library only.

Okapi BM25 with k1 = 1.2, b = 0.75 over a simple tokenizer (lowercase, runs of letters and
digits: `\\w+`), no stemming, no stopwords (idf weighs common words down), no synonyms:
the simplest ranking a matcher has to beat. idf = ln(1 + (N − df + 0.5) / (df + 0.5)), never
negative; a query word counts once per occurrence in the query (plain Okapi without k3).
"""

import collections
import math
import re

WORD = re.compile(r"\w+")


def tokenize(text):
    """Lowercase words: runs of letters, digits and underscores."""
    return WORD.findall(text.lower())


class BM25:
    """An inverted index over candidate texts; `rank` orders every candidate for a query."""

    def __init__(self, documents, k1=1.2, b=0.75):
        """documents: {candidate id: text}."""
        self.ids = sorted(documents)
        self.k1 = k1
        self.postings = collections.defaultdict(list)
        lengths = []
        for slot, doc_id in enumerate(self.ids):
            tokens = tokenize(documents[doc_id])
            lengths.append(len(tokens))
            for term, tf in collections.Counter(tokens).items():
                self.postings[term].append((slot, tf))
        count = len(self.ids)
        average = (sum(lengths) / count) if count else 0.0
        self.norm = [k1 * (1 - b + b * n / average) if average else k1 for n in lengths]
        self.idf = {t: math.log(1 + (count - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()}

    def scores(self, query):
        """{candidate id: BM25 score} for the query text (0 for a candidate sharing no word)."""
        scores = [0.0] * len(self.ids)
        for term, qtf in collections.Counter(tokenize(query)).items():
            for slot, tf in self.postings.get(term, ()):
                scores[slot] += qtf * self.idf[term] * tf * (self.k1 + 1) / (tf + self.norm[slot])
        return dict(zip(self.ids, scores))

    def rank(self, query):
        """Every candidate id, best first; equal scores by id."""
        scores = self.scores(query)
        return sorted(self.ids, key=lambda c: (-scores[c], c))
