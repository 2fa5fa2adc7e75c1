#pragma once

#include "fakehttpserver.h"

#include <QString>
#include <QStringList>

namespace aiochat::test::openai {

/**
 * @brief An OpenAI-style error: {"error": {message, type, param, code}}; 429 and 5xx carry
 * `retry-after-ms: 10`, as OpenAI sends a hint (short, so tests that retry stay quick).
 */
[[nodiscard]] FakeResponse error(int status, const QString &message, const QString &type,
                                 const QString &code = {});

/**
 * @brief What every OpenAI-compatible endpoint checks before the body: POST to @p path, the
 * bearer @p key when one is required, a JSON content type. A refused request is answered here
 * (and, unless it is only a wrong key, listed in @p rejections); returns whether it may go on.
 */
[[nodiscard]] bool accept(const FakeRequest &request, const FakeResponder &responder,
                          const QByteArray &path, const QString &key, QStringList &rejections);

} // namespace aiochat::test::openai
