#include "consolesocket.h"

#include "api/consoleapi.h"
#include "domain/timestamps.h"
#include "logging/logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>
#include <QWebSocket>

#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

// JSON-RPC 2.0's own codes, and the Console API's failures in the range it leaves to servers.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;

// Private close codes (4000–4999 are the application's).
constexpr auto kCloseSessionEnded = QWebSocketProtocol::CloseCode(4001);
// RFC 6455's registry: "Try Again Later" (Qt 6.4 has no name for it).
constexpr auto kCloseTryAgainLater = QWebSocketProtocol::CloseCode(1013);

QJsonObject errorObject(int code, const QString &message, const QJsonObject &data = {})
{
    QJsonObject error{{u"code"_s, code}, {u"message"_s, message}};
    if (!data.isEmpty())
        error.insert(u"data"_s, data);
    return error;
}

QJsonObject errorReply(const QJsonValue &id, int code, const QString &message,
                       const QJsonObject &data = {})
{
    return {
        {u"jsonrpc"_s, u"2.0"_s}, {u"id"_s, id}, {u"error"_s, errorObject(code, message, data)}};
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

/**
 * @brief One WebSocket of the Console API: its operator, its commands in flight and the events
 * it has been sent. Owned by the ConsoleSocketServer; deletes itself when the socket closes.
 */
class ConsoleSocketSession : public QObject
{
public:
    ConsoleSocketSession(ConsoleSocketServer &server, QWebSocket *socket, HttpRequest upgrade)
        : QObject(&server)
        , m_server(server)
        , m_socket(socket)
        , m_upgrade(std::move(upgrade))
    {
        m_socket->setParent(this);
        const QString address = m_server.m_clientAddress ? m_server.m_clientAddress(m_upgrade)
                                                         : m_upgrade.peer.toString();
        m_client = u"console "_s + address;
        connect(m_socket, &QWebSocket::textMessageReceived, this,
                [this](const QString &text) { received(text.toUtf8()); });
        connect(m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &) {
            close(QWebSocketProtocol::CloseCodeDatatypeNotSupported,
                  u"binary frames are not accepted: send JSON-RPC as text"_s);
        });
        connect(m_socket, &QWebSocket::disconnected, this, [this] { ended(); });
        connect(m_socket, &QWebSocket::pong, this, [this] { m_awaitingPong = false; });
        m_ping.setInterval(m_server.m_options.pingIntervalMs);
        connect(&m_ping, &QTimer::timeout, this, [this] {
            if (m_awaitingPong) {
                close(QWebSocketProtocol::CloseCodeGoingAway, u"no answer to ping"_s);
                return;
            }
            m_awaitingPong = true;
            m_socket->ping();
        });
        m_ping.start();
        // Until it is signed in a socket may only send small messages (a login).
        m_socket->setMaxAllowedIncomingMessageSize(kMaxAnonymousMessage);
        m_socket->setMaxAllowedIncomingFrameSize(kMaxAnonymousMessage);
    }

    /** @brief Starts serving: a token in the handshake signs the socket in at once. */
    void start()
    {
        if (m_server.m_sessions.size() > m_server.m_options.maxSessions) {
            close(kCloseTryAgainLater, u"too many consoles connected; try again later"_s);
            return;
        }
        expectSignIn();
        const QByteArray authorization = m_upgrade.header("authorization");
        if (authorization.size() > 7 && authorization.left(7).toLower() == "bearer ") {
            const QString token = QString::fromLatin1(authorization.mid(7).trimmed());
            const Result<OperatorContext> op = m_server.m_authenticator(token);
            if (!op.isOk()) {
                close(kCloseSessionEnded, op.status().message());
                return;
            }
            signIn(token, op.value(), afterFromQuery());
        }
    }

    /** @brief Sends @p event if this operator may read it and has not had it yet. */
    void deliver(const ConsoleSocketServer::Event &event)
    {
        if (!m_op || event.seq <= m_lastSeq)
            return;
        m_lastSeq = event.seq;
        if (ConsoleApi::isAllowed(*m_op, event.permission))
            send(event.frame);
    }

    /** @brief Closes the socket if its token is no longer accepted (or the operator's role moved).
     */
    void checkToken()
    {
        if (!m_op)
            return;
        const Result<OperatorContext> op = m_server.m_authenticator(m_token);
        if (!op.isOk()) {
            // Signed out on this very socket: it stays open for the next sign-in. Ended
            // anywhere else (another window, an administrator, expiry): it is closed.
            if (m_signingOut)
                signOut();
            else
                close(kCloseSessionEnded, u"the session ended: "_s + op.status().message());
            return;
        }
        m_op = op.value(); // a new role applies to the next event and command
    }

    void close(QWebSocketProtocol::CloseCode code, const QString &reason)
    {
        if (m_closing)
            return;
        m_closing = true;
        qCInfo(lcHttp).noquote() << "console socket from" << m_client << "closed:" << reason;
        m_socket->close(code, reason);
        // A client that does not finish the closing handshake is not waited for.
        QTimer::singleShot(5'000, this, [this] { m_socket->abort(); });
    }

private:
    struct Batch
    {
        QJsonArray replies;
        int waiting = 0;
    };
    using Done = std::function<void(const std::optional<QJsonObject> &reply)>;
    struct Pending
    {
        QString method;
        QJsonObject params;
        QJsonValue id;
        Done done;
    };

    [[nodiscard]] std::optional<qint64> afterFromQuery() const
    {
        bool ok = false;
        const qint64 after = m_upgrade.queryValue(u"after"_s).toLongLong(&ok);
        return ok ? std::optional<qint64>(after) : std::nullopt;
    }

    void signIn(const QString &token, const OperatorContext &op, std::optional<qint64> after)
    {
        const bool first = !m_op;
        m_token = token;
        m_op = op;
        m_op->client = m_client;
        if (!first)
            return;
        m_socket->setMaxAllowedIncomingMessageSize(quint64(m_server.m_options.maxMessageBytes));
        m_socket->setMaxAllowedIncomingFrameSize(quint64(m_server.m_options.maxMessageBytes));
        // Events start now, or from where the client was before it reconnected.
        m_lastSeq = m_server.m_seq;
        if (!after || *after == m_server.m_seq)
            return;
        const std::deque<ConsoleSocketServer::Event> &recent = m_server.m_recent;
        // Missed events no longer kept (also: a number from before this server started), or a
        // number this server never gave (a clock set back): the client must reload its lists.
        if (*after < 0 || *after > m_server.m_seq || recent.empty() ||
            recent.front().seq > *after + 1) {
            // Events were missed that are no longer kept: the client must reload its lists.
            send(compact({{u"jsonrpc"_s, u"2.0"_s},
                          {u"method"_s, u"events.reset"_s},
                          {u"params"_s, QJsonObject{{u"seq"_s, m_server.m_seq}}}}));
            return;
        }
        m_lastSeq = *after;
        for (const ConsoleSocketServer::Event &e : recent)
            deliver(e);
    }

    void received(const QByteArray &text)
    {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
        if (error.error != QJsonParseError::NoError) {
            // Qt reads only objects and arrays at the top: a lone number or string is valid JSON
            // but no call.
            QJsonParseError scalar{};
            (void)QJsonDocument::fromJson('[' + text + ']', &scalar);
            reply(scalar.error == QJsonParseError::NoError
                      ? errorReply(QJsonValue::Null, kInvalidRequest,
                                   u"Invalid Request: a call is a JSON object"_s)
                      : errorReply(QJsonValue::Null, kParseError,
                                   u"Parse error: "_s + error.errorString()));
            return;
        }
        if (doc.isArray()) {
            const QJsonArray calls = doc.array();
            if (calls.isEmpty()) {
                reply(errorReply(QJsonValue::Null, kInvalidRequest,
                                 u"Invalid Request: an empty batch"_s));
                return;
            }
            auto batch = std::make_shared<Batch>();
            batch->waiting = int(calls.size());
            QPointer<ConsoleSocketSession> self(this);
            for (const QJsonValue &call : calls) {
                handle(call, [self, batch](const std::optional<QJsonObject> &answer) {
                    if (answer)
                        batch->replies.append(*answer);
                    if (--batch->waiting == 0 && self && !batch->replies.isEmpty())
                        self->send(QJsonDocument(batch->replies).toJson(QJsonDocument::Compact));
                });
            }
            return;
        }
        QPointer<ConsoleSocketSession> self(this);
        handle(doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(),
               [self](const std::optional<QJsonObject> &answer) {
                   if (answer && self)
                       self->reply(*answer);
               });
    }

    // One call: checked, then run; @p done gets its reply (none for a notification).
    void handle(const QJsonValue &call, const Done &done)
    {
        if (!call.isObject()) {
            done(errorReply(QJsonValue::Null, kInvalidRequest,
                            u"Invalid Request: a call is a JSON object"_s));
            return;
        }
        const QJsonObject o = call.toObject();
        const bool notification = !o.contains(u"id"_s);
        const QJsonValue id = o.value(u"id"_s);
        if (o.value(u"jsonrpc"_s).toString() != u"2.0"_s || !o.value(u"method"_s).isString() ||
            (!notification && !id.isString() && !id.isDouble() && !id.isNull()) ||
            (o.contains(u"params"_s) && !o.value(u"params"_s).isObject() &&
             !o.value(u"params"_s).isArray())) {
            done(errorReply(id.isString() || id.isDouble() ? id : QJsonValue::Null, kInvalidRequest,
                            u"Invalid Request: jsonrpc must be \"2.0\", method a string, id a "
                            u"string, number or null"_s));
            return;
        }
        if (o.value(u"params"_s).isArray()) {
            done(notification ? std::nullopt
                              : std::optional(errorReply(id, kInvalidParams,
                                                         u"Invalid params: give them by name, "
                                                         u"as an object"_s)));
            return;
        }
        const Done answer = [done, notification](const std::optional<QJsonObject> &r) {
            done(notification ? std::nullopt : r);
        };
        Pending pending{o.value(u"method"_s).toString(), o.value(u"params"_s).toObject(), id,
                        answer};
        if (m_inFlight >= m_server.m_options.maxInFlight) {
            if (m_waiting.size() >= kMaxWaiting) {
                answer(errorReply(
                    id, ConsoleSocketServer::errorCodeFor(Status::Code::ResourceExhausted),
                    u"too many commands waiting on this connection"_s,
                    {{u"code"_s, u"resource_exhausted"_s}}));
                return;
            }
            m_waiting.push_back(std::move(pending));
            return;
        }
        run(std::move(pending));
    }

    void run(Pending call)
    {
        ++m_inFlight;
        QPointer<ConsoleSocketSession> self(this);
        const Done done = [self, answer = call.done](const std::optional<QJsonObject> &r) {
            answer(r);
            if (self)
                self->finished();
        };
        // The listener's guard: the allow-list as it is now, and the sockets' own rate limit.
        if (m_server.m_gate) {
            if (const std::optional<HttpResponse> refusal = m_server.m_gate(m_upgrade)) {
                if (refusal->status == 403) {
                    close(QWebSocketProtocol::CloseCodePolicyViolated,
                          u"this address is not accepted any more"_s);
                    done(std::nullopt);
                    return;
                }
                const QByteArray retry = [&] {
                    for (const auto &[name, value] : refusal->headers)
                        if (name.compare("Retry-After", Qt::CaseInsensitive) == 0)
                            return value;
                    return QByteArray();
                }();
                done(errorReply(call.id,
                                ConsoleSocketServer::errorCodeFor(Status::Code::ResourceExhausted),
                                u"too many commands: slow down"_s,
                                {{u"code"_s, u"resource_exhausted"_s},
                                 {u"retryAfterSeconds"_s, retry.toInt()}}));
                return;
            }
        }
        if (call.method == u"auth.token"_s) {
            const QString token = call.params.value(u"token"_s).toString();
            const Result<OperatorContext> op = m_server.m_authenticator(token);
            if (!op.isOk()) {
                done(failure(call.id, op.status()));
                return;
            }
            const QJsonValue after = call.params.value(u"after"_s);
            signIn(token, op.value(),
                   after.isDouble() ? std::optional<qint64>(after.toInteger()) : std::nullopt);
            done(success(call.id,
                         QJsonObject{{u"operator"_s, operatorJson()}, {u"seq"_s, m_lastSeq}}));
            return;
        }
        if (!m_server.m_api.permissionOf(call.method)) {
            done(errorReply(call.id, kMethodNotFound,
                            u"Method not found: \""_s + call.method + u'"',
                            {{u"code"_s, u"not_found"_s}}));
            return;
        }
        const QString method = call.method;
        const QJsonValue id = call.id;
        if (method == u"auth.logout"_s && m_op)
            m_signingOut = true;
        m_server.m_api.executeWithToken(
            method, call.params, m_token, m_client,
            [self, done, method, id](const CommandResponse &response) {
                // Read commands answer on a reader thread: the socket is written from ours.
                if (!self) {
                    return;
                }
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, done, method, id, response] {
                        if (!self)
                            return;
                        if (method == u"auth.logout"_s) {
                            self->m_signingOut = false;
                            if (response.status.isOk())
                                self->signOut();
                        }
                        if (!response.status.isOk()) {
                            done(self->failure(id, response.status, response.result));
                            return;
                        }
                        self->adoptToken(method, response.result);
                        done(self->success(id, response.result));
                    },
                    Qt::QueuedConnection);
            });
    }

    void finished()
    {
        --m_inFlight;
        if (!m_waiting.empty() && m_inFlight < m_server.m_options.maxInFlight) {
            Pending next = std::move(m_waiting.front());
            m_waiting.pop_front();
            run(std::move(next));
        }
    }

    // Back to an anonymous socket: no events, small messages, a sign-in expected soon.
    void signOut()
    {
        if (!m_op)
            return;
        m_op.reset();
        m_token.clear();
        m_socket->setMaxAllowedIncomingMessageSize(kMaxAnonymousMessage);
        m_socket->setMaxAllowedIncomingFrameSize(kMaxAnonymousMessage);
        expectSignIn();
    }

    // An anonymous socket costs little, but not nothing: it must sign in soon.
    void expectSignIn()
    {
        QTimer::singleShot(m_server.m_options.signInTimeoutMs, this, [this] {
            if (!m_op)
                close(QWebSocketProtocol::CloseCodePolicyViolated, u"sign in first"_s);
        });
    }

    // A login or refresh on the socket signs it in with the token it returns.
    void adoptToken(const QString &method, const QJsonValue &result)
    {
        if (method != u"auth.login"_s && method != u"auth.refresh"_s &&
            method != u"auth.setupAdmin"_s)
            return;
        const QString token = result.toObject().value(u"accessToken"_s).toString();
        if (token.isEmpty())
            return;
        const Result<OperatorContext> op = m_server.m_authenticator(token);
        if (op.isOk())
            signIn(token, op.value(), std::nullopt);
    }

    [[nodiscard]] QJsonObject operatorJson() const
    {
        return {{u"id"_s, m_op ? m_op->operatorId : 0},
                {u"email"_s, m_op ? m_op->email : QString()},
                {u"role"_s, m_op ? m_op->role : QString()}};
    }

    [[nodiscard]] static QJsonObject success(const QJsonValue &id, const QJsonValue &result)
    {
        return {{u"jsonrpc"_s, u"2.0"_s}, {u"id"_s, id}, {u"result"_s, result}};
    }

    [[nodiscard]] static QJsonObject failure(const QJsonValue &id, const Status &status,
                                             const QJsonValue &details = {})
    {
        QJsonObject data{{u"code"_s, status.codeName()}};
        if (!details.isNull() && !details.isUndefined())
            data.insert(u"details"_s, details);
        return errorReply(id, ConsoleSocketServer::errorCodeFor(status.code()), status.message(),
                          data);
    }

    void reply(const QJsonObject &answer) { send(compact(answer)); }

    void send(const QByteArray &frame)
    {
        if (m_closing)
            return;
        // A client that stops reading is let go before its queue grows without bound.
        if (m_socket->bytesToWrite() + frame.size() > m_server.m_options.maxQueuedBytes) {
            close(QWebSocketProtocol::CloseCodePolicyViolated,
                  u"too slow: more than "_s +
                      QString::number(m_server.m_options.maxQueuedBytes >> 20) +
                      u" MiB waiting to be read"_s);
            return;
        }
        m_socket->sendTextMessage(QString::fromUtf8(frame));
    }

    void ended()
    {
        m_ping.stop();
        m_server.m_sessions.removeOne(this);
        deleteLater();
    }

    static constexpr int kMaxWaiting = 4096;
    static constexpr quint64 kMaxAnonymousMessage = 64 * 1024;

    ConsoleSocketServer &m_server;
    QWebSocket *m_socket;
    HttpRequest m_upgrade;
    QString m_client;
    QString m_token;
    std::optional<OperatorContext> m_op;
    qint64 m_lastSeq = 0;
    int m_inFlight = 0;
    std::deque<Pending> m_waiting;
    QTimer m_ping;
    bool m_awaitingPong = false;
    bool m_closing = false;
    bool m_signingOut = false; ///< auth.logout is running for this socket
};

ConsoleSocketServer::ConsoleSocketServer(ConsoleApi &api, Authenticator authenticator,
                                         Options options, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_authenticator(std::move(authenticator))
    , m_options(options)
    // Numbers keep growing across restarts (a thousand a millisecond from the start time), so a
    // client's number from before a restart is never mistaken for one of this run's.
    , m_seq(nowMillis() * 1000)
{
    connect(&m_api, &ConsoleApi::event, this, &ConsoleSocketServer::publish);
    auto *timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, &ConsoleSocketServer::checkSessions);
    timer->start(m_options.sessionCheckIntervalMs);
}

ConsoleSocketServer::~ConsoleSocketServer() = default;

void ConsoleSocketServer::accept(QWebSocket *socket, const HttpRequest &upgrade)
{
    auto *session = new ConsoleSocketSession(*this, socket, upgrade);
    m_sessions.append(session);
    session->start();
}

void ConsoleSocketServer::checkSessions()
{
    const QList<ConsoleSocketSession *> sessions = m_sessions;
    for (ConsoleSocketSession *s : sessions)
        s->checkToken();
}

void ConsoleSocketServer::closeAll()
{
    const QList<ConsoleSocketSession *> sessions = m_sessions;
    for (ConsoleSocketSession *s : sessions)
        s->close(QWebSocketProtocol::CloseCodeGoingAway, u"the server is stopping"_s);
}

void ConsoleSocketServer::publish(const QString &name, const QJsonObject &payload)
{
    Event e;
    e.seq = ++m_seq;
    e.permission = permissionFor(name);
    e.frame = compact(
        {{u"jsonrpc"_s, u"2.0"_s},
         {u"method"_s, u"event"_s},
         {u"params"_s, QJsonObject{{u"event"_s, name}, {u"seq"_s, e.seq}, {u"data"_s, payload}}}});
    m_recentBytes += e.frame.size();
    m_recent.push_back(e);
    while (!m_recent.empty() && (qsizetype(m_recent.size()) > m_options.replayEvents ||
                                 m_recentBytes > m_options.replayBytes)) {
        m_recentBytes -= m_recent.front().frame.size();
        m_recent.pop_front();
    }
    const QList<ConsoleSocketSession *> sessions = m_sessions;
    for (ConsoleSocketSession *s : sessions)
        s->deliver(e);
}

Permission ConsoleSocketServer::permissionFor(const QString &event)
{
    // What each event carries is what the matching read command shows: contacts come masked
    // (json::toJson), so a viewer may have them; the Sandbox and backups are not for viewers.
    if (event.startsWith(u"sandbox."_s))
        return Permission::SandboxUse;
    if (event.startsWith(u"backup."_s) || event == u"channel.status"_s)
        return Permission::ChannelsManage;
    if (event.startsWith(u"contact"_s) || event.startsWith(u"identity."_s) ||
        event.startsWith(u"attributes."_s))
        return Permission::ContactsRead;
    if (event.startsWith(u"knowledge."_s))
        return Permission::KnowledgeRead;
    if (event.startsWith(u"automation."_s) || event.startsWith(u"jobs."_s) ||
        event.startsWith(u"broadcast."_s))
        return Permission::AutomationRead;
    if (event == u"alert"_s)
        return Permission::SystemRead;
    return Permission::ConversationsRead;
}

int ConsoleSocketServer::errorCodeFor(Status::Code code)
{
    switch (code) {
    case Status::Code::InvalidArgument:
        return kInvalidParams;
    case Status::Code::Unauthenticated:
        return -32001;
    case Status::Code::PermissionDenied:
        return -32003;
    case Status::Code::NotFound:
        return -32004;
    case Status::Code::AlreadyExists:
        return -32009;
    case Status::Code::FailedPrecondition:
        return -32010;
    case Status::Code::ResourceExhausted:
        return -32029;
    case Status::Code::Unavailable:
        return -32050;
    case Status::Code::Ok:
    case Status::Code::Internal:
        break;
    }
    return kInternalError;
}

} // namespace aiochat
