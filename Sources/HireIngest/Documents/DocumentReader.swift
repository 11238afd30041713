import Foundation

/// Turns resumes and job descriptions (DOCX, PDF, text, Markdown) into text.
///
/// ```swift
/// let document = try DocumentReader.read(path: "/home/dana/resumes/ana-lopez.pdf")
/// profile(document.text)
/// ```
///
/// - DOCX is read natively: the main document, with the page headers first (a name and
///   contact line often live there) and the footers last; paragraphs become lines, tables
///   come in document order, deleted (tracked) text and field codes are left out.
/// - PDF goes through poppler's `pdftotext`, with the box of every word: a page whose blocks
///   a vertical gutter splits into columns is read one column after the other, top to bottom
///   (a heading of a resume's narrow column stays with its own lines); any other page reads in
///   poppler's reading order. This blocks the calling thread until `pdftotext` ends or times
///   out: call it where blocking is allowed, never on an event loop.
/// - Text is UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark, or
///   else Windows-1252; Markdown loses its markup but keeps its lines.
///
/// The text is normalised (see ``ExtractedDocument``) and never empty: a document without a
/// single letter is ``DocumentError/noText(_:)``.
public enum DocumentReader {
    /// Limits and tools for reading documents.
    public struct Configuration: Sendable {
        /// The largest file read, in bytes (default 32 MiB).
        public var maxFileBytes: Int
        /// The most text handled inside one document, in bytes: the uncompressed XML of a DOCX
        /// (a guard against zip bombs) or the output of `pdftotext` (default 64 MiB).
        public var maxTextBytes: Int
        /// The most text one document may give, in UTF-8 bytes once extracted (default 8 MiB):
        /// everything read is profiled, so a larger document is refused before any of that.
        public var maxExtractedTextBytes: Int
        /// How long `pdftotext` may run before it is stopped (default 30 s).
        public var pdfTimeout: Duration
        /// The `pdftotext` executable; nil looks for it on `PATH` and in the usual places.
        public var pdftotextPath: String?

        /// The defaults, with any of them replaced.
        public init(
            maxFileBytes: Int = 32 * 1024 * 1024, maxTextBytes: Int = 64 * 1024 * 1024,
            maxExtractedTextBytes: Int = 8 * 1024 * 1024, pdfTimeout: Duration = .seconds(30), pdftotextPath: String? = nil
        ) {
            self.maxFileBytes = maxFileBytes
            self.maxTextBytes = maxTextBytes
            self.maxExtractedTextBytes = maxExtractedTextBytes
            self.pdfTimeout = pdfTimeout
            self.pdftotextPath = pdftotextPath
        }
    }

    /// Reads the document at `path`, its format chosen by ``format(of:filename:)``.
    /// - Throws: ``DocumentError``, whose message names the file by its last path component.
    public static func read(path: String, configuration: Configuration = Configuration()) throws(DocumentError)
        -> ExtractedDocument
    {
        let name = DocumentName(filename: path)
        let bytes = try readFile(path, name: name, limit: configuration.maxFileBytes)
        return try extract(bytes, name: name, filename: path, pdfPath: path, configuration: configuration)
    }

    /// Reads a document held in memory; `filename` (its extension) helps choose the format and
    /// names the document in error messages.
    /// - Throws: ``DocumentError``.
    public static func read(data: [UInt8], filename: String?, configuration: Configuration = Configuration())
        throws(DocumentError) -> ExtractedDocument
    {
        let name = DocumentName(filename: filename)
        guard data.count <= configuration.maxFileBytes else {
            throw .tooLarge(name.sentence("is larger than \(byteCount(configuration.maxFileBytes))"))
        }
        return try extract(data, name: name, filename: filename, pdfPath: nil, configuration: configuration)
    }

    /// Reads a document held in memory (see ``read(data:filename:configuration:)-([UInt8],_,_)``).
    /// - Throws: ``DocumentError``.
    public static func read(data: Data, filename: String?, configuration: Configuration = Configuration())
        throws(DocumentError) -> ExtractedDocument
    {
        try read(data: [UInt8](data), filename: filename, configuration: configuration)
    }

    /// The format a file name's extension announces (`.docx`, `.pdf`, `.txt`, `.text`, `.md`,
    /// `.markdown`), case-insensitively; nil for any other extension or none.
    public static func format(forFilename filename: String) -> DocumentFormat? {
        switch fileExtension(filename) {
        case "docx": .docx
        case "pdf": .pdf
        case "txt", "text": .text
        case "md", "markdown", "mdown", "mkd": .markdown
        default: nil
        }
    }

    /// The format of a document's bytes, or nil when it is not one that can be read.
    ///
    /// An extension known to be something else (`.doc`, `.xlsx`, `.png`…) rules the document
    /// out. Otherwise the magic bytes of a zip (`PK…`, read as DOCX) or a PDF (`%PDF` in the
    /// first kilobyte) decide, so a misnamed file is still read right; then the extension
    /// (``format(forFilename:)``); and without either, bytes that look like text are read as
    /// text.
    public static func format(of bytes: [UInt8], filename: String?) -> DocumentFormat? {
        if let filename, unsupportedExtensions[fileExtension(filename)] != nil { return nil }
        if let magic = Magic(bytes) {
            switch magic {
            case .zip: return .docx
            case .pdf: return .pdf
            case .ole: return nil
            }
        }
        // A name says text; the bytes must agree (a binary file renamed .txt is not a resume).
        if let filename, let format = format(forFilename: filename), format != .text && format != .markdown { return format }
        guard TextDecoding.looksLikeText(bytes) else { return nil }
        return filename.flatMap { format(forFilename: $0) } ?? .text
    }

    // MARK: - Reading

    private static func extract(
        _ bytes: [UInt8], name: DocumentName, filename: String?, pdfPath: String?, configuration: Configuration
    ) throws(DocumentError) -> ExtractedDocument {
        if bytes.isEmpty { throw .noText(name.sentence("is empty")) }
        guard let format = format(of: bytes, filename: filename) else {
            throw .unsupportedFormat(unsupportedMessage(bytes, filename: filename, name: name))
        }
        func limited(_ text: String) throws(DocumentError) -> String {
            let limit = configuration.maxExtractedTextBytes
            guard text.utf8.count > limit else { return text }
            let count = text.utf8.count
            let size = count >= 1_048_576 ? String(format: "%.1f MiB", Double(count) / 1_048_576) : "\(count) bytes"
            throw .tooLarge(name.sentence("has \(size) of text; at most \(byteCount(limit)) of text is read from one document"))
        }
        let raw: String
        switch format {
        case .docx:
            raw = try limited(DOCXText.extract(bytes, name: name, maxXMLBytes: configuration.maxTextBytes))
        case .pdf:
            raw = try limited(PDFText.extract(bytes, path: pdfPath, name: name, configuration: configuration))
        case .text:
            raw = try limited(TextDecoding.decode(bytes))
        case .markdown:
            raw = MarkdownText.plainText(try limited(TextDecoding.decode(bytes)))
        }
        let text = TextNormalizer.normalize(raw)
        guard text.unicodeScalars.contains(where: \.isLetter) else {
            let hint = format == .pdf ? " (a scanned image?)" : ""
            throw .noText(name.sentence("has no extractable text\(hint)"))
        }
        return ExtractedDocument(text: text, format: format)
    }

    private static func readFile(_ path: String, name: DocumentName, limit: Int) throws(DocumentError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(name.sentence("does not exist"))
        }
        if isDirectory.boolValue { throw .unreadable(name.sentence("is a directory, not a document")) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(name.sentence("cannot be opened (permission denied?)"))
        }
        defer { try? handle.close() }
        let data: Data?
        do { data = try handle.read(upToCount: limit + 1) } catch {
            throw .unreadable(name.sentence("cannot be read (an I/O error)"))
        }
        let bytes = data.map { [UInt8]($0) } ?? []
        guard bytes.count <= limit else { throw .tooLarge(name.sentence("is larger than \(byteCount(limit))")) }
        return bytes
    }

    // MARK: - Formats

    private static func fileExtension(_ filename: String) -> String {
        let last = filename.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return "" }
        return last[last.index(after: dot)...].lowercased()
    }

    /// Extensions of documents that cannot be read, with what to say about them.
    private static let unsupportedExtensions: [String: String] = [
        "doc": "is a legacy Word 97–2003 (.doc) file: save it as .docx or PDF",
        "rtf": "is an RTF file: save it as .docx or PDF",
        "odt": "is an OpenDocument file: save it as .docx or PDF",
        "pages": "is a Pages file: export it as .docx or PDF",
        "xls": "is a spreadsheet, not a document", "xlsx": "is a spreadsheet, not a document",
        "ods": "is a spreadsheet, not a document", "csv": "is a spreadsheet, not a document",
        "ppt": "is a presentation, not a document", "pptx": "is a presentation, not a document",
        "png": "is an image: text cannot be read from images", "jpg": "is an image: text cannot be read from images",
        "jpeg": "is an image: text cannot be read from images", "gif": "is an image: text cannot be read from images",
        "tif": "is an image: text cannot be read from images", "tiff": "is an image: text cannot be read from images",
        "heic": "is an image: text cannot be read from images", "bmp": "is an image: text cannot be read from images",
        "zip": "is a zip archive, not a document",
    ]

    private static func unsupportedMessage(_ bytes: [UInt8], filename: String?, name: DocumentName) -> String {
        if let filename, let reason = unsupportedExtensions[fileExtension(filename)] { return name.sentence(reason) }
        if Magic(bytes) == .ole, let reason = unsupportedExtensions["doc"] { return name.sentence(reason) }
        if let filename, [.text, .markdown].contains(format(forFilename: filename)) {
            return name.sentence("is named as text but holds binary data (NUL bytes): not a text document")
        }
        return name.sentence("is not a DOCX, PDF, text or Markdown document")
    }

    static func byteCount(_ bytes: Int) -> String {
        bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? "\(bytes / (1024 * 1024)) MiB" : "\(bytes) bytes"
    }
}

/// File signatures that decide a format whatever the file is called.
enum Magic: Equatable {
    /// `PK\3\4` (or `PK\5\6`, an empty zip): a DOCX when it is a Word document.
    case zip
    /// `%PDF-` within the first kilobyte (the PDF specification allows junk before it).
    case pdf
    /// An OLE compound file: a legacy `.doc` (or `.xls`, `.ppt`).
    case ole

    init?(_ bytes: [UInt8]) {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            self = .zip
        } else if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            self = .ole
        } else if Self.containsPDFHeader(bytes.prefix(1024)) {
            self = .pdf
        } else {
            return nil
        }
    }

    private static func containsPDFHeader(_ bytes: ArraySlice<UInt8>) -> Bool {
        let header: [UInt8] = Array("%PDF-".utf8)
        guard bytes.count >= header.count else { return false }
        for start in bytes.startIndex...(bytes.endIndex - header.count)
        where bytes[start] == header[0] && bytes[start..<start + header.count].elementsEqual(header) {
            return true
        }
        return false
    }
}

/// How a document is named in messages: its file name without the directory, or "the
/// document" when it has none.
struct DocumentName: Sendable {
    let value: String?

    init(filename: String?) {
        let last = filename?.split(separator: "/").last.map(String.init)
        value = last?.isEmpty == false ? last : nil
    }

    /// "resume.pdf is empty", "The document is empty".
    func sentence(_ predicate: String) -> String { "\(value ?? "The document") \(predicate)" }
}
