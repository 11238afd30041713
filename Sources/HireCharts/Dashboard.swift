import Foundation
import HireRPC

/// The dashboard's charts, gathered from the daemon with the methods every client has: the
/// web desk draws them as SVG, `hire stats --chart` as Unicode bars, from the same figures.
public enum Dashboard {
    /// Calls one method as the signed-in user.
    public typealias Call = @Sendable (_ method: String, _ params: JSONValue) async throws -> JSONValue

    /// The statuses of the pipeline, in funnel order.
    public static let funnelStages = ["submitted", "screening", "interviewing", "offered", "hired"]

    /// Every chart for this user: jobs by state, category and client rating (recruiters),
    /// runs per day by kind, the funnel and time to fill of their postings, and the spread of
    /// match scores for `jobId` (or for the job of the latest match run).
    public static func charts(recruiter: Bool, jobId: String? = nil, call: Call) async throws -> [Chart] {
        var charts: [Chart] = []
        if recruiter {
            let jobs = try await call("stats.get", .object([:]))["jobs"]?.intValue ?? 0
            for (column, id, title) in [("state", "jobs-by-state", "Jobs by state"), ("cat", "jobs-by-category", "Jobs by category"),
                ("clientRating", "jobs-by-client-rating", "Jobs by client rating")]
            {
                charts.append(try await jobsBy(column, id: id, title: title, jobs: jobs, call: call))
            }
        }
        charts.append(try await runsPerDay(call: call))
        if recruiter {
            charts += try await pipeline(call: call)
            if let scores = try await scoreDistribution(jobId: jobId, call: call) { charts.append(scores) }
        }
        return charts
    }

    /// The label of the jobs that leave a column blank.
    public static let blank = "(blank)"

    /// A board column's values with their counts (`mtb.values`), most frequent first; the jobs
    /// that leave it blank (of `jobs` in all) last, when every value is listed.
    static func jobsBy(_ column: String, id: String, title: String, jobs: Int, call: Call) async throws -> Chart {
        let limit = 1000
        let reply = try await call("mtb.values", ["column": .string(column), "limit": .int(limit)])
        var bars = (reply["values"]?.arrayElements ?? []).compactMap { item -> Chart.Bar? in
            guard let value = item["value"]?.stringValue, !value.isEmpty else { return nil }
            return Chart.Bar(label: value, value: Double(item["count"]?.intValue ?? 0))
        }
        let listed = bars.reduce(0) { $0 + Int($1.value) }
        if bars.count < limit, jobs > listed { bars.append(Chart.Bar(label: blank, value: Double(jobs - listed))) }
        return Chart(id: id, title: title, unit: "jobs", bars: bars)
    }

    /// Runs per day and kind, from the whole history (`history.list`, page by page).
    static func runsPerDay(call: Call) async throws -> Chart {
        var counts: [String: Int] = [:]
        var cursor: String?
        repeat {
            var params: [String: JSONValue] = ["limit": 1000]
            if let cursor { params["cursor"] = .string(cursor) }
            let page = try await call("history.list", .object(params))
            for run in page["runs"]?.arrayElements ?? [] {
                let day = String((run["createdAt"]?.stringValue ?? "").prefix(10))
                counts["\(day) \(run["kind"]?.stringValue ?? "")", default: 0] += 1
            }
            cursor = page["nextCursor"]?.stringValue
        } while cursor != nil
        let bars = counts.sorted { $0.key < $1.key }.map { Chart.Bar(label: $0.key, value: Double($0.value)) }
        return Chart(id: "runs-per-day", title: "Runs per day by kind", unit: "runs", bars: bars)
    }

    /// For each of the user's postings, how many applications reached each stage
    /// (`applications.list` with their history), and the days from posting to the first hire.
    static func pipeline(call: Call) async throws -> [Chart] {
        let me = try await call("auth.whoami", .object([:]))
        var postings: [JSONValue] = []
        var cursor: String?
        repeat {
            var params: [String: JSONValue] = ["limit": 1000, "includeClosed": true, "filters": ["recruiterId": me["id"] ?? .null]]
            if let cursor { params["cursor"] = .string(cursor) }
            let page = try await call("postings.list", .object(params))
            postings += page["postings"]?.arrayElements ?? []
            cursor = page["nextCursor"]?.stringValue
        } while cursor != nil
        var charts: [Chart] = []
        var fill: [Chart.Bar] = []
        for posting in postings {
            guard let postingId = posting["id"]?.stringValue else { continue }
            var reached = Dictionary(uniqueKeysWithValues: funnelStages.map { ($0, 0) })
            var firstHire: Date?
            var cursor: String?
            repeat {
                var params: [String: JSONValue] = ["postingId": .string(postingId), "limit": 1000]
                if let cursor { params["cursor"] = .string(cursor) }
                let page = try await call("applications.list", .object(params))
                for application in page["applications"]?.arrayElements ?? [] {
                    let history = application["history"]?.arrayElements ?? []
                    let statuses = Set(["submitted", application["status"]?.stringValue ?? ""] + history.compactMap { $0["to"]?.stringValue })
                    // A stage counts as reached when the application was ever at it or past it.
                    let furthest = funnelStages.lastIndex { statuses.contains($0) } ?? 0
                    for stage in funnelStages[...furthest] { reached[stage, default: 0] += 1 }
                    for entry in history where entry["to"]?.stringValue == "hired" {
                        if let at = entry["at"]?.stringValue.flatMap(parseDate), firstHire.map({ at < $0 }) ?? true { firstHire = at }
                    }
                }
                cursor = page["nextCursor"]?.stringValue
            } while cursor != nil
            let title = posting["title"]?.stringValue ?? postingId
            charts.append(
                Chart(id: "funnel-\(postingId)", title: "Pipeline: \(title)", unit: "applications",
                    bars: funnelStages.map { Chart.Bar(label: $0, value: Double(reached[$0] ?? 0)) }))
            if let firstHire, let posted = posting["postedAt"]?.stringValue.flatMap(parseDate) {
                fill.append(Chart.Bar(label: title, value: (firstHire.timeIntervalSince(posted) / 86400 * 10).rounded() / 10))
            }
        }
        charts.append(Chart(id: "time-to-fill", title: "Time to fill (posting to first hire)", unit: "days", bars: fill))
        return charts
    }

    /// How the scores of the newest match run that ranked `jobId` spread over ten bands
    /// (the job of the newest match run when none is given); nil before any match run.
    static func scoreDistribution(jobId: String?, call: Call) async throws -> Chart? {
        let runs = try await call("history.list", ["kind": "match.run", "status": "completed", "limit": 20])
        for run in runs["runs"]?.arrayElements ?? [] {
            guard let runId = run["id"]?.stringValue else { continue }
            let matches = try await call("match.get", ["runId": .string(runId)])["matches"]?.arrayElements ?? []
            guard let job = jobId ?? matches.first?["jobId"]?.stringValue else { continue }
            let scores = matches.filter { $0["jobId"]?.stringValue == job }.compactMap { $0["score"]?.numberValue }
            if scores.isEmpty { continue }
            var bands = Array(repeating: 0, count: 10)
            for score in scores { bands[min(9, max(0, Int(score / 10)))] += 1 }
            return Chart(
                id: "score-distribution", title: "Match scores for \(job) (run \(runId))", unit: "matches",
                bars: bands.enumerated().map { Chart.Bar(label: "\($0.offset * 10)–\($0.offset * 10 + (($0.offset == 9) ? 10 : 9))", value: Double($0.element)) })
        }
        return nil
    }

    private static func parseDate(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }
}

extension JSONValue {
    /// The elements, when this is an array.
    public var arrayElements: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The number, when this is one.
    public var numberValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }
}
