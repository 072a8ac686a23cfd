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

// Macros that Swift cannot call.
static inline long hub_BIO_get_mem_data(BIO *b, char **pp) { return BIO_get_mem_data(b, pp); }
static inline void hub_OPENSSL_free(void *p) { OPENSSL_free(p); }

#endif
