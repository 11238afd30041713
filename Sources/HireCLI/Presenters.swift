import HireRPC

/// Shapes some results for a terminal before they are printed as text: a match as rank,
/// score and its top skills; a resume without its whole profile. JSON output is never shaped.
enum Presenters {
    static func present(_ value: JSONValue, method: String) -> JSONValue {
        switch method {
        case "match.run", "match.get":
            guard case .array(let matches)? = value["matches"] else { return value }
            return .object(["runId": value["runId"] ?? .null, "matches": .array(matches.map(match))])
        case "resumes.add", "resumes.list":
            guard case .object(var members) = value, case .array(let resumes)? = members["resumes"] else { return value }
            members["resumes"] = .array(resumes.map(resumeRow))
            return .object(members)
        case "resumes.get":
            guard case .object(var members) = value else { return value }
            members["profile"] = nil
            return .object(members)
        case "resumes.original", "jobs.descriptionOriginal", "history.original":
            // Base64 is for programs: a person is told how to save the file instead.
            guard case .object(var members) = value, members["contentBase64"] != nil else { return value }
            members["contentBase64"] = nil
            members["note"] = .string("not saved: give a file name to save it (hire \(method.split(separator: ".").joined(separator: " ")) ID FILE)")
            return .object(members)
        default:
            return value
        }
    }

    /// At most `count` items of a list, with "+N" for the rest.
    static func top(_ value: JSONValue?, _ count: Int) -> JSONValue {
        guard case .array(let items)? = value else { return .string("") }
        let shown = items.prefix(count).compactMap(\.stringValue).joined(separator: ", ")
        return .string(items.count > count ? shown + " +\(items.count - count)" : shown)
    }

    private static func match(_ match: JSONValue) -> JSONValue {
        let explanation = match["explanation"]
        var failed: [String] = []
        if case .array(let checks)? = explanation?["checks"] {
            for check in checks where check["passed"] == .bool(false) { failed.append(check["name"]?.stringValue ?? "") }
        }
        return .object([
            "rank": match["rank"] ?? .null, "score": match["score"] ?? .null, "resumeId": match["resumeId"] ?? .null,
            "jobId": match["jobId"] ?? .null, "matched": top(explanation?["matchedSkills"], 5),
            "missing": top(explanation?["missingSkills"], 5), "failedChecks": .string(failed.joined(separator: ", ")),
        ])
    }

    private static func resumeRow(_ resume: JSONValue) -> JSONValue {
        .object([
            "id": resume["id"] ?? .null, "name": resume["name"] ?? .null, "filename": resume["filename"] ?? .null,
            "skills": top(resume["skills"], 6), "titles": top(resume["titles"], 2), "years": resume["yearsExperience"] ?? .null,
            "education": resume["education"] ?? .null,
        ])
    }
}
