import Foundation

/// Files a browser sends, handed to the daemon by path: each in a new private directory
/// (0700, the file 0600) that is removed as soon as the daemon has read it.
enum UploadFolder {
    static func withFile<R>(named filename: String, contents: Data, _ body: (String) async throws -> R) async throws -> R {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hire-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(filename)
        guard FileManager.default.createFile(atPath: file.path, contents: contents, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return try await body(file.path)
    }
}
