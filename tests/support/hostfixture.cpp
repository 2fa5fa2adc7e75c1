#include "hostfixture.h"

#include "api/consoleapi.h"
#include "storage/connection.h"
#include "storage/messagetext.h"
#include "storage/storage.h"

#include <QNetworkReply>
#include <QSettings>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace aiochat::test {

QByteArray HttpResult::header(const QByteArray &name) const
{
    for (const auto &[k, v] : headers) {
        if (k.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

QMap<QString, QString> channelSecrets()
{
    return {{u"AIOCHAT_TELEGRAM_WEBHOOK_SECRET"_s, u"tg-secret-0123456789"_s},
            {u"AIOCHAT_WHATSAPP_APP_SECRET"_s, u"wa-app-secret-abcdef"_s},
            {u"AIOCHAT_WHATSAPP_VERIFY_TOKEN"_s, u"wa-verify-token-42"_s}};
}

HostFixture::HostFixture(const QMap<QString, QString> &env, const QString &dataDir,
                         const QVariantMap &settings)
    : m_dataDir(dataDir.isEmpty() ? m_temp.path() : dataDir)
    , m_dbConnection(u"fixture-"_s + QUuid::createUuid().toString(QUuid::Id128))
{
    // Every channel variable starts unset, so hosts in one test process do not leak into each
    // other.
    for (const char *name :
         {"AIOCHAT_TELEGRAM_WEBHOOK_SECRET", "AIOCHAT_TELEGRAM_BOT_TOKEN",
          "AIOCHAT_TELEGRAM_API_BASE", "AIOCHAT_TELEGRAM_MODE", "AIOCHAT_WHATSAPP_APP_SECRET",
          "AIOCHAT_WHATSAPP_VERIFY_TOKEN", "AIOCHAT_WHATSAPP_ACCESS_TOKEN",
          "AIOCHAT_WHATSAPP_PHONE_NUMBER_ID", "AIOCHAT_WHATSAPP_API_BASE", "AIOCHAT_METRICS_TOKEN",
          "AIOCHAT_LLM_BASE_URL", "AIOCHAT_LLM_API_KEY", "AIOCHAT_LLM_EMBEDDING_MODEL",
          "AIOCHAT_LLM_CHAT_MODEL", "AIOCHAT_LLM_TIMEOUT_MS", "AIOCHAT_ASSISTANT"})
        qunsetenv(name);
    for (auto it = env.cbegin(); it != env.cend(); ++it)
        qputenv(it.key().toLatin1().constData(), it.value().toUtf8());
    {
        QSettings ini(m_dataDir + u"/aiochat.ini"_s, QSettings::IniFormat);
        // The bot answers only where a test turns it on (tst_assistant): the other tests follow
        // what the channels and operators do without its replies in between.
        if (!ini.contains(u"assistant/enabled"_s))
            ini.setValue(u"assistant/enabled"_s, u"off"_s);
        for (auto it = settings.cbegin(); it != settings.cend(); ++it)
            ini.setValue(it.key(), it.value());
    }
    m_options.port = 0; // never the default 8080: tests run in parallel
    m_options.dataDir = m_dataDir;
    m_options.secretsMode = u"file"_s;
    m_host = std::make_unique<CoreHost>(m_options);
}

void HostFixture::useDatabase(const QString &url)
{
    m_options.databaseUrl = url;
    m_host = std::make_unique<CoreHost>(m_options);
}

HostFixture::~HostFixture()
{
    stop();
    QSqlDatabase::removeDatabase(m_dbConnection);
}

Status HostFixture::start()
{
    return m_host->start();
}

void HostFixture::stop()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_dbConnection, false);
        if (db.isOpen())
            db.close();
    }
    m_host->stop();
}

QString HostFixture::baseUrl() const
{
    return u"http://127.0.0.1:"_s + QString::number(m_host->listenerPort());
}

HttpResult HostFixture::request(const QByteArray &method, const QString &path,
                                const QByteArray &body,
                                const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request{QUrl(baseUrl() + path)};
    for (const auto &[k, v] : headers)
        request.setRawHeader(k, v);
    if (!body.isEmpty() && request.rawHeader("Content-Type").isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    HttpResult out;
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000))
        return out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    for (const auto &pair : reply->rawHeaderPairs())
        out.headers.append(pair);
    reply->deleteLater();
    return out;
}

CommandResponse HostFixture::call(const QString &name, const QJsonObject &params)
{
    return dispatch([name, params](ConsoleApi *api, const ConsoleApi::Reply &reply) {
        api->execute({name, params, OperatorContext::localAdministrator()}, reply);
    });
}

CommandResponse HostFixture::callWithToken(const QString &token, const QString &name,
                                           const QJsonObject &params)
{
    return dispatch([name, params, token](ConsoleApi *api, const ConsoleApi::Reply &reply) {
        api->executeWithToken(name, params, token, u"test"_s, reply);
    });
}

CommandResponse
HostFixture::dispatch(const std::function<void(ConsoleApi *, const ConsoleApi::Reply &)> &run)
{
    std::optional<CommandResponse> response;
    QObject receiver;
    ConsoleApi *api = m_host->consoleApi();
    QMetaObject::invokeMethod(
        api,
        [&, api] {
            run(api, [&receiver, &response](const CommandResponse &r) {
                QMetaObject::invokeMethod(
                    &receiver, [&response, r] { response = r; }, Qt::QueuedConnection);
            });
        },
        Qt::QueuedConnection);
    if (!QTest::qWaitFor([&] { return response.has_value(); }, 15000))
        return CommandResponse::error(Status::internal(u"no answer"_s));
    return *response;
}

Session HostFixture::login(const QString &email, const QString &password)
{
    const CommandResponse r =
        callWithToken({}, u"auth.login"_s, {{u"email"_s, email}, {u"password"_s, password}});
    Session s;
    s.status = r.status;
    s.accessToken = r.result[u"accessToken"_s].toString();
    s.refreshToken = r.result[u"refreshToken"_s].toString();
    s.operatorId = r.result[u"operator"_s][u"id"_s].toInteger();
    return s;
}

Session HostFixture::createOperatorAndLogin(const QString &email, const QString &role,
                                            const QString &password)
{
    const CommandResponse created = call(
        u"operator.create"_s, {{u"email"_s, email}, {u"role"_s, role}, {u"password"_s, password}});
    if (!created.status.isOk()) {
        Session s;
        s.status = created.status;
        return s;
    }
    return login(email, password);
}

QVariant HostFixture::scalar(const QString &sql)
{
    QSqlDatabase db = QSqlDatabase::database(m_dbConnection, false);
    if (!db.isValid()) {
        db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_dbConnection);
        db.setDatabaseName(m_dataDir + u"/aiochat.db"_s);
    }
    if (!db.isOpen() && !db.open())
        return {};
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return {};
    return q.value(0);
}

QVariant HostFixture::scalarAny(const QString &sql)
{
    QVariant out;
    Storage *storage = m_host ? m_host->storage() : nullptr;
    if (!storage)
        return out;
    (void)storage->writer().run([&](QSqlDatabase &db) {
        QSqlQuery q(db);
        if (q.exec(sql) && q.next())
            out = q.value(0);
        return Status::ok();
    });
    return out;
}

QStringList HostFixture::messageTexts(const QString &where)
{
    QStringList out;
    Storage *storage = m_host ? m_host->storage() : nullptr;
    if (!storage)
        return out;
    const Status s = storage->writer().run([&](QSqlDatabase &db) {
        QSqlQuery q(db);
        if (!q.exec(u"SELECT text_enc, text FROM messages"_s +
                    (where.isEmpty() ? QString() : u" WHERE "_s + where) + u" ORDER BY id"_s))
            return queryError(q, u"reading message texts"_s);
        while (q.next())
            out.append(messagetext::open(storage->cipher(), q.value(0).toByteArray(),
                                         q.value(1).toString()));
        return Status::ok();
    });
    if (!s.isOk())
        qWarning().noquote() << s.message();
    return out;
}

} // namespace aiochat::test
