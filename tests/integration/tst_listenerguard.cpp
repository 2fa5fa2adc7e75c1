// The listener under abuse, over real loopback HTTP: per-IP rate limits with Retry-After,
// allow-lists (the Telegram preset), forwarded addresses believed only from a trusted proxy,
// the Console API over HTTP with Bearer tokens, and TLS 1.2+ with a test certificate.
#include "hostfixture.h"
#include "http/listenerguard.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QProcess>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;

namespace {

const QByteArray kUpdate =
    R"({"update_id":%1,"message":{"message_id":1,"date":1700000000,"chat":{"id":5,"type":"private"},)"
    R"("from":{"id":5,"is_bot":false,"first_name":"Ana"},"text":"hi"}})";

QByteArray update(int id)
{
    return QByteArray(kUpdate).replace("%1", QByteArray::number(id));
}

using Headers = QList<QPair<QByteArray, QByteArray>>;

Headers telegramHeaders(const QByteArray &forwardedFor = {})
{
    Headers h{{"X-Telegram-Bot-Api-Secret-Token", "tg-secret-0123456789"}};
    if (!forwardedFor.isEmpty())
        h.append({"X-Forwarded-For", forwardedFor});
    return h;
}

QJsonObject json(const HttpResult &r)
{
    return QJsonDocument::fromJson(r.body).object();
}

} // namespace

class ListenerGuardTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void allowListsParseCidrSingleAddressesAndThePreset()
    {
        const auto telegram = parseAllowList(u"telegram"_s);
        QVERIFY(telegram.isOk());
        QCOMPARE(telegram.value().size(), 2);
        QVERIFY(QHostAddress(u"149.154.167.99"_s).isInSubnet(telegram.value().at(0)));
        QVERIFY(QHostAddress(u"91.108.6.1"_s).isInSubnet(telegram.value().at(1)));
        QVERIFY(!QHostAddress(u"149.154.176.1"_s).isInSubnet(telegram.value().at(0)));
        const auto mixed = parseAllowList(u" 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32"_s);
        QVERIFY(mixed.isOk());
        QCOMPARE(mixed.value().size(), 3);
        QCOMPARE(mixed.value().at(1).second, 32);
        QVERIFY(parseAllowList({}).value().isEmpty());
        const auto bad = parseAllowList(u"10.0.0.0/8, intranet"_s);
        QCOMPARE(bad.status().code(), Status::Code::InvalidArgument);
        QVERIFY(bad.status().message().contains(u"intranet"_s));
    }

    void apiRequestsAreLimitedPerAddressWithRetryAfter()
    {
        HostFixture fx(channelSecrets(), {},
                       {{u"listener/rateLimit/api"_s, u"5/60"_s},
                        {u"listener/trustedProxies"_s, u"127.0.0.1"_s}});
        QVERIFY(fx.start().isOk());
        for (int i = 0; i < 5; ++i)
            QCOMPARE(fx.request("POST", u"/api/v1/commands/auth.status"_s).status, 200);
        const HttpResult limited = fx.request("POST", u"/api/v1/commands/auth.status"_s);
        QCOMPARE(limited.status, 429);
        const int retryAfter = limited.header("Retry-After").toInt();
        QVERIFY2(retryAfter >= 1 && retryAfter <= 12, limited.header("Retry-After").constData());
        QCOMPARE(json(limited)[u"error"_s][u"code"_s].toString(), u"rate_limited"_s);
        // Another client behind the trusted tunnel has its own bucket.
        QCOMPARE(fx.request("POST", u"/api/v1/commands/auth.status"_s, {},
                            {{"X-Forwarded-For", "203.0.113.7"}})
                     .status,
                 200);
        // Webhooks are limited separately, with a higher default.
        QCOMPARE(fx.request("POST", u"/webhooks/telegram"_s, update(1), telegramHeaders()).status,
                 200);
    }

    void forwardedHeadersAreIgnoredUnlessThePeerIsATrustedProxy()
    {
        HostFixture fx(channelSecrets(), {}, {{u"listener/rateLimit/api"_s, u"2/60"_s}});
        QVERIFY(fx.start().isOk());
        // A client cannot escape its bucket by claiming to be someone else.
        for (const char *claimed : {"198.51.100.1", "198.51.100.2"})
            QCOMPARE(fx.request("POST", u"/api/v1/commands/auth.status"_s, {},
                                {{"X-Forwarded-For", QByteArray(claimed)}})
                         .status,
                     200);
        QCOMPARE(fx.request("POST", u"/api/v1/commands/auth.status"_s, {},
                            {{"X-Forwarded-For", "198.51.100.3"}})
                     .status,
                 429);
    }

    void theTelegramPresetAdmitsOnlyTelegramsRanges()
    {
        HostFixture fx(channelSecrets(), {},
                       {{u"listener/allow/telegram"_s, u"telegram"_s},
                        {u"listener/trustedProxies"_s, u"127.0.0.1/32"_s}});
        QVERIFY(fx.start().isOk());
        // Straight from loopback (not Telegram): refused before the handler runs.
        HttpResult r = fx.request("POST", u"/webhooks/telegram"_s, update(1), telegramHeaders());
        QCOMPARE(r.status, 403);
        QCOMPARE(json(r)[u"error"_s][u"code"_s].toString(), u"forbidden_address"_s);
        // Through the tunnel from a Telegram address: accepted and journaled.
        r = fx.request("POST", u"/webhooks/telegram"_s, update(2),
                       telegramHeaders("149.154.167.50"));
        QCOMPARE(r.status, 200);
        // The nearest untrusted hop counts, not what the client wrote first.
        r = fx.request("POST", u"/webhooks/telegram"_s, update(3),
                       telegramHeaders("149.154.167.50, 198.51.100.1"));
        QCOMPARE(r.status, 403);
        r = fx.request("POST", u"/webhooks/telegram"_s, update(4),
                       {{"X-Telegram-Bot-Api-Secret-Token", "tg-secret-0123456789"},
                        {"Forwarded", "for=\"91.108.4.10:443\";proto=https"}});
        QCOMPARE(r.status, 200);
        // Other routes are not restricted by the Telegram list.
        QCOMPARE(fx.request("GET", u"/healthz"_s).status, 200);
        QTRY_COMPARE(fx.scalar(u"SELECT count(*) FROM inbound_journal"_s).toInt(), 2);
    }

    void aBadSettingStopsTheStartWithAClearMessage()
    {
        HostFixture fx({}, {}, {{u"listener/allow/api"_s, u"10.0.0.0/33"_s}});
        const Status s = fx.start();
        QVERIFY(!s.isOk());
        QVERIFY2(s.message().contains(u"listener/allow/api"_s), qPrintable(s.message()));
    }

    void theConsoleApiAnswersOverHttpWithBearerTokens()
    {
        HostFixture fx;
        QVERIFY(fx.start().isOk());
        HttpResult r = fx.request("POST", u"/api/v1/commands/conversations.list"_s);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.header("WWW-Authenticate"), QByteArray("Bearer"));
        QCOMPARE(json(r)[u"error"_s][u"code"_s].toString(), u"unauthenticated"_s);

        r = fx.request("POST", u"/api/v1/commands/auth.setupAdmin"_s,
                       R"({"email":"owner@example.com","password":"correct horse 42"})");
        QCOMPARE(r.status, 200);
        const QByteArray token = json(r)[u"result"_s][u"accessToken"_s].toString().toLatin1();
        QVERIFY(!token.isEmpty());
        const Headers bearer{{"Authorization", "Bearer " + token}};

        r = fx.request("POST", u"/api/v1/commands/conversations.list"_s, R"({"limit":5})", bearer);
        QCOMPARE(r.status, 200);
        QVERIFY(json(r)[u"ok"_s].toBool());
        QVERIFY(json(r)[u"result"_s][u"items"_s].isArray());
        QCOMPARE(r.header("Cache-Control"), QByteArray("no-store"));

        r = fx.request("POST", u"/api/v1/commands/conversations.list"_s, "[1,2]", bearer);
        QCOMPARE(r.status, 400);
        r = fx.request("POST", u"/api/v1/commands/conversations.list"_s, R"({"limit":"many"})",
                       bearer);
        QCOMPARE(r.status, 400);
        r = fx.request("POST", u"/api/v1/commands/no.such.command"_s, {}, bearer);
        QCOMPARE(r.status, 404);
        r = fx.request("GET", u"/api/v1/commands/conversations.list"_s, {}, bearer);
        QCOMPARE(r.status, 405);

        r = fx.request(
            "POST", u"/api/v1/commands/operator.create"_s,
            R"({"email":"vera@example.com","role":"viewer","password":"correct horse 42"})",
            bearer);
        QCOMPARE(r.status, 200);
        r = fx.request("POST", u"/api/v1/commands/auth.login"_s,
                       R"({"email":"vera@example.com","password":"correct horse 42"})");
        QCOMPARE(r.status, 200);
        const Headers viewer{
            {"Authorization",
             "Bearer " + json(r)[u"result"_s][u"accessToken"_s].toString().toLatin1()}};
        r = fx.request("POST", u"/api/v1/commands/operators.list"_s, {}, viewer);
        QCOMPARE(r.status, 403);
        QCOMPARE(json(r)[u"error"_s][u"code"_s].toString(), u"permission_denied"_s);

        // Logins over HTTP are audited with the client's address.
        r = fx.request("POST", u"/api/v1/commands/audit.list"_s, R"({"action":"login.success"})",
                       bearer);
        QCOMPARE(r.status, 200);
        const QJsonArray items = json(r)[u"result"_s][u"items"_s].toArray();
        QVERIFY(!items.isEmpty());
        QCOMPARE(items.first()[u"detail"_s][u"client"_s].toString(), u"api 127.0.0.1"_s);
    }

    // /metrics tells how busy the office is: only to this machine, a configured allow-list, or
    // whoever holds the metrics token — not to anyone who reaches the tunnel.
    void metricsBeyondThisMachineNeedTheToken()
    {
        QMap<QString, QString> env = channelSecrets();
        env.insert(u"AIOCHAT_METRICS_TOKEN"_s, u"scrape-0123456789"_s);
        HostFixture fx(env, {}, {{u"listener/trustedProxies"_s, u"127.0.0.1"_s}});
        QVERIFY(fx.start().isOk());
        QCOMPARE(fx.request("GET", u"/metrics"_s).status, 200);
        const Headers tunnel{{"X-Forwarded-For", "198.51.100.7"}};
        const HttpResult refused = fx.request("GET", u"/metrics"_s, {}, tunnel);
        QCOMPARE(refused.status, 401);
        QVERIFY(!refused.body.contains("aiochat_"));
        QCOMPARE(fx.request("GET", u"/metrics"_s, {},
                            tunnel + Headers{{"Authorization", "Bearer wrong-token"}})
                     .status,
                 401);
        const HttpResult scraped =
            fx.request("GET", u"/metrics"_s, {},
                       tunnel + Headers{{"Authorization", "Bearer scrape-0123456789"}});
        QCOMPARE(scraped.status, 200);
        QVERIFY(scraped.body.contains("aiochat_http_requests_total"));
    }

    // Behind a tunnel one address carries a whole channel: signed webhook traffic is limited
    // generously, refused requests (wrong secret) strictly, and only the address that fails.
    void webhookFailuresAreLimitedNotTheChannel()
    {
        QVERIFY2(ListenerGuard::Policy().webhook.requests /
                         ListenerGuard::Policy().webhook.windowSeconds >=
                     1000,
                 "a channel behind a tunnel gets at least 1,000 updates/s by default");
        HostFixture fx(channelSecrets(), {},
                       {{u"listener/rateLimit/webhookFailures"_s, u"3/60"_s},
                        {u"listener/trustedProxies"_s, u"127.0.0.1"_s}});
        QVERIFY(fx.start().isOk());
        const Headers wrong{{"X-Telegram-Bot-Api-Secret-Token", "not-the-secret"},
                            {"X-Forwarded-For", "198.51.100.7"}};
        // Signed traffic does not count against the failure allowance.
        for (int i = 0; i < 10; ++i)
            QCOMPARE(fx.request("POST", u"/webhooks/telegram"_s, update(900 + i),
                                telegramHeaders("198.51.100.7"))
                         .status,
                     200);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(fx.request("POST", u"/webhooks/telegram"_s, update(950 + i), wrong).status,
                     403);
        const HttpResult limited = fx.request("POST", u"/webhooks/telegram"_s, update(960),
                                              telegramHeaders("198.51.100.7"));
        QCOMPARE(limited.status, 429);
        QVERIFY(limited.header("Retry-After").toInt() >= 1);
        // Telegram's own address keeps delivering.
        QCOMPARE(fx.request("POST", u"/webhooks/telegram"_s, update(961),
                            telegramHeaders("149.154.167.99"))
                     .status,
                 200);
    }

    void settingsPageChangesApplyAtOnceOrSayRestart()
    {
        HostFixture fx(channelSecrets());
        QVERIFY(fx.start().isOk());
        for (int i = 0; i < 3; ++i)
            QCOMPARE(fx.request("POST", u"/api/v1/commands/auth.status"_s).status, 200);

        // A wrong value is named, and nothing is saved.
        CommandResponse r = fx.call(u"listener.configure"_s, {{u"rateLimitApi"_s, u"3/60"_s},
                                                              {u"allowApi"_s, u"10.0.0.0/33"_s}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
        QVERIFY2(r.status.message().contains(u"listener/allow/api"_s),
                 qPrintable(r.status.message()));
        QVERIFY(fx.call(u"listener.settings"_s)
                    .result[u"saved"_s][u"rateLimitApi"_s]
                    .toString()
                    .isEmpty());
        r = fx.call(u"listener.configure"_s, {{u"tlsCertificate"_s, u"/nonexistent/cert.pem"_s}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
        r = fx.call(u"listener.configure"_s, {{u"port"_s, u"70000"_s}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
        r = fx.call(u"listener.configure"_s, {{u"colour"_s, u"teal"_s}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);

        // Rate limits apply to the next request, without a restart.
        r = fx.call(u"listener.configure"_s, {{u"rateLimitApi"_s, u"2/60"_s}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QCOMPARE(r.result[u"restartRequired"_s].toBool(), false);
        QCOMPARE(fx.request("POST", u"/api/v1/commands/auth.status"_s).status, 200);
        QCOMPARE(fx.request("POST", u"/api/v1/commands/auth.status"_s).status, 200);
        QCOMPARE(fx.request("POST", u"/api/v1/commands/auth.status"_s).status, 429);

        // The address only changes at the next start, and the answer says so.
        r = fx.call(u"listener.configure"_s, {{u"address"_s, u"0.0.0.0"_s}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QCOMPARE(r.result[u"restartRequired"_s].toBool(), true);
        QCOMPARE(r.result[u"saved"_s][u"address"_s].toString(), u"0.0.0.0"_s);
        QCOMPARE(r.result[u"running"_s][u"address"_s].toString(), u"127.0.0.1"_s);

        // Audited with the names of what changed (traced after the change commits, so the entry
        // may land just after the answer).
        QTRY_COMPARE(fx.call(u"audit.list"_s, {{u"action"_s, u"listener.configure"_s}})
                         .result[u"items"_s]
                         .toArray()
                         .size(),
                     2);
    }

    void tlsServesTls12OrNewerWithTheConfiguredCertificate()
    {
        QTemporaryDir certs;
        const QString cert = certs.filePath(u"cert.pem"_s);
        const QString key = certs.filePath(u"key.pem"_s);
        QProcess openssl;
        openssl.start(u"openssl"_s,
                      {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                       u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-days"_s, u"2"_s,
                       u"-subj"_s, u"/CN=127.0.0.1"_s, u"-addext"_s,
                       u"subjectAltName=IP:127.0.0.1"_s, u"-keyout"_s, key, u"-out"_s, cert});
        QVERIFY(openssl.waitForFinished(30000));
        QCOMPARE(openssl.exitCode(), 0);

        HostFixture fx({}, {}, {{u"listener/tlsCertificate"_s, cert}, {u"listener/tlsKey"_s, key}});
        QVERIFY(fx.start().isOk());
        const quint16 port = fx.host().listenerPort();

        QFile pem(cert);
        QVERIFY(pem.open(QIODevice::ReadOnly));
        const QList<QSslCertificate> trusted = QSslCertificate::fromData(pem.readAll());
        QSslSocket socket;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setCaCertificates(trusted);
        socket.setSslConfiguration(config);
        socket.connectToHostEncrypted(u"127.0.0.1"_s, port);
        QVERIFY2(socket.waitForEncrypted(10000), qPrintable(socket.errorString()));
        QVERIFY(socket.sessionProtocol() == QSsl::TlsV1_2 ||
                socket.sessionProtocol() == QSsl::TlsV1_3);
        QCOMPARE(socket.peerCertificate(), trusted.first());
        socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        QByteArray answer;
        QTRY_VERIFY((answer += socket.readAll(), answer.contains("\r\n\r\nok\n")));
        QVERIFY(answer.startsWith("HTTP/1.1 200"));

        // Plain HTTP on the TLS port is dropped without an HTTP answer.
        QTcpSocket plain;
        QByteArray plainAnswer;
        connect(&plain, &QTcpSocket::readyRead, this, [&] { plainAnswer += plain.readAll(); });
        plain.connectToHost(u"127.0.0.1"_s, port);
        QVERIFY(plain.waitForConnected(5000));
        plain.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        QTRY_COMPARE(plain.state(), QAbstractSocket::UnconnectedState);
        QVERIFY(!plainAnswer.contains("HTTP/1.1"));
    }
};

QTEST_GUILESS_MAIN(ListenerGuardTest)
#include "tst_listenerguard.moc"
