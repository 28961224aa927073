import COpenSSL

/// Certificate and key material for the server side of TLS.
public struct ServerTLSConfiguration: Sendable {
    /// PEM file holding the certificate chain (leaf first).
    public var certificateChainPath: String
    /// PEM file holding the private key.
    public var privateKeyPath: String
    /// When set, clients must present a certificate issued by a CA in this PEM file.
    public var clientCAPath: String?

    /// Creates a server TLS configuration.
    public init(certificateChainPath: String, privateKeyPath: String, clientCAPath: String? = nil) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.clientCAPath = clientCAPath
    }
}

/// What the client trusts and presents.
public struct ClientTLSConfiguration: Sendable {
    /// PEM file of CAs that may issue the server's certificate; nil uses the system store.
    public var trustedCAPath: String?
    /// Name verified against the server certificate and sent as SNI; nil uses the connect host.
    public var serverName: String?
    /// Optional client certificate chain and key (PEM), for servers that verify clients.
    public var certificateChainPath: String?
    /// Private key for ``certificateChainPath``.
    public var privateKeyPath: String?

    /// Creates a client TLS configuration.
    public init(trustedCAPath: String? = nil, serverName: String? = nil,
                certificateChainPath: String? = nil, privateKeyPath: String? = nil) {
        self.trustedCAPath = trustedCAPath
        self.serverName = serverName
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
    }
}

/// An `SSL_CTX`: TLS 1.2 minimum (1.3 preferred by OpenSSL's negotiation), ALPN `h2` only.
final class TLSContext: @unchecked Sendable {
    // @unchecked: the SSL_CTX is configured in init and only read afterwards; OpenSSL makes
    // creating SSL objects from a shared, configured context thread-safe.
    let context: OpaquePointer
    let isServer: Bool

    /// The ALPN wire list offered by clients: length-prefixed "h2".
    private static let alpnWire: [UInt8] = [2, UInt8(ascii: "h"), UInt8(ascii: "2")]

    /// A server context from PEM files.
    init(server configuration: ServerTLSConfiguration) throws(TLSError) {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_server_method()) else { throw TLSError("create server context") }
        self.context = context
        isServer = true
        try applyCommon()
        _ = copenssl_ctx_set_options(context, copenssl_op_server_defaults())
        guard SSL_CTX_use_certificate_chain_file(context, configuration.certificateChainPath) == 1 else {
            throw TLSError("load certificate chain \(configuration.certificateChainPath)")
        }
        guard SSL_CTX_use_PrivateKey_file(context, configuration.privateKeyPath, SSL_FILETYPE_PEM) == 1 else {
            throw TLSError("load private key \(configuration.privateKeyPath)")
        }
        guard SSL_CTX_check_private_key(context) == 1 else { throw TLSError("match private key to certificate") }
        if let caPath = configuration.clientCAPath {
            guard SSL_CTX_load_verify_locations(context, caPath, nil) == 1 else {
                throw TLSError("load client CA \(caPath)")
            }
            if let names = SSL_load_client_CA_file(caPath) { SSL_CTX_set_client_CA_list(context, names) }
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
        }
        SSL_CTX_set_alpn_select_cb(context, { _, out, outLength, offered, offeredLength, _ in
            // Walk the client's length-prefixed list; select "h2" or refuse the handshake.
            guard let offered, let out, let outLength else { return copenssl_tlsext_err_alert_fatal() }
            var index = 0
            let count = Int(offeredLength)
            while index < count {
                let length = Int(offered[index])
                if length == 2, index + 2 < count, offered[index + 1] == UInt8(ascii: "h"), offered[index + 2] == UInt8(ascii: "2") {
                    out.pointee = UnsafePointer(offered + index + 1)
                    outLength.pointee = 2
                    return copenssl_tlsext_err_ok()
                }
                index += 1 + length
            }
            return copenssl_tlsext_err_alert_fatal()
        }, nil)
    }

    /// A client context trusting `trustedCAPath` (or the system store).
    init(client configuration: ClientTLSConfiguration) throws(TLSError) {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw TLSError("create client context") }
        self.context = context
        isServer = false
        try applyCommon()
        if let caPath = configuration.trustedCAPath {
            guard SSL_CTX_load_verify_locations(context, caPath, nil) == 1 else { throw TLSError("load CA \(caPath)") }
        } else {
            guard SSL_CTX_set_default_verify_paths(context) == 1 else { throw TLSError("load system CA store") }
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        if let chain = configuration.certificateChainPath, let key = configuration.privateKeyPath {
            guard SSL_CTX_use_certificate_chain_file(context, chain) == 1,
                  SSL_CTX_use_PrivateKey_file(context, key, SSL_FILETYPE_PEM) == 1 else {
                throw TLSError("load client certificate")
            }
        }
        let status = TLSContext.alpnWire.withUnsafeBufferPointer { SSL_CTX_set_alpn_protos(context, $0.baseAddress, UInt32($0.count)) }
        guard status == 0 else { throw TLSError("set ALPN") }
    }

    private func applyCommon() throws(TLSError) {
        guard copenssl_ctx_set_min_proto_version(context, copenssl_tls1_2_version()) == 1 else {
            throw TLSError("set minimum TLS version")
        }
        _ = copenssl_ctx_set_mode(context, copenssl_mode_partial_write())
        // One read(2) takes whatever the socket holds, not a record header and then its body: a
        // lone request was two TLS records and four reads. What it reads ahead stays inside
        // OpenSSL, where epoll cannot see it: see `ByteStream.hasBufferedInput`.
        copenssl_ctx_set_read_ahead(context, 1)
    }

    deinit { SSL_CTX_free(context) }
}
