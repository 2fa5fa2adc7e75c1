#pragma once

#include "api/operatorcontext.h"
#include "consoleclient.h"

#include <QPointer>

#include <optional>

namespace aiochat {

class ConsoleApi;

/**
 * @brief In-process client: commands hop to the core thread by queued invocation, answers and
 * events come back the same way. No sockets involved. The console window signs in like any
 * other client; only trusted in-process callers (tests) pass a fixed operator.
 */
class LocalConsoleClient final : public ConsoleClient
{
    Q_OBJECT
public:
    /** @brief Operators sign in with e-mail and password. */
    explicit LocalConsoleClient(ConsoleApi *api, QObject *parent = nullptr);
    /** @brief Always acts as @p trusted (tests and tools that own the backend). */
    LocalConsoleClient(ConsoleApi *api, const OperatorContext &trusted, QObject *parent = nullptr);

protected:
    void send(const QString &name, const QJsonObject &params, const QString &accessToken,
              QObject *context, Callback callback) override;

private:
    QPointer<ConsoleApi> m_api;
    std::optional<OperatorContext> m_trusted;
};

} // namespace aiochat
