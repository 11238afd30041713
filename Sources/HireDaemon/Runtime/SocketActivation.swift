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

/// systemd socket activation: `LISTEN_PID` names this process and `LISTEN_FDS` counts the
/// sockets handed over, starting at descriptor 3.
public enum SocketActivation {
    /// The first inherited listening socket, when systemd passed one to this process.
    public static func inheritedSocket(environment: [String: String], pid: Int32 = getpid()) -> CInt? {
        guard let listenPid = environment["LISTEN_PID"].flatMap(Int32.init), listenPid == pid,
            let count = environment["LISTEN_FDS"].flatMap(Int.init), count >= 1
        else { return nil }
        // Children must not think the sockets are theirs.
        unsetenv("LISTEN_PID")
        unsetenv("LISTEN_FDS")
        unsetenv("LISTEN_FDNAMES")
        let fd: CInt = 3
        var info = stat()
        var listening: CInt = 0
        var domain: CInt = 0
        var size = socklen_t(MemoryLayout<CInt>.size)
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK,
            getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) == 0, listening == 1,
            getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &size) == 0, domain == AF_UNIX
        else { return nil }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return fd
    }

    /// The path a Unix socket is bound to (`getsockname`), when it has one: what
    /// `daemon.status` and the log report under socket activation, instead of the default path.
    public static func boundPath(of fd: CInt) -> String? {
        var address = sockaddr_un()
        var size = socklen_t(MemoryLayout<sockaddr_un>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &size) }
        }
        guard named == 0, address.sun_family == sa_family_t(AF_UNIX) else { return nil }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path) ?? 2
        let length = Int(size) - pathOffset
        // An unnamed socket, or an abstract one (a leading NUL): no path on the file system.
        guard length > 0 else { return nil }
        let path = withUnsafeBytes(of: &address.sun_path) { raw in
            String(decoding: raw.prefix(min(length, raw.count)).prefix { $0 != 0 }, as: UTF8.self)
        }
        return path.isEmpty ? nil : path
    }
}
