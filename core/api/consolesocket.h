#pragma once

#include "api/operatorcontext.h"
#include "domain/status.h"
#include "http/httpmessage.h"
#include "security/permission.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <deque>
#include <functional>
#include <optional>

class QWebSocket;

namespace aiochat {

class ConsoleApi;
class ConsoleSocketSession;

/**
 * @brief The Console API over WebSocket as JSON-RPC 2.0 (docs/console-protocol.md): methods are
 * command names, answers are results or errors with the Console API's code in `data`, events
 * are `event` notifications numbered by `seq`. A client signs in with the access token of the
 * handshake (`Authorization: Bearer`) or an `auth.token` call; a token a login or refresh on the
 * socket returns is adopted. Sessions whose token stops being accepted (logout, revocation,
 * expiry, a role change) are closed with code 4001.
 *
 * Every command passes the listener's guard for sockets and then ConsoleApi::executeWithToken,
 * the same choke point as the REST mapping. Events go to each socket whose operator may read
 * them; the last Options::replayEvents are kept so a client that reconnects resumes from its
 * last `seq` (`events.resume`) or learns it must reload. A client that stops reading is closed
 * (code 1008) before its queue passes Options::maxQueuedBytes; one that stops answering pings
 * is closed too. Lives in the core thread.
 */
class ConsoleSocketServer : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int pingIntervalMs = 30'000;        ///< a ping each interval; no pong by the next: closed
        qint64 maxQueuedBytes = 8 << 20;    ///< unsent bytes one client may hold
        int maxInFlight = 256;              ///< commands running for one socket at a time
        int replayEvents = 10'000;          ///< events kept for clients that resume…
        qint64 replayBytes = 16 << 20;      ///< …and at most this much of them
        int sessionCheckIntervalMs = 5'000; ///< how often tokens are checked for expiry
        int signInTimeoutMs = 30'000;       ///< a socket not signed in by then is closed
        int maxSessions = 2'000;            ///< sockets open at once; more are closed (1013)
        /// The largest message of a signed-in client (a document upload, base64); before that,
        /// 64 KiB (a login).
        qint64 maxMessageBytes = 32 << 20;
    };
    /** @brief The operator behind an access token (AuthService::authenticate). */
    using Authenticator = std::function<Result<OperatorContext>(const QString &token)>;
    /** @brief The listener's guard for one command of a socket opened by @p upgrade. */
    using CommandGate = std::function<std::optional<HttpResponse>(const HttpRequest &upgrade)>;
    /** @brief The client's address as the listener's guard sees it (tunnels resolved). */
    using ClientAddress = std::function<QString(const HttpRequest &upgrade)>;

    ConsoleSocketServer(ConsoleApi &api, Authenticator authenticator, Options options,
                        QObject *parent = nullptr);
    ~ConsoleSocketServer() override;

    void setCommandGate(CommandGate gate) { m_gate = std::move(gate); }
    void setClientAddress(ClientAddress address) { m_clientAddress = std::move(address); }

    /** @brief Serves @p socket (takes it), opened with the handshake @p upgrade. */
    void accept(QWebSocket *socket, const HttpRequest &upgrade);
    /** @brief Checks every socket's token now (an operator or session changed). */
    void checkSessions();
    /** @brief Closes every socket (the listener stops). */
    void closeAll();

    [[nodiscard]] int sessionCount() const { return int(m_sessions.size()); }
    [[nodiscard]] qint64 lastSeq() const { return m_seq; }
    [[nodiscard]] const Options &options() const { return m_options; }

    /** @brief The permission an event needs: its data is what that permission may read. */
    [[nodiscard]] static Permission permissionFor(const QString &event);
    /** @brief The JSON-RPC error code for a Console API failure (the code goes in data). */
    [[nodiscard]] static int errorCodeFor(Status::Code code);

private:
    friend class ConsoleSocketSession;
    struct Event
    {
        qint64 seq = 0;
        Permission permission = Permission::ConversationsRead;
        QByteArray frame; ///< the notification, serialised once for every socket
    };

    void publish(const QString &name, const QJsonObject &payload);

    ConsoleApi &m_api;
    Authenticator m_authenticator;
    Options m_options;
    CommandGate m_gate;
    ClientAddress m_clientAddress;
    QList<ConsoleSocketSession *> m_sessions;
    std::deque<Event> m_recent;
    qint64 m_recentBytes = 0;
    qint64 m_seq;
};

} // namespace aiochat
