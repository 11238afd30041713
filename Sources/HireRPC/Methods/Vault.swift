/// The caller's vault as stored: its database, log and blobs.
public enum Vault {
    /// One damaged part of a vault, as `vault.verify` reports it.
    public struct DamagedPart: Codable, Sendable, Equatable, SchemaDocumented {
        /// "page" (of the database file), "walFrame", "walHeader", "structure" or "blob".
        public var kind: String
        /// The page or log-frame number (kinds "page" and "walFrame").
        public var page: Int?
        /// The blob id (kind "blob").
        public var id: String?
        /// What failed, naming the file.
        public var detail: String
        public init(kind: String, page: Int? = nil, id: String? = nil, detail: String) {
            self.kind = kind
            self.page = page
            self.id = id
            self.detail = detail
        }
        public static let fieldDocs = [
            "kind": "page, walFrame, walHeader, structure or blob.", "page": "The page or log-frame number.",
            "id": "The blob id.", "detail": "What failed, naming the file.",
        ]
    }

    public enum Verify: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "vault.verify", summary: "Check every page and blob of your vault and report what is damaged.",
            access: .session, readOnly: true, errors: [.storageDamaged])
        public typealias Params = Empty
        public struct Result: Codable, Sendable, Equatable, SchemaDocumented {
            /// Nothing is damaged.
            public var ok: Bool
            /// Pages of the database file and frames of its log, each authenticated.
            public var pagesChecked: Int
            /// Blobs (original files) decrypted to their end.
            public var blobsChecked: Int
            public var damaged: [DamagedPart]
            public init(ok: Bool, pagesChecked: Int, blobsChecked: Int, damaged: [DamagedPart]) {
                self.ok = ok
                self.pagesChecked = pagesChecked
                self.blobsChecked = blobsChecked
                self.damaged = damaged
            }
            public static let fieldDocs = [
                "ok": "Nothing is damaged.", "pagesChecked": "Pages of the database file and frames of its log authenticated.",
                "blobsChecked": "Blobs (original files) decrypted to their end.", "damaged": "What is damaged (empty when ok).",
            ]
        }
        public static let example = Empty()
    }
}
