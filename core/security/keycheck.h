#pragma once

#include "domain/status.h"

#include <QByteArray>
#include <QString>

namespace aiochat {

class DataKeyring;

/**
 * @brief A fingerprint of the keys a database was sealed with, kept in that database
 * (`settings` key `keys.check`). A start with a missing, replaced or mixed-up key file or
 * keychain entry is refused before anything is written, instead of sealing new data under keys
 * the old data does not open. The fingerprint is an HMAC of a fixed label under each key: it
 * proves a key is the right one and reveals nothing about it.
 */
class KeyCheck
{
public:
    /** @brief Name of the entry in the database's settings table. */
    static constexpr const char *kSettingsKey = "keys.check";

    /** @brief The record for these keys (JSON text): every data key, the token and audit keys. */
    [[nodiscard]] static QString record(const DataKeyring &dataKeys, const QByteArray &tokenKey,
                                        const QByteArray &auditKey);
    /**
     * @brief Whether the keys are the ones @p record was made with: every data key it names must
     * be present with the same fingerprint (a rotation only adds keys), and the token and audit
     * keys must match. The error names which key differs and where it was read from.
     */
    [[nodiscard]] static Status verify(const QString &record, const DataKeyring &dataKeys,
                                       const QByteArray &tokenKey, const QByteArray &auditKey,
                                       const QString &keyLocation);
    /** @brief True when @p record already names every key in @p dataKeys (nothing to add). */
    [[nodiscard]] static bool covers(const QString &record, const DataKeyring &dataKeys);
};

} // namespace aiochat
