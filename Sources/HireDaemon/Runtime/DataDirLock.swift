import Foundation
import Glibc

/// Why the daemon cannot start; each message says what to do.
public struct StartupError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// The exclusive lock that makes one daemon per data directory. Held for the whole life of
/// the process; the kernel drops it if the process dies, so a crash never leaves it stale.
final class DataDirLock: Sendable {
    let path: String
    private let descriptor: CInt

    /// Creates the data directory (0700) if needed and takes the lock, or explains who holds it.
    init(dataDir: String, socketPath: String) throws {
        try Self.makeDirectory(dataDir)
        path = dataDir + "/hired.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StartupError("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(fd)
            throw StartupError(
                "another hired is already running on data dir \(dataDir)"
                    + (holder.isEmpty ? "" : " (\(holder))") + "; stop it first or use another --data-dir")
        }
        let note = "pid \(getpid()), socket \(socketPath)\n"
        _ = ftruncate(fd, 0)
        _ = note.withCString { pwrite(fd, $0, strlen($0), 0) }
        descriptor = fd
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        // Unlock before closing: a child spawned a moment ago may still hold a copy of the
        // descriptor until it execs (CLOEXEC), and the lock lives as long as any copy does.
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Creates `path` and its parents; the last component is made 0700.
    static func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StartupError("cannot create directory \(path): \(error.localizedDescription)")
        }
    }
}
