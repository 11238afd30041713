import Foundation
import Glibc
// See SocketPreparation.swift: the owner of `stat`'s members varies with ZIPFoundation in the build.
#if canImport(CoreFoundation)
import CoreFoundation
#endif
#if canImport(CDispatch)
import CDispatch
#endif
import HireIngest
import HireRPC
import Synchronization

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
        let opened = try PeerAccess.openForReading(path, param: param, peer: peer)
        let filename = (path as NSString).lastPathComponent
        guard let size = regularFileSize(opened.path) else {
            throw RPCError(.invalidParams, "cannot read \(path)", data: ["param": .string(param)])
        }
        guard size <= maximumFileSize else {
            throw RPCError(.unreadableDocument, "\(filename) is \(size >> 20) MiB; documents over \(maximumFileSize >> 20) MiB are refused")
        }
        guard let data = FileManager.default.contents(atPath: opened.path) else {
            throw RPCError(.invalidParams, "cannot read \(path)", data: ["param": .string(param)])
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
    /// one of the few threads that serve requests. A cancel ends the wait at once (-32800):
    /// the read's result, when it comes, is dropped.
    static func offload(_ read: @escaping @Sendable () throws(RPCError) -> ReadDocument) async throws(RPCError) -> ReadDocument {
        let waiting = Mutex<CheckedContinuation<Result<ReadDocument, RPCError>, Never>?>(nil)
        let finish: @Sendable (Result<ReadDocument, RPCError>) -> Void = { result in
            waiting.withLock { continuation in
                continuation?.resume(returning: result)
                continuation = nil
            }
        }
        let result: Result<ReadDocument, RPCError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiting.withLock { $0 = continuation }
                if Task.isCancelled { finish(.failure(RPCError(.requestCancelled))) }
                Thread.detachNewThread {
                    do throws(RPCError) {
                        finish(.success(try read()))
                    } catch {
                        finish(.failure(error))
                    }
                }
            }
        } onCancel: {
            finish(.failure(RPCError(.requestCancelled)))
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

    /// The size of the regular file a path names, following links (`/proc/self/fd/N` is one).
    private static func regularFileSize(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(info.st_size)
    }
}
