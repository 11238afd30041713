import HireCore

/// An original file kept in a vault (a resume, a job description, an imported CSV), read back
/// whole and verified: a damaged or truncated one is an error (`originalDamaged`), never
/// partial content.
public struct OriginalFile: Codable, Sendable, Equatable, SchemaDocumented {
    public var filename: String
    public var mediaType: String
    public var bytes: Int
    public var sha256: String
    public var path: String?
    public var contentBase64: String?
    public init(filename: String, mediaType: String, bytes: Int, sha256: String, path: String?, contentBase64: String?) {
        self.filename = filename
        self.mediaType = mediaType
        self.bytes = bytes
        self.sha256 = sha256
        self.path = path
        self.contentBase64 = contentBase64
    }
    public static let fieldDocs = [
        "filename": "The file's name when it was given.", "mediaType": "Its media type, from its name (e.g. application/pdf, text/csv).",
        "bytes": "Its size.", "sha256": "SHA-256 of its content, hex.", "path": "Where it was written (with path).",
        "contentBase64": "The content, base64 (without path).",
    ]

    /// The params every original download shares, beside the id.
    static let pathDocs = [
        "path": "Write the file here (absolute; not inside the daemon's data dir) instead of returning it as contentBase64.",
        "overwrite": "Replace the file at path if it exists (default: refuse).",
    ]
}

extension Resumes {
    /// `resumes.original`: the resume's original file.
    public enum Original: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "resumes.original", summary: "Download a resume's original file, verified.",
            details: "The file comes back base64 in the reply, or is written to path. A damaged or truncated original is an error, never partial content.",
            access: .session, readOnly: true, errors: [.resumeNotFound, .noOriginal, .originalDamaged], positionals: ["resumeId", "path"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var resumeId: String
            public var path: String?
            public var overwrite: Bool?
            public init(resumeId: String, path: String? = nil, overwrite: Bool? = nil) {
                self.resumeId = resumeId
                self.path = path
                self.overwrite = overwrite
            }
            public static let fieldDocs = OriginalFile.pathDocs.merging(["resumeId": "The resume."]) { a, _ in a }
        }
        public typealias Result = OriginalFile
        public static let example = Params(resumeId: "R-1a2b3c4d")
    }
}

extension Jobs {
    /// `jobs.descriptionOriginal`: the file a job's description was read from.
    public enum DescriptionOriginal: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "jobs.descriptionOriginal", summary: "Download the file a job's description was read from, verified.",
            details: "The file comes back base64 in the reply, or is written to path. A description given as text has no original file (noOriginal). A damaged or truncated original is an error, never partial content.",
            access: .role(.recruiter), readOnly: true, errors: [.jobNotFound, .noOriginal, .originalDamaged],
            positionals: ["jobId", "path"], verbAliases: ["original"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var jobId: String
            public var path: String?
            public var overwrite: Bool?
            public init(jobId: String, path: String? = nil, overwrite: Bool? = nil) {
                self.jobId = jobId
                self.path = path
                self.overwrite = overwrite
            }
            public static let fieldDocs = OriginalFile.pathDocs.merging(["jobId": "The job."]) { a, _ in a }
        }
        public typealias Result = OriginalFile
        public static let example = Params(jobId: "J-000123")
    }
}

extension History {
    /// `history.original`: the CSV an import run read.
    public enum Original: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "history.original", summary: "Download the CSV an import run read, verified.",
            details: "For mtb.import and jobs.import runs. The file comes back base64 in the reply, or is written to path. A damaged or truncated original is an error, never partial content.",
            access: .session, readOnly: true, errors: [.runNotFound, .noOriginal, .originalDamaged], positionals: ["runId", "path"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var runId: String
            public var path: String?
            public var overwrite: Bool?
            public init(runId: String, path: String? = nil, overwrite: Bool? = nil) {
                self.runId = runId
                self.path = path
                self.overwrite = overwrite
            }
            public static let fieldDocs = OriginalFile.pathDocs.merging(["runId": "An import run."]) { a, _ in a }
        }
        public typealias Result = OriginalFile
        public static let example = Params(runId: "…")
    }
}
