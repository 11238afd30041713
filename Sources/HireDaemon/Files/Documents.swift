import Foundation
import HireCore
import HireIngest
import HireRPC
import NIOPosix
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
    /// Reads the document file at `path`, opened and checked for the caller by `PeerAccess`
    /// (a regular file, not the daemon's, within the size limit of documents).
    static func read(path: String, files: PeerAccess, param: String = "path") throws(RPCError) -> ReadDocument {
        try extract(
            data: try bytes(path: path, files: files, param: param), filename: (path as NSString).lastPathComponent,
            maxBytes: files.limits.maxDocumentFileBytes)
    }

    /// The bytes of the file at `path`, opened and checked as for ``read(path:files:param:)``
    /// (an interview's artifact is kept as it is, not read as a document).
    static func bytes(path: String, files: PeerAccess, param: String) throws(RPCError) -> Data {
        let opened = try files.openForReading(path, param: param, kind: .document)
        let limit = files.limits.maxDocumentFileBytes
        // At most one byte over the limit is read: a file that grew after the check is refused.
        guard let handle = FileHandle(forReadingAtPath: opened.path), let data = try? handle.read(upToCount: limit + 1) ?? Data() else {
            throw PeerAccess.refused("cannot read \(path)", param: param, path: path)
        }
        try? handle.close()
        return data
    }

    /// Reads a document from where the caller says, on the readers' pool (see ``offload(_:)``);
    /// text without a name goes by `defaultName`, else "pasted.txt".
    static func read(_ source: DocumentSource, files: PeerAccess, defaultName: String? = nil) async throws(RPCError) -> ReadDocument {
        switch source {
        case .file(let path):
            return try await offload { () throws(RPCError) in try read(path: path, files: files) }
        case .text(let text, let filename):
            let name = filename ?? defaultName
            return try await offload { () throws(RPCError) in try read(text: text, filename: name) }
        }
    }

    static func read(text: String, filename: String?) throws(RPCError) -> ReadDocument {
        try extract(data: Data(text.utf8), filename: filename ?? "pasted.txt", maxBytes: nil)
    }

    private static func extract(data: Data, filename: String, maxBytes: Int?) throws(RPCError) -> ReadDocument {
        do {
            var configuration = DocumentReader.Configuration()
            if let maxBytes { configuration.maxFileBytes = maxBytes }
            let document = try DocumentReader.read(data: data, filename: filename, configuration: configuration)
            return ReadDocument(text: document.text, format: document.format, filename: filename, original: data)
        } catch {
            throw rpcError(error)
        }
    }

    /// How many documents are read at once, daemon-wide; more wait their turn.
    static let readerThreads = 4

    /// The threads documents are read on: a PDF waits for `pdftotext`, which must not hold one
    /// of the few threads that serve requests, and a burst of uploads queues here instead of
    /// starting a thread per document.
    private static let readers: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: readerThreads)
        pool.start()
        return pool
    }()

    /// Runs a read on the ``readers`` pool. A cancel ends the wait at once (-32800): the
    /// read's result, when it comes, is dropped; a read not yet started is skipped.
    static func offload<Read: Sendable>(_ read: @escaping @Sendable () throws(RPCError) -> Read) async throws(RPCError) -> Read {
        let waiting = Mutex<CheckedContinuation<Result<Read, RPCError>, Never>?>(nil)
        let finish: @Sendable (Result<Read, RPCError>) -> Void = { result in
            waiting.withLock { continuation in
                continuation?.resume(returning: result)
                continuation = nil
            }
        }
        let result: Result<Read, RPCError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiting.withLock { $0 = continuation }
                if Task.isCancelled { finish(.failure(RPCError(.requestCancelled))) }
                readers.submit { state in
                    guard state == .active, waiting.withLock({ $0 != nil }) else {
                        finish(.failure(RPCError(.requestCancelled)))
                        return
                    }
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
}

extension DocumentSource {
    /// A file (whose original is kept), not text given in the request.
    var isFile: Bool {
        if case .file = self { return true }
        return false
    }
}
