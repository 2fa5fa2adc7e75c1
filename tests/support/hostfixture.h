#pragma once

#include "api/command.h"
#include "api/consoleapi.h"
#include "config/options.h"
#include "host/corehost.h"
#include "testsupport.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSqlDatabase>
#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace aiochat::test {

/** @brief An HTTP answer as a test sees it. */
struct HttpResult
{
    int status = 0;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    [[nodiscard]] QByteArray header(const QByteArray &name) const;
};

/** @brief A signed-in operator as a test holds it. */
struct Session
{
    Status status;
    QString accessToken;
    QString refreshToken;
    qint64 operatorId = 0;
};

/**
 * @brief A real backend for integration tests: a CoreHost on a temporary data directory (or a
 * given one), its listener on a free loopback port, an HTTP client, the Console API, and a
 * read-only view of the SQLite file to check what was stored.
 */
class HostFixture
{
public:
    /**
     * @brief @p env entries are set (and the other channel variables unset) and @p settings are
     * written to aiochat.ini before the host starts.
     */
    explicit HostFixture(const QMap<QString, QString> &env = {}, const QString &dataDir = {},
                         const QVariantMap &settings = {});
    ~HostFixture();

    /** @brief Runs the host on @p url (e.g. a PostgreSQL scratch database); before start(). */
    void useDatabase(const QString &url);
    [[nodiscard]] Status start();
    void stop();
    [[nodiscard]] CoreHost &host() { return *m_host; }
    [[nodiscard]] QString dataDir() const { return m_dataDir; }
    [[nodiscard]] QString baseUrl() const;

    /** @brief A request to the listener; waits for the answer. */
    HttpResult request(const QByteArray &method, const QString &path, const QByteArray &body = {},
                       const QList<QPair<QByteArray, QByteArray>> &headers = {});
    /** @brief A Console API command as the local administrator; waits for the answer. */
    CommandResponse call(const QString &name, const QJsonObject &params = {});
    /** @brief A command as a transport runs it: authenticated by @p token (may be empty). */
    CommandResponse callWithToken(const QString &token, const QString &name,
                                  const QJsonObject &params = {});
    /** @brief auth.login; the tokens, or the failure in Session::status. */
    Session login(const QString &email, const QString &password);
    /** @brief operator.create as the local administrator, then a login. */
    Session createOperatorAndLogin(const QString &email, const QString &role,
                                   const QString &password = QStringLiteral("correct horse 42"));
    /** @brief One value from the SQLite store (first column of the first row), or invalid. */
    QVariant scalar(const QString &sql);
    /** @brief The same on whatever engine the host runs (through its writer). */
    QVariant scalarAny(const QString &sql);
    /**
     * @brief The texts of the stored messages that match @p where (an SQL condition, empty for
     * all), in id order, opened with the host's keys: texts are sealed at rest.
     */
    QStringList messageTexts(const QString &where = {});

private:
    CommandResponse
    dispatch(const std::function<void(ConsoleApi *, const ConsoleApi::Reply &)> &run);

    QTemporaryDir m_temp;
    QString m_dataDir;
    Options m_options;
    std::unique_ptr<CoreHost> m_host;
    QNetworkAccessManager m_network;
    QString m_dbConnection;
};

/** @brief The environment every channel test host uses (secrets for both webhooks). */
[[nodiscard]] QMap<QString, QString> channelSecrets();

} // namespace aiochat::test

/**
 * Creates @p fx (a std::unique_ptr<HostFixture>) and starts it on the current "engine" global
 * row (initTestCase_data() { addEngineColumn(); }): SQLite, or a scratch PostgreSQL database kept
 * in @p db (a std::unique_ptr<ScratchDatabase> that must outlive the host). Skips when PostgreSQL
 * is not available, unless the run requires it.
 */
#define AIOCHAT_START_HOST_ON_ENGINE(fx, db)                                                       \
    do {                                                                                           \
        QFETCH_GLOBAL(QString, engine);                                                            \
        fx = std::make_unique<aiochat::test::HostFixture>();                                       \
        if (engine == QStringLiteral("postgres")) {                                                \
            db = std::make_unique<aiochat::test::ScratchDatabase>(aiochat::Engine::Postgres);      \
            if (!db->isValid()) {                                                                  \
                if (qEnvironmentVariable("AIOCHAT_REQUIRE_PG") == QStringLiteral("1"))             \
                    QFAIL(qPrintable(db->why()));                                                  \
                QSKIP(qPrintable(db->why()));                                                      \
            }                                                                                      \
            fx->useDatabase(db->url());                                                            \
        }                                                                                          \
        const aiochat::Status started = fx->start();                                               \
        QVERIFY2(started.isOk(), qPrintable(started.message()));                                   \
    } while (false)
