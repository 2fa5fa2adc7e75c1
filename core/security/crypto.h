#pragma once

#include "domain/status.h"

#include <QByteArray>
#include <QByteArrayView>

/** @brief Thin, tested wrappers over OpenSSL EVP for the few primitives AIO-CHAT uses. */
namespace aiochat::crypto {

constexpr int kAesKeySize = 32;
constexpr int kGcmNonceSize = 12;
constexpr int kGcmTagSize = 16;

/** @brief Cryptographically secure random bytes (OpenSSL RAND_bytes). */
[[nodiscard]] QByteArray randomBytes(int count);

/**
 * @brief AES-256-GCM with a fresh random nonce. Output: nonce (12) || ciphertext || tag (16).
 * @p aad is authenticated but not encrypted (binds the ciphertext to its context).
 */
[[nodiscard]] Result<QByteArray> aesGcmEncrypt(QByteArrayView key, QByteArrayView plaintext,
                                               QByteArrayView aad = {});

/** @brief Inverse of aesGcmEncrypt; fails when the key, AAD or any byte is wrong. */
[[nodiscard]] Result<QByteArray> aesGcmDecrypt(QByteArrayView key, QByteArrayView sealed,
                                               QByteArrayView aad = {});

[[nodiscard]] QByteArray hmacSha256(QByteArrayView key, QByteArrayView data);

[[nodiscard]] QByteArray sha256(QByteArrayView data);

/** @brief HKDF-SHA256 (RFC 5869): derives @p length bytes bound to @p info. */
[[nodiscard]] QByteArray hkdfSha256(QByteArrayView inputKey, QByteArrayView salt,
                                    QByteArrayView info, int length);

/**
 * @brief scrypt (RFC 7914) with N = 2^@p logN: a key from a password or passphrase, slow on
 * purpose. Empty when OpenSSL refuses the parameters.
 */
[[nodiscard]] QByteArray scrypt(QByteArrayView secret, QByteArrayView salt, int logN, int r, int p,
                                int length);

/** @brief Compares without leaking the position of the first difference through timing. */
[[nodiscard]] bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

} // namespace aiochat::crypto
