import Foundation
@testable import HireDaemon
import HireRPC
import HireTestSupport
import Testing

/// A daemon serving other users reads for them only what they could read themselves.
@Suite struct PeerAccessTests {
    /// An import's original is archived after the reply: a file written to since it was opened
    /// (even to the same size, even renamed over) is told apart from the one imported.
    @Test func anOpenedFileKnowsWhetherItWasWrittenToSinceItsCheck() throws {
        let directory = try makeTemporaryDirectory("pa")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let me = PeerAccess(
            peer: PeerCredentials(pid: 1, uid: getuid(), gid: getgid()), own: PeerAccess.OwnFiles(directories: [directory + "/data"]),
            limits: Limits())
        let file = directory + "/board.csv"
        try "JobID\nJ-1\n".write(toFile: file, atomically: false, encoding: .utf8)
        let opened = try me.openForReading(file, param: "path", kind: .boardCSV)
        #expect(opened.isUnchanged)
        _ = FileManager.default.contents(atPath: opened.path)
        #expect(opened.isUnchanged, "reading changes nothing")
        // Another file renamed over the name leaves the opened one as it was.
        try "JobID\nJ-2\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(opened.isUnchanged)
        let again = try me.openForReading(file, param: "path", kind: .boardCSV)
        let handle = try #require(FileHandle(forWritingAtPath: file))
        try handle.write(contentsOf: Data("JobID\nJ-3\n".utf8))
        try handle.close()
        #expect(!again.isUnchanged, "written to in place, to the same size")
    }

    @Test func anotherUserReadsOnlyWhatThePermissionsAllow() throws {
        let directory = try makeTemporaryDirectory("pa")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let own = PeerAccess.OwnFiles(directories: [directory + "/data"])
        let me = PeerAccess(peer: PeerCredentials(pid: 1, uid: getuid(), gid: getgid()), own: own, limits: Limits())
        let stranger = PeerAccess(peer: PeerCredentials(pid: 1, uid: getuid() + 4242, gid: getgid() + 4242), own: own, limits: Limits())
        let file = directory + "/resume.txt"
        try "text".write(toFile: file, atomically: false, encoding: .utf8)
        chmod(directory, 0o755)
        chmod(file, 0o600)
        #expect(throws: RPCError.self) { _ = try stranger.openForReading(file, param: "path", kind: .document) }
        _ = try me.openForReading(file, param: "path", kind: .document)
        chmod(file, 0o644)
        _ = try stranger.openForReading(file, param: "path", kind: .document)
        // A directory the stranger cannot enter hides a readable file.
        chmod(directory, 0o700)
        #expect(throws: RPCError.self) { _ = try stranger.openForReading(file, param: "path", kind: .document) }
        chmod(directory, 0o755)
        // A link the stranger may read leads to a file they may not: what is opened is checked.
        let secret = directory + "/secret.txt"
        try "secret".write(toFile: secret, atomically: false, encoding: .utf8)
        chmod(secret, 0o600)
        symlink(secret, directory + "/link.txt")
        #expect(throws: RPCError.self) { _ = try stranger.openForReading(directory + "/link.txt", param: "path", kind: .document) }
        let opened = try stranger.openForReading(file, param: "path", kind: .document)
        #expect(opened.path.hasPrefix("/proc/self/fd/"))
        #expect(FileManager.default.contents(atPath: opened.path) == Data("text".utf8))
        // Files are written only for the daemon's own user.
        _ = try me.prepareWrite(directory + "/out.csv", param: "path", overwrite: false)
        #expect(throws: RPCError.self) { _ = try stranger.prepareWrite(directory + "/out.csv", param: "path", overwrite: false) }
    }

    /// The data dir is matched component by component: a sibling whose name starts the same is not inside it.
    @Test func sizesInRefusalsAreNeverRoundedDownToTheLimit() {
        #expect(PeerAccess.byteCount(32 << 20) == "32 MiB")
        #expect(PeerAccess.byteCount((32 << 20) + 1) == "32.1 MiB")
        #expect(PeerAccess.byteCount(900) == "900 bytes")
    }

    @Test func theDataDirIsMatchedByPathComponents() throws {
        let directory = try makeTemporaryDirectory("pa")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: false)
        let own = PeerAccess.OwnFiles(directories: [directory + "/data"])
        #expect(own.contains(directory + "/data"))
        #expect(own.contains(directory + "/data/machine.key"))
        #expect(!own.contains(directory + "/data-other/file"))
        #expect(!own.contains(directory))
        let me = PeerAccess(peer: PeerCredentials(pid: 1, uid: getuid(), gid: getgid()), own: own, limits: Limits())
        try "x".write(toFile: directory + "/data-other", atomically: false, encoding: .utf8)
        _ = try me.openForReading(directory + "/data-other", param: "path", kind: .document)
        try "x".write(toFile: directory + "/data/file", atomically: false, encoding: .utf8)
        #expect(throws: RPCError.self) { _ = try me.openForReading(directory + "/data/file", param: "path", kind: .document) }
        #expect(throws: RPCError.self) { _ = try me.openForReading(directory + "/data/../data/file", param: "path", kind: .document) }
    }
}
