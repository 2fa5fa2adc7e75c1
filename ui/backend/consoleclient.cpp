#include "consoleclient.h"

#include <QPointer>

using namespace Qt::StringLiterals;

namespace aiochat {

void ConsoleClient::call(const QString &name, const QJsonObject &params, QObject *context,
                         Callback callback)
{
    if (m_trusted || name.startsWith(u"auth."_s)) {
        send(name, params, m_accessToken, context, std::move(callback));
        return;
    }
    // An access token that expired meanwhile (the machine slept) is renewed once, then the
    // command is tried again; only a failed renewal ends the session.
    QPointer<ConsoleClient> self(this);
    QPointer<QObject> guard(context);
    send(name, params, m_accessToken, context,
         [self, guard, name, params, callback](const CommandResponse &response) {
             if (!self || response.status.code() != Status::Code::Unauthenticated ||
                 self->m_refreshToken.isEmpty()) {
                 callback(response);
                 return;
             }
             self->refresh([self, guard, name, params, callback, response](bool ok) {
                 if (!guard)
                     return; // the asking view is gone
                 if (!ok || !self) {
                     callback(response);
                     return;
                 }
                 self->send(name, params, self->m_accessToken, guard.data(), callback);
             });
         });
}

ConsoleClient::Callback ConsoleClient::later(QObject *context, Callback callback)
{
    QPointer<QObject> guard(context);
    return [guard, callback = std::move(callback)](const CommandResponse &response) {
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
}

void ConsoleClient::setTrustedOperator(const QVariantMap &op)
{
    m_trusted = true;
    m_operator = op;
    m_statusKnown = true;
    Q_EMIT sessionChanged();
}

void ConsoleClient::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged();
}

void ConsoleClient::checkStatus()
{
    send(u"auth.status"_s, {}, m_accessToken, this, [this](const CommandResponse &r) {
        if (!r.status.isOk())
            return;
        m_needsSetup = r.result[u"needsSetup"_s].toBool();
        m_statusKnown = true;
        Q_EMIT sessionChanged();
    });
}

void ConsoleClient::login(const QString &email, const QString &password)
{
    setBusy(true);
    send(u"auth.login"_s, {{u"email"_s, email}, {u"password"_s, password}}, {}, this,
         [this](const CommandResponse &r) {
             setBusy(false);
             if (!r.status.isOk()) {
                 Q_EMIT loginFailed(r.status.message());
                 return;
             }
             startSession(r.result.toObject());
         });
}

void ConsoleClient::setupAdministrator(const QString &email, const QString &password)
{
    setBusy(true);
    send(u"auth.setupAdmin"_s, {{u"email"_s, email}, {u"password"_s, password}}, {}, this,
         [this](const CommandResponse &r) {
             setBusy(false);
             if (!r.status.isOk()) {
                 Q_EMIT loginFailed(r.status.message());
                 if (r.status.code() == Status::Code::FailedPrecondition)
                     checkStatus(); // someone else finished the setup meanwhile
                 return;
             }
             m_needsSetup = false;
             startSession(r.result.toObject());
         });
}

void ConsoleClient::logout()
{
    if (m_trusted || !isSignedIn())
        return;
    send(u"auth.logout"_s, {}, m_accessToken, this, [](const CommandResponse &) {});
    endSession({});
}

void ConsoleClient::startSession(const QJsonObject &result)
{
    m_accessToken = result[u"accessToken"_s].toString();
    m_refreshToken = result[u"refreshToken"_s].toString();
    m_operator = result[u"operator"_s].toObject().toVariantMap();
    m_statusKnown = true;
    if (!m_refreshTimer) {
        m_refreshTimer = new QTimer(this);
        m_refreshTimer->setSingleShot(true);
        connect(m_refreshTimer, &QTimer::timeout, this, [this] { refresh({}); });
    }
    // Renew a minute before the access token runs out.
    const int expiresIn = result[u"expiresIn"_s].toInt(15 * 60);
    m_refreshTimer->start(std::max(10, expiresIn - 60) * 1000);
    Q_EMIT sessionChanged();
}

void ConsoleClient::endSession(const QString &message)
{
    m_accessToken.clear();
    m_refreshToken.clear();
    m_operator.clear();
    if (m_refreshTimer)
        m_refreshTimer->stop();
    Q_EMIT sessionChanged();
    if (!message.isEmpty())
        Q_EMIT sessionEnded(message);
}

void ConsoleClient::refresh(const std::function<void(bool ok)> &then)
{
    if (m_refreshToken.isEmpty()) {
        if (then)
            then(false);
        return;
    }
    // One renewal at a time: each refresh token works once, so a second request with the same
    // one would read as a stolen token and end the session.
    if (then)
        m_refreshWaiters.append(then);
    if (m_refreshing)
        return;
    m_refreshing = true;
    send(u"auth.refresh"_s, {{u"refreshToken"_s, m_refreshToken}}, {}, this,
         [this](const CommandResponse &r) {
             m_refreshing = false;
             const QList<std::function<void(bool)>> waiters = std::exchange(m_refreshWaiters, {});
             if (!r.status.isOk()) {
                 endSession(r.status.message());
                 for (const auto &w : waiters)
                     w(false);
                 return;
             }
             m_accessToken = r.result[u"accessToken"_s].toString();
             m_refreshToken = r.result[u"refreshToken"_s].toString(m_refreshToken);
             const int expiresIn = r.result[u"expiresIn"_s].toInt(15 * 60);
             if (m_refreshTimer)
                 m_refreshTimer->start(std::max(10, expiresIn - 60) * 1000);
             for (const auto &w : waiters)
                 w(true);
         });
}

} // namespace aiochat
