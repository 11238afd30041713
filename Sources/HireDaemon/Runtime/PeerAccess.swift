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

/// Files named in params are opened by the daemon, with the daemon's rights. When the caller
/// is another user (a system daemon serving everyone), the daemon reads only what the caller
/// could read itself, and writes no files for them (they get the CSV back instead).
enum PeerAccess {
    /// Opens `path` for the caller: the file to read is `opened.path`. For a caller other than
    /// the daemon's user (and root), the file is opened first and its permission bits are then
    /// checked on what was opened (so swapping the file for a link after the check does not
    /// help), with those of every directory above it; `opened.path` then names the opened file
    /// itself (`/proc/self/fd/N`).
    static func openForReading(_ path: String, param: String, peer: PeerCredentials) throws(RPCError) -> OpenedFile {
        guard peer.uid != getuid(), peer.uid != 0 else { return OpenedFile(path: path, descriptor: nil) }
        var directory = (path as NSString).deletingLastPathComponent
        var ancestors: [String] = []
        while directory != "/" && !directory.isEmpty {
            ancestors.append(directory)
            directory = (directory as NSString).deletingLastPathComponent
        }
        for ancestor in ancestors.reversed() {
            var info = stat()
            if stat(ancestor, &info) == 0, !permits(info, peer: peer, bits: (S_IXUSR, S_IXGRP, S_IXOTH)) { throw denied(path, param: param) }
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw RPCError(.invalidParams, "cannot read \(path)", data: ["param": .string(param)]) }
        let opened = OpenedFile(path: "/proc/self/fd/\(descriptor)", descriptor: descriptor)
        var info = stat()
        guard fstat(descriptor, &info) == 0, permits(info, peer: peer, bits: (S_IRUSR, S_IRGRP, S_IROTH)) else {
            throw denied(path, param: param)
        }
        return opened
    }

    /// A file opened for a caller; closed when the last reference goes.
    final class OpenedFile: Sendable {
        /// The path to read the file by.
        let path: String
        private let descriptor: Int32?
        init(path: String, descriptor: Int32?) {
            self.path = path
            self.descriptor = descriptor
        }
        deinit { if let descriptor { close(descriptor) } }
    }

    /// Throws when the daemon would write a file for another user: it would be the daemon's
    /// file, not theirs.
    static func checkWrite(_ path: String, param: String, peer: PeerCredentials) throws(RPCError) {
        guard peer.uid != getuid(), peer.uid != 0 else { return }
        throw RPCError(
            .invalidParams,
            "this daemon serves several users and writes no files for them: leave out \(param) to get the CSV in the reply",
            data: ["param": .string(param)])
    }

    private static func permits(_ info: stat, peer: PeerCredentials, bits: (owner: mode_t, group: mode_t, other: mode_t)) -> Bool {
        if info.st_uid == peer.uid { return info.st_mode & bits.owner != 0 }
        if info.st_gid == peer.gid { return info.st_mode & bits.group != 0 }
        return info.st_mode & bits.other != 0
    }

    private static func denied(_ path: String, param: String) -> RPCError {
        RPCError(.invalidParams, "you cannot read \(path) yourself, so the daemon does not read it for you", data: ["param": .string(param)])
    }
}
