import Foundation
import Hummingbird

/// What the security middleware learns about a request before a page sees it.
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// This browser's CSRF token (from its cookie, or new): every form carries it back.
    var csrf = ""
    /// The daemon session token from the session cookie, if any.
    var token: String?
    /// A POSTed form's fields, CSRF-checked by the middleware.
    var form: [String: String] = [:]
    /// Whether cookies get the `Secure` attribute (served over TLS).
    var secure = false

    public init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }

    /// Uploads (resumes, boards) may be this large.
    public var maxUploadSize: Int { 32 * 1024 * 1024 }

    /// A form field, trimmed; nil when absent or empty.
    func field(_ name: String) -> String? {
        guard let value = form[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }
}
