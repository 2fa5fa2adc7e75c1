#pragma once

#include "timestamps.h"

#include <QDate>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace aiochat {

/**
 * @brief A customer in the CRM. Phone, e-mail, policy number and date of birth are personal data:
 * they live here in clear only in memory; storage keeps them encrypted (see PersonalDataCipher).
 */
struct Contact
{
    qint64 id = 0;
    QString displayName;
    QString phone; ///< E.164 as entered, e.g. "+6281234567890"
    QString email;
    QString policyNumber;
    QDate dateOfBirth;
    QString language; ///< "en", "id" or empty (unknown): reminders and the bot's replies
    /** @brief Values of the attributes admins defined (automation/attributes.h), personal ones
     * included: storage seals those apart. */
    QJsonObject attributes;
    QStringList sealedAttributes; ///< keys of the personal ones (masked unless revealed)
    Millis createdAt = 0;
    Millis updatedAt = 0;
};

} // namespace aiochat
