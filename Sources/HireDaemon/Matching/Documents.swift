import Foundation
import HireIngest
import HireRPC

/// A document read for the engines: its text, format and original bytes (kept as a blob).
struct ReadDocument: Sendable {
    var text: String
    var format: DocumentFormat
    var filename: String
    var original: Data
}

/// Reads resumes and job descriptions given as a path the daemon can open, or as text.
enum DocumentIntake {
    /// Larger files are refused before they are read.
    static let maximumFileSize = 32 << 20

    static func read(path: String, peer: PeerCredentials, param: String = "path") throws(RPCError) -> ReadDocument {
        guard path.hasPrefix("/") else { throw RPCError(.invalidParams, "\(param) must be absolute: \(path)", data: ["param": .string(param)]) }
        try PeerAccess.checkRead(path, param: param, peer: peer)
        let filename = (path as NSString).lastPathComponent
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard let size, FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            throw RPCError(.invalidParams, "cannot read \(path)", data: ["param": .string(param)])
        }
        guard size <= maximumFileSize else {
            throw RPCError(.unreadableDocument, "\(filename) is \(size >> 20) MiB; documents over \(maximumFileSize >> 20) MiB are refused")
        }
        return try extract(data: data, filename: filename)
    }

    static func read(text: String, filename: String?) throws(RPCError) -> ReadDocument {
        try extract(data: Data(text.utf8), filename: filename ?? "pasted.txt")
    }

    private static func extract(data: Data, filename: String) throws(RPCError) -> ReadDocument {
        do {
            let document = try DocumentReader.read(data: data, filename: filename)
            return ReadDocument(text: document.text, format: document.format, filename: filename, original: data)
        } catch {
            throw rpcError(error)
        }
    }

    /// Runs a read on a thread of its own: a PDF waits for `pdftotext`, which must not hold
    /// one of the few threads that serve requests.
    static func offload(_ read: @escaping @Sendable () throws(RPCError) -> ReadDocument) async throws(RPCError) -> ReadDocument {
        let result: Result<ReadDocument, RPCError> = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                do throws(RPCError) {
                    continuation.resume(returning: .success(try read()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    static func rpcError(_ error: DocumentError) -> RPCError {
        switch error {
        case .unsupportedFormat(let message): RPCError(.unsupportedFormat, message)
        case .noText(let message): RPCError(.noText, message)
        case .unreadable(let message), .tooLarge(let message): RPCError(.unreadableDocument, message)
        }
    }
}
