// OpenSSL 3.0 libcrypto (digests, HMAC, AES-GCM, random bytes) for Swift, without libssl.
#ifndef COLLECT_CLIBCRYPTO_SHIM_H
#define COLLECT_CLIBCRYPTO_SHIM_H

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

static inline int clibcrypto_gcm_set_ivlen(void) { return EVP_CTRL_GCM_SET_IVLEN; }
static inline int clibcrypto_gcm_get_tag(void) { return EVP_CTRL_GCM_GET_TAG; }
static inline int clibcrypto_gcm_set_tag(void) { return EVP_CTRL_GCM_SET_TAG; }

#endif
