import Foundation
import HireRPC

/// The CLI's saved sessions: `$XDG_RUNTIME_DIR/hired/session` (0600), holding the token of
/// the last `hire login` on each socket (a token is never sent to another one): logging in to
/// a second daemon does not log you out of the first.
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

    /// The file's contents: the tokens by socket (`socket` and `token` alone: one session, as
    /// earlier versions wrote it).
    private struct Saved: Codable {
        var sessions: [String: String]?
        var socket: String?
        var token: String?
    }

    /// Every saved token, by socket.
    private func all() -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path), let saved = try? JSONDecoder().decode(Saved.self, from: data)
        else { return [:] }
        var sessions = saved.sessions ?? [:]
        if let socket = saved.socket, let token = saved.token, sessions[socket] == nil { sessions[socket] = token }
        return sessions
    }

    /// The token saved for `socket`, if any.
    func token(for socket: String) -> String? { all()[socket] }

    /// Saves the token for `socket`, keeping the others (0600, written to a temporary file and renamed).
    func save(token: String, socket: String) throws {
        var sessions = all()
        sessions[socket] = token
        try write(sessions)
    }

    /// Forgets the token of `socket` (the file goes with the last one).
    func remove(socket: String) {
        var sessions = all()
        sessions[socket] = nil
        if sessions.isEmpty { unlink(path) } else { try? write(sessions) }
    }

    private func write(_ sessions: [String: String]) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = path + ".tmp"
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(Saved(sessions: sessions))
        unlink(temporary)
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]),
            rename(temporary, path) == 0
        else { throw UsageError("cannot write the session file \(path)") }
    }
}
