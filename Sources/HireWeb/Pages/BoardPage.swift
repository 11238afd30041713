import HireCharts
import Foundation
import HireRPC
import Hummingbird

/// What the board shows: filters (exact, one value per column), full text, sort, page.
struct BoardView: Sendable {
    var filters: [(key: String, value: String)] = []
    var query: String?
    var sort: String?
    var descending = false
    var limit = 50
    var cursor: String?
    var start = 0

    static let pageSizes = [25, 50, 100, 200]

    init(_ query: [String: String], columns: [String]) {
        for key in columns { if let value = query["f_" + key], !value.isEmpty { filters.append((key, value)) } }
        self.query = query["q"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        sort = query["sort"].flatMap { columns.contains($0) ? $0 : nil }
        descending = query["order"] == "desc"
        limit = query["limit"].flatMap(Int.init).flatMap { Self.pageSizes.contains($0) ? $0 : nil } ?? 50
        cursor = query["cursor"].flatMap { $0.isEmpty ? nil : $0 }
        start = query["start"].flatMap(Int.init).map { max(0, $0) } ?? 0
    }

    /// `filters` as the daemon takes them.
    var filterParams: JSONValue { .object(Dictionary(uniqueKeysWithValues: filters.map { ($0.key, JSONValue.string($0.value)) })) }

    /// Params for jobs.list / jobs.export.
    func listParams(page: Bool) -> JSONValue {
        var params: [String: JSONValue] = ["filters": filterParams]
        if let query { params["query"] = .string(query) }
        if page {
            params["limit"] = .int(limit)
            if let cursor { params["cursor"] = .string(cursor) }
            if let sort { params["sort"] = ["by": .string(sort), "order": .string(descending ? "desc" : "asc")] }
        }
        return .object(params)
    }

    /// The query string for this view with some parts changed (nil removes a part).
    func link(_ path: String = "/board", sort: String?? = .none, descending: Bool? = nil, cursor: String?? = .some(nil), start: Int? = 0) -> String {
        var parts: [(String, String)] = filters.map { ("f_" + $0.key, $0.value) }
        if let query { parts.append(("q", query)) }
        let sortValue = sort ?? self.sort
        if let sortValue { parts.append(("sort", sortValue)) }
        if descending ?? self.descending { parts.append(("order", "desc")) }
        if limit != 50 { parts.append(("limit", String(limit))) }
        if let cursorValue = cursor ?? self.cursor { parts.append(("cursor", cursorValue)) }
        if let start, start > 0 { parts.append(("start", String(start))) }
        guard !parts.isEmpty else { return path }
        return path + "?" + parts.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }
}

extension Desk {
    func addBoardRoutes(to router: Router<WebContext>) {
        router.get("/") { _, _ in Page.redirect("/board") }
        router.get("/board") { request, context in
            await guarded(context, title: "Board") { session in try await board(request, session) }
        }
        router.post("/board/import") { _, context in
            await guarded(context, title: "Import") { session in try await importRemote(context, session) }
        }
        router.post("/board/import/upload") { request, context in await importUpload(request, context) }
        router.get("/board.csv") { request, context in
            await guarded(context, title: "Board") { session in
                let columns = try await boardColumns(session).map(\.key)
                let view = BoardView(Self.query(request), columns: columns)
                let reply = try await session.call("jobs.export", view.listParams(page: false))
                return Page.download(reply["csv"]?.stringValue ?? "", filename: "board.csv")
            }
        }
    }

    /// The query string's fields.
    static func query(_ request: Request) -> [String: String] {
        (try? URLEncodedFormDecoder().decode([String: String].self, from: request.uri.query ?? "")) ?? [:]
    }

    /// Each column's drop-down values with their counts (`mtb.values`), asked all at once.
    func dropDowns(_ session: Session, columns: [String], limit: Int = 200) async throws -> [String: [(value: String, count: Int)]] {
        try await withThrowingTaskGroup(of: (String, [(value: String, count: Int)]).self) { group in
            for column in columns {
                group.addTask {
                    let reply = try await session.call("mtb.values", ["column": .string(column), "limit": .int(limit)])
                    let values = (reply["values"]?.arrayElements ?? []).compactMap { item -> (value: String, count: Int)? in
                        guard let value = item["value"]?.stringValue, let count = item["count"]?.intValue else { return nil }
                        return (value, count)
                    }
                    return (column, values)
                }
            }
            var all: [String: [(value: String, count: Int)]] = [:]
            for try await (column, values) in group { all[column] = values }
            return all
        }
    }

    private func board(_ request: Request, _ session: Session) async throws -> Response {
        guard session.isRecruiter else { return Page.redirect("/resumes") }
        let columns = try await boardColumns(session)
        let view = BoardView(Self.query(request), columns: columns.map(\.key))
        async let listed = session.call("jobs.list", view.listParams(page: true))
        let values = try await dropDowns(session, columns: columns.map(\.key))
        let list = try await listed
        let jobs = list["jobs"]?.arrayElements ?? []
        let total = list["total"]?.intValue ?? jobs.count

        let selected = Dictionary(uniqueKeysWithValues: view.filters.map { ($0.key, $0.value) })
        let selects = columns.map { column -> HTML in
            let current = selected[column.key]
            var options: [HTML] = ["<option value=\"\">any</option>"]
            let known = values[column.key] ?? []
            if let current, !known.contains(where: { $0.value == current }) {
                options.append("<option value=\"\(current)\" selected>\(current)</option>")
            }
            for item in known {
                let label = item.value.isEmpty ? "(empty)" : item.value
                if item.value.isEmpty { continue }
                options.append(
                    "<option value=\"\(item.value)\"\(item.value == current ? HTML(" selected") : "")>\(label) (\(item.count))</option>")
            }
            return """
                <label>\(column.header)<select name="f_\(column.key)" data-column="\(column.key)">\(options)</select></label>
                """
        }
        let headers = columns.map { column -> HTML in
            let active = view.sort == column.key
            let next = active ? !view.descending : false
            let arrow: HTML = active ? (view.descending ? " ▼" : " ▲") : ""
            let sortState: HTML = active ? (view.descending ? " aria-sort=descending" : " aria-sort=ascending") : ""
            return "<th scope=col\(sortState)><a href=\"\(view.link(sort: .some(column.key), descending: next))\">\(column.header)</a>\(arrow)</th>"
        }
        let rows = jobs.map { job -> HTML in
            let cells = columns.map { column -> HTML in
                let value = job[column.key]?.text ?? ""
                return column.key == "jobId"
                    ? "<td><a href=\"/jobs/\(BoardView.encode(value))\">\(value)</a></td>" : "<td>\(value)</td>"
            }
            return "<tr data-job=\"\(job["jobId"]?.text ?? "")\">\(cells)</tr>"
        }
        let first = jobs.isEmpty ? 0 : view.start + 1
        var pager: [HTML] = []
        if view.cursor != nil { pager.append("<a href=\"\(view.link())\">First page</a>") }
        if let next = list["nextCursor"]?.stringValue {
            pager.append("<a rel=next href=\"\(view.link(cursor: .some(next), start: view.start + jobs.count))\">Next page</a>")
        }
        let sizes = BoardView.pageSizes.map { size -> HTML in "<option value=\(size)\(size == view.limit ? HTML(" selected") : "")>\(size)</option>" }
        let body: HTML = """
            <form method=get action=/board class=filters id=board-filters>
            <label class=search>Search <input type=search name=q value="\(view.query ?? "")" placeholder="full text"></label>
            \(selects)
            <label>Rows per page<select name=limit>\(sizes)</select></label>
            \(view.sort.map { HTML("<input type=hidden name=sort value=\"\(HTML.escape($0))\">") } ?? "")\
            \(view.descending ? "<input type=hidden name=order value=desc>" : "")
            <div class=actions><button type=submit>Apply</button> <a href=/board>Clear</a>
            <a href="\(view.link("/board.csv", cursor: .some(nil), start: nil))" download>Export CSV</a></div>
            </form>
            <p class=count id=board-count>Rows <span>\(first)</span>–<span>\(view.start + jobs.count)</span> of <strong id=board-total>\(total)</strong></p>
            <div class=scroll><table id=board><thead><tr>\(headers)</tr></thead><tbody>\(rows)</tbody></table></div>
            <nav class=pager>\(pager)</nav>
            <h2>Import</h2>
            <form method=post action=/board/import id=board-import data-import class=stack>\(Page.csrfField(session.csrf))
            <label>A board CSV from this computer (merged by JobID) <input type=file name=file id=import-file accept=".csv,text/csv"></label>
            <label>or from a cloud remote (rclone) <input name=remote placeholder="gdrive:Boards/mtb.csv"></label>
            <button type=submit>Import</button></form>
            """
        return session.page("Board", current: "/board", body)
    }

    /// `mtb.import` of a remote CSV (`NAME:path`), followed live on its run's page.
    private func importRemote(_ context: WebContext, _ session: Session) async throws -> Response {
        guard let remote = context.field("remote"), !remote.isEmpty else {
            throw PageError.badInput("Choose a CSV file, or name a remote as NAME:path.")
        }
        let runId = try await followers.start("mtb.import", ["remote": .string(remote)], session)
        return Page.redirect("/runs/\(BoardView.encode(runId))")
    }

    /// `mtb.import` of the CSV file the page's script sends as the body (as text: the run goes on
    /// after the request); answers where the run is followed.
    private func importUpload(_ request: Request, _ context: WebContext) async -> Response {
        do {
            let session = try await session(context)
            var request = request
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            guard let csv = String(validating: body.readableBytesView, as: UTF8.self) else {
                throw PageError.badInput("the board file is not UTF-8 text")
            }
            let runId = try await followers.start("mtb.import", ["csv": .string(csv)], session)
            return Page.text("/runs/\(BoardView.encode(runId))", .ok)
        } catch {
            return Self.scriptFailure(error)
        }
    }
}
