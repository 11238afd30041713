import Foundation
import HireCrypto

/// A file's contents digested (an absent file as empty): to check it is unchanged.
public func digest(_ path: String) -> [UInt8] { KeyedHash.digest(FileManager.default.contents(atPath: path) ?? Data()) }

/// Flips the lowest bit of the byte at `offset` of a file: the smallest damage there is.
public func flip(_ path: String, at offset: Int) throws {
    var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    bytes[offset] ^= 0x01
    try bytes.write(to: URL(fileURLWithPath: path))
}
