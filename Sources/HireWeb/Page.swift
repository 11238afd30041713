import Hummingbird
import HTTPTypes

/// The frame every page shares, and the responses pages send.
enum Page {
    /// The links of the signed-in navigation bar: path and label.
    static let sections: [(path: String, label: String)] = [
        ("/board", "Board"), ("/resumes", "Resumes"), ("/match", "Match"), ("/history", "History"),
        ("/postings", "Postings"), ("/interviews", "Interviews"), ("/dashboard", "Dashboard"),
    ]

    /// A page for a signed-in user: navigation, who is signed in, and a logout form.
    static func signedIn(title: String, user: String, csrf: String, current: String, body: HTML) -> HTML {
        let links = sections.map { section -> HTML in
            section.path == current
                ? "<a href=\"\(section.path)\" aria-current=page>\(section.label)</a>"
                : "<a href=\"\(section.path)\">\(section.label)</a>"
        }
        let header: HTML = """
            <header><nav>\(links)</nav><form method=post action=/logout class=logout>\(csrfField(csrf))\
            <span>\(user)</span> <button type=submit>Log out</button></form></header>
            """
        return document(title: title, csrf: csrf, content: header + "<main><h1>\(title)</h1>\(body)</main>")
    }

    /// A page without navigation (login, registration, refusals).
    static func plain(title: String, csrf: String = "", body: HTML) -> HTML {
        document(title: title, csrf: csrf, content: "<main class=narrow><h1>\(title)</h1>\(body)</main>")
    }

    private static func document(title: String, csrf: String, content: HTML) -> HTML {
        """
        <!doctype html>
        <html lang=en><head><meta charset=utf-8><meta name=viewport content="width=device-width, initial-scale=1">
        <meta name=csrf content="\(csrf)"><title>\(title) · hire</title>
        <link rel=stylesheet href=/static/app.css><script src=/static/app.js defer></script></head>
        <body>\(content)</body></html>
        """
    }

    /// The hidden field that carries the CSRF token back.
    static func csrfField(_ csrf: String) -> HTML { "<input type=hidden name=csrf value=\"\(csrf)\">" }

    /// An error message box.
    static func error(_ message: String) -> HTML { "<p class=error role=alert>\(message)</p>" }

    static func response(_ html: HTML, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html.text)))
    }

    /// A redirect after a POST (303) or to the login page.
    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    /// Plain text for a page's script (upload results, where a started run is followed).
    static func text(_ message: String, _ status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: message)))
    }

    /// A download (CSV exports).
    static func download(_ text: String, filename: String, type: String = "text/csv; charset=utf-8") -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentDisposition] = "attachment; filename=\"\(filename.filter { $0.isLetter || $0.isNumber || "-_.".contains($0) })\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
