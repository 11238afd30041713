import Foundation
import HireCore

/// One matching run against one corpus: what does not depend on the query (length norms,
/// IDFs, the allowed slots) computed once, and accumulators reused by every query.
struct MatchRun<Profile: MatchProfile> {
    let matcher: Matcher
    let corpus: MatchCorpus<Profile>
    let candidatesAreJobs: Bool
    /// Candidate slots (alive and allowed), ascending.
    let candidates: [Int32]
    /// BM25 length normalisation per slot: k1 · (1 − b + b · length / average length).
    let norms: [Double]
    /// BM25 IDF per term id: ln(1 + (N − df + 0.5) / (df + 0.5)).
    let idfs: [Double]
    /// The IDF of a term no document has.
    let unseenIDF: Double
    var scores: [Double]
    var requiredHits: [Int32]
    var preferredHits: [Int32]
    /// Per term id, once a query of the run has used it: each posting's saturated term
    /// frequency tf·(k1+1)/(tf + norm), so later queries only multiply and add.
    var saturated: [[Float]?]

    init(matcher: Matcher, corpus: MatchCorpus<Profile>, allowed: Set<String>?, candidatesAreJobs: Bool) {
        self.matcher = matcher
        self.corpus = corpus
        self.candidatesAreJobs = candidatesAreJobs
        let slotCount = corpus.ids.count
        var candidates: [Int32] = []
        if let allowed {
            candidates = allowed.compactMap { corpus.slots[$0] }.sorted()
        } else {
            candidates = corpus.slots.values.sorted()
        }
        self.candidates = candidates
        let average = max(corpus.averageLength, 1)
        norms = corpus.lengths.map { matcher.k1 * (1 - matcher.b + matcher.b * Double($0) / average) }
        let total = Double(corpus.count)
        idfs = corpus.postingSlots.map { log(1 + (total - Double($0.count) + 0.5) / (Double($0.count) + 0.5)) }
        unseenIDF = log(1 + (total + 0.5) / 0.5)
        scores = [Double](repeating: 0, count: slotCount)
        requiredHits = [Int32](repeating: 0, count: slotCount)
        preferredHits = [Int32](repeating: 0, count: slotCount)
        saturated = [[Float]?](repeating: nil, count: corpus.termNames.count)
    }

    /// The best `topK` candidates for a query document.
    mutating func search(_ terms: TermVector, _ features: MatchFeatures, topK: Int) -> [ScoredMatch] {
        guard topK > 0, !candidates.isEmpty else { return [] }
        accumulateText(terms)
        let query = QuerySkills(features: features, corpus: corpus)
        accumulateSkills(query)
        let title = QueryTitle(features: features, corpus: corpus, idfs: idfs, unseenIDF: unseenIDF)
        let facts = corpus.pack(features.facts)
        var best: Double = 0
        for slot in candidates { best = max(best, scores[Int(slot)]) }

        var heap = TopK(capacity: topK, ids: corpus.ids)
        for slot32 in candidates {
            let slot = Int(slot32)
            let text = best > 0 ? scores[slot] / best : 0
            let similarity = titleSimilarity(slot: slot, query: title)
            guard text > 0 || requiredHits[slot] > 0 || preferredHits[slot] > 0 || (similarity ?? 0) > 0 else { continue }
            let coverage = skillCoverage(slot: slot, query: query)
            let checks =
                candidatesAreJobs
                ? Checks.outcome(resume: facts, job: corpus.packed[slot]) : Checks.outcome(resume: corpus.packed[slot], job: facts)
            guard checks.failed.isDisjoint(with: matcher.required) else { continue }
            let score = combine(text: text, skills: coverage, title: similarity, checks: (checks.passed, checks.known))
            // Among equal scores (to the tenth shown), the one with more evidence first: checks
            // passed less those failed (an unknown one counts neither way), title and skills.
            let evidence = Double(2 * checks.passed - checks.known) + (similarity ?? 0) + (coverage ?? 0)
            heap.insert(score: score, evidence: evidence, slot: slot32)
        }
        return heap.sorted().map { entry in
            let slot = Int(entry.slot)
            let packed = candidatesAreJobs ? (resume: facts, job: corpus.packed[slot]) : (resume: corpus.packed[slot], job: facts)
            return ScoredMatch(
                id: corpus.ids[slot] ?? "", score: entry.shown / 10,
                explanation: explain(
                    document: corpus.documents[slot]!, features: features, packed: packed, text: best > 0 ? scores[slot] / best : 0,
                    coverage: skillCoverage(slot: slot, query: query), similarity: titleSimilarity(slot: slot, query: title)))
        }
    }

    // MARK: Parts of the score

    /// BM25 of the query's terms over the candidates, into `scores`.
    private mutating func accumulateText(_ terms: TermVector) {
        let k3 = matcher.queryK3
        // Sorted by term so that every document sums its parts in the same order, whatever the
        // dictionary order or term ids: same data, same bits.
        var query: [(term: Int32, weight: Double)] = []
        query.reserveCapacity(terms.count)
        for (term, count) in terms.sortedEntries {
            guard let id = corpus.termIds.find(term), !corpus.postingSlots[Int(id)].isEmpty else { continue }
            let frequency = Double(count)
            query.append((id, idfs[Int(id)] * (k3 + 1) * frequency / (k3 + frequency)))
        }
        for (term, _) in query where saturated[Int(term)] == nil { saturated[Int(term)] = saturation(of: term) }
        scores.withUnsafeMutableBufferPointer { scores in
            for index in scores.indices { scores[index] = 0 }
            for (term, weight) in query {
                corpus.postingSlots[Int(term)].withUnsafeBufferPointer { slots in
                    saturated[Int(term)]!.withUnsafeBufferPointer { parts in
                        for index in 0..<slots.count {
                            scores[Int(slots[index])] += weight * Double(parts[index])
                        }
                    }
                }
            }
        }
    }

    /// tf·(k1+1)/(tf + norm) for each posting of a term.
    private func saturation(of term: Int32) -> [Float] {
        let k1 = matcher.k1
        let slots = corpus.postingSlots[Int(term)], counts = corpus.postingCounts[Int(term)]
        var parts = [Float](repeating: 0, count: slots.count)
        for index in slots.indices {
            let frequency = Double(counts[index])
            parts[index] = Float(frequency * (k1 + 1) / (frequency + norms[Int(slots[index])]))
        }
        return parts
    }

    /// Counts, per candidate, the job's required and preferred skills the resume has.
    private mutating func accumulateSkills(_ query: QuerySkills) {
        for index in requiredHits.indices {
            requiredHits[index] = 0
            preferredHits[index] = 0
        }
        if candidatesAreJobs {
            for skill in query.required where skill >= 0 {
                for slot in corpus.requiredPostings[Int(skill)] { requiredHits[Int(slot)] += 1 }
                for slot in corpus.preferredPostings[Int(skill)] { preferredHits[Int(slot)] += 1 }
            }
        } else {
            for skill in query.required where skill >= 0 {
                for slot in corpus.requiredPostings[Int(skill)] { requiredHits[Int(slot)] += 1 }
            }
            for skill in query.preferred where skill >= 0 {
                for slot in corpus.requiredPostings[Int(skill)] { preferredHits[Int(slot)] += 1 }
            }
        }
    }

    /// (2 · required matched + preferred matched) / (2 · required + preferred) of the job; nil
    /// when the job lists no skills.
    private func skillCoverage(slot: Int, query: QuerySkills) -> Double? {
        let required = candidatesAreJobs ? Int(corpus.requiredCounts[slot]) : query.required.count
        let preferred = candidatesAreJobs ? Int(corpus.preferredCounts[slot]) : query.preferred.count
        let total = 2 * required + preferred
        guard total > 0 else { return nil }
        return Double(2 * Int(requiredHits[slot]) + Int(preferredHits[slot])) / Double(total)
    }

    /// The IDF-weighted share of the job's title words that the resume's titles have.
    private func titleSimilarity(slot: Int, query: QueryTitle) -> Double? {
        let start = Int(corpus.titleStart[slot]), count = Int(corpus.titleCount[slot])
        guard count > 0, !query.terms.isEmpty else { return nil }
        var shared = 0.0
        if candidatesAreJobs {
            // The candidate is the job: its title words against the resume's (the query's).
            var total = 0.0
            for at in start..<(start + count) {
                let term = corpus.titlePool[at]
                let weight = idfs[Int(term)] * corpus.titleWeightPool[at]
                total += weight
                if let index = query.terms.firstIndex(of: term) { shared += weight * query.weights[index] }
            }
            return total > 0 ? shared / total : nil
        }
        // The query is the job: its title words against the candidate resume's.
        for (index, term) in query.terms.enumerated() where term >= 0 {
            for at in start..<(start + count) where corpus.titlePool[at] == term {
                shared += query.idfWeights[index] * corpus.titleWeightPool[at]
            }
        }
        return query.idfTotal > 0 ? shared / query.idfTotal : nil
    }

    private func combine(text: Double, skills: Double?, title: Double?, checks: (passed: Int, known: Int)) -> Double {
        let weights = matcher.weights
        var sum = weights.text * text, total = weights.text
        if let skills {
            sum += weights.skills * skills
            total += weights.skills
        }
        if let title {
            sum += weights.title * title
            total += weights.title
        }
        if checks.known > 0 {
            sum += weights.checks * Double(checks.passed) / Double(checks.known)
            total += weights.checks
        }
        return total > 0 ? sum / total : 0
    }

    // MARK: Explanations

    private func explain(
        document: IndexedFeatures, features: MatchFeatures, packed: (resume: PackedFacts, job: PackedFacts), text: Double,
        coverage: Double?, similarity: Double?
    ) -> MatchExplanation {
        let (resume, job) = candidatesAreJobs ? (features, document.features) : (document.features, features)
        let has = Set(resume.required.map { $0.lowercased() })
        let matchedRequired = job.required.filter { has.contains($0.lowercased()) }
        let matchedPreferred = job.preferred.filter { has.contains($0.lowercased()) }
        let missing = job.required.filter { !has.contains($0.lowercased()) }
        var checks = Checks.explain(resume: resume.facts, job: job.facts, packed: packed)
        if let title = titleCheck(resume: resume, job: job, similarity: similarity) { checks.append(title) }
        return MatchExplanation(
            matchedSkills: matchedRequired + matchedPreferred, missingSkills: missing,
            textSimilarity: (text * 1000).rounded() / 1000, skillCoverage: ((coverage ?? 0) * 1000).rounded() / 1000,
            checks: checks, matchedPreferred: matchedPreferred, titleSimilarity: similarity.map { ($0 * 1000).rounded() / 1000 })
    }

    /// The title comparison, for reading: passed when the resume's titles cover at least half
    /// of the job's title (its weight is in the score's title part, not among the checks).
    private func titleCheck(resume: MatchFeatures, job: MatchFeatures, similarity: Double?) -> MatchCheck? {
        guard let jobTitle = job.titles.first else { return nil }
        guard let similarity, !resume.titles.isEmpty else {
            return MatchCheck(name: "title", passed: nil, detail: "Job title \(jobTitle); resume shows no title")
        }
        let held = resume.titles.prefix(2).joined(separator: ", ")
        return MatchCheck(
            name: "title", passed: similarity >= 0.5,
            detail: "Job title \(jobTitle); resume titles \(held) (\(Int((similarity * 100).rounded()))% of the title)")
    }
}

/// The query's title words as the corpus's term ids (-1: no document has the word), with
/// their weights, and, for a job's title, the IDF-weighted weights and their sum.
struct QueryTitle {
    var terms: [Int32]
    var weights: [Double]
    var idfWeights: [Double]
    var idfTotal: Double

    init<Profile>(features: MatchFeatures, corpus: MatchCorpus<Profile>, idfs: [Double], unseenIDF: Double) {
        terms = features.titleWords.map { corpus.termIds.find($0) ?? -1 }
        weights = features.titleWeights
        idfWeights = zip(terms, weights).map { term, weight in
            (term >= 0 && Int(term) < idfs.count ? idfs[Int(term)] : unseenIDF) * weight
        }
        idfTotal = idfWeights.reduce(0, +)
    }
}

/// The query's skills as the corpus's skill ids (-1: no document has it).
struct QuerySkills {
    var required: [Int32]
    var preferred: [Int32]

    init<Profile>(features: MatchFeatures, corpus: MatchCorpus<Profile>) {
        required = features.required.map { corpus.skillIds[$0.lowercased()] ?? -1 }
        preferred = features.preferred.map { corpus.skillIds[$0.lowercased()] ?? -1 }
    }
}

/// The best entries seen, at most `capacity`: a min-heap on the score as shown (to a tenth of
/// a point), then the evidence that breaks ties, then the id descending.
struct TopK {
    struct Entry {
        var score: Double
        /// The score as shown: 0…1000, tenths of a point.
        var shown: Double
        var evidence: Double
        var slot: Int32
    }

    let capacity: Int
    /// Slot → id, read only to order equal scores.
    let ids: [String?]
    private var heap: [Entry] = []

    init(capacity: Int, ids: [String?]) {
        self.capacity = capacity
        self.ids = ids
    }

    /// `a` ranks below `b`: a lower score as shown, or the same and less evidence, or the same
    /// evidence and a later id.
    private func worse(_ a: Entry, _ b: Entry) -> Bool {
        if a.shown != b.shown { return a.shown < b.shown }
        if a.evidence != b.evidence { return a.evidence < b.evidence }
        return (ids[Int(a.slot)] ?? "") > (ids[Int(b.slot)] ?? "")
    }

    mutating func insert(score: Double, evidence: Double, slot: Int32) {
        let entry = Entry(score: score, shown: (score * 1000).rounded(), evidence: evidence, slot: slot)
        if heap.count < capacity {
            heap.append(entry)
            siftUp(heap.count - 1)
        } else if let root = heap.first, worse(root, entry) {
            heap[0] = entry
            siftDown(0)
        }
    }

    /// Best first.
    func sorted() -> [Entry] { heap.sorted { worse($1, $0) } }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard worse(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1, right = left + 1
            var worst = parent
            if left < heap.count, worse(heap[left], heap[worst]) { worst = left }
            if right < heap.count, worse(heap[right], heap[worst]) { worst = right }
            if worst == parent { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
