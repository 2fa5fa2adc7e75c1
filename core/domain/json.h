#pragma once

#include "contact.h"
#include "contactidentity.h"
#include "conversation.h"
#include "message.h"

#include <QJsonObject>
#include <QStringList>

/** @brief How domain values look on the wire (Console API results and events). */
namespace aiochat::json {

[[nodiscard]] QJsonObject toJson(const Conversation &c);
[[nodiscard]] QJsonObject toJson(const Message &m);

/**
 * @brief A contact with its personal fields masked ("+62••••••7890"), except the fields named
 * in @p revealed, which appear in clear. Masking is the default everywhere.
 */
[[nodiscard]] QJsonObject toJson(const Contact &c, const QStringList &revealed = {});

/** @brief An identity; the platform user id is masked (it is a phone number on WhatsApp). */
[[nodiscard]] QJsonObject toJson(const ContactIdentity &i);

/** @brief Names of the contact fields that are personal data and masked by default. */
[[nodiscard]] const QStringList &personalFieldNames();

} // namespace aiochat::json
