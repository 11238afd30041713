import Foundation
import HireMatching

/// The score's weights for `match.run`, overridable by `HIRED_MATCH_WEIGHTS` — a tool for
/// evaluation only (`make eval` switches one part off at a time to measure what it adds; see
/// docs/matching.md, "Evaluation"). Not a setting for users: weights are the engine's business.
public enum EvaluationWeights {
    /// The environment variable read once, when the first matcher is built.
    public static let variable = "HIRED_MATCH_WEIGHTS"

    /// The weights the daemon's matchers use: the builtin ones unless the variable holds a
    /// valid spec. An invalid spec is reported on stderr and ignored, so a typo cannot
    /// silently turn into a different ablation than the one asked for without a trace.
    public static let current: MatchWeights = {
        guard let spec = ProcessInfo.processInfo.environment[variable], !spec.isEmpty else { return .standard }
        guard let weights = parse(spec) else {
            FileHandle.standardError.write(Data("hired: \(variable) is not valid (want e.g. text=0.45,skills=0,title=0.25,checks=0.1); using the builtin weights\n".utf8))
            return .standard
        }
        return weights
    }()

    /// Parses `text=0.45,skills=0,title=0.25,checks=0.1`: comma-separated `part=weight`, parts
    /// among text, skills, title, checks, each at most once; parts not named keep their builtin
    /// weight. Weights must be finite and ≥ 0, and at least one must be positive (the score
    /// divides by their sum). Nil for anything else.
    public static func parse(_ spec: String) -> MatchWeights? {
        var weights = MatchWeights.standard
        var seen: Set<String> = []
        for item in spec.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = item.split(separator: "=", omittingEmptySubsequences: false)
            guard pair.count == 2 else { return nil }
            let name = pair[0].trimmingCharacters(in: .whitespaces)
            guard let value = Double(pair[1].trimmingCharacters(in: .whitespaces)), value.isFinite, value >= 0,
                seen.insert(name).inserted
            else { return nil }
            switch name {
            case "text": weights.text = value
            case "skills": weights.skills = value
            case "title": weights.title = value
            case "checks": weights.checks = value
            default: return nil
            }
        }
        guard weights.text + weights.skills + weights.title + weights.checks > 0 else { return nil }
        return weights
    }
}
