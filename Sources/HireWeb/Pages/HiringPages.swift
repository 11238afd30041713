import HireCharts
import HireRPC
import Hummingbird

/// Postings, each posting's applications as a pipeline, and interviews (answered by the
/// candidate, reviewed by the recruiter).
extension Desk {
    /// The statuses a recruiter moves an application to, in pipeline order.
    static let pipeline = Dashboard.funnelStages + ["rejected", "withdrawn"]

    func addHiringRoutes(to router: Router<WebContext>) {
        router.get("/postings") { request, context in
            await guarded(context, title: "Postings") { session in try await postingsPage(Self.query(request), session) }
        }
        router.get("/postings/:postingId") { _, context in
            await guarded(context, title: "Posting") { session in try await pipelinePage(context.parameters.get("postingId") ?? "", session) }
        }
        router.post("/applications/status") { _, context in
            await guarded(context, title: "Pipeline") { session in
                guard let application = context.field("applicationId"), let status = context.field("status"),
                    let posting = context.field("postingId")
                else { throw PageError.badInput("Choose an application and a status.") }
                var params: [String: JSONValue] = ["applicationIds": [.string(application)], "status": .string(status)]
                if let note = context.field("note") { params["note"] = .string(note) }
                _ = try await session.call("applications.setStatus", .object(params))
                return Page.redirect("/postings/\(BoardView.encode(posting))")
            }
        }
        router.get("/interviews") { _, context in
            await guarded(context, title: "Interviews") { session in try await interviewsPage(session) }
        }
        router.get("/interviews/:interviewId") { _, context in
            await guarded(context, title: "Interview") { session in try await interviewPage(context.parameters.get("interviewId") ?? "", session) }
        }
        router.post("/interviews/:interviewId/answer") { _, context in
            await guarded(context, title: "Interview") { session in
                let id = context.parameters.get("interviewId") ?? ""
                guard let question = context.field("questionId"), let text = context.field("text") else {
                    throw PageError.badInput("Write an answer first.")
                }
                _ = try await session.call("interviews.answer", ["interviewId": .string(id), "questionId": .string(question), "text": .string(text)])
                return Page.redirect("/interviews/\(BoardView.encode(id))")
            }
        }
        router.post("/interviews/:interviewId/submit") { _, context in
            await guarded(context, title: "Interview") { session in
                let id = context.parameters.get("interviewId") ?? ""
                _ = try await session.call("interviews.submit", ["interviewId": .string(id)])
                return Page.redirect("/interviews/\(BoardView.encode(id))")
            }
        }
        router.post("/interviews/:interviewId/review") { _, context in
            await guarded(context, title: "Interview") { session in
                let id = context.parameters.get("interviewId") ?? ""
                guard let decision = context.field("decision") else { throw PageError.badInput("Choose a decision.") }
                var params: [String: JSONValue] = ["interviewId": .string(id), "decision": .string(decision)]
                if let rating = context.field("rating") {
                    guard let value = Int(rating) else { throw PageError.badInput("The rating is a number from 1 to 5.") }
                    params["rating"] = .int(value)
                }
                if let notes = context.field("notes") { params["notes"] = .string(notes) }
                _ = try await session.call("interviews.review", .object(params))
                return Page.redirect("/interviews/\(BoardView.encode(id))")
            }
        }
    }

    private func postingsPage(_ query: [String: String], _ session: Session) async throws -> Response {
        var params: [String: JSONValue] = ["limit": 100, "includeClosed": .bool(session.isRecruiter)]
        if let q = query["q"], !q.isEmpty { params["query"] = .string(q) }
        if session.isRecruiter, let id = session.user["id"] { params["filters"] = ["recruiterId": id] }
        let reply = try await session.call("postings.list", .object(params))
        let rows = (reply["postings"]?.arrayElements ?? []).map { posting -> HTML in
            let id = posting["id"]?.text ?? ""
            return """
                <tr><td><a href="/postings/\(BoardView.encode(id))">\(posting["title"]?.text ?? id)</a></td><td>\(posting["company"]?.text ?? "")</td>\
                <td>\(posting["location"]?.text ?? "")</td><td>\(posting["status"]?.text ?? "")</td><td>\(posting["postedAt"]?.text ?? "")</td>\
                <td class=num>\(posting["applicationCount"]?.text ?? "")</td></tr>
                """
        }
        let body: HTML = """
            <form method=get action=/postings><label>Search <input type=search name=q value="\(query["q"] ?? "")"></label> <button>Search</button></form>
            <table id=postings><thead><tr><th>Title</th><th>Company</th><th>Location</th><th>Status</th><th>Posted</th><th class=num>Applications</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return session.page(session.isRecruiter ? "Your postings" : "Open postings", current: "/postings", body)
    }

    /// A posting and, for its owner, its applications as a pipeline: one column per status,
    /// buttons to move each application, and each one's history.
    private func pipelinePage(_ postingId: String, _ session: Session) async throws -> Response {
        let posting = try await session.call("postings.get", ["postingId": .string(postingId)])
        var body: HTML = "<p>\(posting["company"]?.text ?? "") · \(posting["location"]?.text ?? "") · \(posting["status"]?.text ?? "")</p>"
        guard session.isRecruiter, posting["recruiter"]?["id"] == session.user["id"] else {
            body += "<pre class=description>\(posting["description"]?.text ?? "")</pre>"
            return session.page(posting["title"]?.text ?? postingId, current: "/postings", body)
        }
        let applications = try await session.call("applications.list", ["postingId": .string(postingId), "limit": 1000])["applications"]?.arrayElements ?? []
        let columns = Self.pipeline.map { status -> HTML in
            let cards = applications.filter { $0["status"]?.stringValue == status }.map { application -> HTML in
                let id = application["id"]?.text ?? ""
                let moves = Self.pipeline.filter { $0 != status && $0 != "withdrawn" }.map { target -> HTML in
                    "<button type=submit name=status value=\(HTML(unsafe: target))>\(target)</button>"
                }
                let history = (application["history"]?.arrayElements ?? []).map { entry -> HTML in
                    "<li>\(entry["at"]?.text ?? ""): \(entry["from"]?.text ?? "—") → \(entry["to"]?.text ?? "")\(entry["note"].map { " (" + $0.text + ")" } ?? "")</li>"
                }
                return """
                    <article class=card data-application="\(id)"><strong>\(application["candidate"]?["displayName"]?.text ?? id)</strong> \
                    score \(application["score"]?.text ?? "–")
                    <form method=post action=/applications/status>\(Page.csrfField(session.csrf))\
                    <input type=hidden name=applicationId value="\(id)"><input type=hidden name=postingId value="\(postingId)">\
                    <input name=note placeholder="note (optional)"> \(moves)</form>
                    <details><summary>History</summary><ul>\(history)</ul></details></article>
                    """
            }
            return "<section data-status=\"\(status)\"><h2>\(status) (\(cards.count))</h2>\(cards)</section>"
        }
        body += "<div class=pipeline>\(columns)</div>"
        return session.page(posting["title"]?.text ?? postingId, current: "/postings", body)
    }

    private func interviewsPage(_ session: Session) async throws -> Response {
        let reply = try await session.call("interviews.list")
        let rows = (reply["interviews"]?.arrayElements ?? []).map { interview -> HTML in
            let id = interview["id"]?.text ?? ""
            return """
                <tr><td><a href="/interviews/\(BoardView.encode(id))">\(id)</a></td><td>\(interview["applicationId"]?.text ?? "")</td>\
                <td>\(interview["status"]?.text ?? "")</td><td class=num>\(interview["questions"]?.arrayElements?.count ?? 0)</td></tr>
                """
        }
        let body: HTML = """
            <table id=interviews><thead><tr><th>Interview</th><th>Application</th><th>Status</th><th class=num>Questions</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return session.page("Interviews", current: "/interviews", body)
    }

    /// A candidate answers each question and submits; the recruiter reads the answers, the
    /// assessment and the rubric, and reviews.
    private func interviewPage(_ interviewId: String, _ session: Session) async throws -> Response {
        let interview = try await session.call("interviews.get", ["interviewId": .string(interviewId)])
        let status = interview["status"]?.stringValue ?? ""
        let answering = !session.isRecruiter && (status == "assigned" || status == "in_progress")
        let id = BoardView.encode(interviewId)
        let questions = (interview["questions"]?.arrayElements ?? []).map { question -> HTML in
            let qid = question["id"]?.text ?? ""
            var part: HTML = "<li><p><strong>\(question["kind"]?.text ?? "")</strong>: \(question["text"]?.text ?? "")</p>"
            if answering {
                part += """
                    <form method=post action="/interviews/\(id)/answer">\(Page.csrfField(session.csrf))<input type=hidden name=questionId value="\(qid)">\
                    <textarea name=text rows=4 cols=80>\(question["answer"]?.text ?? "")</textarea><br><button type=submit>Save answer</button></form>
                    """
            } else {
                part += "<blockquote>\(question["answer"]?.text ?? "(no answer)")</blockquote>"
                if let score = question["score"] { part += "<p>Score \(score.text)</p>" }
                if let rubric = question["rubric"] { part += "<p>Rubric: \(rubric.text)</p>" }
                if let covered = question["covered"] { part += "<p>Covered: \(covered.text)</p>" }
                if let missed = question["missed"] { part += "<p>Missed: \(missed.text)</p>" }
            }
            return part + "</li>"
        }
        var body: HTML = "<p>Status: \(status)</p><ol class=questions>\(questions)</ol>"
        if answering {
            body += "<form method=post action=\"/interviews/\(id)/submit\">\(Page.csrfField(session.csrf))<button type=submit>Submit the interview</button></form>"
        }
        if let assessment = interview["assessment"], assessment != .null {
            body += "<h2>Assessment</h2><p>Score \(assessment["score"]?.text ?? "")</p><p>\(assessment["summary"]?.text ?? "")</p>"
        }
        if session.isRecruiter, status == "submitted" || status == "reviewed" {
            body += """
                <h2>Review</h2>\(interview["review"].map { Self.definitions($0) } ?? "")
                <form method=post action="/interviews/\(id)/review" class=stack>\(Page.csrfField(session.csrf))
                <label>Decision <select name=decision><option value=advance>advance</option><option value=hold>hold</option><option value=reject>reject</option></select></label>
                <label>Rating (1–5) <input type=number name=rating min=1 max=5></label>
                <label>Notes <textarea name=notes rows=3></textarea></label><button type=submit>Review</button></form>
                """
        }
        return session.page("Interview \(interviewId)", current: "/interviews", body)
    }
}
