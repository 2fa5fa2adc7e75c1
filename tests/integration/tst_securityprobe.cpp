// The findings of the black-box probe of the listener and Console API, each replayed against the
// real listener over loopback HTTP (or the real start-up, for the key file): parallel password
// guesses, lockouts that told which e-mails exist or let a stranger lock an operator out, wrong
// current passwords, tokens with junk appended, and a start with the key file missing.
#include "hostfixture.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;

namespace {

const QString kPassword = u"correct horse 42"_s;

QByteArray loginBody(const QString &email, const QString &password)
{
    return QJsonDocument(QJsonObject{{u"email"_s, email}, {u"password"_s, password}})
        .toJson(QJsonDocument::Compact);
}

QJsonObject json(const HttpResult &r)
{
    return QJsonDocument::fromJson(r.body).object();
}

/** @brief A raw HTTP/1.1 exchange on its own connection, so many can be in flight at once. */
struct RawExchange
{
    std::unique_ptr<QTcpSocket> socket = std::make_unique<QTcpSocket>();
    QByteArray received;

    [[nodiscard]] int status() const
    {
        // "HTTP/1.1 200 OK"
        return received.startsWith("HTTP/1.1 ") ? received.mid(9, 3).toInt() : 0;
    }
    [[nodiscard]] bool complete() const
    {
        const qsizetype end = received.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        const QByteArray head = received.left(end).toLower();
        const qsizetype at = head.indexOf("content-length:");
        const int length = at < 0 ? 0 : head.mid(at + 15).split('\r').first().trimmed().toInt();
        return received.size() >= end + 4 + length;
    }
};

} // namespace

class SecurityProbeTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(u"QObject|QSql|QSocket"_s)); }

    // 24 guesses at once, the right password last: none may get tokens, and the account must
    // end up locked (it used to end up unlocked, with the right guess signed in).
    void parallelGuessesAreBoundedAndNeverSignIn()
    {
        HostFixture fx({}, {}, {{u"listener/rateLimit/api"_s, u"1000/60"_s}});
        QVERIFY(fx.start().isOk());
        QVERIFY(fx.createOperatorAndLogin(u"ops@example.com"_s, u"agent"_s).status.isOk());

        const QUrl base(fx.baseUrl());
        std::vector<RawExchange> exchanges(24);
        for (int i = 0; i < 24; ++i) {
            RawExchange &x = exchanges[size_t(i)];
            x.socket->connectToHost(base.host(), quint16(base.port()));
            QVERIFY(x.socket->waitForConnected(5000));
        }
        for (int i = 0; i < 24; ++i) {
            const QByteArray body =
                loginBody(u"ops@example.com"_s, i == 23 ? kPassword : u"guess number %1"_s.arg(i));
            exchanges[size_t(i)].socket->write(
                "POST /api/v1/commands/auth.login HTTP/1.1\r\nHost: probe\r\n"
                "Content-Type: application/json\r\nContent-Length: " +
                QByteArray::number(body.size()) + "\r\n\r\n" + body);
        }
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(exchanges.begin(), exchanges.end(),
                                             [](RawExchange &x) {
                                                 x.received += x.socket->readAll();
                                                 return x.complete();
                                             }),
                                 20000);
        int wrong = 0;
        for (int i = 0; i < 24; ++i) {
            const int status = exchanges[size_t(i)].status();
            QVERIFY2(status != 200, qPrintable(u"guess %1 signed in"_s.arg(i)));
            QVERIFY2(status == 401 || status == 403 || status == 429,
                     qPrintable(u"guess %1 answered %2"_s.arg(i).arg(status)));
            wrong += status == 401 ? 1 : 0;
        }
        // Only as many passwords were checked as the lock allows.
        QVERIFY2(wrong <= 5, qPrintable(QString::number(wrong)));
        const HttpResult after = fx.request("POST", u"/api/v1/commands/auth.login"_s,
                                            loginBody(u"ops@example.com"_s, kPassword));
        QCOMPARE(after.status, 403);
    }

    // After many wrong passwords a real e-mail and an unknown one answer the same, and a
    // stranger at another address does not lock the operator out.
    void lockoutsTellNothingAndStayWithTheGuessingAddress()
    {
        HostFixture fx({}, {},
                       {{u"listener/rateLimit/api"_s, u"1000/60"_s},
                        {u"listener/trustedProxies"_s, u"127.0.0.1"_s}});
        QVERIFY(fx.start().isOk());
        QVERIFY(fx.createOperatorAndLogin(u"ops@example.com"_s, u"agent"_s).status.isOk());
        const QList<QPair<QByteArray, QByteArray>> stranger{{"X-Forwarded-For", "198.51.100.9"}};
        const QList<QPair<QByteArray, QByteArray>> office{{"X-Forwarded-For", "192.0.2.10"}};

        QList<HttpResult> real;
        QList<HttpResult> unknown;
        for (int i = 0; i < 7; ++i) {
            real.append(fx.request("POST", u"/api/v1/commands/auth.login"_s,
                                   loginBody(u"ops@example.com"_s, u"wrong password 1"_s),
                                   stranger));
            unknown.append(fx.request("POST", u"/api/v1/commands/auth.login"_s,
                                      loginBody(u"nobody@example.com"_s, u"wrong password 1"_s),
                                      stranger));
        }
        for (int i = 0; i < 7; ++i) {
            QCOMPARE(real.at(i).status, unknown.at(i).status);
            QCOMPARE(json(real.at(i))[u"error"_s][u"message"_s],
                     json(unknown.at(i))[u"error"_s][u"message"_s]);
        }
        QCOMPARE(real.constLast().status, 403);

        // The operator at the office still signs in; the stranger's address stays locked.
        const HttpResult mine = fx.request("POST", u"/api/v1/commands/auth.login"_s,
                                           loginBody(u"ops@example.com"_s, kPassword), office);
        QCOMPARE(mine.status, 200);
        const HttpResult theirs = fx.request("POST", u"/api/v1/commands/auth.login"_s,
                                             loginBody(u"ops@example.com"_s, kPassword), stranger);
        QCOMPARE(theirs.status, 403);

        // What the stranger typed is not written into the audit log when it names nobody.
        const CommandResponse audit = fx.call(u"audit.list"_s, {{u"action"_s, u"login.failure"_s}});
        QVERIFY(!QJsonDocument(audit.result.toObject()).toJson().contains("nobody@example.com"));
        QVERIFY(QJsonDocument(audit.result.toObject()).toJson().contains("ops@example.com"));
    }

    // Guesses from many addresses lock the account everywhere and tell the administrators.
    void manyAddressesLockTheAccountAndAlert()
    {
        HostFixture fx({}, {},
                       {{u"listener/rateLimit/api"_s, u"1000/60"_s},
                        {u"listener/trustedProxies"_s, u"127.0.0.1"_s},
                        {u"auth/maxFailedLogins"_s, 3},
                        {u"auth/accountMaxFailedLogins"_s, 6}});
        QVERIFY(fx.start().isOk());
        QVERIFY(fx.createOperatorAndLogin(u"ops@example.com"_s, u"agent"_s).status.isOk());
        for (int i = 0; i < 6; ++i) {
            const QByteArray address = "198.51.100." + QByteArray::number(10 + i);
            const HttpResult r = fx.request("POST", u"/api/v1/commands/auth.login"_s,
                                            loginBody(u"ops@example.com"_s, u"wrong password 1"_s),
                                            {{"X-Forwarded-For", address}});
            QCOMPARE(r.status, 401);
        }
        const HttpResult office = fx.request("POST", u"/api/v1/commands/auth.login"_s,
                                             loginBody(u"ops@example.com"_s, kPassword),
                                             {{"X-Forwarded-For", "192.0.2.10"}});
        QCOMPARE(office.status, 403);
        const CommandResponse alerts =
            fx.call(u"audit.list"_s, {{u"action"_s, u"login.lockout"_s}});
        QCOMPARE(alerts.result[u"items"_s].toArray().size(), 1);
        const CommandResponse team = fx.call(u"operators.list"_s);
        bool shown = false;
        for (const QJsonValue &v : team.result[u"operators"_s].toArray())
            shown |=
                v[u"email"_s] == u"ops@example.com"_s && !v[u"lockedUntil"_s].toString().isEmpty();
        QVERIFY(shown);
    }

    // A stolen access token cannot be used to guess the password.
    void wrongCurrentPasswordsCountLikeSignIns()
    {
        HostFixture fx({}, {}, {{u"listener/rateLimit/api"_s, u"1000/60"_s}});
        QVERIFY(fx.start().isOk());
        const Session s = fx.createOperatorAndLogin(u"ops@example.com"_s, u"agent"_s);
        QVERIFY(s.status.isOk());
        const QList<QPair<QByteArray, QByteArray>> bearer{
            {"Authorization", "Bearer " + s.accessToken.toLatin1()}};
        const QByteArray wrong =
            QJsonDocument(QJsonObject{{u"currentPassword"_s, u"not my password 9"_s},
                                      {u"newPassword"_s, u"another horse 43"_s}})
                .toJson(QJsonDocument::Compact);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(
                fx.request("POST", u"/api/v1/commands/auth.changePassword"_s, wrong, bearer).status,
                400);
        const QByteArray right =
            QJsonDocument(QJsonObject{{u"currentPassword"_s, kPassword},
                                      {u"newPassword"_s, u"another horse 43"_s}})
                .toJson(QJsonDocument::Compact);
        QCOMPARE(
            fx.request("POST", u"/api/v1/commands/auth.changePassword"_s, right, bearer).status,
            403);
    }

    // Refresh tokens rotate; an old one coming back means it was copied: the session ends.
    void refreshTokensRotateAndReuseEndsTheSession()
    {
        HostFixture fx({}, {}, {{u"listener/rateLimit/api"_s, u"1000/60"_s}});
        QVERIFY(fx.start().isOk());
        const Session s = fx.createOperatorAndLogin(u"ops@example.com"_s, u"agent"_s);
        QVERIFY(s.status.isOk());
        auto refresh = [&fx](const QString &token) {
            return fx.request("POST", u"/api/v1/commands/auth.refresh"_s,
                              QJsonDocument(QJsonObject{{u"refreshToken"_s, token}})
                                  .toJson(QJsonDocument::Compact));
        };
        const HttpResult first = refresh(s.refreshToken);
        QCOMPARE(first.status, 200);
        const QString second = json(first)[u"result"_s][u"refreshToken"_s].toString();
        QVERIFY(!second.isEmpty());
        QVERIFY(second != s.refreshToken);
        const HttpResult again = refresh(second);
        QCOMPARE(again.status, 200);
        const QString third = json(again)[u"result"_s][u"refreshToken"_s].toString();
        const QByteArray access = json(again)[u"result"_s][u"accessToken"_s].toString().toLatin1();
        QCOMPARE(fx.request("POST", u"/api/v1/commands/auth.me"_s, "{}",
                            {{"Authorization", "Bearer " + access}})
                     .status,
                 200);

        // The thief replays the first token: refused, and the whole session is over.
        QCOMPARE(refresh(s.refreshToken).status, 401);
        QCOMPARE(fx.request("POST", u"/api/v1/commands/auth.me"_s, "{}",
                            {{"Authorization", "Bearer " + access}})
                     .status,
                 401);
        QCOMPARE(refresh(third).status, 401);
        const CommandResponse audit =
            fx.call(u"audit.list"_s, {{u"action"_s, u"session.refreshReuse"_s}});
        QCOMPARE(audit.result[u"items"_s].toArray().size(), 1);
    }

    void tokensWithJunkAppendedAreRefused()
    {
        HostFixture fx;
        QVERIFY(fx.start().isOk());
        const Session s = fx.createOperatorAndLogin(u"ops@example.com"_s, u"agent"_s);
        QVERIFY(s.status.isOk());
        auto status = [&fx](const QByteArray &token) {
            return fx
                .request("POST", u"/api/v1/commands/conversations.list"_s, "{}",
                         {{"Authorization", "Bearer " + token}})
                .status;
        };
        const QByteArray token = s.accessToken.toLatin1();
        QCOMPARE(status(token), 200);
        for (const QByteArray &junk :
             {QByteArray("!!"), QByteArray("="), QByteArray("\xc3\xa9"), QByteArray("A")})
            QCOMPARE(status(token + junk), 401);
    }

    // A database in use without its key file: refused with a clear message, nothing written,
    // no new key file made; a key file of another instance is refused the same way.
    void missingOrForeignKeyFileIsRefusedBeforeAnythingIsWritten()
    {
        QTemporaryDir dir;
        QTemporaryDir other;
        {
            HostFixture fx({}, dir.path());
            QVERIFY(fx.start().isOk());
            QVERIFY(fx.createOperatorAndLogin(u"ops@example.com"_s, u"agent"_s).status.isOk());
        }
        {
            HostFixture fx({}, other.path());
            QVERIFY(fx.start().isOk());
        }
        const QString keyFile = QDir(dir.path()).filePath(u"secrets.json"_s);
        const QString database = QDir(dir.path()).filePath(u"aiochat.db"_s);
        QVERIFY(QFile::exists(keyFile));
        QVERIFY(QFile::rename(keyFile, keyFile + u".saved"_s));
        const QDateTime modified = QFileInfo(database).lastModified();
        {
            HostFixture fx({}, dir.path());
            const Status s = fx.start();
            QCOMPARE(s.code(), Status::Code::FailedPrecondition);
            QVERIFY2(s.message().contains(u"secrets.json"_s), qPrintable(s.message()));
            QVERIFY2(s.message().contains(u"Restore"_s), qPrintable(s.message()));
        }
        QVERIFY(!QFile::exists(keyFile));
        QCOMPARE(QFileInfo(database).lastModified(), modified);

        QVERIFY(QFile::copy(QDir(other.path()).filePath(u"secrets.json"_s), keyFile));
        {
            HostFixture fx({}, dir.path());
            const Status s = fx.start();
            QCOMPARE(s.code(), Status::Code::FailedPrecondition);
            QVERIFY2(s.message().contains(u"is not the one this database was sealed with"_s),
                     qPrintable(s.message()));
        }
        QVERIFY(QFile::remove(keyFile));
        QVERIFY(QFile::rename(keyFile + u".saved"_s, keyFile));
        HostFixture fx({}, dir.path());
        QVERIFY(fx.start().isOk());
        QVERIFY(fx.login(u"ops@example.com"_s, kPassword).status.isOk());
    }
};

QTEST_GUILESS_MAIN(SecurityProbeTest)
#include "tst_securityprobe.moc"
