import Foundation

// What the vault's file and check port (`BlobStore`) takes and gives.

/// An original file kept in a vault (a CSV, a resume, a document), encrypted on disk.
public struct BlobRecord: Sendable, Equatable {
    public var id: String
    public var name: String
    public var size: Int
    /// BLAKE2b-256 of the plaintext, hex.
    public var digest: String
    public var createdAt: Date
    public init(id: String, name: String, size: Int, digest: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.size = size
        self.digest = digest
        self.createdAt = createdAt
    }
}

/// One damaged part of a vault, found by ``BlobStore/verify()``.
public struct StoreDamage: Sendable, Equatable {
    /// "page" (of the database file), "walFrame", "walHeader", "structure" or "blob".
    public var kind: String
    /// The page or frame number, for those kinds.
    public var number: Int?
    /// The blob id, for a blob.
    public var blobId: String?
    public var detail: String
    public init(kind: String, number: Int? = nil, blobId: String? = nil, detail: String) {
        self.kind = kind
        self.number = number
        self.blobId = blobId
        self.detail = detail
    }
}

/// What ``BlobStore/verify()`` checked and found.
public struct VerifyReport: Sendable, Equatable {
    public var pagesChecked: Int
    public var framesChecked: Int
    public var blobsChecked: Int
    public var damaged: [StoreDamage]
    public init(pagesChecked: Int = 0, framesChecked: Int = 0, blobsChecked: Int = 0, damaged: [StoreDamage] = []) {
        self.pagesChecked = pagesChecked
        self.framesChecked = framesChecked
        self.blobsChecked = blobsChecked
        self.damaged = damaged
    }
}

