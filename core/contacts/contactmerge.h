#pragma once

#include "domain/contact.h"
#include "domain/status.h"

#include <QSqlDatabase>

namespace aiochat {

class ContactRepository;

/**
 * @brief Everything that belongs to @p from (chat identities, conversations, tasks, notes, tags,
 * documents) moves to @p into; @p into keeps its values and takes only what it lacks. @p from
 * stays as a pointer (merged_into) without personal data, so old links resolve and its values no
 * longer count as duplicates. Runs inside the caller's write transaction: an operator's
 * contact.merge, or a verification that proves an auto-created sender is a known customer.
 */
[[nodiscard]] Status mergeContacts(QSqlDatabase &db, ContactRepository &contacts,
                                   const Contact &into, const Contact &from);

} // namespace aiochat
