#pragma once

#include "offlineanswerer.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>

namespace aiochat::assistant {

/** @brief What a message claims about who is writing: policy numbers and dates. */
struct Claims
{
    QStringList policies; ///< as written ("NMA-LIFE-204817")
    QList<QDate> dates;   ///< every date written, in order
};

/**
 * @brief Policy-number-like tokens (letters, then groups joined by "-" or "/", with at least three
 * digits: "NMA-LIFE-204817", "POL-2024-000123") and dates written as YYYY-MM-DD, DD/MM/YYYY,
 * DD-MM-YYYY, "29 November 1982" or "29 Nov 1982" (English and Indonesian month names).
 */
[[nodiscard]] Claims extractClaims(const QString &text);

/**
 * @brief A question about the writer's own policy, payments, claims or documents ("my premium",
 * "polis saya"): it needs a verified chat before anything personal is said.
 */
[[nodiscard]] bool isPersonalQuestion(const QString &text);

/** @brief How many failed attempts lock verification, and for how long. */
constexpr int kMaxVerificationFailures = 5;
constexpr qint64 kVerificationLockMs = 30LL * 60 * 1000;
constexpr qint64 kVerificationValidMs = 30LL * 24 * 3600 * 1000;

[[nodiscard]] QString askToVerify(Language language);
[[nodiscard]] QString askForDateOfBirth(Language language);
[[nodiscard]] QString askForPolicyNumber(Language language);
[[nodiscard]] QString verified(Language language);
[[nodiscard]] QString verificationFailed(Language language);
[[nodiscard]] QString verificationLocked(Language language);
[[nodiscard]] QString declineOthers(Language language);

} // namespace aiochat::assistant
