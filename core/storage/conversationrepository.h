#pragma once

#include "domain/conversation.h"
#include "domain/status.h"
#include "page.h"

#include <QHash>
#include <QSqlDatabase>

#include <optional>

namespace aiochat {

class PersonalDataCipher;

/** @brief Filters of the conversation list; empty lists mean "any". */
struct ConversationQuery
{
    enum class Assignee
    {
        Anyone,
        Unassigned,
        Operator
    };

    QList<ConversationStatus> statuses;
    QList<Platform> platforms;
    Millis from = 0; ///< last activity at or after (0 = open-ended)
    Millis to = 0;   ///< last activity before (0 = open-ended)
    QString search;  ///< full-text over message texts, plus customer names on the first page
    Assignee assignee = Assignee::Anyone;
    qint64 assigneeId = 0; ///< with Assignee::Operator
    qint64 contactId = 0;  ///< only this customer's conversations
    int limit = 50;
    QString cursor;
};

/**
 * @brief Conversations in the store. Lists walk an index in inbox order (needs attention first,
 * then newest activity) with keyset cursors, so the first page costs the same at any size.
 */
class ConversationRepository
{
public:
    ConversationRepository(QSqlDatabase db, const PersonalDataCipher &cipher);

    [[nodiscard]] Result<qint64> insert(const Conversation &conversation);
    [[nodiscard]] Result<std::optional<Conversation>> find(qint64 id);
    /** @brief The open (or needs-attention) conversation of an identity, if any. */
    [[nodiscard]] Result<std::optional<Conversation>> findActiveForIdentity(qint64 identityId);
    /** @brief Just the id of that conversation (0 when none): the hot path needs no more. */
    [[nodiscard]] Result<qint64> activeIdForIdentity(qint64 identityId);
    [[nodiscard]] Result<Page<Conversation>> list(const ConversationQuery &query);

    /** @brief Moves last activity forward (never back) and counts an unread inbound message. */
    [[nodiscard]] Status recordActivity(qint64 id, Millis at, bool inbound);
    [[nodiscard]] Status setStatus(qint64 id, ConversationStatus status);
    /**
     * @brief The customer waits for a person: needs attention for @p reason, waiting since
     * @p since (or since it already waited). Only open conversations, and with
     * @p onlyWhenHumanOwned only those a person owns (the bot answers the others).
     */
    [[nodiscard]] Status markWaiting(qint64 id, AttentionReason reason, Millis since,
                                     bool onlyWhenHumanOwned = false);
    /** @brief A person answered: the wait ends and the conversation is open again. */
    [[nodiscard]] Status clearWaiting(qint64 id);
    [[nodiscard]] Status linkContact(qint64 id, qint64 contactId);

private:
    [[nodiscard]] QHash<qint64, QString> matchedTexts(const QList<qint64> &conversations,
                                                      const QHash<qint64, qint64> &hitOf,
                                                      const QString &search);
    [[nodiscard]] Result<Page<Conversation>> listBySearch(const ConversationQuery &query,
                                                          const QString &filterSql,
                                                          const QVariantList &filterBinds);
    [[nodiscard]] Result<QList<Conversation>>
    fetchByIds(const QList<qint64> &ids, const QString &filterSql, const QVariantList &filterBinds);

    QSqlDatabase m_db;
    const PersonalDataCipher &m_cipher;
};

} // namespace aiochat
