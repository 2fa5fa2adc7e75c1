#include "crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat::crypto {

namespace {

struct CipherCtxDeleter
{
    void operator()(EVP_CIPHER_CTX *ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

const auto *bytes(QByteArrayView v)
{
    return reinterpret_cast<const unsigned char *>(v.data());
}

} // namespace

QByteArray scrypt(QByteArrayView secret, QByteArrayView salt, int logN, int r, int p, int length)
{
    const quint64 n = quint64(1) << logN;
    // OpenSSL refuses unless maxmem covers 128 * r * N bytes (plus some slack).
    const quint64 maxMem = 128ULL * quint64(r) * n * 2 + 1024 * 1024;
    QByteArray out(length, Qt::Uninitialized);
    if (EVP_PBE_scrypt(secret.data(), std::size_t(secret.size()),
                       reinterpret_cast<const unsigned char *>(salt.data()),
                       std::size_t(salt.size()), n, quint64(r), quint64(p), maxMem,
                       reinterpret_cast<unsigned char *>(out.data()), std::size_t(length)) != 1)
        return {};
    return out;
}

QByteArray randomBytes(int count)
{
    QByteArray out(count, Qt::Uninitialized);
    // RAND_bytes only fails when the system's entropy source is broken; continuing with
    // predictable keys or nonces would be worse than stopping.
    if (RAND_bytes(reinterpret_cast<unsigned char *>(out.data()), count) != 1)
        qFatal("OpenSSL RAND_bytes failed: no secure randomness available");
    return out;
}

Result<QByteArray> aesGcmEncrypt(QByteArrayView key, QByteArrayView plaintext, QByteArrayView aad)
{
    if (key.size() != kAesKeySize)
        return Status::invalidArgument(u"AES-256-GCM needs a 32-byte key"_s);
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
        return Status::internal(u"cannot allocate a cipher context"_s);

    const QByteArray nonce = randomBytes(kGcmNonceSize);
    QByteArray out(kGcmNonceSize + plaintext.size() + kGcmTagSize, Qt::Uninitialized);
    auto *dst = reinterpret_cast<unsigned char *>(out.data());
    std::copy(nonce.cbegin(), nonce.cend(), out.begin());

    int len = 0;
    int written = 0;
    if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(nonce)) != 1)
        return Status::internal(u"cipher init failed"_s);
    if (!aad.isEmpty() &&
        EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(aad), int(aad.size())) != 1)
        return Status::internal(u"cipher AAD failed"_s);
    if (EVP_EncryptUpdate(ctx.get(), dst + kGcmNonceSize, &len, bytes(plaintext),
                          int(plaintext.size())) != 1)
        return Status::internal(u"encryption failed"_s);
    written = len;
    if (EVP_EncryptFinal_ex(ctx.get(), dst + kGcmNonceSize + written, &len) != 1)
        return Status::internal(u"encryption final failed"_s);
    written += len;
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kGcmTagSize,
                            dst + kGcmNonceSize + written) != 1)
        return Status::internal(u"cannot read the GCM tag"_s);
    out.truncate(kGcmNonceSize + written + kGcmTagSize);
    return out;
}

Result<QByteArray> aesGcmDecrypt(QByteArrayView key, QByteArrayView sealed, QByteArrayView aad)
{
    if (key.size() != kAesKeySize)
        return Status::invalidArgument(u"AES-256-GCM needs a 32-byte key"_s);
    if (sealed.size() < kGcmNonceSize + kGcmTagSize)
        return Status::invalidArgument(u"ciphertext is truncated"_s);
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
        return Status::internal(u"cannot allocate a cipher context"_s);

    const auto *nonce = bytes(sealed);
    const auto *body = nonce + kGcmNonceSize;
    const int bodyLen = int(sealed.size()) - kGcmNonceSize - kGcmTagSize;
    QByteArray tag(reinterpret_cast<const char *>(body + bodyLen), kGcmTagSize);
    QByteArray out(bodyLen, Qt::Uninitialized);
    auto *dst = reinterpret_cast<unsigned char *>(out.data());

    int len = 0;
    if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), nonce) != 1)
        return Status::internal(u"cipher init failed"_s);
    if (!aad.isEmpty() &&
        EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(aad), int(aad.size())) != 1)
        return Status::internal(u"cipher AAD failed"_s);
    if (EVP_DecryptUpdate(ctx.get(), dst, &len, body, bodyLen) != 1)
        return Status::internal(u"decryption failed"_s);
    int written = len;
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kGcmTagSize, tag.data()) != 1)
        return Status::internal(u"cannot set the GCM tag"_s);
    if (EVP_DecryptFinal_ex(ctx.get(), dst + written, &len) != 1)
        return Status::invalidArgument(
            u"ciphertext failed authentication (wrong key or tampered)"_s);
    written += len;
    out.truncate(written);
    return out;
}

QByteArray hmacSha256(QByteArrayView key, QByteArrayView data)
{
    QByteArray out(EVP_MAX_MD_SIZE, Qt::Uninitialized);
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), int(key.size()), bytes(data), std::size_t(data.size()),
         reinterpret_cast<unsigned char *>(out.data()), &len);
    out.truncate(int(len));
    return out;
}

QByteArray sha256(QByteArrayView data)
{
    QByteArray out(32, Qt::Uninitialized);
    unsigned int len = 0;
    EVP_Digest(data.data(), std::size_t(data.size()), reinterpret_cast<unsigned char *>(out.data()),
               &len, EVP_sha256(), nullptr);
    out.truncate(int(len));
    return out;
}

QByteArray hkdfSha256(QByteArrayView inputKey, QByteArrayView salt, QByteArrayView info, int length)
{
    EVP_KDF *kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
    EVP_KDF_CTX *ctx = EVP_KDF_CTX_new(kdf);
    EVP_KDF_free(kdf);
    if (!ctx)
        qFatal("OpenSSL HKDF is unavailable");

    char digest[] = "SHA256";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<char *>(inputKey.data()),
                                          std::size_t(inputKey.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char *>(salt.data()),
                                          std::size_t(salt.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char *>(info.data()),
                                          std::size_t(info.size())),
        OSSL_PARAM_construct_end(),
    };
    QByteArray out(length, Qt::Uninitialized);
    const int rc = EVP_KDF_derive(ctx, reinterpret_cast<unsigned char *>(out.data()),
                                  std::size_t(length), params);
    EVP_KDF_CTX_free(ctx);
    if (rc != 1)
        qFatal("OpenSSL HKDF derivation failed");
    return out;
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    return CRYPTO_memcmp(a.data(), b.data(), std::size_t(a.size())) == 0;
}

} // namespace aiochat::crypto
