#pragma once

#include "domain/status.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace aiochat {

class Settings;

/**
 * @brief Meta's rules for message templates that can be checked before anything is sent, so an
 * operator hears about a mistake when saving a template or pressing Send, not from a failed
 * delivery (error 132018 / 100).
 */
namespace whatsapptemplates {

/**
 * @brief Why a template body's placeholders are unusable, or "": they must be {{1}}, {{2}}… with
 * no number left out (a body with {{1}} and {{3}} is refused by Meta).
 */
[[nodiscard]] QString checkPlaceholders(const QString &body);
/** @brief How many parameters a (checked) body takes: its distinct placeholders. */
[[nodiscard]] int placeholderCount(const QString &body);
/**
 * @brief Why parameter @p number (from 1) cannot be sent, or "": Meta refuses empty values, new
 * lines, tabs and more than four spaces in a row.
 */
[[nodiscard]] QString checkParameter(const QString &value, int number);

/** @brief The templates approved in Meta's manager, as described in settings (whatsapp/templates):
 * [{name, language, body}]. */
[[nodiscard]] QJsonArray approved(const Settings &settings);
/**
 * @brief {name, language?, parameters[]} → the approved template it names, with its body, or why
 * it cannot be sent (unknown, wrong number of parameters, a parameter Meta refuses).
 */
[[nodiscard]] Result<QJsonObject> resolve(const Settings &settings, const QJsonObject &requested);

} // namespace whatsapptemplates
} // namespace aiochat
