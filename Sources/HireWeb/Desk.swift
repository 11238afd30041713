import Foundation
import HireCharts
import HireClient
import HireRPC
import Hummingbird
import Logging
import Synchronization

/// A signed-in browser: its daemon session and who it is.
struct Session: Sendable {
    let token: String
    let user: JSONValue
    let link: DaemonLink
    let csrf: String

    var username: String { user["username"]?.stringValue ?? "" }
    var isRecruiter: Bool { user["role"]?.stringValue == "recruiter" }

    /// Calls `method` on the daemon as this user.
    func call(_ method: String, _ params: JSONValue = .object([:])) async throws -> JSONValue {
        try await link.call(token: token, method, params)
    }

    /// A signed-in page.
    func page(_ title: String, current: String, _ body: HTML, status: HTTPResponse.Status = .ok) -> Response {
        Page.response(Page.signedIn(title: title, user: username, csrf: csrf, current: current, body: body), status: status)
    }
}

/// The board's columns once fetched (they are fixed: the daemon's 20).
final class ColumnCache: Sendable {
    let value = Mutex<[(key: String, header: String)]>([])
}

/// Why a page could not be shown to this browser as it stands.
enum PageError: Error {
    /// No session, or the daemon ended it: the login page.
    case signIn
    /// Input the page itself refuses, shown to the user.
    case badInput(String)
}

/// The web desk: its routes, and how a page reaches the daemon.
public struct Desk: Sendable {
    let link: DaemonLink
    let logger: Logger
    /// The board's columns ({key, header}), asked of the daemon once.
    let columns = ColumnCache()
    /// Runs started from a page, until the page that follows each claims it.
    let followers = RunFollowers()

    public init(link: DaemonLink, logger: Logger) {
        self.link = link
        self.logger = logger
    }

    /// The signed-in session of this request, or `PageError.signIn`.
    func session(_ context: WebContext) async throws -> Session {
        guard let token = context.token, !token.isEmpty else { throw PageError.signIn }
        do {
            let user = try await link.call(token: token, "auth.whoami")
            return Session(token: token, user: user, link: link, csrf: context.csrf)
        } catch let error as RPCError where Self.endsSession(error) {
            await link.forget(token: token)
            throw PageError.signIn
        }
    }

    /// Daemon errors that mean the browser must sign in again.
    static func endsSession(_ error: RPCError) -> Bool {
        [.notAuthenticated, .sessionExpired, .invalidToken, .vaultLocked].contains(error.code)
    }

    /// Runs a signed-in page; turns what it throws into the page a person should see.
    func guarded(
        _ context: WebContext, title: String = "Error", _ body: (Session) async throws -> Response
    ) async -> Response {
        do {
            return try await body(try await session(context))
        } catch {
            return failure(error, context: context, title: title)
        }
    }

    func failure(_ error: any Error, context: WebContext, title: String) -> Response {
        switch error {
        case PageError.signIn:
            var response = Page.redirect("/login")
            if context.token != nil { response.setCookie(SecurityMiddleware(secure: context.secure).cookie(CookieName.session, "", maxAge: 0)) }
            return response
        case PageError.badInput(let message):
            return Page.response(Page.plain(title: title, body: Page.error(message) + "<p><a href=/board>Back</a></p>"), status: .badRequest)
        case let error as RPCError where Self.endsSession(error):
            return failure(PageError.signIn, context: context, title: title)
        case let error as RPCError:
            // The daemon's messages are written for people and carry no secrets.
            return Page.response(
                Page.plain(title: title, body: Page.error(error.message) + "<p><a href=\"javascript:history.back()\">Back</a></p>"),
                status: .badRequest)
        case let error as ClientError:
            logger.warning("cannot reach hired", metadata: ["error": "\(error)"])
            return Page.response(
                Page.plain(title: "hired is not reachable", body: Page.error("The daemon does not answer on \(link.socket): is hired running?")),
                status: .serviceUnavailable)
        default:
            logger.error("page failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            return Page.response(Page.plain(title: title, body: Page.error("Internal error")), status: .internalServerError)
        }
    }

    /// The board's columns in board order.
    func boardColumns(_ session: Session) async throws -> [(key: String, header: String)] {
        let known = columns.value.withLock { $0 }
        if !known.isEmpty { return known }
        let reply = try await session.call("mtb.columns")
        let fetched = (reply["columns"]?.arrayElements ?? []).compactMap { column -> (key: String, header: String)? in
            guard let key = column["key"]?.stringValue, let header = column["header"]?.stringValue else { return nil }
            return (key, header)
        }
        columns.value.withLock { $0 = fetched }
        return fetched
    }
}

extension JSONValue {
    /// The members, when this is an object.
    var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// A scalar as text for a page ("" for null; arrays joined with ", ").
    var text: String {
        switch self {
        case .null: ""
        case .bool(let value): value ? "yes" : "no"
        case .int(let value): String(value)
        case .double(let value): Chart.format(value)
        case .string(let value): value
        case .array(let values): values.map(\.text).joined(separator: ", ")
        case .object: jsonString
        }
    }
}
