import HireCharts
import Foundation
import HireClient
import HireRPC
import Hummingbird

/// The job, resumes, match and history pages.
extension Desk {
    func addWorkRoutes(to router: Router<WebContext>) {
        router.get("/jobs/:jobId") { request, context in
            await guarded(context, title: "Job") { session in try await jobPage(context.parameters.get("jobId") ?? "", session) }
        }
        router.get("/resumes") { request, context in
            await guarded(context, title: "Resumes") { session in try await resumesPage(Self.query(request), session) }
        }
        router.post("/resumes/upload") { request, context in await upload(request, context) }
        router.get("/resumes/:resumeId") { _, context in
            await guarded(context, title: "Resume") { session in try await resumePage(context.parameters.get("resumeId") ?? "", session) }
        }
        router.get("/match") { _, context in
            await guarded(context, title: "Match") { session in try await matchForm(session) }
        }
        router.post("/match") { _, context in
            await guarded(context, title: "Match") { session in try await startMatch(context, session) }
        }
        router.get("/match/:runId") { _, context in
            await guarded(context, title: "Match run") { session in try await matchPage(context.parameters.get("runId") ?? "", session) }
        }
        router.get("/history") { request, context in
            await guarded(context, title: "History") { session in try await historyPage(Self.query(request), session) }
        }
        router.get("/history/:runId") { _, context in
            await guarded(context, title: "Run") { session in try await runPage(context.parameters.get("runId") ?? "", session) }
        }
        router.get("/history/:runId/csv") { _, context in
            await guarded(context, title: "Run") { session in
                let reply = try await session.call("history.export", ["runIds": [.string(context.parameters.get("runId") ?? "")]])
                guard let export = reply["exports"]?[0] else { throw PageError.badInput("Nothing to export.") }
                return Page.download(export["csv"]?.stringValue ?? "", filename: export["filename"]?.stringValue ?? "run.csv")
            }
        }
    }

    // MARK: - Job

    private func jobPage(_ jobId: String, _ session: Session) async throws -> Response {
        let job = try await session.call("jobs.get", ["jobId": .string(jobId)])
        let columns = try await boardColumns(session)
        let row = columns.map { column -> HTML in "<tr><th scope=row>\(column.header)</th><td>\(job[column.key]?.text ?? "")</td></tr>" }
        let description: HTML = job["description"].map { text -> HTML in
            "<h2>Description</h2>\(job["descriptionStale"] == .bool(true) ? Page.error("Stale: the company or position changed since.") : "")<pre class=description>\(text.text)</pre>"
        } ?? "<p>No description attached yet.</p>"
        let profile: HTML = job["profile"].map { "<h2>Profile</h2>" + Self.definitions($0) } ?? ""
        let body: HTML = """
            <table class=job>\(row)</table>
            \(description)\(profile)
            <h2>Best resumes</h2>
            <form method=post action=/match>\(Page.csrfField(session.csrf))<input type=hidden name=jobIds value="\(jobId)">
            <input type=hidden name=per value=job><label>How many <input type=number name=topK value=5 min=1 max=100></label>
            <button type=submit>Rank resumes for this job</button></form>
            """
        return session.page("\(job["position"]?.text ?? jobId) — \(job["company"]?.text ?? "")", current: "/board", body)
    }

    /// An object as a definition list (nested values as text).
    static func definitions(_ value: JSONValue) -> HTML {
        let items = (value.objectValue ?? [:]).sorted { $0.key < $1.key }.compactMap { key, value -> HTML? in
            if value == .null { return nil }
            if let nested = value.objectValue, nested.values.allSatisfy({ $0.objectValue == nil }) {
                let parts = nested.sorted { $0.key < $1.key }.filter { $0.value != .null }.map { "\($0.key): \($0.value.text)" }
                return "<dt>\(key)</dt><dd>\(parts.joined(separator: "; "))</dd>"
            }
            return "<dt>\(key)</dt><dd>\(value.text)</dd>"
        }
        return "<dl>\(items)</dl>"
    }

    // MARK: - Resumes

    private func resumesPage(_ query: [String: String], _ session: Session) async throws -> Response {
        var params: [String: JSONValue] = ["limit": 50]
        if let q = query["q"], !q.isEmpty { params["query"] = .string(q) }
        if let cursor = query["cursor"], !cursor.isEmpty { params["cursor"] = .string(cursor) }
        let reply = try await session.call("resumes.list", .object(params))
        let rows = (reply["resumes"]?.arrayElements ?? []).map { resume -> HTML in
            let id = resume["id"]?.text ?? ""
            return """
                <tr><td><a href="/resumes/\(BoardView.encode(id))">\(resume["name"]?.text ?? id)</a></td><td>\(resume["filename"]?.text ?? "")</td>\
                <td>\(resume["titles"]?.text ?? "")</td><td class=num>\(resume["yearsExperience"]?.text ?? "")</td>\
                <td>\(resume["skills"]?.text ?? "")</td><td>\(resume["createdAt"]?.text ?? "")</td></tr>
                """
        }
        let next: HTML = reply["nextCursor"]?.stringValue.map {
            "<nav class=pager><a rel=next href=\"/resumes?cursor=\(BoardView.encode($0))&q=\(BoardView.encode(query["q"] ?? ""))\">Next page</a></nav>"
        } ?? ""
        let body: HTML = """
            <form method=post action=/resumes/upload data-upload id=upload>
            <label>Resumes (DOCX, PDF, text, Markdown; several at once) <input type=file name=files multiple id=resume-files \
            accept=".docx,.pdf,.txt,.md,.markdown,text/plain"></label> <button type=submit>Upload</button></form>
            <ul id=upload-progress></ul>
            <form method=get action=/resumes><label>Search <input type=search name=q value="\(query["q"] ?? "")"></label> <button>Search</button></form>
            <table id=resumes><thead><tr><th>Name</th><th>File</th><th>Titles</th><th class=num>Years</th><th>Skills</th><th>Added</th></tr></thead>
            <tbody>\(rows)</tbody></table>\(next)
            """
        return session.page("Resumes", current: "/resumes", body)
    }

    /// One file from the upload script: the body is the file; it is handed to `resumes.add`
    /// through a private temp file, removed at once. Answers plain text for the progress list.
    private func upload(_ request: Request, _ context: WebContext) async -> Response {
        let text = Page.text
        let filename = (Self.query(request)["filename"] ?? "").split(separator: "/").last.map(String.init) ?? ""
        guard !filename.isEmpty, !filename.hasPrefix(".") else { return text("the file needs a name", .badRequest) }
        do {
            let session = try await session(context)
            var request = request
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            let reply = try await UploadFolder.withFile(named: filename, contents: Data(body.readableBytesView)) { path in
                try await session.call("resumes.add", ["path": .string(path), "filename": .string(filename)])
            }
            if let added = reply["resumes"]?[0] {
                return text("added \(added["id"]?.text ?? "") (\(added["name"]?.text ?? filename))", .ok)
            }
            return text(reply["errors"]?[0]?["message"]?.text ?? "not added", .unprocessableContent)
        } catch {
            return Self.scriptFailure(error)
        }
    }

    /// What a script's request is told when it fails, as plain text.
    static func scriptFailure(_ error: any Error) -> Response {
        switch error {
        case PageError.signIn: Page.text("your session ended: log in again", .unauthorized)
        case PageError.badInput(let message): Page.text(message, .badRequest)
        case let error as RPCError: Page.text(error.message, .badRequest)
        default: Page.text(error is ClientError ? "hired is not reachable" : "the upload failed", .internalServerError)
        }
    }

    private func resumePage(_ resumeId: String, _ session: Session) async throws -> Response {
        let resume = try await session.call("resumes.get", ["resumeId": .string(resumeId)])
        var shown = resume.objectValue ?? [:]
        let profile = shown.removeValue(forKey: "profile")
        let body: HTML = """
            \(Self.definitions(.object(shown)))\(profile.map { "<h2>Profile</h2>" + Self.definitions($0) } ?? "")
            <form method=post action=/match>\(Page.csrfField(session.csrf))<input type=hidden name=resumeIds value="\(resumeId)">
            <button type=submit>Rank jobs for this resume</button></form>
            """
        return session.page(resume["name"]?.text ?? resumeId, current: "/resumes", body)
    }

    // MARK: - Match

    private func matchForm(_ session: Session) async throws -> Response {
        let body: HTML = """
            <form method=post action=/match class=stack id=match-form>\(Page.csrfField(session.csrf))
            <label>Resume ids (blank: all resumes) <input name=resumeIds placeholder="R-…, R-…"></label>
            <label>Job ids (blank: every job on the board) <input name=jobIds placeholder="J-…, J-…"></label>
            <label>Rank <select name=per><option value=resume>best jobs for each resume</option><option value=job>best resumes for each job</option></select></label>
            <label>How many per group <input type=number name=topK value=10 min=1 max=100></label>
            <button type=submit>Run</button></form>
            """
        return session.page("Match", current: "/match", body)
    }

    /// Starts `match.run` in the background and shows its live progress page.
    private func startMatch(_ context: WebContext, _ session: Session) async throws -> Response {
        var params: [String: JSONValue] = [:]
        for key in ["resumeIds", "jobIds"] {
            let ids = (context.field(key) ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).map { JSONValue.string(String($0)) }
            if !ids.isEmpty { params[key] = .array(ids) }
        }
        if let per = context.field("per") { params["per"] = .string(per) }
        if let topK = context.field("topK") {
            guard let value = Int(topK) else { throw PageError.badInput("“\(topK)” is not a number of matches.") }
            params["topK"] = .int(value)
        }
        let runId = try await followers.start("match.run", params, session)
        return Page.redirect("/runs/\(BoardView.encode(runId))")
    }

    private func matchPage(_ runId: String, _ session: Session) async throws -> Response {
        let run = try await session.call("match.get", ["runId": .string(runId)])
        let rows = (run["matches"]?.arrayElements ?? []).map { match -> HTML in
            let explanation = match["explanation"] ?? .null
            let checks = (explanation["checks"]?.arrayElements ?? []).map { check -> HTML in
                let passed = check["passed"]
                let state = passed == .bool(true) ? "passed" : passed == .bool(false) ? "failed" : "unknown"
                return "<li class=\(HTML(unsafe: state))><strong>\(check["name"]?.text ?? "")</strong> (\(state)): \(check["detail"]?.text ?? "")</li>"
            }
            let resumeId = match["resumeId"]?.text ?? "", jobId = match["jobId"]?.text ?? ""
            let percent = { (value: JSONValue?) -> String in value?.numberValue.map { String(format: "%.0f%%", $0 * 100) } ?? "" }
            return """
                <tr><td class=num>\(match["rank"]?.text ?? "")</td>\
                <td><a href="/resumes/\(BoardView.encode(resumeId))">\(match["candidate"]?.text ?? resumeId)</a></td>\
                <td><a href="/jobs/\(BoardView.encode(jobId))">\(jobId)</a> \(match["position"]?.text ?? "") — \(match["company"]?.text ?? "")</td>\
                <td class=num>\(String(format: "%.1f", match["score"]?.numberValue ?? 0))</td>\
                <td class=matched>\(explanation["matchedSkills"]?.text ?? "")</td><td class=missing>\(explanation["missingSkills"]?.text ?? "")</td>\
                <td><details class=explanation><summary>Why</summary><p>Skill coverage \(percent(explanation["skillCoverage"])), \
                text similarity \(percent(explanation["textSimilarity"]))\(explanation["rankingNote"].map { ". " + $0.text } ?? "")</p>\
                <ul class=checks>\(checks)</ul></details></td></tr>
                """
        }
        let body: HTML = """
            <p><a href="/history/\(BoardView.encode(runId))">Run \(runId)</a> · <a href="/history/\(BoardView.encode(runId))/csv">Export CSV</a></p>
            <table id=matches><thead><tr><th class=num>Rank</th><th>Candidate</th><th>Job</th><th class=num>Score</th>\
            <th>Matched skills</th><th>Missing skills</th><th>Checks</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        return session.page("Match run", current: "/match", body)
    }

    // MARK: - History

    private func historyPage(_ query: [String: String], _ session: Session) async throws -> Response {
        var params: [String: JSONValue] = ["limit": 50]
        for key in ["kind", "status", "from", "to", "cursor"] { if let value = query[key], !value.isEmpty { params[key] = .string(value) } }
        let reply = try await session.call("history.list", .object(params))
        let rows = (reply["runs"]?.arrayElements ?? []).map { run -> HTML in
            let id = run["id"]?.text ?? ""
            return """
                <tr><td><a href="/history/\(BoardView.encode(id))">\(id)</a></td><td>\(run["kind"]?.text ?? "")</td>\
                <td>\(run["status"]?.text ?? "")</td><td>\(run["createdAt"]?.text ?? "")</td><td class=num>\(run["durationMs"]?.text ?? "")</td>\
                <td>\(Self.summary(run["summary"]))</td><td><a href="/history/\(BoardView.encode(id))/csv">CSV</a></td></tr>
                """
        }
        let statuses = ["", "running", "completed", "failed", "cancelled"].map { status -> HTML in
            "<option value=\"\(status)\"\(query["status"] == status ? HTML(" selected") : "")>\(status.isEmpty ? "any" : status)</option>"
        }
        var nextQuery = query
        nextQuery["cursor"] = reply["nextCursor"]?.stringValue
        let next: HTML = nextQuery["cursor"] == nil ? "" :
            "<nav class=pager><a rel=next href=\"/history?\(nextQuery.sorted { $0.key < $1.key }.map { "\($0.key)=\(BoardView.encode($0.value))" }.joined(separator: "&"))\">Older runs</a></nav>"
        let body: HTML = """
            <form method=get action=/history class=filters>
            <label>Kind <input name=kind value="\(query["kind"] ?? "")" placeholder="mtb.import, match.run, …"></label>
            <label>Status <select name=status>\(statuses)</select></label>
            <label>From <input type=date name=from value="\(query["from"] ?? "")"></label>
            <label>To <input type=date name=to value="\(query["to"] ?? "")"></label>
            <div class=actions><button type=submit>Filter</button> <a href=/history>Clear</a></div></form>
            <table id=history><thead><tr><th>Run</th><th>Kind</th><th>Status</th><th>Started</th><th class=num>ms</th><th>Summary</th><th>Export</th></tr></thead>
            <tbody>\(rows)</tbody></table>\(next)
            """
        return session.page("History", current: "/history", body)
    }

    /// A value as indented JSON, cut after 20,000 characters (a filter's results can list a
    /// million job ids: the CSV export has them all).
    static func clipped(_ value: JSONValue?) -> String {
        let text = value?.prettyString ?? ""
        return text.count > 20_000 ? String(text.prefix(20_000)) + "\n… (cut here: export the run for all of it)" : text
    }

    /// A run's summary as "key: value" pairs.
    static func summary(_ value: JSONValue?) -> String {
        (value?.objectValue ?? [:]).sorted { $0.key < $1.key }.filter { $0.value.objectValue == nil && $0.value.arrayElements == nil }
            .map { "\($0.key): \($0.value.text)" }.joined(separator: ", ")
    }

    private func runPage(_ runId: String, _ session: Session) async throws -> Response {
        let run = try await session.call("history.get", ["runId": .string(runId)])
        let isMatch = run["kind"]?.stringValue == "match.run"
        let body: HTML = """
            <p>\(run["kind"]?.text ?? "") · \(run["status"]?.text ?? "") · \(run["createdAt"]?.text ?? "")\
            \(isMatch ? HTML(" · <a href=\"/match/\(HTML.escape(BoardView.encode(runId)))\">Ranked matches</a>") : "") · \
            <a href="/history/\(BoardView.encode(runId))/csv">Export CSV</a></p>
            <h2>Summary</h2><pre>\(Self.clipped(run["summary"]))</pre>
            <h2>Parameters</h2><pre>\(Self.clipped(run["parameters"]))</pre>
            \(isMatch ? "" : HTML("<h2>Results</h2><pre>\(HTML.escape(Self.clipped(run["results"])))</pre>"))
            """
        return session.page("Run \(runId)", current: "/history", body)
    }
}
