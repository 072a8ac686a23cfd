#ifndef HUB_COPENSSL_SHIM_H
#define HUB_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/crypto.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

// Macros that Swift cannot call.
static inline long hub_BIO_get_mem_data(BIO *b, char **pp) { return BIO_get_mem_data(b, pp); }
static inline void hub_OPENSSL_free(void *p) { OPENSSL_free(p); }

// Keys an HMAC context: the OSSL_PARAM array that names the digest must outlive the call, which C can guarantee.
static inline int hub_EVP_MAC_init_hmac(EVP_MAC_CTX *ctx, const unsigned char *key, size_t keylen, const char *digest) {
    OSSL_PARAM params[2];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)digest, 0);
    params[1] = OSSL_PARAM_construct_end();
    return EVP_MAC_init(ctx, key, keylen, params);
}

#endif
