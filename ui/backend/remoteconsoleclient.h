#pragma once

#include "consoleclient.h"

#include <QHash>
#include <QPointer>
#include <QSslError>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

namespace aiochat {

/**
 * @brief The console against another machine's instance: the Console API's WebSocket
 * (JSON-RPC 2.0, docs/console-protocol.md) behind the same ConsoleClient interface as the
 * in-process client, so every page works unchanged. No backend runs in this process.
 *
 * The connection is visible (connectionState): connecting, connected, reconnecting (after a
 * drop, with back-off, resuming from the last event number it saw — the server replays what was
 * missed or says to reload, which views hear as the event "events.reset"), offline (a refused
 * certificate, a server that is not AIO-CHAT). A command issued while not connected fails at
 * once with "unavailable" instead of waiting; commands in flight when the connection drops fail
 * the same way.
 *
 * TLS (wss://): the system's trust store; an office's self-signed certificate is trusted on
 * first use — its SHA-256 fingerprint is shown (certificateNeedsTrust) and, once the operator
 * trusts it, remembered for that host and port; a different certificate later is refused with a
 * clear message. GUI thread.
 */
class RemoteConsoleClient final : public ConsoleClient
{
    Q_OBJECT
public:
    /** @brief @p server: http(s):// or ws(s):// address of the instance's listener. */
    explicit RemoteConsoleClient(const QUrl &server, QObject *parent = nullptr);
    ~RemoteConsoleClient() override;

    [[nodiscard]] bool isRemote() const override { return true; }
    /** @brief "connecting", "connected", "reconnecting" or "offline". */
    [[nodiscard]] QString connectionState() const override { return m_state; }
    [[nodiscard]] QString connectionError() const override { return m_error; }
    [[nodiscard]] QString serverUrl() const override { return m_server.toString(); }
    [[nodiscard]] QString pendingFingerprint() const override { return m_pendingFingerprint; }

    /** @brief Why @p address cannot be a server's address ("" when it can). */
    [[nodiscard]] static QString addressProblem(const QString &address);
    /** @brief The WebSocket address for @p server (http→ws, https→wss, path /api/v1/ws). */
    [[nodiscard]] static QUrl socketUrl(const QUrl &server);
    /** @brief The fingerprint remembered for @p server's host and port, or "". */
    [[nodiscard]] static QString trustedFingerprint(const QUrl &server);

    /** @brief Connects now (also after going offline), without waiting for the back-off. */
    void reconnectNow() override;
    /** @brief Trusts the certificate shown in pendingFingerprint and connects again. */
    void trustCertificate() override;

protected:
    void send(const QString &name, const QJsonObject &params, const QString &accessToken,
              QObject *context, Callback callback) override;

private:
    struct Pending
    {
        QPointer<QObject> context;
        Callback callback;
    };

    void open();
    void received(const QString &text);
    void dropped();
    void failAll(const Status &status);
    void setState(const QString &state, const QString &error = {});
    void sslErrors(const QList<QSslError> &errors);
    qint64 post(const QString &method, const QJsonObject &params);

    QUrl m_server;
    QWebSocket *m_socket = nullptr;
    QString m_state;
    QString m_error;
    QString m_token;       ///< the access token the socket is signed in with
    qint64 m_lastSeq = -1; ///< the last event number seen; -1 before the first connection
    qint64 m_nextId = 0;
    QHash<qint64, Pending> m_pending;
    QTimer m_retry;
    int m_attempt = 0;
    QString m_pendingFingerprint;
    bool m_refused = false;      ///< the certificate was refused: no automatic retries
    bool m_wasConnected = false; ///< connected at least once (a drop means "reconnecting")
};

} // namespace aiochat
