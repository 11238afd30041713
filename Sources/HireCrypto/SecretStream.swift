import CSodium
import Foundation

/// Files encrypted with `crypto_secretstream_xchacha20poly1305` in 64 KiB chunks.
///
/// Layout: magic "HIREBLB1", the 24-byte stream header, then chunks of up to 64 KiB each
/// followed by its 17 bytes of overhead; the last chunk carries the FINAL tag, so a
/// truncated file is detected. Every chunk is bound to `associatedData` (the blob's id).
public enum SecretStream {
    public static let chunkSize = 64 * 1024
    static let magic = Array("HIREBLB1".utf8)
    static let headerBytes = Int(crypto_secretstream_xchacha20poly1305_HEADERBYTES)
    static let overhead = Int(crypto_secretstream_xchacha20poly1305_ABYTES)

    /// Encrypts everything `read` returns (until it returns an empty chunk) to `write`.
    public static func encrypt(
        key: SecureBytes, associatedData: [UInt8], read: () throws -> [UInt8], write: ([UInt8]) throws -> Void
    ) throws {
        precondition(key.count == Int(crypto_secretstream_xchacha20poly1305_KEYBYTES))
        var state = crypto_secretstream_xchacha20poly1305_state()
        var header = [UInt8](repeating: 0, count: headerBytes)
        key.withUnsafeBytes { _ = crypto_secretstream_xchacha20poly1305_init_push(&state, &header, $0.u8) }
        defer { sodium_memzero(&state, MemoryLayout.size(ofValue: state)) }
        try write(magic + header)
        var chunk = try read()
        while true {
            let next = chunk.isEmpty ? [] : try read()
            let tag = next.isEmpty ? UInt8(crypto_secretstream_xchacha20poly1305_TAG_FINAL) : 0
            var out = [UInt8](repeating: 0, count: chunk.count + overhead)
            var length: UInt64 = 0
            _ = crypto_secretstream_xchacha20poly1305_push(
                &state, &out, &length, chunk, UInt64(chunk.count), associatedData, UInt64(associatedData.count), tag)
            try write(Array(out[..<Int(length)]))
            if next.isEmpty { return }
            chunk = next
        }
    }

    /// Decrypts a stream written by `encrypt`. `read(n)` returns up to n bytes (fewer only
    /// at the end). Tampering, truncation or a wrong key throw `authenticationFailed`.
    public static func decrypt(
        key: SecureBytes, associatedData: [UInt8], read: (Int) throws -> [UInt8], write: ([UInt8]) throws -> Void
    ) throws {
        let start = try read(magic.count + headerBytes)
        guard start.count == magic.count + headerBytes, Array(start.prefix(magic.count)) == magic else {
            throw CryptoError.malformed("not an encrypted blob")
        }
        var state = crypto_secretstream_xchacha20poly1305_state()
        let header = Array(start.suffix(headerBytes))
        let ok = key.withUnsafeBytes { crypto_secretstream_xchacha20poly1305_init_pull(&state, header, $0.u8) == 0 }
        defer { sodium_memzero(&state, MemoryLayout.size(ofValue: state)) }
        guard ok else { throw CryptoError.authenticationFailed }
        while true {
            let chunk = try read(chunkSize + overhead)
            guard chunk.count >= overhead else { throw CryptoError.authenticationFailed }  // truncated
            var out = [UInt8](repeating: 0, count: chunk.count - overhead)
            var length: UInt64 = 0
            var tag: UInt8 = 0
            guard
                crypto_secretstream_xchacha20poly1305_pull(
                    &state, &out, &length, &tag, chunk, UInt64(chunk.count), associatedData, UInt64(associatedData.count)) == 0
            else { throw CryptoError.authenticationFailed }
            try write(Array(out[..<Int(length)]))
            if tag == UInt8(crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
                guard try read(1).isEmpty else { throw CryptoError.authenticationFailed }  // bytes after the end
                return
            }
        }
    }
}
