#pragma once

#include "domain/status.h"

#include <QSqlDatabase>
#include <QStringList>

namespace aiochat {

/**
 * @brief Tags on conversations and on customers: one shared vocabulary (`tags`), linked through
 * `conversation_tags` or `contact_tags`. Tags are lower-case, 1–40 characters, without repeats.
 */
class TagRepository
{
public:
    enum class Owner
    {
        Conversation,
        Contact
    };

    explicit TagRepository(QSqlDatabase db);

    /** @brief Trimmed, lower-cased, de-duplicated; an error names the rule broken. */
    [[nodiscard]] static Result<QStringList> normalize(QStringList tags);

    /** @brief Replaces @p owner @p id's tags with @p tags (normalised already). */
    [[nodiscard]] Status replace(Owner owner, qint64 id, const QStringList &tags);
    /** @brief @p owner @p id's tags, by name. */
    [[nodiscard]] Result<QStringList> of(Owner owner, qint64 id);

private:
    QSqlDatabase m_db;
};

} // namespace aiochat
