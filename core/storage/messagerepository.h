#pragma once

#include "domain/message.h"
#include "domain/status.h"
#include "page.h"

#include <QSqlDatabase>

#include <optional>

namespace aiochat {

class PersonalDataCipher;

/**
 * @brief Messages in the store; pages walk (conversation, time) newest first. Texts are sealed
 * at rest and indexed as search terms (see messagetext.h); Message::text is always clear.
 */
class MessageRepository
{
public:
    MessageRepository(QSqlDatabase db, const PersonalDataCipher &cipher);

    /**
     * @brief Inserts @p message. Returns its id, or nullopt when the same platform message is
     * already stored (a platform retry): the caller treats that as done, not as an error.
     */
    [[nodiscard]] Result<std::optional<qint64>> insert(const Message &message);
    [[nodiscard]] Result<std::optional<Message>> find(qint64 id);
    [[nodiscard]] Result<std::optional<Message>>
    findByPlatformId(qint64 identityId, Direction direction, const QString &platformMessageId);
    /** @brief Whether the platform message is stored already (dedupe check on the hot path). */
    [[nodiscard]] Result<bool> existsByPlatformId(qint64 identityId, Direction direction,
                                                  const QString &platformMessageId);
    /** @brief An outbound message by the id the platform gave it (delivery statuses). */
    [[nodiscard]] Result<std::optional<Message>>
    findOutboundByPlatformId(const QString &platformMessageId);
    /**
     * @brief Moves a delivery status forward: sent < delivered < read, failed is terminal. Returns
     * false when the report is older than what is stored (statuses arrive out of order).
     */
    /** @brief The platform ids of a message sent in several parts, in order (each "sent"). */
    [[nodiscard]] Status addParts(qint64 messageId, const QStringList &platformIds);
    /** @brief What a delivery report for a part changed. */
    struct PartReport
    {
        qint64 messageId = 0;  ///< 0: the id is no part of a multi-part message
        bool advanced = false; ///< the message's own status moved
    };
    /**
     * @brief A delivery report for one part of a multi-part message: the part moves forward,
     * and the message takes its least-delivered part's status; a failed part fails the message
     * and the error names it ("part 2 of 3: …").
     */
    [[nodiscard]] Result<PartReport> applyPartReport(const QString &platformMessageId,
                                                     DeliveryStatus status, const QString &error);
    [[nodiscard]] Result<bool> advanceStatus(qint64 id, DeliveryStatus status,
                                             const QString &error);
    /** @brief Newest first, @p limit at most; the cursor continues with older messages. */
    [[nodiscard]] Result<Page<Message>> listPage(qint64 conversationId, int limit,
                                                 const QString &cursor);
    /** @brief Replaces the text and keeps the previous one in message_edits. */
    [[nodiscard]] Status edit(qint64 id, const QString &text, Millis editedAt);
    [[nodiscard]] Result<qint64> countForConversation(qint64 conversationId);

private:
    QSqlDatabase m_db;
    const PersonalDataCipher &m_cipher;
};

} // namespace aiochat
