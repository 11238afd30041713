import Foundation
import HireRPC

/// The CLI's saved session: `$XDG_RUNTIME_DIR/hired/session` (0600), holding the token of
/// the last `hire login` and the socket it belongs to (a token is never sent elsewhere).
struct SessionFile {
    let path: String

    init(environment: [String: String]) {
        if let explicit = environment["HIRE_SESSION_FILE"], !explicit.isEmpty {
            path = explicit
        } else {
            path = URL(fileURLWithPath: Locations.user(environment: environment).socket).deletingLastPathComponent()
                .appendingPathComponent("session").path
        }
    }

    struct Saved: Codable {
        var socket: String
        var token: String
    }

    /// The token saved for `socket`, if any.
    func token(for socket: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path),
            let saved = try? JSONDecoder().decode(Saved.self, from: data), saved.socket == socket
        else { return nil }
        return saved.token
    }

    /// Saves the token (0600, written to a temporary file and renamed).
    func save(token: String, socket: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = path + ".tmp"
        let data = try JSONEncoder().encode(Saved(socket: socket, token: token))
        unlink(temporary)
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]),
            rename(temporary, path) == 0
        else { throw UsageError("cannot write the session file \(path)") }
    }

    func remove() { unlink(path) }
}
