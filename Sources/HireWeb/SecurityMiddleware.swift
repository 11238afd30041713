import Hummingbird
import HTTPTypes

/// Cookie names.
enum CookieName {
    static let session = "hire_session"
    static let csrf = "hire_csrf"
}

/// Sets the security headers on every response, gives each browser a CSRF token (a cookie
/// the page echoes in every form: double submit, with `SameSite=Strict` and an Origin check),
/// and refuses any POST whose token or origin does not match before a handler sees it.
struct SecurityMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let secure: Bool

    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        context.secure = secure
        let cookieToken = request.cookies[CookieName.csrf]?.value
        let fresh = cookieToken.map(Self.isToken) != true
        context.csrf = fresh ? Self.newToken() : cookieToken!
        context.token = request.cookies[CookieName.session]?.value
        var response: Response
        if request.method == .post, let refusal = try await check(&request, &context, fresh: fresh) {
            response = refusal
        } else {
            response = try await next(request, context)
        }
        let headers: [(HTTPField.Name, String)] = [
            (.contentSecurityPolicy, Self.contentSecurityPolicy), (.xContentTypeOptions, "nosniff"),
            (HTTPField.Name("Referrer-Policy")!, "same-origin"), (HTTPField.Name("X-Frame-Options")!, "DENY"), (.cacheControl, "no-store"),
            (HTTPField.Name("Cross-Origin-Opener-Policy")!, "same-origin"),
        ]
        for (name, value) in headers where response.headers[name] == nil { response.headers[name] = value }
        if fresh { response.setCookie(cookie(CookieName.csrf, context.csrf)) }
        return response
    }

    /// The refusal of a POST that fails the checks, or nil (with the form parsed into the context).
    private func check(_ request: inout Request, _ context: inout WebContext, fresh: Bool) async throws -> Response? {
        if let origin = request.headers[.origin], let host = request.head.authority {
            guard origin == "http://\(host)" || origin == "https://\(host)" else { return forbidden("the request came from another site") }
        }
        if request.headers[HTTPField.Name("Sec-Fetch-Site")!].map({ $0 == "cross-site" || $0 == "same-site" }) == true {
            return forbidden("the request came from another site")
        }
        guard !fresh else { return forbidden("the form has expired: reload the page and try again") }
        let contentType = request.headers[.contentType] ?? ""
        let sent: String?
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            context.form = (try? URLEncodedFormDecoder().decode([String: String].self, from: String(buffer: body))) ?? [:]
            sent = context.form["csrf"]
        } else {
            sent = request.headers[HTTPField.Name("X-CSRF-Token")!]
        }
        guard let sent, Self.same(sent, context.csrf) else { return forbidden("the form's security token does not match: reload the page and try again") }
        return nil
    }

    private func forbidden(_ why: String) -> Response {
        Page.response(Page.plain(title: "Refused", body: "<p class=error>Refused: \(why).</p>"), status: .forbidden)
    }

    func cookie(_ name: String, _ value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// 32 random bytes as hex, from the system's CSPRNG.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in generator.next() as UInt64 }.map { String($0, radix: 16).leftPadded(16) }.joined()
    }

    static func isToken(_ value: String) -> Bool { value.utf8.count == 64 && value.utf8.allSatisfy { $0 < 128 && ($0 >= 48 && $0 <= 57 || $0 >= 97 && $0 <= 102) } }

    /// Compares in time that does not depend on where the two differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
