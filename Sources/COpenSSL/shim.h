// OpenSSL 3.0 for Swift: the headers plus `static inline` wrappers for the macros Swift cannot
// import (SSL_CTX_set_min_proto_version, SSL_set_tlsext_host_name, ...).
#ifndef COLLECT_COPENSSL_SHIM_H
#define COLLECT_COPENSSL_SHIM_H

#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>

static inline int copenssl_ctx_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}
static inline int copenssl_ctx_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_max_proto_version(ctx, version);
}
static inline void copenssl_ctx_set_read_ahead(SSL_CTX *ctx, int yes) { SSL_CTX_set_read_ahead(ctx, yes); }
static inline long copenssl_ctx_set_mode(SSL_CTX *ctx, long mode) { return SSL_CTX_set_mode(ctx, mode); }
static inline long copenssl_ctx_set_options(SSL_CTX *ctx, long options) { return (long)SSL_CTX_set_options(ctx, options); }
static inline int copenssl_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}
static inline long copenssl_ctx_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}

static inline int copenssl_tls1_2_version(void) { return TLS1_2_VERSION; }
static inline int copenssl_tls1_3_version(void) { return TLS1_3_VERSION; }
static inline int copenssl_tls1_1_version(void) { return TLS1_1_VERSION; }
static inline long copenssl_mode_partial_write(void) {
    return SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS;
}
static inline long copenssl_op_server_defaults(void) {
    return SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_IGNORE_UNEXPECTED_EOF;
}
static inline int copenssl_tlsext_err_ok(void) { return SSL_TLSEXT_ERR_OK; }
static inline int copenssl_tlsext_err_alert_fatal(void) { return SSL_TLSEXT_ERR_ALERT_FATAL; }
static inline int copenssl_tlsext_err_noack(void) { return SSL_TLSEXT_ERR_NOACK; }

/// The one-line subject of the verified peer certificate into `buffer`; 0 when there is none.
static inline int copenssl_peer_subject(SSL *ssl, char *buffer, int size) {
    X509 *cert = SSL_get1_peer_certificate(ssl);
    if (cert == NULL) return 0;
    int ok = 0;
    if (SSL_get_verify_result(ssl) == X509_V_OK) {
        X509_NAME_oneline(X509_get_subject_name(cert), buffer, size);
        ok = 1;
    }
    X509_free(cert);
    return ok;
}

#endif
