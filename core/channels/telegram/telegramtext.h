#pragma once

#include <QString>
#include <QStringList>

namespace aiochat::telegramtext {

/** @brief Telegram's limit for one message's text, in UTF-16 code units (QString length). */
constexpr int kMaxMessageLength = 4096;

/**
 * @brief Splits @p text into parts of at most @p limit UTF-16 units, preferring paragraph breaks,
 * then line breaks, then sentence ends, then spaces; a surrogate pair (emoji, other non-BMP
 * characters) is never cut in half. Joining the parts gives back the text minus the whitespace
 * at the cut points.
 */
[[nodiscard]] QStringList split(const QString &text, int limit = kMaxMessageLength);

/**
 * @brief Escapes @p text so MarkdownV2 shows it literally: every one of
 * _ * [ ] ( ) ~ ` > # + - = | { } . ! and the backslash gets a preceding backslash.
 */
[[nodiscard]] QString escapeMarkdownV2(const QString &text);

/** @brief The same for text inside `code` and ```pre``` entities: only ` and \ are escaped. */
[[nodiscard]] QString escapeMarkdownV2Code(const QString &text);

} // namespace aiochat::telegramtext
