/// ``CheckFacts`` as plain numbers, for the checks run on every candidate: no strings, no
/// references, nothing to retain. Places and currencies are ids in the corpus's table
/// (-1: unknown; -2: a value no document of the corpus has).
struct PackedFacts: Sendable {
    var minYears = Double.nan
    var maxYears = Double.nan
    var education: Int8 = -1
    var city: Int32 = -1
    var region: Int32 = -1
    /// 0 remote, 1 hybrid, 2 onsite, -1 unknown.
    var remote: Int8 = -1
    var payMin = Double.nan
    var payMax = Double.nan
    var currency: Int32 = -1
    /// 1 true, 0 false, -1 unknown.
    var sponsorship: Int8 = -1

    static let unknownPlace: Int32 = -1
    static let foreignPlace: Int32 = -2

    /// Packs facts, naming places and currencies with `id` (which returns
    /// ``foreignPlace`` for a value it does not know, when it does not add values).
    init(_ facts: CheckFacts, id: (String) -> Int32) {
        minYears = facts.minYears ?? .nan
        maxYears = facts.maxYears ?? .nan
        education = facts.education.map { Int8($0.rawValue) } ?? -1
        if facts.location != nil, !facts.city.isEmpty {
            city = id("city:" + facts.city)
            region = facts.region.isEmpty ? -1 : id("region:" + facts.region)
        }
        remote = ["remote": 0, "hybrid": 1, "onsite": 2][facts.remote ?? ""] ?? -1
        if let pay = facts.pay {
            payMin = pay.min ?? .nan
            payMax = pay.max ?? .nan
            currency = pay.currency.map { id("currency:" + $0) } ?? -1
        }
        sponsorship = facts.sponsorship.map { $0 ? 1 : 0 } ?? -1
    }

    init() {}
}
