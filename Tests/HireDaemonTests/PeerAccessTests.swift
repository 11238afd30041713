import Foundation
@testable import HireDaemon
import HireRPC
import HireTestSupport
import Testing

/// A daemon serving other users reads for them only what they could read themselves.
@Suite struct PeerAccessTests {
    @Test func anotherUserReadsOnlyWhatThePermissionsAllow() throws {
        let directory = try makeTemporaryDirectory("pa")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let me = PeerCredentials(pid: 1, uid: getuid(), gid: getgid())
        let stranger = PeerCredentials(pid: 1, uid: getuid() + 4242, gid: getgid() + 4242)
        let file = directory + "/resume.txt"
        try "text".write(toFile: file, atomically: false, encoding: .utf8)
        chmod(directory, 0o755)
        chmod(file, 0o600)
        #expect(throws: RPCError.self) { _ = try PeerAccess.openForReading(file, param: "path", peer: stranger) }
        _ = try PeerAccess.openForReading(file, param: "path", peer: me)
        chmod(file, 0o644)
        _ = try PeerAccess.openForReading(file, param: "path", peer: stranger)
        // A directory the stranger cannot enter hides a readable file.
        chmod(directory, 0o700)
        #expect(throws: RPCError.self) { _ = try PeerAccess.openForReading(file, param: "path", peer: stranger) }
        chmod(directory, 0o755)
        // A link the stranger may read leads to a file they may not: what is opened is checked.
        let secret = directory + "/secret.txt"
        try "secret".write(toFile: secret, atomically: false, encoding: .utf8)
        chmod(secret, 0o600)
        symlink(secret, directory + "/link.txt")
        #expect(throws: RPCError.self) { _ = try PeerAccess.openForReading(directory + "/link.txt", param: "path", peer: stranger) }
        let opened = try PeerAccess.openForReading(file, param: "path", peer: stranger)
        #expect(opened.path.hasPrefix("/proc/self/fd/"))
        #expect(FileManager.default.contents(atPath: opened.path) == Data("text".utf8))
        // Files are written only for the daemon's own user.
        try PeerAccess.checkWrite(directory + "/out.csv", param: "path", peer: me)
        #expect(throws: RPCError.self) { try PeerAccess.checkWrite(directory + "/out.csv", param: "path", peer: stranger) }
    }
}
