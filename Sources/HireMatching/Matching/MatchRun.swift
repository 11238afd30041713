import Foundation
import HireRPC

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
    }

    /// The best `topK` candidates for a query document.
    mutating func search(_ terms: TermVector, _ features: MatchFeatures, topK: Int) -> [ScoredMatch] {
        guard topK > 0, !candidates.isEmpty else { return [] }
        accumulateText(terms)
        let query = QuerySkills(features: features, corpus: corpus)
        accumulateSkills(query)
        let queryTitle = features.titleWords.map { corpus.termIds[$0] ?? -1 }
        var best: Double = 0
        for slot in candidates { best = max(best, scores[Int(slot)]) }

        var heap = TopK(capacity: topK)
        for slot32 in candidates {
            let slot = Int(slot32)
            guard let document = corpus.documents[slot] else { continue }
            let text = best > 0 ? scores[slot] / best : 0
            let coverage = skillCoverage(slot: slot, document: document, query: query)
            let title = titleSimilarity(document: document, queryTerms: queryTitle, queryWeights: features.titleWeights)
            guard text > 0 || requiredHits[slot] > 0 || preferredHits[slot] > 0 || (title ?? 0) > 0 else { continue }
            let (resumeFacts, jobFacts) = candidatesAreJobs ? (features.facts, document.facts) : (document.facts, features.facts)
            let checks = Checks.outcome(resume: resumeFacts, job: jobFacts)
            let score = combine(text: text, skills: coverage, title: title, checks: checks)
            heap.insert(score: score, slot: slot32, id: corpus.ids[slot] ?? "")
        }
        return heap.sorted().map { entry in
            let slot = Int(entry.slot)
            let document = corpus.documents[slot]!
            return ScoredMatch(
                id: entry.id, score: (entry.score * 1000).rounded() / 10,
                explanation: explain(
                    document: document, features: features, text: best > 0 ? scores[slot] / best : 0,
                    coverage: skillCoverage(slot: slot, document: document, query: query),
                    similarity: titleSimilarity(document: document, queryTerms: queryTitle, queryWeights: features.titleWeights)))
        }
    }

    // MARK: Parts of the score

    /// BM25 of the query's terms over the candidates, into `scores`.
    private mutating func accumulateText(_ terms: TermVector) {
        let k1 = matcher.k1, k3 = matcher.queryK3
        // Sorted by term so that every document sums its parts in the same order, whatever the
        // dictionary order or term ids: same data, same bits.
        var query: [(term: Int32, weight: Double)] = []
        query.reserveCapacity(terms.terms.count)
        for (term, count) in terms.terms.sorted(by: { $0.key < $1.key }) {
            guard let id = corpus.termIds[term], !corpus.postingSlots[Int(id)].isEmpty else { continue }
            let frequency = Double(count)
            query.append((id, idfs[Int(id)] * (k3 + 1) * frequency / (k3 + frequency)))
        }
        scores.withUnsafeMutableBufferPointer { scores in
            for index in scores.indices { scores[index] = 0 }
            norms.withUnsafeBufferPointer { norms in
                for (term, weight) in query {
                    let factor = weight * (k1 + 1)
                    corpus.postingSlots[Int(term)].withUnsafeBufferPointer { slots in
                        corpus.postingCounts[Int(term)].withUnsafeBufferPointer { counts in
                            for index in 0..<slots.count {
                                let slot = Int(slots[index])
                                let frequency = Double(counts[index])
                                scores[slot] += factor * frequency / (frequency + norms[slot])
                            }
                        }
                    }
                }
            }
        }
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
    private func skillCoverage(slot: Int, document: IndexedFeatures, query: QuerySkills) -> Double? {
        let required = candidatesAreJobs ? document.required.count : query.required.count
        let preferred = candidatesAreJobs ? document.preferred.count : query.preferred.count
        let total = 2 * required + preferred
        guard total > 0 else { return nil }
        return Double(2 * Int(requiredHits[slot]) + Int(preferredHits[slot])) / Double(total)
    }

    /// The IDF-weighted share of the job's title words that the resume's titles have.
    private func titleSimilarity(document: IndexedFeatures, queryTerms: [Int32], queryWeights: [Double]) -> Double? {
        let (jobTerms, jobWeights, resumeTerms, resumeWeights) =
            candidatesAreJobs
            ? (document.titleTerms, document.titleWeights, queryTerms, queryWeights)
            : (queryTerms, queryWeights, document.titleTerms, document.titleWeights)
        guard !jobTerms.isEmpty, !resumeTerms.isEmpty else { return nil }
        var shared = 0.0, total = 0.0
        for (index, term) in jobTerms.enumerated() {
            let weight = (term >= 0 ? idfs[Int(term)] : unseenIDF) * jobWeights[index]
            total += weight
            if term >= 0, let at = resumeTerms.firstIndex(of: term) { shared += weight * resumeWeights[at] }
        }
        return total > 0 ? shared / total : nil
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
        document: IndexedFeatures, features: MatchFeatures, text: Double, coverage: Double?, similarity: Double?
    ) -> MatchExplanation {
        let (resume, job) = candidatesAreJobs ? (features, document.features) : (document.features, features)
        let has = Set(resume.required.map { $0.lowercased() })
        let matchedRequired = job.required.filter { has.contains($0.lowercased()) }
        let matchedPreferred = job.preferred.filter { has.contains($0.lowercased()) }
        let missing = job.required.filter { !has.contains($0.lowercased()) }
        var checks = Checks.explain(resume: resume.facts, job: job.facts)
        if let title = titleCheck(resume: resume, job: job, similarity: similarity) { checks.append(title) }
        return MatchExplanation(
            matchedSkills: matchedRequired + matchedPreferred, missingSkills: missing,
            textSimilarity: (text * 1000).rounded() / 1000, skillCoverage: ((coverage ?? 0) * 1000).rounded() / 1000,
            checks: checks, matchedPreferred: matchedPreferred)
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

/// The query's skills as the corpus's skill ids (-1: no document has it).
struct QuerySkills {
    var required: [Int32]
    var preferred: [Int32]

    init<Profile>(features: MatchFeatures, corpus: MatchCorpus<Profile>) {
        required = features.required.map { corpus.skillIds[$0.lowercased()] ?? -1 }
        preferred = features.preferred.map { corpus.skillIds[$0.lowercased()] ?? -1 }
    }
}

/// The best entries seen, at most `capacity`: a min-heap on (score, then id descending).
struct TopK {
    struct Entry {
        var score: Double
        var slot: Int32
        var id: String
    }

    let capacity: Int
    private var heap: [Entry] = []

    init(capacity: Int) { self.capacity = capacity }

    /// `a` ranks below `b`: a lower score, or the same score and a later id.
    private static func worse(_ a: Entry, _ b: Entry) -> Bool { a.score != b.score ? a.score < b.score : a.id > b.id }

    mutating func insert(score: Double, slot: Int32, id: String) {
        let entry = Entry(score: score, slot: slot, id: id)
        if heap.count < capacity {
            heap.append(entry)
            siftUp(heap.count - 1)
        } else if let root = heap.first, Self.worse(root, entry) {
            heap[0] = entry
            siftDown(0)
        }
    }

    /// Best first.
    func sorted() -> [Entry] { heap.sorted { Self.worse($1, $0) } }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.worse(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1, right = left + 1
            var worst = parent
            if left < heap.count, Self.worse(heap[left], heap[worst]) { worst = left }
            if right < heap.count, Self.worse(heap[right], heap[worst]) { worst = right }
            if worst == parent { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
