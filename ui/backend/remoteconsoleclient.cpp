#include "remoteconsoleclient.h"

#include "config/commandline.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QSettings>
#include <QSslCertificate>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

// Close codes of docs/console-protocol.md.
constexpr int kCloseSessionEnded = 4001;

// Back-off between reconnection attempts: quick at first (a restart takes seconds), then a
// steady half minute.
int retryDelayMs(int attempt)
{
    static const int delays[] = {500, 1000, 2000, 4000, 8000, 15000, 30000};
    return delays[std::min<int>(attempt, int(std::size(delays)) - 1)];
}

QString settingsKey(const QUrl &server)
{
    return u"remote/trusted/"_s + server.host() + u'_' +
           QString::number(server.port(
               server.scheme() == u"https"_s || server.scheme() == u"wss"_s ? 443 : 80));
}

QString fingerprintOf(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

// A command's failure as the protocol sends it: the Console API's code name is in data.code.
Status statusOf(const QJsonObject &error)
{
    return Status(
        Status::codeFromName(error.value(u"data"_s).toObject().value(u"code"_s).toString()),
        error.value(u"message"_s).toString());
}

} // namespace

RemoteConsoleClient::RemoteConsoleClient(const QUrl &server, QObject *parent)
    : ConsoleClient(parent)
    , m_server(server)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &RemoteConsoleClient::open);
    open();
}

RemoteConsoleClient::~RemoteConsoleClient()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

QString RemoteConsoleClient::addressProblem(const QString &address)
{
    if (!isConsoleServerAddress(QUrl(address.trimmed())))
        return tr("Enter the server's address as https://name:port (or http:// on a trusted "
                  "network).");
    return {};
}

QUrl RemoteConsoleClient::socketUrl(const QUrl &server)
{
    QUrl url = server;
    if (url.scheme() == u"http"_s)
        url.setScheme(u"ws"_s);
    else if (url.scheme() == u"https"_s)
        url.setScheme(u"wss"_s);
    url.setPath(u"/api/v1/ws"_s);
    url.setQuery(QString());
    return url;
}

QString RemoteConsoleClient::trustedFingerprint(const QUrl &server)
{
    return QSettings().value(settingsKey(server)).toString();
}

void RemoteConsoleClient::reconnectNow()
{
    m_refused = false;
    m_retry.stop();
    open();
}

void RemoteConsoleClient::trustCertificate()
{
    if (m_pendingFingerprint.isEmpty())
        return;
    QSettings().setValue(settingsKey(m_server), m_pendingFingerprint);
    m_pendingFingerprint.clear();
    reconnectNow();
}

void RemoteConsoleClient::open()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket->setMaxAllowedIncomingMessageSize(64 << 20);
    connect(m_socket, &QWebSocket::connected, this, [this] {
        m_attempt = 0;
        m_wasConnected = true;
        // Signed in again with the session's token, from the last event seen: the server replays
        // what was missed (or says to reload). Calls sent after this one run signed in.
        if (!m_token.isEmpty()) {
            QJsonObject params{{u"token"_s, m_token}};
            if (m_lastSeq >= 0)
                params.insert(u"after"_s, m_lastSeq);
            const qint64 id = post(u"auth.token"_s, params);
            m_pending.insert(id, {this, [this](const CommandResponse &r) {
                                      if (!r.status.isOk())
                                          m_token.clear(); // the next command asks to sign in
                                      else if (m_lastSeq < 0)
                                          m_lastSeq = r.result[u"seq"_s].toInteger();
                                  }});
        }
        setState(u"connected"_s);
        if (!isStatusKnown())
            checkStatus(); // the sign-in page learns whether the server needs its first admin
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this, &RemoteConsoleClient::received);
    connect(m_socket, &QWebSocket::disconnected, this, &RemoteConsoleClient::dropped);
    connect(m_socket, &QWebSocket::sslErrors, this, &RemoteConsoleClient::sslErrors);

    setState(m_wasConnected ? u"reconnecting"_s : u"connecting"_s, m_error);
    m_socket->open(QNetworkRequest(socketUrl(m_server)));
}

void RemoteConsoleClient::sslErrors(const QList<QSslError> &errors)
{
    const QSslCertificate presented = m_socket->sslConfiguration().peerCertificate();
    const QString fingerprint = fingerprintOf(presented);
    const QString trusted = trustedFingerprint(m_server);
    if (!trusted.isEmpty() && trusted == fingerprint) {
        m_socket->ignoreSslErrors(errors); // the office's own certificate, trusted before
        return;
    }
    m_refused = true;
    if (!trusted.isEmpty()) {
        setState(u"offline"_s,
                 tr("The server's certificate has changed (it was %1, it is now %2). The "
                    "connection was refused: ask your administrator before trusting it.")
                     .arg(trusted, fingerprint));
        return;
    }
    m_pendingFingerprint = fingerprint;
    setState(u"offline"_s,
             tr("The server's certificate is not known to this computer: %1. Compare this "
                "fingerprint with the one the server shows before trusting it.")
                 .arg(errors.value(0).errorString()));
    Q_EMIT certificateNeedsTrust(fingerprint);
}

qint64 RemoteConsoleClient::post(const QString &method, const QJsonObject &params)
{
    const qint64 id = ++m_nextId;
    QJsonObject call{{u"jsonrpc"_s, u"2.0"_s}, {u"id"_s, id}, {u"method"_s, method}};
    if (!params.isEmpty())
        call.insert(u"params"_s, params);
    m_socket->sendTextMessage(
        QString::fromUtf8(QJsonDocument(call).toJson(QJsonDocument::Compact)));
    return id;
}

void RemoteConsoleClient::send(const QString &name, const QJsonObject &params,
                               const QString &accessToken, QObject *context, Callback callback)
{
    // Always later, never inside the caller's own call (as the in-process client does).
    QPointer<QObject> guard(context);
    const Callback answer = later(context, std::move(callback));
    if (!guard)
        return;
    if (m_state != u"connected"_s) {
        answer(CommandResponse::error(Status::unavailable(
            m_state == u"offline"_s && !m_error.isEmpty()
                ? m_error
                : tr("Not connected to %1; reconnecting…").arg(m_server.host()))));
        return;
    }
    // The socket acts for the token the commands carry: a new one (after a login elsewhere, a
    // renewal) is given to it first. Calls are taken in order, so the next one already uses it.
    if (!accessToken.isEmpty() && accessToken != m_token) {
        m_token = accessToken;
        const qint64 id = post(u"auth.token"_s, {{u"token"_s, accessToken}});
        m_pending.insert(id, {this, [this](const CommandResponse &r) {
                                  if (r.status.isOk() && m_lastSeq < 0)
                                      m_lastSeq = r.result[u"seq"_s].toInteger();
                              }});
    }
    const qint64 id = post(name, params);
    m_pending.insert(id, {guard, [answer](const CommandResponse &r) { answer(r); }});
    if (name == u"auth.logout"_s)
        m_token.clear(); // the server signs this socket out; it stays open for the next sign-in
}

void RemoteConsoleClient::received(const QString &text)
{
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString method = message.value(u"method"_s).toString();
    if (method == u"event"_s) {
        const QJsonObject params = message.value(u"params"_s).toObject();
        const qint64 seq = params.value(u"seq"_s).toInteger();
        if (seq <= m_lastSeq)
            return; // already seen before the reconnection
        m_lastSeq = seq;
        Q_EMIT eventReceived(params.value(u"event"_s).toString(),
                             params.value(u"data"_s).toObject());
        return;
    }
    if (method == u"events.reset"_s) {
        // Away too long for the server to replay: views reload what they show.
        m_lastSeq = message.value(u"params"_s).toObject().value(u"seq"_s).toInteger();
        Q_EMIT eventReceived(u"events.reset"_s, {});
        return;
    }
    const auto found = m_pending.find(message.value(u"id"_s).toInteger());
    if (found == m_pending.end())
        return;
    const Pending pending = found.value();
    m_pending.erase(found);
    CommandResponse response;
    if (message.contains(u"error"_s)) {
        const QJsonObject error = message.value(u"error"_s).toObject();
        response = CommandResponse::error(statusOf(error),
                                          error.value(u"data"_s).toObject().value(u"details"_s));
    } else {
        response = CommandResponse::ok(message.value(u"result"_s));
        // A login, setup or renewal over the socket signed it in with the new token.
        const QString token =
            message.value(u"result"_s).toObject().value(u"accessToken"_s).toString();
        if (!token.isEmpty())
            m_token = token;
    }
    if (pending.context && pending.callback)
        pending.callback(response);
}

void RemoteConsoleClient::dropped()
{
    const int code = int(m_socket->closeCode());
    const QString reason = m_socket->closeReason();
    failAll(Status::unavailable(tr("The connection to %1 was lost.").arg(m_server.host())));
    if (code == kCloseSessionEnded) {
        // The session ended on the server: reconnect without it; the next command is refused
        // as unauthenticated and the console asks to sign in again.
        m_token.clear();
    }
    if (m_refused)
        return; // a certificate waits for the operator's decision
    // Never connected: offline (the address may be wrong), still retried; after a drop the
    // console is reconnecting.
    setState(m_wasConnected ? u"reconnecting"_s : u"offline"_s,
             !reason.isEmpty() ? tr("The server closed the connection: %1").arg(reason)
                               : tr("Cannot reach %1: %2")
                                     .arg(m_server.authority(), m_socket->errorString().toLower()));
    m_retry.start(retryDelayMs(m_attempt++));
}

void RemoteConsoleClient::failAll(const Status &status)
{
    const QHash<qint64, Pending> pending = std::exchange(m_pending, {});
    for (const Pending &p : pending) {
        if (p.context && p.callback)
            p.callback(CommandResponse::error(status));
    }
}

void RemoteConsoleClient::setState(const QString &state, const QString &error)
{
    if (m_state == state && m_error == error)
        return;
    m_state = state;
    m_error = state == u"connected"_s ? QString() : error;
    Q_EMIT connectionChanged();
}

} // namespace aiochat
