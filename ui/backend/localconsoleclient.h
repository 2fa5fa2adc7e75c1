#pragma once

#include "api/operatorcontext.h"
#include "consoleclient.h"

#include <QPointer>

namespace aiochat {

class ConsoleApi;

/**
 * @brief In-process client: commands hop to the core thread by queued invocation, answers and
 * events come back the same way. No sockets involved.
 */
class LocalConsoleClient final : public ConsoleClient
{
    Q_OBJECT
public:
    LocalConsoleClient(ConsoleApi *api, OperatorContext op, QObject *parent = nullptr);

    void call(const QString &name, const QJsonObject &params, QObject *context,
              Callback callback) override;

    void setOperator(const OperatorContext &op) { m_op = op; }

private:
    QPointer<ConsoleApi> m_api;
    OperatorContext m_op;
};

} // namespace aiochat
