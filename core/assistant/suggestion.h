#pragma once

#include "domain/status.h"

#include <QSqlDatabase>
#include <QString>

namespace aiochat {

class PersonalDataCipher;

namespace assistant {

/** @brief A draft reply for an operator to edit, or why there is none. */
struct Suggestion
{
    QString text;   ///< empty when nothing good was found
    QString reason; ///< why there is no draft
};

/**
 * @brief A draft answer to the customer's latest message in @p conversationId, from the same
 * retrieval the bot uses and with the same rules: the shared base, plus the customer's own
 * documents only while the chat is verified; no other customer's details. Never sent by itself.
 */
[[nodiscard]] Result<Suggestion> suggestReply(QSqlDatabase &db, const PersonalDataCipher &cipher,
                                              qint64 conversationId);

} // namespace assistant
} // namespace aiochat
