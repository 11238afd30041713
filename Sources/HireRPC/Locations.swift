#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the daemon listens and keeps its data, shared by `hired` and `hire` so both agree.
public struct Locations: Sendable, Equatable {
    public var socket: String
    public var dataDir: String
    public var mode: DaemonMode

    /// Machine mode: every local user may connect and must log in.
    public static let system = Locations(socket: "/run/hired/rpc.sock", dataDir: "/var/lib/hired", mode: .system)

    /// User mode: `$XDG_RUNTIME_DIR/hired/rpc.sock` when that directory is safe (absolute,
    /// ours, not writable by others), else `/tmp/hired-<uid>/rpc.sock`; data in
    /// `$XDG_DATA_HOME/hired` (or `~/.local/share/hired`).
    public static func user(environment: [String: String], uid: UInt32 = getuid()) -> Locations {
        let runtime = environment["XDG_RUNTIME_DIR"].flatMap { isSafeRuntimeDir($0, uid: uid) ? $0 : nil }
        let socket = runtime.map { "\($0)/hired/rpc.sock" } ?? "/tmp/hired-\(uid)/rpc.sock"
        let dataHome =
            environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? "\(environment["HOME"] ?? "/tmp/hired-\(uid)")/.local/share"
        return Locations(socket: socket, dataDir: "\(dataHome)/hired", mode: .user)
    }

    /// The `XDG_RUNTIME_DIR` rules: an absolute path to a directory owned by `uid` that no one
    /// else may write to.
    public static func isSafeRuntimeDir(_ path: String, uid: UInt32) -> Bool {
        guard path.hasPrefix("/") else { return false }
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == uid else { return false }
        return info.st_mode & (S_IWGRP | S_IWOTH) == 0
    }

    /// The socket a client should use: `$HIRED_SOCKET`, else the user socket when it exists,
    /// else the machine socket when it exists, else the user socket (for the error message).
    public static func clientSocket(environment: [String: String]) -> String {
        if let explicit = environment["HIRED_SOCKET"], !explicit.isEmpty { return explicit }
        let user = Locations.user(environment: environment).socket
        if access(user, F_OK) == 0 { return user }
        if access(system.socket, F_OK) == 0 { return system.socket }
        return user
    }
}
