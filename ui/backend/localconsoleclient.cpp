#include "localconsoleclient.h"

#include "api/consoleapi.h"

using namespace Qt::StringLiterals;

namespace aiochat {

LocalConsoleClient::LocalConsoleClient(ConsoleApi *api, OperatorContext op, QObject *parent)
    : ConsoleClient(parent)
    , m_api(api)
    , m_op(std::move(op))
{
    connect(api, &ConsoleApi::event, this, &ConsoleClient::eventReceived, Qt::QueuedConnection);
}

void LocalConsoleClient::call(const QString &name, const QJsonObject &params, QObject *context,
                              Callback callback)
{
    QPointer<QObject> guard(context);
    // The reply may be produced on a reader thread; it always comes back through the context's
    // event loop.
    ConsoleApi::Reply reply = [guard, callback](const CommandResponse &response) {
        if (!guard)
            return;
        QMetaObject::invokeMethod(
            guard.data(),
            [guard, callback, response] {
                if (guard && callback)
                    callback(response);
            },
            Qt::QueuedConnection);
    };
    if (!m_api) {
        reply(CommandResponse::error(Status::unavailable(u"the backend has stopped"_s)));
        return;
    }
    CommandRequest request{name, params, m_op};
    QPointer<ConsoleApi> api = m_api;
    QMetaObject::invokeMethod(
        api.data(),
        [api, request, reply] {
            if (api)
                api->execute(request, reply);
        },
        Qt::QueuedConnection);
}

} // namespace aiochat
