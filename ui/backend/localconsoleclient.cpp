#include "localconsoleclient.h"

#include "api/consoleapi.h"

using namespace Qt::StringLiterals;

namespace aiochat {

LocalConsoleClient::LocalConsoleClient(ConsoleApi *api, QObject *parent)
    : ConsoleClient(parent)
    , m_api(api)
{
    connect(api, &ConsoleApi::event, this, &ConsoleClient::eventReceived, Qt::QueuedConnection);
}

LocalConsoleClient::LocalConsoleClient(ConsoleApi *api, const OperatorContext &trusted,
                                       QObject *parent)
    : LocalConsoleClient(api, parent)
{
    m_trusted = trusted;
    setTrustedOperator({{u"id"_s, trusted.operatorId},
                        {u"email"_s, trusted.email},
                        {u"displayName"_s, trusted.email},
                        {u"role"_s, trusted.role}});
}

void LocalConsoleClient::send(const QString &name, const QJsonObject &params,
                              const QString &accessToken, QObject *context, Callback callback)
{
    // The reply may be produced on a reader thread; it always comes back through the context's
    // event loop.
    const ConsoleApi::Reply reply = later(context, std::move(callback));
    if (!m_api) {
        reply(CommandResponse::error(Status::unavailable(u"the backend has stopped"_s)));
        return;
    }
    QPointer<ConsoleApi> api = m_api;
    const std::optional<OperatorContext> trusted = m_trusted;
    QMetaObject::invokeMethod(
        api.data(),
        [api, name, params, accessToken, trusted, reply] {
            if (!api)
                return;
            if (trusted)
                api->execute({name, params, *trusted}, reply);
            else
                api->executeWithToken(name, params, accessToken, u"console"_s, reply);
        },
        Qt::QueuedConnection);
}

} // namespace aiochat
