#pragma once

#include <QString>

namespace aiochat {

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

} // namespace whatsapptemplates
} // namespace aiochat
