import Foundation
import Glibc

// See SocketPreparation.swift: with ZIPFoundation in the build, which module owns `stat`'s
// members changes from build to build; import them all.
#if canImport(CoreFoundation)
import CoreFoundation
#endif
#if canImport(CDispatch)
import CDispatch
#endif
import HireRPC

/// Files named in params, opened and written by the daemon, with the daemon's rights, for one
/// caller. The one place that decides what a request may read or write:
///
/// - nothing of the daemon's own (its data dir, its machine key), wherever the path leads
///   (links and `..` are resolved on what was opened);
/// - only regular files are read, up to a size limit per kind, checked before reading;
/// - an export never replaces a file unless asked (`overwrite`), and never leaves half a file;
/// - when the caller is another user (a system daemon serving everyone), the daemon reads only
///   what the caller could read itself, and writes no files for them (they get the content in
///   the reply instead).
struct PeerAccess: Sendable {
    /// Who is asking.
    let peer: PeerCredentials
    /// What no request may read or write.
    let own: OwnFiles
    /// Size limits of files read.
    let limits: Limits

    /// The daemon's own files, by their real paths (links resolved).
    struct OwnFiles: Sendable, Equatable {
        /// Directories whose contents (and themselves) are the daemon's: the data dir.
        var directories: [String]
        /// Single files elsewhere: a machine key given by `--machine-key-file`.
        var files: [String]

        /// The data dir (and a machine key kept elsewhere) as they resolve now; call once the
        /// data dir exists.
        init(configuration: DaemonConfiguration) {
            directories = [configuration.dataDir, configuration.credentialsDirectory].compactMap { $0 }.map(PeerAccess.realPath)
            files = [configuration.machineKeyFile].compactMap { $0 }.map(PeerAccess.realPath)
        }

        init(directories: [String], files: [String] = []) {
            self.directories = directories.map(PeerAccess.realPath)
            self.files = files.map(PeerAccess.realPath)
        }

        /// Whether the real path `path` is one of them or inside one (component by component:
        /// `/data-other` is not inside `/data`).
        func contains(_ path: String) -> Bool {
            files.contains(path) || directories.contains { $0 == "/" || path == $0 || path.hasPrefix($0 + "/") }
        }

        /// Whether a file with several names (a hard link made elsewhere) is one of them: its
        /// real path does not tell, its device and inode do.
        func holds(_ info: stat) -> Bool {
            guard info.st_nlink > 1 else { return false }
            func same(_ path: String) -> Bool {
                var other = stat()
                return lstat(path, &other) == 0 && other.st_dev == info.st_dev && other.st_ino == info.st_ino
            }
            if files.contains(where: same) { return true }
            for directory in directories {
                guard let names = FileManager.default.enumerator(atPath: directory) else { continue }
                for case let name as String in names where same(directory + "/" + name) { return true }
            }
            return false
        }
    }

    /// What a file read for a request is, for its size limit.
    enum FileKind {
        /// A resume or a job description.
        case document
        /// A board CSV (`mtb.import`, `jobs.import`).
        case boardCSV
    }

    // MARK: - Reading

    /// Opens `path` for the caller and checks it before anything is read: the file to read is
    /// `opened.path` (`/proc/self/fd/N`, the opened file itself, so swapping the file for a
    /// link after the checks does not help). Refused: a relative path; anything but a regular
    /// file (a directory, a device such as /dev/zero, a FIFO, a socket); the daemon's own files;
    /// a file larger than the limit of its kind; and, for a caller other than the daemon's
    /// user (and root), a file whose permission bits (or those of a directory above it) do
    /// not let that caller read it.
    func openForReading(_ path: String, param: String, kind: FileKind) throws(RPCError) -> OpenedFile {
        guard path.hasPrefix("/") else { throw Self.refused("\(param) must be an absolute path: \(path)", param: param, path: path) }
        if isForeign {
            var directory = (path as NSString).deletingLastPathComponent
            var ancestors: [String] = []
            while directory != "/" && !directory.isEmpty {
                ancestors.append(directory)
                directory = (directory as NSString).deletingLastPathComponent
            }
            for ancestor in ancestors.reversed() {
                var info = stat()
                if stat(ancestor, &info) == 0, !permits(info, bits: (S_IXUSR, S_IXGRP, S_IXOTH)) { throw denied(path, param: param) }
            }
        }
        // A special file is refused before it is opened when it can be (opening a device may
        // do something), and again on what was opened. O_NONBLOCK: opening a FIFO does not wait
        // for a writer.
        var info = stat()
        if stat(path, &info) == 0, !isForeign || permits(info, bits: (S_IRUSR, S_IRGRP, S_IROTH)) {
            try Self.checkRegular(info, path: path, param: param)
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else {
            throw Self.refused("cannot read \(path): \(String(cString: strerror(errno)))", param: param, path: path)
        }
        let opened = OpenedFile(descriptor: descriptor)
        guard fstat(descriptor, &info) == 0 else { throw Self.refused("cannot read \(path)", param: param, path: path) }
        if isForeign, !permits(info, bits: (S_IRUSR, S_IRGRP, S_IROTH)) { throw denied(path, param: param) }
        try Self.checkRegular(info, path: path, param: param)
        try Self.checkNotKernel(info, path: path, param: param)
        guard let real = Self.descriptorPath(descriptor), !own.contains(real), !own.holds(info) else {
            throw Self.ownFile(path, param: param)
        }
        let limit = kind == .document ? limits.maxDocumentFileBytes : limits.maxBoardFileBytes
        guard Int(info.st_size) <= limit else {
            throw Self.refused(
                "\(path) is \(Self.byteCount(Int(info.st_size))); \(kind == .document ? "documents" : "board files") over \(Self.byteCount(limit)) are refused",
                param: param, path: path)
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        opened.size = Int(info.st_size)
        opened.checked = info
        return opened
    }

    /// A file opened for a caller; closed when the last reference goes.
    final class OpenedFile: @unchecked Sendable {
        // @unchecked: `size` is set once, before the value is shared.
        /// The path to read the file by: the opened file itself.
        let path: String
        /// Its size when it was checked.
        fileprivate(set) var size = 0
        /// What `fstat` said of it then: a write to it since changes its modification time.
        fileprivate var checked = stat()
        private let descriptor: Int32
        init(descriptor: Int32) {
            self.descriptor = descriptor
            path = "/proc/self/fd/\(descriptor)"
        }
        deinit { close(descriptor) }

        /// Whether the file is as it was when it was checked: same size, nothing written to it
        /// since (the same modification time, to the nanosecond). Renaming or removing its
        /// name changes nothing: what is read is the file opened.
        var isUnchanged: Bool {
            var now = stat()
            guard fstat(descriptor, &now) == 0 else { return false }
            return now.st_size == checked.st_size && now.st_mtim.tv_sec == checked.st_mtim.tv_sec
                && now.st_mtim.tv_nsec == checked.st_mtim.tv_nsec
        }
    }

    // MARK: - Writing

    /// Throws when the daemon would write a file for another user: it would be the daemon's
    /// file, not theirs.
    func checkWrite(param: String) throws(RPCError) {
        guard isForeign else { return }
        throw RPCError(
            .invalidParams,
            "this daemon serves several users and writes no files for them: leave out \(param) to get the content in the reply",
            data: ["param": .string(param)])
    }

    /// Throws when a caller other than the daemon's user names an rclone remote: the daemon's
    /// rclone configuration (its accounts, its tokens) is not theirs.
    func checkRemote(param: String) throws(RPCError) {
        guard isForeign else { return }
        throw RPCError(
            .invalidParams, "this daemon serves several users and reaches no rclone remote for them: its rclone configuration is not theirs",
            data: ["param": .string(param)])
    }

    /// Checks a file an export will write, before the export does any work: an absolute path
    /// in an existing directory outside the daemon's own files (links and `..` resolved), and
    /// no existing file there unless `overwrite`. Write it with ``WriteTarget/write(_:)``.
    func prepareWrite(_ path: String, param: String, overwrite: Bool) throws(RPCError) -> WriteTarget {
        guard path.hasPrefix("/") else { throw Self.refused("\(param) must be an absolute path: \(path)", param: param, path: path) }
        try checkWrite(param: param)
        let name = (path as NSString).lastPathComponent
        guard !path.hasSuffix("/"), name != ".", name != "..", name != "/" else {
            throw Self.refused("\(param) must name a file: \(path)", param: param, path: path)
        }
        let parent = (path as NSString).deletingLastPathComponent
        let directory = open(parent.isEmpty ? "/" : parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else {
            throw Self.refused("cannot write into \(parent): \(String(cString: strerror(errno)))", param: param, path: path)
        }
        let target = WriteTarget(path: path, param: param, directory: directory, name: name, overwrite: overwrite)
        guard let real = Self.descriptorPath(directory), !own.contains(real), !own.contains(real == "/" ? "/" + name : real + "/" + name)
        else { throw Self.ownFile(path, param: param) }
        try target.checkExisting()
        return target
    }

    /// Checks a directory an export writes several files into (creating it when missing), as
    /// ``prepareWrite(_:param:overwrite:)`` checks a file's.
    func prepareDirectory(_ path: String, param: String) throws(RPCError) -> String {
        guard path.hasPrefix("/") else { throw Self.refused("\(param) must be an absolute path: \(path)", param: param, path: path) }
        try checkWrite(param: param)
        // The nearest directory that exists decides: nothing is created inside the daemon's own.
        var existing = path
        var info = stat()
        while stat(existing, &info) != 0, existing != "/" { existing = (existing as NSString).deletingLastPathComponent }
        guard !own.contains(Self.realPath(existing)) else { throw Self.ownFile(path, param: param) }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw Self.refused("cannot create the directory \(path)", param: param, path: path)
        }
        guard !own.contains(Self.realPath(path)) else { throw Self.ownFile(path, param: param) }
        return path
    }

    /// A file an export writes, checked by ``PeerAccess/prepareWrite(_:param:overwrite:)``. It
    /// is written to a new temporary file (0600, O_EXCL|O_NOFOLLOW) in the same directory,
    /// synced, then put in place: renamed over the old file when `overwrite`, else linked to
    /// the name (which fails if a file appeared there meanwhile). A failure leaves nothing.
    final class WriteTarget: Sendable {
        /// The path as the caller gave it.
        let path: String
        private let param: String
        private let directory: Int32
        private let name: String
        private let overwrite: Bool

        fileprivate init(path: String, param: String, directory: Int32, name: String, overwrite: Bool) {
            self.path = path
            self.param = param
            self.directory = directory
            self.name = name
            self.overwrite = overwrite
        }
        deinit { close(directory) }

        fileprivate func checkExisting() throws(RPCError) {
            var info = stat()
            guard fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return }
            guard overwrite else { throw refused("\(path) exists: set overwrite (hire: --overwrite) to replace it") }
            guard info.st_mode & S_IFMT == S_IFREG else { throw refused("\(path) exists and is not a regular file: it is not replaced") }
        }

        /// Writes what `produce` writes to the handle it is given, then puts the file in place.
        func write(_ produce: (FileHandle) async throws -> Void) async throws {
            try checkExisting()
            let temporary = ".\(name).\(UInt32.random(in: 0...UInt32.max)).tmp"
            let descriptor = openat(directory, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw refused("cannot write \(path): \(String(cString: strerror(errno)))") }
            defer { unlinkat(directory, temporary, 0) }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            try await produce(handle)
            try handle.synchronize()
            try handle.close()
            if overwrite {
                guard renameat(directory, temporary, directory, name) == 0 else {
                    throw refused("cannot write \(path): \(String(cString: strerror(errno)))")
                }
            } else {
                guard linkat(directory, temporary, directory, name, 0) == 0 else {
                    throw errno == EEXIST
                        ? refused("\(path) exists: set overwrite (hire: --overwrite) to replace it")
                        : refused("cannot write \(path): \(String(cString: strerror(errno)))")
                }
            }
            fsync(directory)
        }

        private func refused(_ message: String) -> RPCError { PeerAccess.refused(message, param: param, path: path) }
    }

    // MARK: - Helpers

    /// A caller other than the daemon's own user and root.
    private var isForeign: Bool { peer.uid != getuid() && peer.uid != 0 }

    private func permits(_ info: stat, bits: (owner: mode_t, group: mode_t, other: mode_t)) -> Bool {
        if info.st_uid == peer.uid { return info.st_mode & bits.owner != 0 }
        if info.st_gid == peer.gid { return info.st_mode & bits.group != 0 }
        return info.st_mode & bits.other != 0
    }

    private static func checkRegular(_ info: stat, path: String, param: String) throws(RPCError) {
        let what: String
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: what = "a directory"
        case S_IFIFO: what = "a FIFO"
        case S_IFSOCK: what = "a socket"
        case S_IFCHR, S_IFBLK: what = "a device"
        default: what = "a special file"
        }
        throw refused("\(path) is \(what), not a regular file", param: param, path: path)
    }

    /// Refuses a file of the kernel's file systems (`/proc`, `/sys` and those mounted in it):
    /// they look like regular files of size 0 but read without end or change as they are read.
    private static func checkNotKernel(_ info: stat, path: String, param: String) throws(RPCError) {
        guard kernelDevices.contains(UInt64(info.st_dev)) else { return }
        throw refused("\(path) is a file of the kernel's (like /proc or /sys), not a regular file", param: param, path: path)
    }

    /// The devices of the kernel's file systems, as mounted here.
    private static let kernelDevices: Set<UInt64> = {
        var devices: Set<UInt64> = []
        for mount in ["/proc", "/sys", "/sys/fs/cgroup", "/sys/kernel/debug", "/sys/kernel/tracing", "/sys/kernel/security"] {
            var info = stat()
            if stat(mount, &info) == 0 { devices.insert(UInt64(info.st_dev)) }
        }
        return devices
    }()

    /// The real path of an opened file or directory.
    private static func descriptorPath(_ descriptor: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/fd/\(descriptor)", &buffer, Int(PATH_MAX))
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `path` with links and `..` resolved (as given when it cannot be resolved).
    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// "32 MiB", "32.4 MiB", "900 bytes": never rounded down to the limit it is compared with.
    static func byteCount(_ bytes: Int) -> String {
        guard bytes >= 1 << 20 else { return "\(bytes) bytes" }
        if bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        return String(format: "%.1f MiB", (Double(bytes) / Double(1 << 20) * 10).rounded(.up) / 10)
    }

    static func refused(_ message: String, param: String, path: String) -> RPCError {
        RPCError(.invalidParams, message, data: ["param": .string(param), "path": .string(path)])
    }

    private static func ownFile(_ path: String, param: String) -> RPCError {
        refused("\(path) is one of the daemon's own files (its data dir or machine key): requests may not read or write them", param: param, path: path)
    }

    private func denied(_ path: String, param: String) -> RPCError {
        Self.refused("you cannot read \(path) yourself, so the daemon does not read it for you", param: param, path: path)
    }
}
