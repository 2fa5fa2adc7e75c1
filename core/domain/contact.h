#pragma once

#include "timestamps.h"

#include <QDate>
#include <QJsonObject>
#include <QString>

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
    QJsonObject attributes; ///< free fields such as premium or payment due date
    Millis createdAt = 0;
    Millis updatedAt = 0;
};

} // namespace aiochat
