// Logs stay clean: the real binary at debug level takes logins (right and wrong), token
// refreshes, password changes, signed webhooks carrying phones, e-mails and policy numbers, and
// reveals of personal fields — then neither its log file nor its console output holds any of
// those values.
#include "security/crypto.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace aiochat;

namespace {

const QString kPassword = u"Sup3r-secret-pass"_s;
const QString kNewPassword = u"Even-more-s3cret-pass"_s;
const QByteArray kTelegramSecret = "tg-webhook-secret-9f8e7d";
const QByteArray kWhatsAppSecret = "wa-app-secret-5c4b3a";
const QByteArray kVerifyToken = "wa-verify-token-1a2b3c";
const QByteArray kBotToken = "7654321:AAE-bot-token-do-not-log";
const QString kPhone = u"6281234567890"_s;
const QString kEmail = u"dewi.lestari@example.com"_s;
const QString kPolicy = u"POL-778899"_s;

} // namespace

class CleanLogsTest : public QObject
{
    Q_OBJECT

    QNetworkAccessManager m_network;
    QString m_base;

    QPair<int, QJsonObject> post(const QString &path, const QByteArray &body,
                                 const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        QNetworkRequest request{QUrl(m_base + path)};
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        for (const auto &[k, v] : headers)
            request.setRawHeader(k, v);
        QNetworkReply *reply = m_network.post(request, body);
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 15000))
            return {0, {}};
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject json = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return {status, json};
    }

    QPair<int, QJsonObject> command(const QString &name, const QJsonObject &params,
                                    const QString &token = {})
    {
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!token.isEmpty())
            headers.append({"Authorization", "Bearer " + token.toLatin1()});
        return post(u"/api/v1/commands/"_s + name,
                    QJsonDocument(params).toJson(QJsonDocument::Compact), headers);
    }

private Q_SLOTS:
    void nothingPersonalOrSecretReachesTheLogs()
    {
        QTemporaryDir dir;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"AIOCHAT_SECRETS"_s, u"file"_s);
        env.remove(u"DISPLAY"_s);
        env.remove(u"QT_QPA_PLATFORM"_s);
        env.insert(u"AIOCHAT_ADMIN_PASSWORD"_s, kPassword);
        QProcess admin;
        admin.setProcessEnvironment(env);
        admin.start(QStringLiteral(AIOCHAT_BINARY), {u"--data-dir"_s, dir.path(), u"--log-level"_s,
                                                     u"debug"_s, u"--create-admin"_s, kEmail});
        QVERIFY(admin.waitForFinished(30000));
        QCOMPARE(admin.exitCode(), 0);

        env.remove(u"AIOCHAT_ADMIN_PASSWORD"_s);
        env.insert(u"AIOCHAT_TELEGRAM_WEBHOOK_SECRET"_s, QString::fromLatin1(kTelegramSecret));
        env.insert(u"AIOCHAT_TELEGRAM_BOT_TOKEN"_s, QString::fromLatin1(kBotToken));
        env.insert(u"AIOCHAT_TELEGRAM_API_BASE"_s, u"http://127.0.0.1:9"_s);
        env.insert(u"AIOCHAT_WHATSAPP_APP_SECRET"_s, QString::fromLatin1(kWhatsAppSecret));
        env.insert(u"AIOCHAT_WHATSAPP_VERIFY_TOKEN"_s, QString::fromLatin1(kVerifyToken));
        QProcess app;
        app.setProcessEnvironment(env);
        app.setProcessChannelMode(QProcess::MergedChannels);
        QString console;
        connect(&app, &QProcess::readyRead, this,
                [&] { console += QString::fromLocal8Bit(app.readAll()); });
        app.start(QStringLiteral(AIOCHAT_BINARY),
                  {u"--data-dir"_s, dir.path(), u"--port"_s, u"0"_s, u"--log-level"_s, u"debug"_s});
        QTRY_VERIFY_WITH_TIMEOUT(console.contains(u"running headless"_s), 20000);
        const QRegularExpressionMatch port =
            QRegularExpression(u"listening on http://127\\.0\\.0\\.1:(\\d+)"_s).match(console);
        QVERIFY2(port.hasMatch(), qPrintable(console));
        m_base = u"http://127.0.0.1:"_s + port.captured(1);

        // Logins: a wrong password, then the right one; a refresh.
        QCOMPARE(
            command(u"auth.login"_s, {{u"email"_s, kEmail}, {u"password"_s, u"Wrong-pass-123"_s}})
                .first,
            401);
        auto [status, login] =
            command(u"auth.login"_s, {{u"email"_s, kEmail}, {u"password"_s, kPassword}});
        QCOMPARE(status, 200);
        const QString access = login[u"result"_s][u"accessToken"_s].toString();
        const QString refresh = login[u"result"_s][u"refreshToken"_s].toString();
        auto refreshed = command(u"auth.refresh"_s, {{u"refreshToken"_s, refresh}});
        QCOMPARE(refreshed.first, 200);
        const QString access2 = refreshed.second[u"result"_s][u"accessToken"_s].toString();

        // Webhooks with their secrets, carrying personal data.
        const QByteArray tgBody =
            QJsonDocument(
                QJsonObject{{u"update_id"_s, 1},
                            {u"message"_s,
                             QJsonObject{{u"message_id"_s, 1},
                                         {u"date"_s, 1767225600},
                                         {u"from"_s, QJsonObject{{u"id"_s, 4242},
                                                                 {u"is_bot"_s, false},
                                                                 {u"first_name"_s, u"Dewi"_s}}},
                                         {u"chat"_s,
                                          QJsonObject{{u"id"_s, 4242}, {u"type"_s, u"private"_s}}},
                                         {u"text"_s, u"my number is +"_s + kPhone + u", mail "_s +
                                                         kEmail + u", policy "_s + kPolicy}}}})
                .toJson(QJsonDocument::Compact);
        QCOMPARE(post(u"/webhooks/telegram"_s, tgBody,
                      {{"X-Telegram-Bot-Api-Secret-Token", kTelegramSecret}})
                     .first,
                 200);
        const QByteArray waBody =
            QJsonDocument(
                QJsonObject{
                    {u"object"_s, u"whatsapp_business_account"_s},
                    {u"entry"_s,
                     QJsonArray{QJsonObject{
                         {u"id"_s, u"1"_s},
                         {u"changes"_s,
                          QJsonArray{QJsonObject{
                              {u"field"_s, u"messages"_s},
                              {u"value"_s,
                               QJsonObject{
                                   {u"messaging_product"_s, u"whatsapp"_s},
                                   {u"metadata"_s, QJsonObject{{u"phone_number_id"_s, u"1065"_s}}},
                                   {u"contacts"_s,
                                    QJsonArray{QJsonObject{
                                        {u"profile"_s, QJsonObject{{u"name"_s, u"Dewi"_s}}},
                                        {u"wa_id"_s, kPhone}}}},
                                   {u"messages"_s,
                                    QJsonArray{QJsonObject{
                                        {u"from"_s, kPhone},
                                        {u"id"_s, u"wamid.1"_s},
                                        {u"timestamp"_s, u"1767225600"_s},
                                        {u"type"_s, u"text"_s},
                                        {u"text"_s,
                                         QJsonObject{
                                             {u"body"_s, u"policy "_s + kPolicy}}}}}}}}}}}}}}})
                .toJson(QJsonDocument::Compact);
        QCOMPARE(post(u"/webhooks/whatsapp"_s, waBody,
                      {{"X-Hub-Signature-256",
                        "sha256=" + crypto::hmacSha256(kWhatsAppSecret, waBody).toHex()}})
                     .first,
                 200);
        // A forged signature is refused (and logged as such, without the secret).
        QCOMPARE(
            post(u"/webhooks/whatsapp"_s, waBody, {{"X-Hub-Signature-256", "sha256=00"}}).first,
            401);

        // Reading personal data deliberately.
        QTRY_VERIFY_WITH_TIMEOUT(!command(u"contacts.list"_s, {}, access2)
                                      .second[u"result"_s][u"items"_s]
                                      .toArray()
                                      .isEmpty(),
                                 10000);
        const QJsonArray contacts =
            command(u"contacts.list"_s, {}, access2).second[u"result"_s][u"items"_s].toArray();
        for (const QJsonValue &c : contacts) {
            const auto revealed =
                command(u"contact.get"_s,
                        {{u"id"_s, c[u"id"_s]}, {u"reveal"_s, QJsonArray{u"phone"_s, u"email"_s}}},
                        access2);
            QCOMPARE(revealed.first, 200);
        }
        QCOMPARE(command(u"auth.changePassword"_s,
                         {{u"currentPassword"_s, kPassword}, {u"newPassword"_s, kNewPassword}},
                         access2)
                     .first,
                 200);

        ::kill(pid_t(app.processId()), SIGTERM);
        QVERIFY(app.waitForFinished(20000));
        console += QString::fromLocal8Bit(app.readAll());

        QFile file(dir.filePath(u"logs/aiochat.log"_s));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString log = QString::fromUtf8(file.readAll());
        // The run was logged in detail — the check below is not vacuous.
        QVERIFY(log.contains(u"debug"_s));
        QVERIFY(log.contains(u"aiochat.api"_s));
        QVERIFY2(log.contains(u"contact.get took"_s), qPrintable(log.right(3000)));

        const QStringList forbidden{kPassword,
                                    kNewPassword,
                                    u"Wrong-pass-123"_s,
                                    access,
                                    access2,
                                    refresh,
                                    QString::fromLatin1(kTelegramSecret),
                                    QString::fromLatin1(kWhatsAppSecret),
                                    QString::fromLatin1(kVerifyToken),
                                    QString::fromLatin1(kBotToken),
                                    kPhone,
                                    kPhone.right(10),
                                    kEmail,
                                    kPolicy,
                                    kPolicy.right(6)};
        for (const QString &value : forbidden) {
            QVERIFY2(!log.contains(value), qPrintable(u"the log file contains "_s + value));
            QVERIFY2(!console.contains(value),
                     qPrintable(u"the console output contains "_s + value));
        }
    }
};

QTEST_GUILESS_MAIN(CleanLogsTest)
#include "tst_cleanlogs.moc"
