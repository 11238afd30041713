import Foundation
import HireCore
import HireRPC

/// Shapes some results for a terminal: matches with the candidate's name and the job's
/// title and company, the board's rows in board order, a run as a summary, resumes without
/// their whole profile. JSON output is never shaped.
enum Presenters {
    /// Whole text for results that read best in a shape of their own; nil for the rest.
    static func text(_ value: JSONValue, method: String, width: Int?, params: JSONValue? = nil) -> String? {
        if case .object(let members) = value, members.count == 1, let runId = members["runId"]?.stringValue {
            // A long method called with --background.
            return "run \(runId) goes on in the background: hire runs wait \(runId)"
        }
        switch method {
        case "match.run", "match.get":
            guard case .array(let matches)? = value["matches"] else { return nil }
            let learned = matches.contains { $0["explanation"]?["ranking"]?.stringValue == "learned" }
            let ranking: JSONValue? = learned ? "learned from your feedback (scores re-ranked; hire match model)" : nil
            return lines(["run": value["runId"], "ranking": ranking]) + "\n" + matchTable(matches).render(width: width)
        case "match.model":
            return model(value, width: width)
        case "jobs.list":
            guard case .array(let jobs)? = value["jobs"] else { return nil }
            let sortedBy = params?["sort"]?["by"]?.stringValue
            return [boardTable(jobs, sortedBy: sortedBy).render(width: width), footer(shown: jobs.count, total: value["total"], next: value["nextCursor"])]
                .joined(separator: "\n")
        case "mtb.filter":
            guard case .array(let rows)? = value["rows"] else { return nil }
            let head = lines(["run": value["runId"], "total": value["total"]])
            return [head, boardTable(rows).render(width: width)].joined(separator: "\n")
        case "jobs.get", "jobs.create", "jobs.update":
            return job(value)
        case "mtb.import", "jobs.import":
            return importSummary(value)
        case "history.get", "runs.get", "runs.wait", "runs.cancel":
            return run(value, width: width)
        case "history.list", "runs.list":
            guard case .array(let runs)? = value["runs"] else { return nil }
            return page(runTable(runs).render(width: width), next: value["nextCursor"])
        case "events.list":
            guard case .array(let events)? = value["events"] else { return nil }
            var lines = [eventHeader] + events.map(eventLine)
            if let next = value["nextCursor"]?.intValue { lines.append("next: --since \(next)") }
            return lines.joined(separator: "\n")
        case "auth.register":
            // The recovery key, and why it matters, for a person to write down.
            guard let key = value["recoveryKey"]?.stringValue else { return nil }
            return "registered \(text(value["user"]?["username"])) (\(text(value["user"]?["role"])))\n"
                + "recovery key: \(key)\n"
                + "Write the recovery key down and keep it safe: it is shown only once, and it is the only way back in without the password."
        case "auth.login":
            // The token itself went to the session file.
            guard value["token"] == nil, let user = value["user"]?["username"] else { return nil }
            return "logged in as \(text(user)) until \(text(value["expiresAt"]))"
        case "auth.recover":
            guard let key = value["recoveryKey"]?.stringValue else { return nil }
            return "password changed; your new recovery key: \(key)\n"
                + "The old recovery key no longer works. Write the new one down: it is shown only once."
        case "postings.list":
            guard case .array(let postings)? = value["postings"] else { return nil }
            return page(postingTable(postings).render(width: width), next: value["nextCursor"])
        case "postings.match":
            guard case .array(let matches)? = value["matches"] else { return nil }
            return postingMatchTable(matches).render(width: width)
        case "applications.list", "applications.mine":
            guard case .array(let applications)? = value["applications"] else { return nil }
            let table = page(
                applicationTable(applications, scored: method == "applications.list").render(width: width), next: value["nextCursor"])
            return pipeline(value["pipeline"]).map { $0 + "\n" + table } ?? table
        case "applications.export", "jobs.export", "match.export":
            // Without a path the CSV itself, as a file would hold it.
            guard let csv = value["csv"]?.stringValue else { return nil }
            return csv.hasSuffix("\n") ? String(csv.dropLast()) : csv
        case "interviews.artifact":
            guard value["base64"] != nil else { return nil }
            return "\(text(value["filename"])) (\(text(value["bytes"])) bytes, \(text(value["mediaType"]))): give --path FILE to save it, or --json for its content as base64"
        case "applications.get", "applications.submit", "applications.withdraw":
            return application(value)
        case "mtb.values":
            guard case .array(let values)? = value["values"] else { return nil }
            var out = TextTable(columns: ["value", "jobs"], rows: values.map { [text($0["value"]), text($0["count"])] }).render(width: width)
            if let distinct = value["distinct"]?.intValue, distinct > values.count {
                out += "\n\(values.count) of \(distinct) values, most frequent first; more with --limit N (up to 1000) or --prefix TEXT"
            }
            return out
        case "interviews.list":
            guard case .array(let interviews)? = value["interviews"] else { return nil }
            return interviewTable(interviews).render(width: width)
        case "interviews.get", "interviews.create", "interviews.submit", "interviews.review":
            return interview(value)
        case "interviews.answer":
            var out = "\(text(value["id"])) saved"
            if let followUp = value["followUp"] {
                out += "\nA follow-up, \(text(followUp["id"])): \(text(followUp["text"]))\n"
                out += "Answer it with: hire interviews answer INTERVIEW \(text(followUp["id"])) --text …"
            }
            return out
        case "resumes.add", "resumes.list":
            guard case .array(let resumes)? = value["resumes"] else { return nil }
            var parts = [resumeTable(resumes).render(width: width)]
            if case .array(let errors)? = value["errors"], !errors.isEmpty {
                parts.append("errors:\n" + Output.table(errors, width: width))
            }
            if let next = value["nextCursor"]?.stringValue { parts.append("next page: --cursor \(next)") }
            return parts.joined(separator: "\n")
        default:
            return nil
        }
    }

    /// Results printed by the generic text output, first reshaped.
    static func present(_ value: JSONValue, method: String) -> JSONValue {
        switch method {
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
    static func top(_ value: JSONValue?, _ count: Int) -> String {
        guard case .array(let items)? = value else { return "" }
        let shown = items.prefix(count).compactMap(\.stringValue).joined(separator: ", ")
        return items.count > count ? shown + " +\(items.count - count)" : shown
    }

    // MARK: - Matches

    /// The learned ranking: where it stands in a sentence, then the weights, largest first.
    static func model(_ value: JSONValue, width: Int?) -> String? {
        guard let summary = value["summary"]?.stringValue else { return nil }
        guard case .array(let weights)? = value["weights"], !weights.isEmpty else { return summary }
        let rows = weights.map { weight -> [String] in
            let number: String
            switch weight["weight"] {
            case .double(let value)?: number = String((value * 1000).rounded() / 1000)
            case let other: number = text(other)
            }
            return [text(weight["feature"]), number, text(weight["meaning"])]
        }
        return summary + "\n\n" + TextTable(columns: ["feature", "weight", "meaning"], rows: rows).render(width: width)
    }

    /// Rank, score, who and which job (by name when the reply has names), top skills, failed checks.
    static func matchTable(_ matches: [JSONValue]) -> TextTable {
        let rows = matches.map { match -> [String] in
            let explanation = match["explanation"]
            var failed: [String] = []
            if case .array(let checks)? = explanation?["checks"] {
                for check in checks where check["passed"] == .bool(false) { failed.append(check["name"]?.stringValue ?? "") }
            }
            let position = match["position"]?.stringValue
            let company = match["company"]?.stringValue
            let job = [position, company].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " — ")
            return [
                text(match["rank"]), text(match["score"]), match["candidate"]?.stringValue ?? text(match["resumeId"]),
                job.isEmpty ? text(match["jobId"]) : job, top(explanation?["matchedSkills"], 3), top(explanation?["missingSkills"], 3),
                failed.joined(separator: ", "), text(match["jobId"]), text(match["resumeId"]),
            ]
        }
        return TextTable(columns: ["rank", "score", "candidate", "job", "matched", "missing", "failed checks", "jobId", "resumeId"], rows: rows)
    }

    // MARK: - Resumes

    /// Who, from which file, and the profile's gist; a column for duplicates when there are any.
    static func resumeTable(_ resumes: [JSONValue]) -> TextTable {
        var columns = ["id", "name", "filename", "years", "education", "titles", "skills"]
        let duplicates = resumes.contains { $0["duplicateOf"]?.stringValue != nil }
        if duplicates { columns.append("duplicate of") }
        return TextTable(
            columns: columns,
            rows: resumes.map { resume in
                [
                    text(resume["id"]), text(resume["name"]), text(resume["filename"]), text(resume["yearsExperience"]),
                    text(resume["education"]), top(resume["titles"], 2), top(resume["skills"], 6),
                ] + (duplicates ? [text(resume["duplicateOf"])] : [])
            })
    }

    // MARK: - Postings and applications

    /// One line per posting: what it is, where, its pay and state (and, for the owner, how many applied).
    static func postingTable(_ postings: [JSONValue]) -> TextTable {
        TextTable(
            columns: ["id", "title", "company", "location", "remote", "salary", "status", "posted", "applications", "recruiter"],
            rows: postings.map { posting in
                [
                    text(posting["id"]), text(posting["title"]), text(posting["company"]), text(posting["location"]),
                    text(posting["remote"]), text(posting["salary"]), text(posting["status"]), text(posting["postedAt"]),
                    text(posting["applicationCount"]), text(posting["recruiter"]?["displayName"]),
                ]
            })
    }

    /// Rank, score, which posting, top skills matched and missing.
    static func postingMatchTable(_ matches: [JSONValue]) -> TextTable {
        TextTable(
            columns: ["rank", "score", "title", "company", "matched", "missing", "postingId"],
            rows: matches.map { match in
                [
                    text(match["rank"]), text(match["score"]), text(match["title"]), text(match["company"]),
                    top(match["explanation"]?["matchedSkills"], 3), top(match["explanation"]?["missingSkills"], 3),
                    text(match["postingId"]),
                ]
            })
    }

    /// One line per application: who, to what, where it stands; the owner's list adds score and skills.
    static func applicationTable(_ applications: [JSONValue], scored: Bool) -> TextTable {
        var columns = ["id", "candidate", "posting", "status", "submitted", "updated"]
        if scored { columns += ["score", "matched", "missing"] }
        return TextTable(
            columns: columns,
            rows: applications.map { application in
                let posting = [application["posting"]?["title"]?.stringValue, application["posting"]?["company"]?.stringValue]
                    .compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " — ")
                var row = [
                    text(application["id"]), text(application["candidate"]?["displayName"]), posting, text(application["status"]),
                    text(application["submittedAt"]), text(application["updatedAt"]),
                ]
                if scored {
                    row += [
                        text(application["score"]), top(application["explanation"]?["matchedSkills"], 3),
                        top(application["explanation"]?["missingSkills"], 3),
                    ]
                }
                return row
            })
    }

    /// An application as a person reads it: its facts, the match (for the owner), then its
    /// history with who moved it by name ("candidate name", or "recruiter"), not by user id.
    static func application(_ value: JSONValue) -> String? {
        guard case .array(let history)? = value["history"] else { return nil }
        let posting = [text(value["posting"]?["title"]), text(value["posting"]?["company"])].filter { !$0.isEmpty }.joined(separator: " — ")
        var pairs: [(String, String)] = [
            ("application", text(value["id"])), ("posting", "\(posting) (\(text(value["postingId"])))"),
            ("candidate", text(value["candidate"]?["displayName"])), ("resume", text(value["resumeId"])),
            ("status", text(value["status"])), ("submitted", text(value["submittedAt"])),
        ]
        if let score = value["score"] { pairs.append(("score", text(score))) }
        if let explanation = value["explanation"], explanation != .null {
            pairs.append(("matched", top(explanation["matchedSkills"], 8)))
            pairs.append(("missing", top(explanation["missingSkills"], 8)))
        }
        if case .array(let interviews)? = value["interviews"], !interviews.isEmpty {
            pairs.append(("interviews", interviews.map { "\(text($0["id"])) \(text($0["status"]))" }.joined(separator: ", ")))
        }
        var out = aligned(pairs) + "\n\nhistory:"
        let candidateId = value["candidate"]?["id"]?.stringValue
        for change in history {
            let who = change["by"]?.stringValue == candidateId ? text(value["candidate"]?["displayName"]) : "recruiter"
            let from = change["from"].map { text($0) + " → " } ?? ""
            out += "\n  \(text(change["at"]))  \(from)\(text(change["to"]))  by \(who)"
            if let note = change["note"]?.stringValue { out += ": \(note)" }
        }
        if let letter = value["coverLetter"]?.stringValue { out += "\n\ncover letter:\n" + letter }
        return out
    }

    /// One line per interview: for whom, for what, where it stands, its score once assessed.
    static func interviewTable(_ interviews: [JSONValue]) -> TextTable {
        TextTable(
            columns: ["id", "candidate", "posting", "status", "questions", "score", "created", "application"],
            rows: interviews.map { interview in
                let questions = interview["questions"].flatMap { value -> Int? in
                    guard case .array(let all) = value else { return nil }
                    return all.filter { $0["kind"]?.stringValue != "followUp" }.count
                }
                return [
                    text(interview["id"]), text(interview["candidate"]?["displayName"]), text(interview["posting"]?["title"]),
                    text(interview["status"]), questions.map(String.init) ?? "", text(interview["assessment"]?["score"]),
                    text(interview["createdAt"]), text(interview["applicationId"]),
                ]
            })
    }

    /// An interview as a person reads it: its facts, the assessment and review when there are,
    /// then each question with its rubric (the owner's), answer, files and score.
    static func interview(_ value: JSONValue) -> String? {
        guard case .array(let questions)? = value["questions"] else { return nil }
        var pairs: [(String, String)] = [
            ("interview", text(value["id"])), ("status", text(value["status"])),
            ("posting", [text(value["posting"]?["title"]), text(value["posting"]?["company"])].filter { !$0.isEmpty }.joined(separator: " — ")),
            ("candidate", text(value["candidate"]?["displayName"])), ("application", text(value["applicationId"])),
        ]
        if let summary = value["assessment"]?["summary"] { pairs.append(("assessment", text(summary))) }
        if let review = value["review"], review != .null {
            var said = text(review["decision"])
            if let rating = review["rating"] { said += ", rating \(text(rating))/5" }
            if let notes = review["notes"]?.stringValue { said += ": \(notes)" }
            pairs.append(("review", said))
        }
        var out = aligned(pairs)
        for question in questions {
            let kind = text(question["kind"]) == "followUp" ? "follow-up" : text(question["kind"])
            out += "\n\n[\(text(question["id"]))] \(kind) · \(text(question["topic"]))\n  \(text(question["text"]))"
            if case .array(let rubric)? = question["rubric"] {
                out += "\n  rubric: " + rubric.map { text($0["point"]) }.joined(separator: "; ")
            }
            if let answer = question["answer"]?.stringValue {
                out += "\n  answer: " + answer.split(whereSeparator: \.isNewline).joined(separator: "\n          ")
            } else {
                out += "\n  answer: (none yet)"
            }
            if case .array(let files)? = question["artifacts"] {
                out += "\n  files: " + files.map { "\(text($0["id"])) \(text($0["filename"])) (\(text($0["bytes"])) bytes)" }.joined(separator: ", ")
            }
            if let score = question["score"] {
                out += "\n  score: \(text(score))/5"
                if case .array(let covered)? = question["covered"], !covered.isEmpty { out += "; covered: " + covered.map(text).joined(separator: "; ") }
                if case .array(let missed)? = question["missed"], !missed.isEmpty { out += "; missed: " + missed.map(text).joined(separator: "; ") }
            }
        }
        return out
    }

    /// `pipeline: submitted 3 · screening 1 · …` in the pipeline's order, statuses with none left out.
    static func pipeline(_ counts: JSONValue?) -> String? {
        guard case .object(let counts)? = counts else { return nil }
        let stages = ApplicationStatus.allCases.compactMap { status in
            counts[status.rawValue]?.intValue.map { "\(status.rawValue) \($0)" }
        }
        return "pipeline: " + (stages.isEmpty ? "no applications" : stages.joined(separator: " · "))
    }

    /// A table, then how to ask for the next page when there is one.
    private static func page(_ table: String, next: JSONValue?) -> String {
        guard let next = next?.stringValue else { return table }
        return table + "\nnext page: --cursor \(next)"
    }

    // MARK: - The board

    /// One line per job, the board's columns in board order (JobID first).
    /// The board's rows in board order; the column a list is sorted by (`sortedBy`: a column
    /// key, `salaryMin` or `receivedDate`) comes second, after the JobID, so that a narrow
    /// terminal still shows it.
    static func boardTable(_ jobs: [JSONValue], sortedBy: String? = nil) -> TextTable {
        var columns = BoardColumn.allCases
        let sorted: BoardColumn? =
            switch sortedBy {
            case "salaryMin": .salary
            case "receivedDate": .received
            default: sortedBy.flatMap { BoardColumn(rawValue: $0) }
            }
        if let sorted, let place = columns.firstIndex(of: sorted), place > 1 {
            columns.remove(at: place)
            columns.insert(sorted, at: 1)
        }
        return TextTable(columns: columns.map(\.header), rows: jobs.map { job in columns.map { text(job[$0.rawValue]) } })
    }

    /// A job as `Header  value` lines in board order, then what the daemon adds (description
    /// and profile shortened).
    static func job(_ value: JSONValue) -> String? {
        guard case .object(var members) = value else { return nil }
        var pairs: [(String, String)] = BoardColumn.allCases.map { column in
            (column.header, text(members.removeValue(forKey: column.rawValue)).split(whereSeparator: \.isNewline).joined(separator: " / "))
        }
        if let description = members.removeValue(forKey: "description")?.stringValue {
            let flat = String(description.split(whereSeparator: \.isNewline).joined(separator: " "))
            pairs.append(("Description", flat.count > 200 ? String(flat.prefix(199)) + "…" : flat))
        }
        if let profile = members.removeValue(forKey: "profile"), profile != .null {
            pairs.append(("Required skills", top(profile["skills"]?["required"], 8)))
            pairs.append(("Preferred skills", top(profile["skills"]?["preferred"], 8)))
        }
        for key in members.keys.sorted() { pairs.append((key, Output.scalar(members[key]!))) }
        return aligned(pairs)
    }

    // MARK: - Runs

    /// A run: its facts, its parameters on one line each, and its results as a table (a match
    /// run's ranking) or counted (lists of ids), never as one long line of JSON.
    static func run(_ value: JSONValue, width: Int?) -> String? {
        guard case .object(let members) = value else { return nil }
        var pairs: [(String, String)] = []
        for key in ["id", "kind", "status", "queuePosition", "createdAt", "finishedAt", "durationMs"] where members[key] != nil {
            pairs.append((key, text(members[key])))
        }
        for (label, object) in [("progress", members["progress"]), ("summary", members["summary"]), ("parameters", members["parameters"])] {
            guard case .object(let fields)? = object else { continue }
            let shown = fields.keys.sorted().filter { fields[$0] != .null }.map { "\($0)=\(compact(fields[$0]!))" }
            if !shown.isEmpty { pairs.append((label, shown.joined(separator: "  "))) }
        }
        var text = aligned(pairs)
        switch members["results"] {
        case .object(let results)?:
            if case .array(let matches)? = results["matches"] {
                text += "\nmatches:\n" + matchTable(matches).render(width: width)
            } else {
                let shown = results.keys.sorted().map { "\($0)=\(compact(results[$0]!))" }
                if !shown.isEmpty { text += "\n" + aligned([("results", shown.joined(separator: "  "))]) }
            }
        case .array(let items)?:
            text += "\nresults:\n" + Output.table(items, width: width)
        default:
            break
        }
        return text
    }

    /// One line per run, as listed (newest first): its id (for `hire history show`), what it
    /// was, how it ended, when, how long it took and what it did (narrowed to fit, never left out).
    static func runTable(_ runs: [JSONValue]) -> TextTable {
        TextTable(
            columns: ["id", "kind", "status", "started", "took", "summary"],
            rows: runs.map { run in
                var summary = ""
                if case .object(let fields)? = run["summary"] {
                    summary = fields.keys.sorted().filter { fields[$0] != .null }.map { "\($0)=\(compact(fields[$0]!))" }
                        .joined(separator: " ")
                }
                let took = run["durationMs"]?.intValue.map { $0 < 10_000 ? "\($0) ms" : "\($0 / 1000) s" } ?? ""
                // 2026-12-04T16:52:01Z → 2026-12-04 16:52
                let started = text(run["createdAt"]).prefix(16).replacingOccurrences(of: "T", with: " ")
                return [text(run["id"]), text(run["kind"]), text(run["status"]), started, took, summary]
            }, kept: 6, whole: [0, 3])
    }

    // MARK: - Events

    /// The columns of `eventLine`.
    static let eventHeader = line(["id", "at", "topic", "data"])

    /// One event on one line, in the columns of `eventHeader`: what it says as key=value.
    static func eventLine(_ event: JSONValue) -> String {
        var data = ""
        if case .object(let fields)? = event["data"] {
            data = fields.keys.sorted().map { "\($0)=\(compact(fields[$0]!))" }.joined(separator: "  ")
        }
        return line([text(event["id"]), text(event["at"]), text(event["topic"]), data])
    }

    /// Cells padded to the widths of an event line (the last one as it is).
    private static func line(_ cells: [String]) -> String {
        zip(cells, [6, 21, 22]).map { $0.padding(toLength: max($1, $0.count + 1), withPad: " ", startingAt: 0) }.joined()
            + (cells.last ?? "")
    }

    /// A value in a few words: lists of more than five are counted.
    static func compact(_ value: JSONValue) -> String {
        switch value {
        case .array(let items) where items.count > 5: return "\(items.count) items (\(top(value, 3)))"
        case .array: return "[" + top(value, 5) + "]"
        case .object(let fields):
            return "{" + fields.keys.sorted().map { "\($0): \(compact(fields[$0]!))" }.joined(separator: ", ") + "}"
        default: return Output.scalar(value)
        }
    }

    // MARK: - Helpers

    /// What an import did, in a sentence, then its bad rows one a line (the first 20).
    static func importSummary(_ value: JSONValue) -> String? {
        guard let rows = value["rows"]?.intValue else { return nil }
        func count(_ key: String) -> Int { value[key]?.intValue ?? 0 }
        let dryRun = value["dryRun"] == .bool(true)
        var out = dryRun ? "dry run, nothing was written: \(rows) rows would give " : "imported \(rows) rows: "
        out += "\(count("inserted")) new, \(count("updated")) updated, \(count("unchanged")) unchanged, \(count("removed")) removed"
        if let run = value["runId"]?.stringValue { out += " (run \(run))" }
        if count("staleDescriptions") > 0 {
            out += "\n\(count("staleDescriptions")) jobs changed company or position: their descriptions wait for jobs confirmDescription"
        }
        if case .array(let errors)? = value["errors"], !errors.isEmpty {
            out += "\n\(count("skipped")) bad rows skipped:\n" + badRows(errors)
        }
        return out
    }

    /// A file's bad rows, a line each (the first 20): what a skipping import skipped, or why an
    /// aborting one imported nothing.
    static func badRows(_ errors: [JSONValue]) -> String {
        var lines = errors.prefix(20).map { "  line \(text($0["line"])): \(text($0["message"]))" }
        if errors.count > 20 { lines.append("  … and \(errors.count - 20) more (hire --json, or hire history get RUN)") }
        return lines.joined(separator: "\n")
    }

    private static func text(_ value: JSONValue?) -> String {
        value.map(Output.scalar) ?? ""
    }

    private static func lines(_ pairs: KeyValuePairs<String, JSONValue?>) -> String {
        aligned(pairs.compactMap { key, value in value.map { (key, Output.scalar($0)) } })
    }

    /// `label  value` lines, values aligned.
    static func aligned(_ pairs: [(String, String)]) -> String {
        let width = pairs.map(\.0.count).max() ?? 0
        return pairs.map { $0 + String(repeating: " ", count: width - $0.count + 2) + $1 }.joined(separator: "\n")
    }

    private static func footer(shown: Int, total: JSONValue?, next: JSONValue?) -> String {
        var line = "\(shown) of \(total.map(Output.scalar) ?? "?") jobs"
        if let next = next?.stringValue { line += "; next page: --cursor \(next)" }
        return line
    }
}
