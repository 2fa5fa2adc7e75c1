#pragma once

#include "domain/status.h"

#include <QSet>
#include <QSqlDatabase>
#include <QString>

namespace aiochat {

class PersonalDataCipher;

namespace assistant {

/**
 * @brief The customers other than @p self whose policy number, phone or e-mail appears in
 * @p text, looked up by blind index: what the bot must neither discuss nor say. Checked on the
 * question (a request about someone else is declined) and on every reply before it leaves.
 */
[[nodiscard]] Result<QSet<qint64>> othersNamedIn(QSqlDatabase &db, const PersonalDataCipher &cipher,
                                                 const QString &text, qint64 self);

} // namespace assistant
} // namespace aiochat
