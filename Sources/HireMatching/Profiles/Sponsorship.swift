/// Visa sponsorship as resumes and job ads state it.
enum Sponsorship {
    /// Whether a resume (lowercased) says the person needs sponsorship (true), may work
    /// without it (false), or neither (nil). Negations are read first: "do not require
    /// sponsorship" is false, "not authorized to work" is true.
    static func resumeNeeds(_ lowered: String) -> Bool? {
        if resumeNoNeed.any(in: lowered) { return false }
        if resumeNeed.any(in: lowered) { return true }
        // "I will require H1B sponsorship", "need a visa sponsor": a sentence that asks for it.
        let sentences = lowered.includes("sponsor") ? lowered.utf8.split(whereSeparator: { $0 == 0x2E || $0 == 0x3B || $0 == 0x0A }) : []
        for bytes in sentences where Substring(bytes).includes("sponsor") {
            let sentence = Substring(bytes)
            let negated = [" not ", "no ", "n't", "without", "never"].contains(where: sentence.includes)
            if !negated, sentence.includes("require") || sentence.includes("need") { return true }
        }
        if resumeAuthorized.any(in: lowered) { return false }
        return nil
    }

    // Each list is looked for in one pass over the text (a search per phrase was a pass per
    // phrase over a resume of many megabytes).
    private static let resumeNoNeed = PhraseSet([
        "not require sponsorship", "not need sponsorship", "no sponsorship required", "no sponsorship needed",
        "without sponsorship", "not require visa", "not need a visa", "no visa sponsorship required",
    ])
    private static let resumeNeed = PhraseSet([
        "not authorized to work", "not authorised to work", "require sponsorship", "requires sponsorship",
        "need sponsorship", "needs sponsorship", "require visa sponsorship", "requires visa sponsorship",
        "need visa sponsorship", "needs visa sponsorship", "sponsorship required", "h1b transfer", "h-1b transfer",
        "h1b visa holder", "h-1b visa holder", "on h1b", "on h-1b", "on f1", "on f-1", "opt ead", "stem opt",
        "f1 opt", "f-1 opt", "cpt/opt", "h1b (transfer)", "h-1b (transfer)", "h-1b visa (transfer)", "h1b visa (transfer)",
        "h-1b holder", "h1b holder", "visa: h-1b", "visa: h1b", "visa status: h-1b", "visa status: h1b",
        "work authorization: h-1b", "work authorization: h1b", "on an h-1b", "on an h1b",
    ])
    private static let resumeAuthorized = PhraseSet([
        "authorized to work", "authorised to work", "us citizen", "u.s. citizen", "green card", "permanent resident",
        "gc holder", "citizenship: us", "eligible to work in the us", "right to work",
    ])

    /// The job's sponsorship from the board's Visa column ("Yes", "No", "H1B OK", "GC only", …).
    static func fromVisaColumn(_ value: String) -> Bool? {
        let lowered = value.lowercased().trimmingSpaces
        guard !lowered.isEmpty else { return nil }
        let no = ["no", "n", "none", "gc only", "usc only", "gc", "usc", "gc/usc", "usc/gc", "citizen", "citizens only",
                  "no visa", "no sponsorship", "no h1b", "not available", "gc/ead", "gc or usc", "usc or gc"]
        if no.contains(lowered) || lowered.hasPrefix("no ") || lowered.includes("only") && !lowered.includes("h1") {
            return false
        }
        let yes = ["yes", "y", "h1b", "h-1b", "h1b ok", "h1 ok", "sponsor", "sponsorship", "any", "all", "opt", "ead",
                   "tn", "h1b transfer", "transfer", "ok"]
        if yes.contains(lowered) || lowered.includes("h1") || lowered.includes("sponsor") || lowered.hasPrefix("yes") {
            return true
        }
        return nil
    }

    /// The job's sponsorship as its text states it (lowercased), or nil.
    static func fromJobText(_ lowered: String) -> Bool? {
        if jobNo.any(in: lowered) { return false }
        if jobYes.any(in: lowered) { return true }
        return nil
    }

    private static let jobNo = PhraseSet([
        "no sponsorship", "not able to sponsor", "unable to sponsor", "cannot sponsor", "can't sponsor",
        "will not sponsor", "won't sponsor", "does not sponsor", "do not sponsor", "not offer sponsorship",
        "without sponsorship", "without the need for sponsorship", "without requiring sponsorship",
        "citizens only", "us citizen", "u.s. citizen", "green card holders only", "no visa", "no h1b", "no c2c",
        "not provide sponsorship", "sponsorship is not available", "sponsorship not available",
    ])
    private static let jobYes = PhraseSet([
        "sponsorship available", "will sponsor", "visa sponsorship provided", "sponsorship is available",
        "h1b sponsorship", "h-1b sponsorship", "open to sponsorship", "we sponsor", "can sponsor", "h1b welcome",
    ])
}
