import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file only its owner can read (0600), created new under the temporary directory, for a
/// tool that reads files but not standard input. Remove it with ``remove()``.
struct TemporaryFile {
    let path: String

    init(_ bytes: [UInt8], name: DocumentName) throws(DocumentError) {
        let directory = FileManager.default.temporaryDirectory.path
        path = "\(directory)/hired-document-\(UUID().uuidString).tmp"
        // O_EXCL: never write through a file or link that someone else put there.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .unreadable(name.sentence("cannot be read: no temporary file could be created")) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: bytes)
            try handle.close()
        } catch {
            remove()
            throw .unreadable(name.sentence("cannot be read: the temporary file could not be written"))
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
