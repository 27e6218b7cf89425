// OpenSSL libcrypto from Debian's libssl-dev: SHA-256, HMAC, CSPRNG, constant-time compare.
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
