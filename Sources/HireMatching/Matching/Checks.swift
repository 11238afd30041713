import HireCore

/// The checks of a resume against a job: years, location and remote work, visa, salary and
/// education. Each is true (passed), false (failed) or nil (the data does not tell); nil never
/// counts against a match. ``outcome(resume:job:)`` is the fast path used for every candidate;
/// ``explain(resume:job:)`` writes the details for the results shown.
enum Checks {
    /// Passed and known checks, and those that failed.
    static func outcome(resume: PackedFacts, job: PackedFacts) -> (passed: Int, known: Int, failed: MatchRequirements) {
        var passed = 0, known = 0
        var failed: MatchRequirements = []
        func count(_ result: Bool?, _ check: MatchRequirements) {
            guard let result else { return }
            known += 1
            if result { passed += 1 } else { failed.insert(check) }
        }
        count(years(resume, job), .years)
        count(location(resume, job), .location)
        count(visa(resume, job), .visa)
        count(salary(resume, job), .salary)
        count(education(resume, job), .education)
        return (passed, known, failed)
    }

    /// The checks with details a recruiter can read (results from the packed facts, words from
    /// the facts as written); checks whose both sides are unknown are left out.
    static func explain(resume: CheckFacts, job: CheckFacts, packed: (resume: PackedFacts, job: PackedFacts)) -> [MatchCheck] {
        let (r, j) = packed
        var checks: [MatchCheck] = []
        if job.minYears != nil || resume.minYears != nil {
            checks.append(MatchCheck(name: "years", passed: years(r, j), detail: yearsDetail(resume, job)))
        }
        if job.location != nil || job.remote != nil || resume.location != nil {
            checks.append(MatchCheck(name: "location", passed: location(r, j), detail: locationDetail(resume, job)))
        }
        if job.sponsorship != nil || resume.sponsorship != nil {
            checks.append(MatchCheck(name: "visa", passed: visa(r, j), detail: visaDetail(resume, job)))
        }
        if job.pay != nil || resume.pay != nil {
            checks.append(MatchCheck(name: "salary", passed: salary(r, j), detail: salaryDetail(resume, job)))
        }
        if job.education != nil {
            checks.append(MatchCheck(name: "education", passed: education(r, j), detail: educationDetail(resume, job)))
        }
        return checks
    }

    // MARK: Years

    /// Enough years (half a year of slack); more than five years over a stated maximum fails too.
    static func years(_ resume: PackedFacts, _ job: PackedFacts) -> Bool? {
        let need = job.minYears, has = resume.minYears
        guard !need.isNaN, !has.isNaN else { return nil }
        if has + 0.5 < need { return false }
        if !job.maxYears.isNaN, has > job.maxYears + 5 { return false }
        return true
    }

    private static func yearsDetail(_ resume: CheckFacts, _ job: CheckFacts) -> String {
        let need: String
        if let seniority = job.impliedBy {
            let range = job.maxYears.map { "about \(number(job.minYears ?? 0))–\(number($0)) years" }
                ?? "about \(number(job.minYears ?? 0))+ years"
            need = "A \(seniority) role (\(range))"
        } else if let low = job.minYears {
            need = job.maxYears.map { "Needs \(number(low))–\(number($0)) years" } ?? "Needs \(number(low))+ years"
        } else {
            need = "Job does not say how many years"
        }
        let has = resume.minYears.map { "resume shows about \(number($0))" } ?? "resume does not say"
        // A shortfall within the half year of slack passes: say so, or "6.5 for 7+" reads as a mistake.
        if job.impliedBy == nil, let low = job.minYears, let years = resume.minYears, years < low, years + 0.5 >= low {
            return "\(need); \(has), within the half year allowed"
        }
        return "\(need); \(has)"
    }

    // MARK: Location

    /// A remote job passes; otherwise the same city passes and another city fails; a candidate
    /// who wants remote work fails an onsite job.
    static func location(_ resume: PackedFacts, _ job: PackedFacts) -> Bool? {
        if job.remote == 0 { return true }
        if resume.remote == 0, job.remote == 2 { return false }
        guard job.city != PackedFacts.unknownPlace, resume.city != PackedFacts.unknownPlace else { return nil }
        if job.city == resume.city {
            return job.region == PackedFacts.unknownPlace || resume.region == PackedFacts.unknownPlace || job.region == resume.region
        }
        return false
    }

    private static func locationDetail(_ resume: CheckFacts, _ job: CheckFacts) -> String {
        let where_: String
        if job.remote == "remote" {
            where_ = "Job is remote"
        } else if let place = job.location {
            where_ = "Job is in \(place)" + (job.remote.map { " (\($0))" } ?? "")
        } else {
            where_ = job.remote.map { "Job is \($0); location not given" } ?? "Job location not given"
        }
        var candidate = resume.location.map { "candidate in \($0)" } ?? "candidate location unknown"
        if let preference = resume.remote { candidate += ", prefers \(preference)" }
        return "\(where_); \(candidate)"
    }

    // MARK: Visa

    /// Someone who needs sponsorship passes only a job that sponsors; anyone else passes.
    static func visa(_ resume: PackedFacts, _ job: PackedFacts) -> Bool? {
        switch (resume.sponsorship, job.sponsorship) {
        case (0, _): true
        case (1, 1): true
        case (1, 0): false
        default: nil
        }
    }

    private static func visaDetail(_ resume: CheckFacts, _ job: CheckFacts) -> String {
        let jobSays = job.sponsorship.map { $0 ? "job sponsors" : "job does not sponsor" } ?? "job does not say"
        let resumeSays = resume.sponsorship.map { $0 ? "resume says needs sponsorship" : "resume says authorized to work" }
            ?? "resume does not say"
        return "Visa: \(jobSays); \(resumeSays)"
    }

    // MARK: Salary

    /// The desired pay (its lower bound) is within what the job offers (its upper bound), in
    /// one currency, per year.
    static func salary(_ resume: PackedFacts, _ job: PackedFacts) -> Bool? {
        if job.currency != PackedFacts.unknownPlace, resume.currency != PackedFacts.unknownPlace, job.currency != resume.currency {
            return nil
        }
        let top = job.payMax.isNaN ? job.payMin : job.payMax
        let ask = resume.payMin.isNaN ? resume.payMax : resume.payMin
        guard !top.isNaN, !ask.isNaN else { return nil }
        return ask <= top * 1.05
    }

    private static func salaryDetail(_ resume: CheckFacts, _ job: CheckFacts) -> String {
        let offered = job.pay.map { "Salary " + money($0.written) } ?? "Salary not given"
        let wanted = resume.pay.map { "desired " + money($0.written) } ?? "desired pay not stated"
        return "\(offered) vs \(wanted)"
    }

    // MARK: Education

    static func education(_ resume: PackedFacts, _ job: PackedFacts) -> Bool? {
        guard job.education >= 0, resume.education >= 0 else { return nil }
        return resume.education >= job.education
    }

    private static func educationDetail(_ resume: CheckFacts, _ job: CheckFacts) -> String {
        let need = job.education.map { "Needs \(degree($0))" } ?? "Job does not say"
        let has = resume.education.map { "resume shows \(degree($0))" } ?? "resume does not say"
        return "\(need); \(has)"
    }

    private static func degree(_ level: EducationLevel) -> String {
        switch level {
        case .none: "no degree"
        case .highSchool: "high school"
        case .associate: "an associate degree"
        case .bachelor: "a bachelor's degree"
        case .master: "a master's degree"
        case .doctorate: "a doctorate"
        }
    }

    // MARK: Formatting

    static func number(_ value: Double) -> String { Written.number(value) }

    /// "$120k–$140k/yr", "$45/hr", "€60k".
    static func money(_ range: SalaryRange) -> String {
        let symbol: String
        switch range.currency {
        case nil, "USD": symbol = "$"
        case "EUR": symbol = "€"
        case "GBP": symbol = "£"
        case let code?: symbol = code + " "
        }
        func amount(_ value: Double) -> String {
            value >= 1000 ? symbol + number((value / 100).rounded() / 10) + "k" : symbol + number(value)
        }
        let period = ["year": "/yr", "month": "/mo", "week": "/wk", "day": "/day", "hour": "/hr"][range.period ?? ""] ?? ""
        switch (range.min, range.max) {
        case let (low?, high?) where low != high: return amount(low) + "–" + amount(high) + period
        case let (low?, _): return amount(low) + (range.max == nil ? "+" : "") + period
        case let (nil, high?): return "up to " + amount(high) + period
        default: return "unknown"
        }
    }
}
