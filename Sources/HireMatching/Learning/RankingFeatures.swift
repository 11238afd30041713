import HireCore

/// What a learned ranking sees of a match: the parts of its explanation, as numbers in 0…1.
///
/// - `score`: the engine's own score (0…100) over 100, so a model can keep the default order;
/// - `textSimilarity`, `skillCoverage`, `titleSimilarity` (0 when unknown), as explained;
/// - `check.<name>.passed` and `check.<name>.failed`: 1 when the check (years, location, visa,
///   salary, education, title, …) passed or failed, both 0 when it is unknown or absent.
public enum RankingFeatures {
    /// The features of a match whose engine score is `score` (0…100).
    public static func of(score: Double, explanation: MatchExplanation) -> [String: Double] {
        var features: [String: Double] = [
            "score": score / 100, "textSimilarity": explanation.textSimilarity, "skillCoverage": explanation.skillCoverage,
            "titleSimilarity": explanation.titleSimilarity ?? 0,
        ]
        for check in explanation.checks {
            guard let passed = check.passed else { continue }
            features["check.\(check.name).\(passed ? "passed" : "failed")"] = 1
        }
        return features
    }

    /// What a feature means, for a person reading the weights.
    public static func meaning(of name: String) -> String {
        switch name {
        case "score": return "the engine's own score (0–100, read as 0–1)"
        case "textSimilarity": return "how well the texts match (BM25, 0–1 within the query)"
        case "skillCoverage": return "share of the job's skills the resume has (0–1)"
        case "titleSimilarity": return "how much of the job's title the resume's titles cover (0–1)"
        default:
            let parts = name.split(separator: ".")
            if parts.count == 3, parts[0] == "check" { return "the \(parts[1]) check \(parts[2])" }
            return name
        }
    }
}
