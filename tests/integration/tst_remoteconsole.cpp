// The desktop console against another instance: RemoteConsoleClient over the real listener's
// WebSocket — signing in, commands, live events, the connection state, commands while the server
// is away (they fail at once), the server restarting under it (it reconnects and views reload),
// and trust on first use of an office's self-signed certificate.
#include "backend/remoteconsoleclient.h"
#include "host/corehost.h"
#include "hostfixture.h"
#include "testsupport.h"

#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;

namespace {

// A port free now, for a server that must come back on the same address.
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

// A command through the client, waited for.
CommandResponse call(ConsoleClient &client, const QString &name, const QJsonObject &params = {})
{
    std::optional<CommandResponse> answer;
    QObject context;
    client.call(name, params, &context, [&answer](const CommandResponse &r) { answer = r; });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 10000))
        return CommandResponse::error(Status::internal(u"no answer"_s));
    return *answer;
}

// A self-signed certificate for 127.0.0.1 and its key, made by openssl.
bool makeCertificate(const QString &cert, const QString &key)
{
    QProcess openssl;
    openssl.start(u"openssl"_s,
                  {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                   u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-days"_s, u"2"_s, u"-subj"_s,
                   u"/CN=127.0.0.1"_s, u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s, u"-keyout"_s,
                   key, u"-out"_s, cert});
    return openssl.waitForFinished(30000) && openssl.exitCode() == 0;
}

QString fingerprintOf(const QString &certFile)
{
    QFile pem(certFile);
    if (!pem.open(QIODevice::ReadOnly))
        return {};
    const QList<QSslCertificate> certs = QSslCertificate::fromData(pem.readAll());
    return certs.isEmpty()
               ? QString()
               : QString::fromLatin1(
                     certs.first().digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

} // namespace

class TestRemoteConsole : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settings;

private Q_SLOTS:
    void initTestCase()
    {
        // Remembered servers and certificates go to a scratch place, not the user's settings.
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    }

    void theConsoleWorksAgainstAnotherInstance()
    {
        QTemporaryDir data;
        const quint16 port = freePort();
        const QVariantMap settings{{u"assistant/enabled"_s, u"off"_s}, {u"listener/port"_s, port}};
        auto server = std::make_unique<HostFixture>(channelSecrets(), data.path(), settings);
        QVERIFY(server->start().isOk());
        QVERIFY(server->createOperatorAndLogin(u"ada@example.com"_s, u"admin"_s).status.isOk());

        RemoteConsoleClient client(QUrl(server->baseUrl()));
        QCOMPARE(client.connectionState(), u"connecting"_s);
        QTRY_COMPARE(client.connectionState(), u"connected"_s);
        QTRY_VERIFY(client.isStatusKnown());
        QVERIFY(!client.needsSetup());
        QSignalSpy failed(&client, &ConsoleClient::loginFailed);
        client.login(u"ada@example.com"_s, u"wrong password"_s);
        QTRY_COMPARE(failed.size(), 1);
        client.login(u"ada@example.com"_s, u"correct horse 42"_s);
        QTRY_VERIFY(client.isSignedIn());
        QCOMPARE(client.role(), u"admin"_s);

        // Lists, and what happens live.
        CommandResponse r = call(client, u"conversations.list"_s, {{u"limit"_s, 5}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QSignalSpy events(&client, &ConsoleClient::eventReceived);
        const HttpResult posted =
            server->request("POST", u"/webhooks/telegram"_s,
                            telegramMessageUpdate(1, 4242, {{u"text"_s, u"Halo, remote"_s}}),
                            {{"X-Telegram-Bot-Api-Secret-Token", "tg-secret-0123456789"}});
        QCOMPARE(posted.status, 200);
        const auto sawMessage = [&events](const QString &text) {
            for (const QList<QVariant> &e : std::as_const(events)) {
                if (e.at(0).toString() == u"message.created"_s &&
                    e.at(1).toJsonObject()[u"message"_s][u"text"_s].toString() == text)
                    return true;
            }
            return false;
        };
        QTRY_VERIFY(sawMessage(u"Halo, remote"_s));
        // Failures come back as the Console API's own statuses.
        r = call(client, u"conversation.get"_s, {{u"id"_s, 987654321}});
        QCOMPARE(r.status.code(), Status::Code::NotFound);

        // The server goes away: the console says so, and commands fail at once.
        server.reset();
        QTRY_COMPARE(client.connectionState(), u"reconnecting"_s);
        QElapsedTimer quick;
        quick.start();
        r = call(client, u"conversations.list"_s);
        QCOMPARE(r.status.code(), Status::Code::Unavailable);
        QVERIFY2(quick.elapsed() < 1000, "a command waited for a server that is not there");

        // It comes back on the same address: the console reconnects, still signed in, is told
        // to reload (what happened meanwhile is not known to the new run), and follows it live.
        events.clear();
        server = std::make_unique<HostFixture>(channelSecrets(), data.path(), settings);
        QVERIFY(server->start().isOk());
        QTRY_COMPARE_WITH_TIMEOUT(client.connectionState(), u"connected"_s, 15000);
        QTRY_VERIFY(std::any_of(events.cbegin(), events.cend(), [](const QList<QVariant> &e) {
            return e.at(0).toString() == u"events.reset"_s;
        }));
        r = call(client, u"conversations.list"_s, {{u"limit"_s, 5}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QCOMPARE(r.result[u"items"_s].toArray().size(), 1); // the conversation from before
        QVERIFY(server
                    ->request("POST", u"/webhooks/telegram"_s,
                              telegramMessageUpdate(2, 4242, {{u"text"_s, u"still there?"_s}}),
                              {{"X-Telegram-Bot-Api-Secret-Token", "tg-secret-0123456789"}})
                    .status == 200);
        QTRY_VERIFY(sawMessage(u"still there?"_s));
    }

    void anOfficeCertificateIsTrustedOnFirstUse()
    {
        QTemporaryDir certs;
        const QString cert = certs.filePath(u"cert.pem"_s);
        const QString key = certs.filePath(u"key.pem"_s);
        QVERIFY(makeCertificate(cert, key));
        const QString fingerprint = fingerprintOf(cert);
        QVERIFY(!fingerprint.isEmpty());
        QTemporaryDir data;
        const quint16 port = freePort();
        QVariantMap settings{{u"assistant/enabled"_s, u"off"_s},
                             {u"listener/port"_s, port},
                             {u"listener/tlsCertificate"_s, cert},
                             {u"listener/tlsKey"_s, key}};
        auto server = std::make_unique<HostFixture>(channelSecrets(), data.path(), settings);
        QVERIFY(server->start().isOk());
        const QUrl address(u"https://127.0.0.1:"_s + QString::number(port));

        // First contact: refused until the operator trusts what it is shown.
        {
            RemoteConsoleClient client(address);
            QSignalSpy asked(&client, &RemoteConsoleClient::certificateNeedsTrust);
            QTRY_COMPARE(asked.size(), 1);
            QCOMPARE(asked.first().first().toString(), fingerprint);
            QCOMPARE(client.connectionState(), u"offline"_s);
            QCOMPARE(client.pendingFingerprint(), fingerprint);
            QCOMPARE(call(client, u"auth.status"_s).status.code(), Status::Code::Unavailable);
            client.trustCertificate();
            QTRY_COMPARE(client.connectionState(), u"connected"_s);
            QVERIFY(call(client, u"auth.status"_s).status.isOk());
        }
        QCOMPARE(RemoteConsoleClient::trustedFingerprint(address), fingerprint);
        // Remembered: the next console connects at once.
        {
            RemoteConsoleClient client(address);
            QTRY_COMPARE(client.connectionState(), u"connected"_s);
        }
        // Another certificate on the same address: refused, saying so.
        server.reset();
        QVERIFY(makeCertificate(cert, key));
        QVERIFY(fingerprintOf(cert) != fingerprint);
        server = std::make_unique<HostFixture>(channelSecrets(), data.path(), settings);
        QVERIFY(server->start().isOk());
        RemoteConsoleClient client(address);
        QTRY_COMPARE(client.connectionState(), u"offline"_s);
        QVERIFY2(client.connectionError().contains(u"has changed"_s),
                 qPrintable(client.connectionError()));
        QVERIFY(client.pendingFingerprint().isEmpty()); // nothing to accept with one click
        QCOMPARE(RemoteConsoleClient::trustedFingerprint(address), fingerprint);
    }
};

QTEST_GUILESS_MAIN(TestRemoteConsole)
#include "tst_remoteconsole.moc"
