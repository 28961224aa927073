import CLibCrypto

/// Seals small personal-data values (national ID numbers) with AES-256-GCM, and makes keyed
/// lookup hashes of them, so the database never holds them in the clear.
///
/// Sealed form: 12-byte random nonce ‖ ciphertext ‖ 16-byte tag.
public struct Sealer: Sendable {
    private let encryptionKey: [UInt8]
    private let lookupKey: [UInt8]

    /// Why a sealed value could not be opened.
    public struct OpenError: Error, Sendable {}

    /// A sealer from a 32-byte master key; the encryption and lookup keys are derived from it.
    public init(masterKey: [UInt8]) {
        precondition(masterKey.count == 32, "the master key must be 32 bytes")
        encryptionKey = Digest.hmacSHA256(key: masterKey, Array("collect seal v1".utf8))
        lookupKey = Digest.hmacSHA256(key: masterKey, Array("collect lookup v1".utf8))
    }

    /// A keyed hash for equality look-ups.
    public func lookupHash(_ plaintext: String) -> [UInt8] {
        Digest.hmacSHA256(key: lookupKey, Array(plaintext.utf8))
    }

    /// Encrypts `plaintext`.
    public func seal(_ plaintext: String) -> [UInt8] {
        let nonce = Digest.randomBytes(12)
        let input = Array(plaintext.utf8)
        var output = [UInt8](repeating: 0, count: input.count + 16)
        var tag = [UInt8](repeating: 0, count: 16)
        let context = EVP_CIPHER_CTX_new()
        precondition(context != nil, "EVP_CIPHER_CTX_new failed")
        defer { EVP_CIPHER_CTX_free(context) }
        var written: Int32 = 0
        var ok = EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, encryptionKey, nonce)
        ok &= EVP_EncryptUpdate(context, &output, &written, input, Int32(input.count))
        var final: Int32 = 0
        ok &= output.withUnsafeMutableBufferPointer { buffer in
            EVP_EncryptFinal_ex(context, buffer.baseAddress! + Int(written), &final)
        }
        ok &= EVP_CIPHER_CTX_ctrl(context, clibcrypto_gcm_get_tag(), 16, &tag)
        precondition(ok == 1, "AES-256-GCM seal failed")
        return nonce + output[0..<Int(written + final)] + tag
    }

    /// Decrypts a sealed value; throws when it was altered or sealed under another key.
    public func open(_ sealed: [UInt8]) throws(OpenError) -> String {
        guard sealed.count >= 28 else { throw OpenError() }
        let nonce = Array(sealed[0..<12])
        let body = Array(sealed[12..<(sealed.count - 16)])
        var tag = Array(sealed[(sealed.count - 16)...])
        var output = [UInt8](repeating: 0, count: body.count + 16)
        let context = EVP_CIPHER_CTX_new()
        precondition(context != nil, "EVP_CIPHER_CTX_new failed")
        defer { EVP_CIPHER_CTX_free(context) }
        var written: Int32 = 0
        var final: Int32 = 0
        var ok = EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, encryptionKey, nonce)
        ok &= EVP_DecryptUpdate(context, &output, &written, body, Int32(body.count))
        ok &= EVP_CIPHER_CTX_ctrl(context, clibcrypto_gcm_set_tag(), 16, &tag)
        let verified = output.withUnsafeMutableBufferPointer { buffer in
            EVP_DecryptFinal_ex(context, buffer.baseAddress! + Int(written), &final)
        }
        guard ok == 1, verified == 1 else { throw OpenError() }
        return String(decoding: output[0..<Int(written + final)], as: UTF8.self)
    }
}
