#include "testsupport.h"

#include "domain/timestamps.h"
#include "security/crypto.h"
#include "storage/connection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace aiochat::test {

QString postgresUrl()
{
    return qEnvironmentVariable("AIOCHAT_TEST_PG_URL");
}

ScratchDatabase::ScratchDatabase(Engine engine)
{
    if (engine == Engine::Sqlite) {
        m_config = DatabaseConfig::sqliteFile(m_dir.filePath(u"test.db"_s));
        m_valid = m_dir.isValid();
        m_why = u"cannot create a temporary directory"_s;
        return;
    }
    m_adminUrl = postgresUrl();
    if (m_adminUrl.isEmpty()) {
        m_why = u"no PostgreSQL test server (AIOCHAT_TEST_PG_URL is not set)"_s;
        return;
    }
    const Result<DatabaseConfig> admin = DatabaseConfig::fromUrl(m_adminUrl);
    if (!admin.isOk()) {
        m_why = admin.status().message();
        return;
    }
    const QString name = u"aiochat_t_"_s + QUuid::createUuid().toString(QUuid::Id128).left(16);
    const QString conn = u"scratch-admin-"_s + name;
    {
        Result<QSqlDatabase> db = openConnection(admin.value(), conn, ConnectionRole::Writer);
        if (!db.isOk()) {
            m_why = db.status().message();
            return;
        }
        const Status s = executeDirect(db.value(), u"CREATE DATABASE "_s + name);
        if (!s.isOk()) {
            m_why = s.message();
            closeConnection(conn);
            return;
        }
    }
    closeConnection(conn);
    m_config = admin.value();
    m_config.databaseName = name;
    m_valid = true;
}

QString ScratchDatabase::url() const
{
    if (!m_valid || m_config.engine != Engine::Postgres)
        return {};
    QUrl url(m_adminUrl);
    url.setPath(u"/"_s + m_config.databaseName);
    return url.toString();
}

ScratchDatabase::~ScratchDatabase()
{
    if (!m_valid || m_config.engine != Engine::Postgres)
        return;
    const Result<DatabaseConfig> admin = DatabaseConfig::fromUrl(m_adminUrl);
    const QString conn = u"scratch-drop-"_s + m_config.databaseName;
    {
        Result<QSqlDatabase> db = openConnection(admin.value(), conn, ConnectionRole::Writer);
        if (db.isOk())
            (void)executeDirect(db.value(), u"DROP DATABASE IF EXISTS "_s + m_config.databaseName +
                                                u" WITH (FORCE)"_s);
    }
    closeConnection(conn);
}

void addEngineColumn()
{
    QTest::addColumn<QString>("engine");
    QTest::newRow("sqlite") << u"sqlite"_s;
    QTest::newRow("postgres") << u"postgres"_s;
}

Engine engineFromRow(const QString &name)
{
    return name == u"postgres"_s ? Engine::Postgres : Engine::Sqlite;
}

std::shared_ptr<const PersonalDataCipher> makeCipher()
{
    DataKeyring ring;
    ring.addKey();
    return std::make_shared<const PersonalDataCipher>(ring);
}

QByteArray whatsAppTextUpdate(const QString &from, const QString &wamid, const QString &text,
                              const QString &phoneNumberId, const QString &profileName)
{
    const QJsonObject message{{u"from"_s, from},
                              {u"id"_s, wamid},
                              {u"timestamp"_s, QString::number(nowMillis() / 1000)},
                              {u"type"_s, u"text"_s},
                              {u"text"_s, QJsonObject{{u"body"_s, text}}}};
    const QJsonObject value{
        {u"messaging_product"_s, u"whatsapp"_s},
        {u"metadata"_s, QJsonObject{{u"display_phone_number"_s, u"15550001111"_s},
                                    {u"phone_number_id"_s, phoneNumberId}}},
        {u"contacts"_s,
         QJsonArray{QJsonObject{{u"profile"_s, QJsonObject{{u"name"_s, profileName}}},
                                {u"wa_id"_s, from}}}},
        {u"messages"_s, QJsonArray{message}}};
    return QJsonDocument(
               QJsonObject{{u"object"_s, u"whatsapp_business_account"_s},
                           {u"entry"_s,
                            QJsonArray{QJsonObject{
                                {u"id"_s, u"1"_s},
                                {u"changes"_s, QJsonArray{QJsonObject{{u"field"_s, u"messages"_s},
                                                                      {u"value"_s, value}}}}}}}})
        .toJson(QJsonDocument::Compact);
}

QByteArray telegramMessageUpdate(qint64 updateId, qint64 userId, const QJsonObject &fields,
                                 const QString &firstName)
{
    using namespace Qt::StringLiterals;
    const QJsonObject from{{u"id"_s, userId}, {u"is_bot"_s, false}, {u"first_name"_s, firstName}};
    const QJsonObject chat{
        {u"id"_s, userId}, {u"type"_s, u"private"_s}, {u"first_name"_s, firstName}};
    QJsonObject message{
        {u"message_id"_s, updateId}, {u"from"_s, from}, {u"chat"_s, chat}, {u"date"_s, 1767225600}};
    for (auto it = fields.begin(); it != fields.end(); ++it)
        message.insert(it.key(), it.value());
    return QJsonDocument(QJsonObject{{u"update_id"_s, updateId}, {u"message"_s, message}})
        .toJson(QJsonDocument::Compact);
}

QByteArray telegramTextUpdate(qint64 updateId, qint64 userId, const QString &text,
                              const QString &firstName)
{
    return telegramMessageUpdate(updateId, userId, {{QStringLiteral("text"), text}}, firstName);
}

qint64 postgresScalar(const QString &url, const QString &sql)
{
    const Result<DatabaseConfig> config = DatabaseConfig::fromUrl(url);
    if (!config.isOk())
        return -1;
    const QString name = QStringLiteral("postgres-scalar-") + QUuid::createUuid().toString();
    qint64 value = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(config->host);
        db.setPort(config->port);
        db.setDatabaseName(config->databaseName);
        db.setUserName(config->user);
        db.setPassword(config->password);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                value = q.value(0).toLongLong();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

QByteArray tinyPng()
{
    return QByteArray::fromBase64(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5E"
        "rkJggg==");
}

} // namespace aiochat::test
