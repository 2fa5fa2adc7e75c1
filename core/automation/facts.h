#pragma once

#include "condition.h"
#include "security/personaldatacipher.h"

#include <QSqlDatabase>

#include <functional>

namespace aiochat::automation {

/**
 * @brief Reads what rules see about contacts, on a reader connection: the contact's fields and
 * attributes (personal ones opened), the chat a message to them goes to — their non-group
 * conversation the customer wrote in last — and, only when a rule names them, tags and the
 * verification state. Merged-away contacts are skipped.
 */
class FactsLoader
{
public:
    FactsLoader(QSqlDatabase db, const PersonalDataCipher &cipher, QStringList fields);

    /** @brief Calls @p visit for each contact in id order (or only @p contactId when set). */
    [[nodiscard]] Status forEachContact(const std::function<void(const Facts &)> &visit,
                                        qint64 contactId = 0);
    /**
     * @brief One conversation's facts: its contact's, the conversation's fields (and the previous
     * status an event reported), the message's when @p messageId is set. Empty when the
     * conversation is gone or belongs to no contact.
     */
    [[nodiscard]] Result<std::optional<Facts>>
    forConversation(qint64 conversationId, qint64 messageId, const QString &previousStatus);

private:
    [[nodiscard]] Status loadTags(const QString &table, const QString &ownerColumn,
                                  qint64 onlyOwner, QHash<qint64, QJsonArray> &into);

    QSqlDatabase m_db;
    const PersonalDataCipher &m_cipher;
    QStringList m_fields;
};

} // namespace aiochat::automation
