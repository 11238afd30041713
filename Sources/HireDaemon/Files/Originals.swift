import Foundation
import HireCore
import HireCrypto
import HireRPC

/// Original files handed back: decrypted whole and verified before anything is returned or
/// put in place, so a damaged one is an error and never partial content.
enum Originals {
    static func download(
        _ blobId: String, of what: String, path: String?, overwrite: Bool?, vault: some BlobStore, files: PeerAccess,
        namePrefix: String? = nil
    ) async throws -> OriginalFile {
        // The destination is checked before anything is read.
        let target = try path.map { path throws(RPCError) in try files.prepareWrite(path, param: "path", overwrite: overwrite ?? false) }
        guard let record = try await vault.blob(id: blobId) else { throw damaged(what, detail: "its record is missing") }
        if target == nil, record.size > files.limits.maxReplyFileBytes {
            throw RPCError(
                .invalidParams,
                "\(record.name) is \(record.size >> 20) MiB; originals over \(files.limits.maxReplyFileBytes >> 20) MiB are not sent in a reply: give path",
                data: ["param": "path"])
        }
        let hash = SHA256()
        var content = Data()
        do {
            if let target {
                try await target.write { handle in
                    try await vault.readBlob(id: blobId) { chunk in
                        hash.update(chunk)
                        try handle.write(contentsOf: chunk)
                    }
                }
            } else {
                try await vault.readBlob(id: blobId) { chunk in
                    hash.update(chunk)
                    content.append(contentsOf: chunk)
                }
            }
        } catch StorageError.corrupt(_, let detail) {
            throw damaged(what, detail: detail)
        }
        // A description's blob is named after its job too; the file goes back under its own name.
        var filename = record.name
        if let namePrefix, filename.hasPrefix(namePrefix), filename.count > namePrefix.count { filename.removeFirst(namePrefix.count) }
        return OriginalFile(
            filename: filename, mediaType: mediaType(filename), bytes: record.size, sha256: hash.finish(), path: target?.path,
            contentBase64: target == nil ? content.base64EncodedString() : nil)
    }

    private static func damaged(_ what: String, detail: String) -> RPCError {
        RPCError(.originalDamaged, "the original file of \(what) is damaged (\(detail)): restore the data dir from a backup")
    }

    /// The media type a file name suggests.
    static func mediaType(_ filename: String) -> String {
        switch (filename as NSString).pathExtension.lowercased() {
        case "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "pdf": "application/pdf"
        case "txt", "text": "text/plain"
        case "md", "markdown": "text/markdown"
        case "csv": "text/csv"
        default: "application/octet-stream"
        }
    }
}
