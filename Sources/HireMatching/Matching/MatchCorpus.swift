import HireCore

/// A document to match: its id, its terms and its profile.
public struct MatchDocument<Profile: MatchProfile>: Sendable {
    /// The job's or resume's id.
    public var id: String
    /// Its indexed text (``MatchText``).
    public var terms: TermVector
    /// Its profile (``ResumeProfiler``, ``JobProfiler``, or another provider's).
    public var profile: Profile
    /// A document as given.
    public init(id: String, terms: TermVector, profile: Profile) {
        self.id = id
        self.terms = terms
        self.profile = profile
    }
}

/// The jobs of one user, as the matcher searches them.
public typealias JobCorpus = MatchCorpus<JobProfile>
/// The resumes of one user, as the matcher searches them.
public typealias ResumeCorpus = MatchCorpus<ResumeProfile>

/// Documents indexed for BM25 and skill matching, kept up to date one document at a time.
///
/// Terms and skills get integer ids; each term has a postings list (document slots and term
/// counts), each skill two (documents that require it, or list it as a resume skill; and
/// documents that prefer it). Document frequencies, the document count and the total length
/// are kept exact on every ``upsert(id:terms:profile:)`` and ``remove(id:)``, so a corpus built
/// up and pruned incrementally scores exactly as one built from scratch. A value type: copies
/// are cheap until changed, and a copy can be searched while the original changes.
public struct MatchCorpus<Profile: MatchProfile>: Sendable {
    // Vocabulary and postings (term ids index these).
    /// Term → id (ids in order of first use, indexing `termNames` and the postings).
    var termIds = ByteTable()
    var termNames: [String] = []
    var postingSlots: [[Int32]] = []
    var postingCounts: [[Int32]] = []
    // Skills (skill ids index these).
    var skillIds: [String: Int32] = [:]
    var skillNames: [String] = []
    var requiredPostings: [[Int32]] = []
    var preferredPostings: [[Int32]] = []
    // Documents (slots index these; a removed document's slot is reused).
    var slots: [String: Int32] = [:]
    var ids: [String?] = []
    var lengths: [Int32] = []
    var documentTerms: [[Int32]] = []
    var documentCounts: [[Int32]] = []
    var documents: [IndexedFeatures?] = []
    var profiles: [Profile?] = []
    var freeSlots: [Int32] = []
    var totalLength = 0
    // What scoring reads for every candidate, as plain numbers per slot.
    var packed: [PackedFacts] = []
    var requiredCounts: [Int32] = []
    var preferredCounts: [Int32] = []
    /// Title words: slot `s` has `titlePool[titleStart[s] ..< titleStart[s] + titleCount[s]]`
    /// (term ids) and the same range of `titleWeightPool`. Removed documents leave garbage,
    /// compacted when it outgrows the live part.
    var titleStart: [Int32] = []
    var titleCount: [Int32] = []
    var titlePool: [Int32] = []
    var titleWeightPool: [Double] = []
    var titleGarbage = 0
    /// Cities, regions and currencies, for ``PackedFacts``.
    var places: [String: Int32] = [:]

    /// An empty corpus.
    public init() {}

    /// The number of documents.
    public var count: Int { slots.count }

    /// The average document length (0 when empty).
    public var averageLength: Double { slots.isEmpty ? 0 : Double(totalLength) / Double(slots.count) }

    /// Whether a document with this id is in the corpus.
    public func contains(_ id: String) -> Bool { slots[id] != nil }

    /// The document with this id, its terms rebuilt from the index.
    public func document(id: String) -> MatchDocument<Profile>? {
        guard let slot = slots[id].map(Int.init), let profile = profiles[slot] else { return nil }
        var terms: [String: Int] = [:]
        for (term, count) in zip(documentTerms[slot], documentCounts[slot]) { terms[termNames[Int(term)]] = Int(count) }
        return MatchDocument(id: id, terms: TermVector(terms: terms, length: Int(lengths[slot])), profile: profile)
    }

    /// Adds a document, or replaces the one with the same id.
    public mutating func upsert(id: String, terms: TermVector, profile: Profile) {
        remove(id: id)
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = Int(free)
        } else {
            slot = ids.count
            ids.append(nil)
            lengths.append(0)
            documentTerms.append([])
            documentCounts.append([])
            documents.append(nil)
            profiles.append(nil)
            packed.append(PackedFacts())
            requiredCounts.append(0)
            preferredCounts.append(0)
            titleStart.append(0)
            titleCount.append(0)
        }
        let slot32 = Int32(slot)
        var termList: [Int32] = [], countList: [Int32] = []
        termList.reserveCapacity(terms.count)
        countList.reserveCapacity(terms.count)
        for (term, count) in zip(terms.names, terms.counts) where count > 0 {
            let termId = intern(term)
            let clipped = Int32(min(count, Int(Int32.max)))
            postingSlots[Int(termId)].append(slot32)
            postingCounts[Int(termId)].append(clipped)
            termList.append(termId)
            countList.append(clipped)
        }
        let features = profile.matchFeatures
        var indexed = IndexedFeatures(features: features)
        indexed.required = skillList(features.required)
        indexed.preferred = skillList(features.preferred).filter { !indexed.required.contains($0) }
        for skill in indexed.required { requiredPostings[Int(skill)].append(slot32) }
        for skill in indexed.preferred { preferredPostings[Int(skill)].append(slot32) }
        indexed.titleTerms = features.titleWords.map { intern($0) }
        var places = self.places
        packed[slot] = PackedFacts(features.facts) { key in
            if let known = places[key] { return known }
            let id = Int32(places.count)
            places[key] = id
            return id
        }
        self.places = places
        requiredCounts[slot] = Int32(indexed.required.count)
        preferredCounts[slot] = Int32(indexed.preferred.count)
        titleStart[slot] = Int32(titlePool.count)
        titleCount[slot] = Int32(indexed.titleTerms.count)
        titlePool += indexed.titleTerms
        titleWeightPool += features.titleWeights
        ids[slot] = id
        lengths[slot] = Int32(min(terms.length, Int(Int32.max)))
        documentTerms[slot] = termList
        documentCounts[slot] = countList
        documents[slot] = indexed
        profiles[slot] = profile
        slots[id] = slot32
        totalLength += Int(lengths[slot])
    }

    /// Adds a document from its stored form; false (and no change) when the bytes are not a
    /// ``TermVector/encoded()`` vector.
    @discardableResult
    public mutating func upsert(id: String, encodedTerms: [UInt8], profile: Profile) -> Bool {
        guard let terms = TermVector(encoded: encodedTerms) else { return false }
        upsert(id: id, terms: terms, profile: profile)
        return true
    }

    /// Removes documents; returns how many there were. Many at once cost one pass over each
    /// posting list they are in, where removing them one by one would scan a common term's list
    /// once per document (a re-profiled board of 300,000 jobs took half an hour that way).
    @discardableResult
    public mutating func remove(ids: [String]) -> Int {
        let gone = ids.compactMap { slots[$0] }
        guard gone.count > 16 else { return ids.reduce(into: 0) { count, id in if remove(id: id) { count += 1 } } }
        var marked = [Bool](repeating: false, count: documentTerms.count)
        var terms: Set<Int32> = [], required: Set<Int32> = [], preferred: Set<Int32> = []
        for slot in gone {
            marked[Int(slot)] = true
            terms.formUnion(documentTerms[Int(slot)])
            required.formUnion(documents[Int(slot)]?.required ?? [])
            preferred.formUnion(documents[Int(slot)]?.preferred ?? [])
        }
        for list in terms.map(Int.init) {
            var kept = 0
            for index in postingSlots[list].indices where !marked[Int(postingSlots[list][index])] {
                postingSlots[list][kept] = postingSlots[list][index]
                postingCounts[list][kept] = postingCounts[list][index]
                kept += 1
            }
            postingSlots[list].removeLast(postingSlots[list].count - kept)
            postingCounts[list].removeLast(postingCounts[list].count - kept)
        }
        for skill in required.map(Int.init) { requiredPostings[skill].removeAll { marked[Int($0)] } }
        for skill in preferred.map(Int.init) { preferredPostings[skill].removeAll { marked[Int($0)] } }
        // What is left of each document is its own: no list holds it any more.
        for slot in gone.map(Int.init) {
            documentTerms[slot] = []
            documents[slot]?.required = []
            documents[slot]?.preferred = []
        }
        for id in ids { remove(id: id) }
        return gone.count
    }

    /// Removes a document; false when there was none with this id.
    @discardableResult
    public mutating func remove(id: String) -> Bool {
        guard let slot32 = slots.removeValue(forKey: id) else { return false }
        let slot = Int(slot32)
        for term in documentTerms[slot] {
            let list = Int(term)
            if let at = postingSlots[list].lastIndex(of: slot32) {
                postingSlots[list].swapAt(at, postingSlots[list].count - 1)
                postingSlots[list].removeLast()
                postingCounts[list].swapAt(at, postingCounts[list].count - 1)
                postingCounts[list].removeLast()
            }
        }
        if let indexed = documents[slot] {
            for skill in indexed.required { Self.drop(slot32, from: &requiredPostings[Int(skill)]) }
            for skill in indexed.preferred { Self.drop(slot32, from: &preferredPostings[Int(skill)]) }
        }
        totalLength -= Int(lengths[slot])
        titleGarbage += Int(titleCount[slot])
        titleCount[slot] = 0
        packed[slot] = PackedFacts()
        requiredCounts[slot] = 0
        preferredCounts[slot] = 0
        if titleGarbage > 1024, titleGarbage * 2 > titlePool.count { compactTitles() }
        ids[slot] = nil
        lengths[slot] = 0
        documentTerms[slot] = []
        documentCounts[slot] = []
        documents[slot] = nil
        profiles[slot] = nil
        freeSlots.append(slot32)
        return true
    }

    private mutating func compactTitles() {
        var pool: [Int32] = [], weights: [Double] = []
        pool.reserveCapacity(titlePool.count - titleGarbage)
        weights.reserveCapacity(titlePool.count - titleGarbage)
        for slot in titleStart.indices {
            let start = Int(titleStart[slot]), count = Int(titleCount[slot])
            titleStart[slot] = Int32(pool.count)
            pool += titlePool[start..<(start + count)]
            weights += titleWeightPool[start..<(start + count)]
        }
        titlePool = pool
        titleWeightPool = weights
        titleGarbage = 0
    }

    /// Facts packed with this corpus's place ids, without adding any (a query's facts).
    func pack(_ facts: CheckFacts) -> PackedFacts {
        PackedFacts(facts) { places[$0] ?? PackedFacts.foreignPlace }
    }

    private static func drop(_ slot: Int32, from list: inout [Int32]) {
        if let at = list.lastIndex(of: slot) {
            list.swapAt(at, list.count - 1)
            list.removeLast()
        }
    }

    mutating func intern(_ term: String) -> Int32 {
        let id = termIds.insert(term)
        guard Int(id) == termNames.count else { return id }
        termNames.append(term)
        postingSlots.append([])
        postingCounts.append([])
        return id
    }

    /// Skill ids for names (case-insensitive), sorted, each once.
    private mutating func skillList(_ names: [String]) -> [Int32] {
        var result: [Int32] = []
        for name in names {
            let key = name.lowercased()
            let id: Int32
            if let known = skillIds[key] {
                id = known
            } else {
                id = Int32(skillNames.count)
                skillIds[key] = id
                skillNames.append(name)
                requiredPostings.append([])
                preferredPostings.append([])
            }
            if !result.contains(id) { result.append(id) }
        }
        return result.sorted()
    }

    /// The document frequency of a term id.
    func documentFrequency(_ term: Int32) -> Int { postingSlots[Int(term)].count }
}

/// A document's features (for explanations) with its skills and title words as this corpus's ids.
struct IndexedFeatures: Sendable {
    var required: [Int32] = []
    var preferred: [Int32] = []
    var titleTerms: [Int32] = []
    var features: MatchFeatures

    init(features: MatchFeatures) { self.features = features }
}
