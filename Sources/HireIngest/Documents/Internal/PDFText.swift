import Foundation

/// The text of a PDF, from poppler's `pdftotext`.
///
/// It runs `pdftotext -enc UTF-8 -nopgbrk -bbox-layout FILE -`, which gives every word with
/// its box in poppler's reading order, and reads the columns of each page one after the other
/// (see ``PDFLayout/text``): poppler's order alone can put a heading of a resume's narrow
/// column between blocks of the wide one. A page without columns reads as plain `pdftotext`
/// reads it. When that output cannot be read, or is larger than the limit on text (it is
/// several times the size of the text), plain `pdftotext` in its reading-order mode is run
/// instead, never `-layout`, which would interleave the lines of two columns. A PDF held in
/// memory is written to a private temporary file (mode 0600) that is removed afterwards.
enum PDFText {
    static func extract(_ bytes: [UInt8], path: String?, name: DocumentName, configuration: DocumentReader.Configuration)
        throws(DocumentError) -> String
    {
        guard let executable = configuration.pdftotextPath ?? findExecutable("pdftotext"),
            FileManager.default.isExecutableFile(atPath: executable)
        else {
            throw .unreadable(
                name.sentence("cannot be read: pdftotext is not installed (install poppler-utils, e.g. apt-get install poppler-utils)"))
        }
        if let path { return try read(executable, on: path, name: name, configuration: configuration) }
        let temporary = try TemporaryFile(bytes, name: name)
        defer { temporary.remove() }
        return try read(executable, on: temporary.path, name: name, configuration: configuration)
    }

    private static func read(_ executable: String, on path: String, name: DocumentName, configuration: DocumentReader.Configuration)
        throws(DocumentError) -> String
    {
        // A path starting with "-" would read as an option.
        let input = path.hasPrefix("-") ? "./" + path : path
        if let xhtml = try run(executable, on: input, layout: true, name: name, configuration: configuration),
            let layout = PDFLayout(xhtml: xhtml)
        {
            return layout.text
        }
        let text = try run(executable, on: input, layout: false, name: name, configuration: configuration)
        return String(decoding: text ?? [], as: UTF8.self)
    }

    /// What `pdftotext` writes, with word boxes (`layout`) or as plain text; nil when the
    /// boxes would be larger than the limit on text.
    private static func run(
        _ executable: String, on input: String, layout: Bool, name: DocumentName, configuration: DocumentReader.Configuration
    ) throws(DocumentError) -> [UInt8]? {
        let result: ChildProcess.Result
        do {
            result = try ChildProcess.run(
                executable, arguments: ["-enc", "UTF-8", "-nopgbrk"] + (layout ? ["-bbox-layout"] : []) + [input, "-"],
                timeout: configuration.pdfTimeout, maxOutputBytes: configuration.maxTextBytes)
        } catch {
            throw .unreadable(name.sentence("cannot be read: \(executable) could not be started"))
        }
        if result.outputTooLarge {
            if layout { return nil }
            throw .tooLarge(name.sentence("holds more than \(DocumentReader.byteCount(configuration.maxTextBytes)) of text"))
        }
        if result.timedOut {
            throw .unreadable(name.sentence("cannot be read: pdftotext took longer than \(configuration.pdfTimeout)"))
        }
        guard result.status == 0 else {
            let message = popplerMessage(result.standardError, path: input, name: name)
            if message.lowercased().contains("password") {
                throw .unreadable(name.sentence("is encrypted (password-protected): \(message)"))
            }
            throw .unreadable(name.sentence("cannot be read: \(message)"))
        }
        return result.standardOutput
    }

    /// The line of poppler's error output that says what went wrong: the last error (the first
    /// ones are often symptoms, "Syntax Error (57): …", the last the verdict, "Couldn't read xref
    /// table"), else the first line; the temporary file's path replaced by the document's name.
    private static func popplerMessage(_ standardError: [UInt8], path: String, name: DocumentName) -> String {
        let lines = String(decoding: standardError, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
        guard let line = lines.last(where: { $0.contains("Error") }) ?? lines.first else {
            return "pdftotext failed without saying why"
        }
        return line.replacingOccurrences(of: path, with: name.value ?? "the document")
    }

    /// `command` in a directory on `PATH`, then in the usual places.
    private static func findExecutable(_ command: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]
        return directories.lazy.map { "\($0)/\(command)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
