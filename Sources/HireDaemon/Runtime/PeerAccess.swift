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
    /// Throws unless the caller may read `path`: same user as the daemon, root, or the
    /// permission bits of the file and of every directory above it let the caller in.
    static func checkRead(_ path: String, param: String, peer: PeerCredentials) throws(RPCError) {
        guard peer.uid != getuid(), peer.uid != 0 else { return }
        var directory = (path as NSString).deletingLastPathComponent
        var ancestors: [String] = []
        while directory != "/" && !directory.isEmpty {
            ancestors.append(directory)
            directory = (directory as NSString).deletingLastPathComponent
        }
        for ancestor in ancestors.reversed() where !permits(ancestor, peer: peer, bits: (S_IXUSR, S_IXGRP, S_IXOTH)) {
            throw denied(path, param: param)
        }
        guard permits(path, peer: peer, bits: (S_IRUSR, S_IRGRP, S_IROTH)) else { throw denied(path, param: param) }
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

    private static func permits(_ path: String, peer: PeerCredentials, bits: (owner: mode_t, group: mode_t, other: mode_t)) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return true }  // a missing file is reported by the reader, with its own error
        if info.st_uid == peer.uid { return info.st_mode & bits.owner != 0 }
        if info.st_gid == peer.gid { return info.st_mode & bits.group != 0 }
        return info.st_mode & bits.other != 0
    }

    private static func denied(_ path: String, param: String) -> RPCError {
        RPCError(.invalidParams, "you cannot read \(path) yourself, so the daemon does not read it for you", data: ["param": .string(param)])
    }
}
