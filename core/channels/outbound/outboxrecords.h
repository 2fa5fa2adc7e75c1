#pragma once

#include "domain/enums.h"
#include "domain/status.h"
#include "domain/timestamps.h"
#include "outboundentry.h"

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QStringList>
#include <QVariantList>

namespace aiochat {

class PersonalDataCipher;

/**
 * @brief The outbox's bookkeeping in the store, run on the writer: what a send attempt's result
 * changes in the outbox, the message (and its parts and early delivery reports), the customer's
 * identity and the conversation. The Outbox class keeps the queues and the timing; this is
 * where each outcome is written down.
 */
namespace outboxrecords {

/**
 * @brief PostgreSQL with other instances: claims pending rows for this instance (its
 * aiochat.instance setting) with FOR UPDATE SKIP LOCKED, so two instances never claim the same
 * row — with @p own, its own rows and those nobody owns; without, those of instances whose
 * lease is older than @p leaseMs. Returns them as loadEntries() does.
 */
[[nodiscard]] Result<QList<OutboundEntry>>
claimEntries(QSqlDatabase &db, const PersonalDataCipher &cipher, bool own, int leaseMs);

/** @brief Outbox rows joined with their conversation and recipient, in id order. */
[[nodiscard]] Result<QList<OutboundEntry>> loadEntries(QSqlDatabase &db,
                                                       const PersonalDataCipher &cipher,
                                                       const QString &where,
                                                       const QVariantList &binds);
/** @brief A message as the Console API shows it. */
[[nodiscard]] Result<QJsonObject> messageJson(QSqlDatabase &db, const PersonalDataCipher &cipher,
                                              qint64 messageId);

struct Sent
{
    qint64 outboxId = 0;
    qint64 messageId = 0;
    Platform platform = Platform::Sandbox;
    QString platformId;
    QStringList partIds; ///< a text sent in several parts: every part's id
};
/** @brief Accepted by the platform: marked sent, parts recorded, early reports applied. */
[[nodiscard]] Status recordSent(QSqlDatabase &db, const PersonalDataCipher &cipher, const Sent &r,
                                QJsonObject &json);
/** @brief To be tried again at @p next. */
[[nodiscard]] Status recordRetry(QSqlDatabase &db, qint64 outboxId, int attempts, Millis next,
                                 const QString &error);

struct Failure
{
    qint64 outboxId = 0;
    qint64 messageId = 0;
    qint64 identityId = 0;
    qint64 conversationId = 0;
    QString error;
    bool blocked = false; ///< the customer blocked the bot
};
/** @brief Failed for good: the reason kept, the customer left waiting for a person. */
[[nodiscard]] Status recordFailure(QSqlDatabase &db, const PersonalDataCipher &cipher,
                                   const Failure &f, QJsonObject &json, QJsonObject &conversation);
/** @brief A Telegram group that became a supergroup: its identity takes the new chat id. */
[[nodiscard]] Status recordMigratedGroup(QSqlDatabase &db, const PersonalDataCipher &cipher,
                                         qint64 identityId, const QString &newChatId);

} // namespace outboxrecords
} // namespace aiochat
