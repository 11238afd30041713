import Foundation

// What the resume and match-document store ports take and give.

/// A resume as stored: its text, the profile read from it (JSON) and its original file.
public struct StoredResume: Sendable, Equatable {
    public var seq: Int64
    public var id: String
    public var filename: String?
    public var format: String?
    public var text: String
    /// `ResumeProfile` as JSON.
    public var profile: String
    public var blobId: String?
    public var createdAt: Date

    public init(
        seq: Int64 = 0, id: String, filename: String?, format: String?, text: String, profile: String, blobId: String?, createdAt: Date
    ) {
        self.seq = seq
        self.id = id
        self.filename = filename
        self.format = format
        self.text = text
        self.profile = profile
        self.blobId = blobId
        self.createdAt = createdAt
    }
}

/// What the matcher keeps per document (a job or a resume): its terms for BM25 and its
/// features (a profile as JSON), derived from the document at `version` (its updatedAt).
/// A cache: everything in it can be made again from the jobs and resumes.
public struct StoredMatchDocument: Sendable, Equatable {
    public enum Kind: String, Sendable { case job, resume }
    public var id: String
    public var version: Double
    public var terms: [UInt8]
    public var features: String
    public init(id: String, version: Double, terms: [UInt8], features: String) {
        self.id = id
        self.version = version
        self.terms = terms
        self.features = features
    }
}

/// What identifies a resume's file and its person, as keyed digests (``ResumeStore/keyedDigest(_:)``)
/// of the original bytes and of the normalised email, phone and name.
public struct ResumeIdentity: Sendable, Equatable {
    public var content: String
    public var email: String?
    public var phone: String?
    public var name: String?
    public init(content: String, email: String?, phone: String?, name: String?) {
        self.content = content
        self.email = email
        self.phone = phone
        self.name = name
    }
}

/// What profiling a resume gives the store: its profile (JSON), its match document and the
/// identity its duplicates are found by.
public struct ProfiledResume: Sendable {
    public var profile: String
    public var match: StoredMatchDocument
    public var identity: ResumeIdentity
    public init(profile: String, match: StoredMatchDocument, identity: ResumeIdentity) {
        self.profile = profile
        self.match = match
        self.identity = identity
    }
}

/// An earlier resume of the same file or person, and what they share.
public struct DuplicateResume: Sendable, Equatable {
    public enum Reason: String, Sendable { case sameFile, email, phone, name }
    public var resumeId: String
    public var reason: Reason
    public init(resumeId: String, reason: Reason) {
        self.resumeId = resumeId
        self.reason = reason
    }
}

