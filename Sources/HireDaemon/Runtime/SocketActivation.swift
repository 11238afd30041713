import Glibc

/// systemd socket activation: `LISTEN_PID` names this process and `LISTEN_FDS` counts the
/// sockets handed over, starting at descriptor 3.
public enum SocketActivation {
    /// The first inherited listening socket, when systemd passed one to this process.
    public static func inheritedSocket(environment: [String: String], pid: Int32 = getpid()) -> CInt? {
        guard let listenPid = environment["LISTEN_PID"].flatMap(Int32.init), listenPid == pid,
            let count = environment["LISTEN_FDS"].flatMap(Int.init), count >= 1
        else { return nil }
        let fd: CInt = 3
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK else { return nil }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return fd
    }
}
