#pragma once

#include "api/command.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <QVariantMap>
#include <QtQmlIntegration>

#include <functional>

namespace aiochat {

/**
 * @brief The UI's connection to a Console API: in-process (LocalConsoleClient) or, later, a
 * remote instance over WebSocket. Views and models only ever talk to this.
 *
 * It also holds the operator's session: login() and setupAdministrator() obtain an access token
 * and a refresh token, every command then carries the access token, and an expired one is
 * refreshed (before it runs out, and once more if a command is refused for it) so the operator
 * is not thrown out mid-shift. The backend decides what the operator may do; the properties here
 * only let views hide what would be refused anyway.
 */
class ConsoleClient : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ConsoleClient is provided by the application")
    Q_PROPERTY(bool signedIn READ isSignedIn NOTIFY sessionChanged)
    Q_PROPERTY(bool needsSetup READ needsSetup NOTIFY sessionChanged)
    Q_PROPERTY(bool statusKnown READ isStatusKnown NOTIFY sessionChanged)
    Q_PROPERTY(QVariantMap currentOperator READ currentOperator NOTIFY sessionChanged)
    Q_PROPERTY(QString role READ role NOTIFY sessionChanged)
    Q_PROPERTY(double operatorId READ operatorId NOTIFY sessionChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    Q_PROPERTY(bool remote READ isRemote CONSTANT)
    Q_PROPERTY(QString connectionState READ connectionState NOTIFY connectionChanged)
    Q_PROPERTY(QString connectionError READ connectionError NOTIFY connectionChanged)
    Q_PROPERTY(QString serverUrl READ serverUrl CONSTANT)
    Q_PROPERTY(QString pendingFingerprint READ pendingFingerprint NOTIFY connectionChanged)
public:
    using Callback = std::function<void(const CommandResponse &)>;

    using QObject::QObject;

    /**
     * @brief Sends a command. @p callback runs on @p context's thread, and not at all if
     * @p context is destroyed first (a closed view never receives stale answers).
     */
    void call(const QString &name, const QJsonObject &params, QObject *context, Callback callback);

    [[nodiscard]] bool isSignedIn() const { return !m_operator.isEmpty(); }
    [[nodiscard]] bool needsSetup() const { return m_needsSetup; }
    [[nodiscard]] bool isStatusKnown() const { return m_statusKnown; }
    [[nodiscard]] QVariantMap currentOperator() const { return m_operator; }
    [[nodiscard]] QString role() const
    {
        return m_operator.value(QStringLiteral("role")).toString();
    }
    /** @brief 0 until signed in (and for trusted in-process clients). */
    [[nodiscard]] double operatorId() const
    {
        return m_operator.value(QStringLiteral("id")).toDouble();
    }
    [[nodiscard]] bool isBusy() const { return m_busy; }

    // The connection to the instance. In process it is always there; a remote console
    // (RemoteConsoleClient) shows "connecting", "connected", "reconnecting" or "offline".
    [[nodiscard]] virtual bool isRemote() const { return false; }
    [[nodiscard]] virtual QString connectionState() const { return QStringLiteral("connected"); }
    [[nodiscard]] virtual QString connectionError() const { return {}; }
    /** @brief The instance's address ("" in process). */
    [[nodiscard]] virtual QString serverUrl() const { return {}; }
    /** @brief A server certificate's fingerprint waiting for the operator's trust, or "". */
    [[nodiscard]] virtual QString pendingFingerprint() const { return {}; }
    /** @brief Connects again now instead of waiting for the next attempt. */
    Q_INVOKABLE virtual void reconnectNow() {}
    /** @brief Trusts the certificate shown in pendingFingerprint and connects. */
    Q_INVOKABLE virtual void trustCertificate() {}

    /** @brief Asks the backend whether the first administrator still has to be created. */
    Q_INVOKABLE void checkStatus();
    Q_INVOKABLE void login(const QString &email, const QString &password);
    Q_INVOKABLE void setupAdministrator(const QString &email, const QString &password);
    Q_INVOKABLE void logout();

Q_SIGNALS:
    /** @brief A Console API event (message.created, conversation.updated…), on the GUI thread. */
    void eventReceived(const QString &name, const QJsonObject &payload);
    void sessionChanged();
    void busyChanged();
    void connectionChanged();
    /** @brief The server's certificate is not trusted yet: show @p fingerprint to the operator. */
    void certificateNeedsTrust(const QString &fingerprint);
    /** @brief A login or setup failed; @p message says why, for the form. */
    void loginFailed(const QString &message);
    /** @brief The session ended without the operator asking (expired, revoked elsewhere). */
    void sessionEnded(const QString &message);

protected:
    /** @brief Delivers one command to the backend with @p accessToken (may be empty). */
    virtual void send(const QString &name, const QJsonObject &params, const QString &accessToken,
                      QObject *context, Callback callback) = 0;
    /**
     * @brief @p callback as a transport calls it, from any thread: it runs later on @p context's
     * thread, and not at all once @p context is gone.
     */
    [[nodiscard]] static Callback later(QObject *context, Callback callback);
    /** @brief For trusted in-process clients (tests): signed in as @p op without tokens. */
    void setTrustedOperator(const QVariantMap &op);

private:
    void startSession(const QJsonObject &result);
    void endSession(const QString &message);
    void refresh(const std::function<void(bool ok)> &then);
    void setBusy(bool busy);

    QString m_accessToken;
    QString m_refreshToken;
    QVariantMap m_operator;
    bool m_needsSetup = false;
    bool m_statusKnown = false;
    bool m_trusted = false;
    bool m_busy = false;
    QTimer *m_refreshTimer = nullptr;
    bool m_refreshing = false;
    QList<std::function<void(bool)>> m_refreshWaiters; ///< callers waiting for the renewal
};

} // namespace aiochat
