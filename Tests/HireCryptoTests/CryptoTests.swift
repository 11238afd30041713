import Foundation
import HireCrypto
import Testing

@Suite struct CryptoTests {
    @Test func aeadRoundTripsAndRejectsWrongKeyOrContext() throws {
        let key = SecureBytes.random(32)
        let secret = SecureBytes(Array("attack at dawn".utf8))
        let sealed = AEAD.seal(secret, key: key, associatedData: Array("ctx".utf8))
        let opened = try AEAD.open(sealed.ciphertext, nonce: sealed.nonce, key: key, associatedData: Array("ctx".utf8))
        #expect(opened.isEqual(to: secret))
        #expect(throws: CryptoError.authenticationFailed) {
            try AEAD.open(sealed.ciphertext, nonce: sealed.nonce, key: SecureBytes.random(32), associatedData: Array("ctx".utf8))
        }
        #expect(throws: CryptoError.authenticationFailed) {
            try AEAD.open(sealed.ciphertext, nonce: sealed.nonce, key: key, associatedData: Array("other".utf8))
        }
        var flipped = sealed.ciphertext
        flipped[0] ^= 1
        #expect(throws: CryptoError.authenticationFailed) {
            try AEAD.open(flipped, nonce: sealed.nonce, key: key, associatedData: Array("ctx".utf8))
        }
    }

    @Test func aWrapCannotBeMovedToAnotherOwnerOrPurpose() throws {
        let kek = SecureBytes.random(32)
        let key = SecureBytes.random(32)
        let wrap = KeyWrap.wrap(key, with: kek, binding: WrapBinding(purpose: "password", owner: "alice"))
        let decoded = try WrappedKey.decode(wrap.encoded())
        #expect(try KeyWrap.unwrap(decoded, with: kek, binding: WrapBinding(purpose: "password", owner: "alice")).isEqual(to: key))
        #expect(throws: CryptoError.authenticationFailed) {
            try KeyWrap.unwrap(decoded, with: kek, binding: WrapBinding(purpose: "password", owner: "bob"))
        }
        #expect(throws: CryptoError.authenticationFailed) {
            try KeyWrap.unwrap(decoded, with: kek, binding: WrapBinding(purpose: "recovery", owner: "alice"))
        }
        #expect(throws: CryptoError.self) { try WrappedKey.decode(Data("{}".utf8)) }
    }

    @Test func subkeysDifferByIdAndContext() {
        let master = SecureBytes.random(32)
        let a = KDF.derive(master, id: 1, context: "hiredsys")
        #expect(a.isEqual(to: KDF.derive(master, id: 1, context: "hiredsys")))
        #expect(!a.isEqual(to: KDF.derive(master, id: 2, context: "hiredsys")))
        #expect(!a.isEqual(to: KDF.derive(master, id: 1, context: "hiredpep")))
    }

    @Test func argon2idIsDeterministicPerSalt() throws {
        let cheap = Argon2Parameters(opsLimit: 1, memLimit: 8 << 20)
        let salt = Sodium.randomBytes(PasswordHashing.saltBytes)
        let one = try PasswordHashing.derive(password: "correct horse", salt: salt, parameters: cheap)
        #expect(one.isEqual(to: try PasswordHashing.derive(password: "correct horse", salt: salt, parameters: cheap)))
        #expect(!one.isEqual(to: try PasswordHashing.derive(password: "correct horsf", salt: salt, parameters: cheap)))
        #expect(!one.isEqual(to: try PasswordHashing.derive(
            password: "correct horse", salt: Sodium.randomBytes(PasswordHashing.saltBytes), parameters: cheap)))
    }
}

@Suite struct SecretStreamTests {
    private func encrypt(_ plaintext: [UInt8], key: SecureBytes, ad: String = "blob-1") throws -> [UInt8] {
        var offset = 0
        var out: [UInt8] = []
        try SecretStream.encrypt(
            key: key, associatedData: Array(ad.utf8),
            read: {
                let end = min(offset + SecretStream.chunkSize, plaintext.count)
                defer { offset = end }
                return Array(plaintext[offset..<end])
            },
            write: { out += $0 })
        return out
    }

    private func decrypt(_ ciphertext: [UInt8], key: SecureBytes, ad: String = "blob-1") throws -> [UInt8] {
        var offset = 0
        var out: [UInt8] = []
        try SecretStream.decrypt(
            key: key, associatedData: Array(ad.utf8),
            read: { count in
                let end = min(offset + count, ciphertext.count)
                defer { offset = end }
                return Array(ciphertext[offset..<end])
            },
            write: { out += $0 })
        return out
    }

    @Test(arguments: [0, 1, 65_536, 65_537, 200_000])
    func roundTrips(size: Int) throws {
        let key = SecureBytes.random(32)
        let plaintext = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let ciphertext = try encrypt(plaintext, key: key)
        #expect(try decrypt(ciphertext, key: key) == plaintext)
    }

    @Test func tamperingTruncationAndWrongContextAreDetected() throws {
        let key = SecureBytes.random(32)
        let plaintext = Array(repeating: UInt8(7), count: 150_000)
        let ciphertext = try encrypt(plaintext, key: key)
        for position in [8, 40, 1000, 70_000, ciphertext.count - 1] {
            var tampered = ciphertext
            tampered[position] ^= 0x40
            #expect(throws: CryptoError.self) { try decrypt(tampered, key: key) }
        }
        // Cut at a chunk boundary: every remaining chunk authenticates, but the FINAL one is gone.
        let firstChunkEnd = 8 + 24 + SecretStream.chunkSize + 17
        #expect(throws: CryptoError.self) { try decrypt(Array(ciphertext[..<firstChunkEnd]), key: key) }
        #expect(throws: CryptoError.self) { try decrypt(Array(ciphertext.dropLast(5)), key: key) }
        #expect(throws: CryptoError.self) { try decrypt(ciphertext + [0], key: key) }
        #expect(throws: CryptoError.self) { try decrypt(ciphertext, key: key, ad: "blob-2") }
        #expect(throws: CryptoError.self) { try decrypt(ciphertext, key: SecureBytes.random(32)) }
    }
}

@Suite struct SealedBoxTests {
    @Test func onlyTheRecipientOpensAndTheSameSeedGivesTheSamePair() throws {
        let seed = SecureBytes.random(32)
        let recipient = SealedBox.KeyPair(seed: seed)
        #expect(SealedBox.KeyPair(seed: seed).publicKey == recipient.publicKey)
        let other = SealedBox.KeyPair(seed: SecureBytes.random(32))
        #expect(other.publicKey != recipient.publicKey)
        let message = Array("an application".utf8)
        let sealed = try SealedBox.seal(message, to: recipient.publicKey)
        #expect(try recipient.open(sealed).exposedBytes == message)
        // Sealed twice, never the same bytes (an ephemeral key each time).
        #expect(try SealedBox.seal(message, to: recipient.publicKey) != sealed)
        #expect(throws: CryptoError.authenticationFailed) { _ = try other.open(sealed) }
        var tampered = sealed
        tampered[tampered.count - 1] ^= 1
        #expect(throws: CryptoError.authenticationFailed) { _ = try recipient.open(tampered) }
        #expect(throws: CryptoError.self) { _ = try recipient.open(Array(sealed.prefix(10))) }
        #expect(throws: CryptoError.self) { _ = try SealedBox.seal(message, to: [1, 2, 3]) }
    }

    @Test func signaturesComeFromTheSeedAndFailOnAnyChange() {
        let seed = SecureBytes.random(32)
        let pair = Signing.KeyPair(seed: seed)
        #expect(Signing.KeyPair(seed: seed).publicKey == pair.publicKey, "the seed is the whole key")
        let message = Array("entry 7".utf8)
        let signature = pair.sign(message)
        #expect(Signing.verify(signature, of: message, publicKey: pair.publicKey))
        #expect(!Signing.verify(signature, of: Array("entry 8".utf8), publicKey: pair.publicKey))
        #expect(!Signing.verify(signature, of: message, publicKey: Signing.KeyPair(seed: SecureBytes.random(32)).publicKey))
        var flipped = signature
        flipped[5] ^= 1
        #expect(!Signing.verify(flipped, of: message, publicKey: pair.publicKey))
        #expect(!Signing.verify(Array(signature.prefix(10)), of: message, publicKey: pair.publicKey))
    }
}
