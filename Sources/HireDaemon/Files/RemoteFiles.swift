import Foundation
import HireIngest
import HireRPC

/// Files on a cloud drive, named `NAME:path` (`remote` beside `path`), read and written through
/// rclone with the configuration of the user the daemon runs as (`rclone config`, or
/// `$RCLONE_CONFIG`). What rclone fetches lands in a new private directory (0700) that is
/// removed after the call, and is then opened like any file a caller names (``PeerAccess``:
/// never the daemon's own files, size limits); an upload is written locally through
/// ``PeerAccess/prepareWrite(_:param:overwrite:)`` first. rclone's output is never logged nor
/// sent on: errors say what went wrong in their own words (no configuration content, no token).
enum RemoteFiles {
    /// How long one rclone command may take.
    static let timeout = Duration.seconds(300)

    /// `NAME:path` split, or an error naming the param.
    static func parse(_ remote: String, param: String) throws(RPCError) -> (name: String, path: String) {
        guard let colon = remote.firstIndex(of: ":"), colon != remote.startIndex,
            remote[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "_-. ".contains($0) }), !remote.hasPrefix("-")
        else {
            throw RPCError(.invalidParams, "\(param) must be NAME:path, NAME a remote of `rclone listremotes`: \(remote)", data: ["param": .string(param)])
        }
        return (String(remote[..<colon]), String(remote[remote.index(after: colon)...]))
    }

    /// Copies the file at `remote`, or the files of the folder at `remote` (not its subfolders),
    /// into a private directory and runs `body` with their local paths, sorted; the directory
    /// is removed afterwards.
    static func withDownload<R>(_ remote: String, param: String, files: PeerAccess, _ body: ([String]) async throws -> R) async throws -> R {
        try files.checkRemote(param: param)
        let (name, _) = try parse(remote, param: param)
        let directory = try privateDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await rclone(["copy", "--max-depth", "1", "--", remote, directory], remote: remote, name: name, param: param)
        let found = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        guard !found.isEmpty else { throw RPCError(.invalidParams, "no files at \(remote)", data: ["param": .string(param)]) }
        return try await body(found.map { directory + "/" + $0 })
    }

    /// Writes `contents` to `remote` (refusing an existing file unless `overwrite`).
    static func upload(_ contents: Data, to remote: String, param: String, overwrite: Bool, files: PeerAccess) async throws {
        let (_, path) = try parse(remote, param: param)
        let filename = (path as NSString).lastPathComponent
        guard !filename.isEmpty, !path.hasSuffix("/") else {
            throw RPCError(.invalidParams, "\(param) must name a file: \(remote)", data: ["param": .string(param)])
        }
        try await upload([(filename, contents)], to: remote, asFile: true, param: param, overwrite: overwrite, files: files)
    }

    /// Writes each file into the folder `remote` (made when missing), every destination checked
    /// before any is written (existing files are refused unless `overwrite`); returns their
    /// remote names.
    static func upload(
        _ contents: [(filename: String, data: Data)], into remote: String, param: String, overwrite: Bool, files: PeerAccess
    ) async throws -> [String] {
        let folder = remote.hasSuffix("/") || remote.hasSuffix(":") ? remote : remote + "/"
        try await upload(contents, to: folder, asFile: false, param: param, overwrite: overwrite, files: files)
        return contents.map { folder + $0.filename }
    }

    /// Stages the files in a private directory, then copies them with one rclone command: to
    /// the file `remote` (`asFile`, one file) or into the folder `remote`.
    private static func upload(
        _ contents: [(filename: String, data: Data)], to remote: String, asFile: Bool, param: String, overwrite: Bool, files: PeerAccess
    ) async throws {
        try files.checkRemote(param: param)
        let (name, _) = try parse(remote, param: param)
        if !overwrite {
            for destination in contents.map({ asFile ? remote : remote + $0.filename }) {
                if try await exists(destination, name: name, param: param) {
                    throw RPCError(.invalidParams, "\(destination) exists; give overwrite to replace it", data: ["param": .string(param)])
                }
            }
        }
        let directory = try privateDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let targets = try contents.map { file throws(RPCError) in
            try files.prepareWrite(directory + "/" + file.filename, param: param, overwrite: false)
        }
        for (target, file) in zip(targets, contents) { try await target.write { try $0.write(contentsOf: file.data) } }
        // Always written: without --ignore-times rclone skips a file of the same size on a remote
        // that keeps no modification times (WebDAV), and an overwrite would keep the old content.
        let arguments = asFile
            ? ["copyto", "--ignore-times", "--", targets[0].path, remote] : ["copy", "--ignore-times", "--max-depth", "1", "--", directory, remote]
        try await rclone(arguments, remote: remote, name: name, param: param)
    }

    private static func exists(_ remote: String, name: String, param: String) async throws -> Bool {
        do {
            try await rclone(["lsf", "--", remote], remote: remote, name: name, param: param)
            return true
        } catch let error as RPCError where error.data?["reason"] == "notFound" {
            return false
        }
    }

    private static func privateDirectory() throws(RPCError) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hired-remote-\(UUID().uuidString)").path
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw RPCError(.internalError, "cannot make a private temporary directory for rclone")
        }
        return path
    }

    /// Runs rclone and turns its failures into errors a person can act on.
    @discardableResult
    private static func rclone(_ arguments: [String], remote: String, name: String, param: String) async throws -> String {
        guard let executable = executablePath() else {
            throw failure("rclone is not installed (Debian: apt-get install rclone); it reads \(param) \(remote)", "missing", param)
        }
        let result: ChildProcess.Result = try await DocumentIntake.offload { () throws(RPCError) in
            do {
                // One try: a failure is reported at once rather than after rclone's retries.
                let once = ["--retries", "1", "--low-level-retries", "1"]
                return try ChildProcess.run(executable, arguments: once + arguments, timeout: timeout, maxOutputBytes: 1 << 20)
            } catch {
                throw failure("rclone could not be started", "missing", param)
            }
        }
        if result.status == 0 { return String(decoding: result.standardOutput, as: UTF8.self) }
        let said = String(decoding: result.standardError, as: UTF8.self).lowercased()
        if result.timedOut { throw failure("rclone did not finish \(remote) within \(timeout.components.seconds) s", "timeout", param) }
        if said.contains("didn't find section in config file") || said.contains("not found in config file") {
            throw failure("no rclone remote named \(name) (see `rclone listremotes`; set one up with `rclone config`)", "unknownRemote", param)
        }
        if said.contains("permission denied") || said.contains("403") || said.contains("401") || said.contains("unauthorized")
            || said.contains("forbidden")
        {
            throw failure("permission denied on \(remote) (check the remote's access in `rclone config`)", "permission", param)
        }
        if result.status == 3 || result.status == 4 || said.contains("not found") || said.contains("no such file") || said.contains("404") {
            throw failure("\(remote) does not exist", "notFound", param)
        }
        throw failure("rclone failed on \(remote) (exit \(result.status)); try `rclone lsf \(remote)` to see why", "failed", param)
    }

    private static func failure(_ message: String, _ reason: String, _ param: String) -> RPCError {
        RPCError(.invalidParams, message, data: ["param": .string(param), "reason": .string(reason)])
    }

    /// rclone on `PATH` (or in /usr/bin).
    private static func executablePath() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return (path.split(separator: ":").map { "\($0)/rclone" } + ["/usr/bin/rclone"]).first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
