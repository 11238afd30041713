import CSodium

/// Secret bytes in guarded memory: `sodium_malloc` (guard pages, mlock'ed, never swapped),
/// wiped and freed when the last reference goes.
///
/// Immutable after creation, so sharing it between tasks is safe.
public final class SecureBytes: @unchecked Sendable {
    private let pointer: UnsafeMutableRawPointer
    public let count: Int

    /// Copies `bytes` into guarded memory.
    public init(_ bytes: some Collection<UInt8>) {
        Sodium.initialize()
        count = bytes.count
        pointer = sodium_malloc(max(1, bytes.count))!
        let buffer = UnsafeMutableRawBufferPointer(start: pointer, count: count)
        _ = buffer.initializeMemory(as: UInt8.self, from: bytes)
    }

    /// `count` random bytes.
    public static func random(_ count: Int) -> SecureBytes {
        SecureBytes(count: count) { randombytes_buf($0.baseAddress!, count) }
    }

    /// Fills `count` bytes with `fill` directly in guarded memory (no copy elsewhere).
    public init(count: Int, _ fill: (UnsafeMutableRawBufferPointer) -> Void) {
        Sodium.initialize()
        self.count = count
        pointer = sodium_malloc(max(1, count))!
        fill(UnsafeMutableRawBufferPointer(start: pointer, count: count))
    }

    deinit {
        sodium_memzero(pointer, count)
        sodium_free(pointer)
    }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// A copy in ordinary memory: only for bytes about to be encrypted or shown once.
    public var exposedBytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Constant-time comparison.
    public func isEqual(to other: SecureBytes) -> Bool {
        count == other.count && sodium_memcmp(pointer, other.pointer, count) == 0
    }
}

/// libsodium set-up.
public enum Sodium {
    private static let initialized: Bool = sodium_init() >= 0

    /// Initialises libsodium once; safe to call from any thread.
    public static func initialize() {
        precondition(initialized, "libsodium failed to initialise")
    }

    /// `count` random bytes in ordinary memory (nonces, salts, ids).
    public static func randomBytes(_ count: Int) -> [UInt8] {
        initialize()
        var bytes = [UInt8](repeating: 0, count: count)
        randombytes_buf(&bytes, count)
        return bytes
    }
}

extension UnsafeRawBufferPointer {
    /// The start as bytes, for C calls. Buffers here always have a base address.
    var u8: UnsafePointer<UInt8> { baseAddress!.assumingMemoryBound(to: UInt8.self) }
    var chars: UnsafePointer<CChar> { baseAddress!.assumingMemoryBound(to: CChar.self) }
}

extension UnsafeMutableRawBufferPointer {
    var u8: UnsafeMutablePointer<UInt8> { baseAddress!.assumingMemoryBound(to: UInt8.self) }
}
