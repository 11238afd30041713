import Glibc

// HireIngest's ZIPFoundation brings CoreFoundation and CDispatch into this module's build; their
// Clang modules redeclare Glibc's `struct stat`, and which one counts as its owner varies from build
// to build. MemberImportVisibility wants the owner imported to read st_mode/st_uid: import them all.
#if canImport(CoreFoundation)
import CoreFoundation
#endif
#if canImport(CDispatch)
import CDispatch
#endif
import HireRPC

/// Makes a socket path safe to bind: the directory exists with the right owner and mode
/// before anything is bound, a stale socket is removed, and a live one is never touched.
public enum SocketPreparation {
    static func prepare(socketPath: String, mode: DaemonMode) throws {
        guard socketPath.utf8.count < 108 else {
            throw StartupError("socket path is \(socketPath.utf8.count) bytes; Unix sockets allow at most 107: \(socketPath)")
        }
        let directory = parent(of: socketPath)
        var info = stat()
        if lstat(directory, &info) != 0 {
            // Ours from the start: created with the mode the mode of operation needs.
            try DataDirLock.makeDirectory(directory)
            let wanted: mode_t = mode == .user ? 0o700 : 0o755
            guard chmod(directory, wanted) == 0, lstat(directory, &info) == 0 else {
                throw StartupError("cannot set mode \(String(wanted, radix: 8)) on \(directory)")
            }
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw StartupError("\(directory) is not a directory") }
        // An existing directory is never changed. It must be ours and closed to other
        // writers, or a sticky shared one like /tmp (where the socket's own 0600 mode and the
        // daemon's umask keep others out).
        let sticky = info.st_mode & S_ISVTX != 0
        if !sticky {
            guard info.st_uid == getuid() else {
                throw StartupError(
                    "\(directory) belongs to uid \(info.st_uid), not to this user (\(getuid())); refusing to listen there")
            }
            guard info.st_mode & (S_IWGRP | S_IWOTH) == 0 else {
                throw StartupError("\(directory) is writable by other users; refusing to listen there")
            }
        }
        try removeIfStale(socketPath)
    }

    /// Sets the socket's own mode after bind (0600 user, 0666 system).
    static func restrict(socketPath: String, mode: DaemonMode) throws {
        guard chmod(socketPath, mode == .user ? 0o600 : 0o666) == 0 else {
            throw StartupError("cannot set the mode of \(socketPath): \(String(cString: strerror(errno)))")
        }
    }

    /// Removes `path` when it is a socket nobody listens on. A live socket is an error.
    static func removeIfStale(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw StartupError("\(path) exists and is not a socket; refusing to replace it")
        }
        if isListening(path) {
            throw StartupError("another hired is already listening on \(path)")
        }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw StartupError("cannot remove the stale socket \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// True when a connect to `path` succeeds.
    public static func isListening(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = unixAddress(path)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0
    }

    /// The `sockaddr_un` of a path (callers check the length first).
    public static func unixAddress(_ path: String) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
