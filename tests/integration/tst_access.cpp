// Access control end to end: the role matrix over every registered command, logins and lockout,
// token refresh and revocation, revealing personal fields, and the audit trail they leave.
#include "api/consoleapi.h"
#include "hostfixture.h"
#include "security/auditlog.h"
#include "security/tokenservice.h"
#include "storage/contactrepository.h"
#include "storage/storage.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;

namespace {

const QString kPassword = u"correct horse 42"_s;

// The declared matrix: which roles may run each command. Every registered command must have a
// row — a new command without one fails here, and so does one whose permission drifts.
// a = admin, g = agent, v = viewer.
const QMap<QString, QString> &declaredMatrix()
{
    static const QMap<QString, QString> m{
        {u"auth.status"_s, u"agv"_s},
        {u"auth.login"_s, u"agv"_s},
        {u"auth.refresh"_s, u"agv"_s},
        {u"auth.setupAdmin"_s, u"agv"_s},
        {u"auth.me"_s, u"agv"_s},
        {u"auth.changePassword"_s, u"agv"_s},
        {u"auth.logout"_s, u"agv"_s},
        {u"conversations.list"_s, u"agv"_s},
        {u"conversations.counts"_s, u"agv"_s},
        {u"conversation.get"_s, u"agv"_s},
        {u"conversation.messages"_s, u"agv"_s},
        {u"conversation.markRead"_s, u"ag"_s},
        {u"conversation.setStatus"_s, u"ag"_s},
        {u"conversation.assign"_s, u"ag"_s},
        {u"conversation.setHandler"_s, u"ag"_s},
        {u"conversation.setTags"_s, u"ag"_s},
        {u"conversation.addNote"_s, u"ag"_s},
        {u"conversation.notes"_s, u"agv"_s},
        {u"tasks.list"_s, u"agv"_s},
        {u"task.create"_s, u"ag"_s},
        {u"task.update"_s, u"ag"_s},
        {u"attachment.get"_s, u"agv"_s},
        {u"attachment.download"_s, u"agv"_s},
        {u"attachment.retry"_s, u"ag"_s},
        {u"attachment.addToKnowledge"_s, u"ag"_s},
        {u"operators.directory"_s, u"agv"_s},
        {u"templates.list"_s, u"agv"_s},
        {u"message.send"_s, u"ag"_s},
        {u"message.retry"_s, u"ag"_s},
        {u"message.discard"_s, u"ag"_s},
        {u"assistant.interactions"_s, u"agv"_s},
        {u"assistant.suggest"_s, u"ag"_s},
        {u"assistant.testConnection"_s, u"a"_s},
        {u"identity.verify"_s, u"ag"_s},
        {u"identity.revoke"_s, u"ag"_s},
        {u"knowledge.list"_s, u"agv"_s},
        {u"knowledge.get"_s, u"agv"_s},
        {u"knowledge.search"_s, u"agv"_s},
        {u"knowledge.status"_s, u"agv"_s},
        {u"knowledge.upload"_s, u"ag"_s},
        {u"knowledge.delete"_s, u"ag"_s},
        {u"knowledge.reindex"_s, u"ag"_s},
        {u"contacts.list"_s, u"agv"_s},
        {u"contacts.duplicates"_s, u"agv"_s},
        {u"contact.get"_s, u"agv"_s},
        {u"contacts.export"_s, u"a"_s},
        {u"contact.create"_s, u"ag"_s},
        {u"contact.update"_s, u"ag"_s},
        {u"contact.merge"_s, u"ag"_s},
        {u"contact.setTags"_s, u"ag"_s},
        {u"contacts.import"_s, u"ag"_s},
        {u"sandbox.send"_s, u"ag"_s},
        {u"channel.status"_s, u"agv"_s},
        {u"metrics.snapshot"_s, u"agv"_s},
        {u"metrics.history"_s, u"agv"_s},
        {u"system.info"_s, u"agv"_s},
        {u"channel.configure"_s, u"a"_s},
        {u"telegram.getMe"_s, u"a"_s},
        {u"telegram.getWebhookInfo"_s, u"a"_s},
        {u"telegram.setWebhook"_s, u"a"_s},
        {u"telegram.deleteWebhook"_s, u"a"_s},
        {u"telegram.setMode"_s, u"a"_s},
        {u"listener.settings"_s, u"a"_s},
        {u"listener.configure"_s, u"a"_s},
        {u"channel.checkReachability"_s, u"a"_s},
        {u"backup.status"_s, u"a"_s},
        {u"backup.configure"_s, u"a"_s},
        {u"backup.runNow"_s, u"a"_s},
        {u"operators.list"_s, u"a"_s},
        {u"operator.create"_s, u"a"_s},
        {u"operator.update"_s, u"a"_s},
        {u"audit.list"_s, u"a"_s},
        {u"audit.verify"_s, u"a"_s},
        {u"attributes.list"_s, u"agv"_s},
        {u"attributes.define"_s, u"a"_s},
        {u"attributes.delete"_s, u"a"_s},
        {u"automation.fields"_s, u"agv"_s},
        {u"automation.list"_s, u"agv"_s},
        {u"automation.get"_s, u"agv"_s},
        {u"automation.create"_s, u"a"_s},
        {u"automation.update"_s, u"a"_s},
        {u"automation.delete"_s, u"a"_s},
        {u"automation.setEnabled"_s, u"a"_s},
        {u"automation.dryRun"_s, u"a"_s},
        {u"automation.runNow"_s, u"a"_s},
        {u"automation.runs"_s, u"agv"_s},
        {u"jobs.list"_s, u"agv"_s},
        {u"jobs.retry"_s, u"a"_s},
        {u"jobs.discard"_s, u"a"_s},
        {u"broadcast.create"_s, u"a"_s},
        {u"broadcast.list"_s, u"agv"_s},
        {u"broadcast.get"_s, u"agv"_s},
        {u"broadcast.cancel"_s, u"a"_s},
    };
    return m;
}

bool denied(const CommandResponse &r)
{
    return r.status.code() == Status::Code::PermissionDenied ||
           r.status.code() == Status::Code::Unauthenticated;
}

} // namespace

class AccessTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<HostFixture> m_fixture;
    qint64 m_contactId = 0;

    HostFixture &fx() { return *m_fixture; }

    QList<QJsonObject> auditEntries(const QString &action)
    {
        const CommandResponse r = fx().call(u"audit.list"_s, {{u"action"_s, action}});
        QList<QJsonObject> out;
        for (const QJsonValue &v : r.result[u"items"_s].toArray())
            out.append(v.toObject());
        return out;
    }

private Q_SLOTS:
    void init()
    {
        m_fixture = std::make_unique<HostFixture>(
            QMap<QString, QString>{}, QString(),
            QVariantMap{{u"auth/maxFailedLogins"_s, 3}, {u"auth/lockMinutes"_s, 15}});
        QVERIFY(fx().start().isOk());
        Contact c;
        c.displayName = u"Dewi Lestari"_s;
        c.phone = u"+6281234567890"_s;
        c.email = u"dewi@example.com"_s;
        c.policyNumber = u"POL-778899"_s;
        Storage *storage = fx().host().storage();
        const Status s = storage->writer().run([&](QSqlDatabase &db) {
            Result<qint64> id = ContactRepository(db, storage->cipher()).insert(c);
            m_contactId = id.isOk() ? id.value() : 0;
            return id.status();
        });
        QVERIFY2(s.isOk(), qPrintable(s.message()));
    }

    void cleanup() { m_fixture.reset(); }

    void everyCommandFollowsTheDeclaredMatrix()
    {
        QMap<QChar, Session> sessions;
        sessions.insert(u'a', fx().createOperatorAndLogin(u"ada@example.com"_s, u"admin"_s));
        sessions.insert(u'g', fx().createOperatorAndLogin(u"gus@example.com"_s, u"agent"_s));
        sessions.insert(u'v', fx().createOperatorAndLogin(u"vera@example.com"_s, u"viewer"_s));
        for (const Session &s : std::as_const(sessions))
            QVERIFY2(s.status.isOk(), qPrintable(s.status.message()));

        QList<ConsoleApi::CommandInfo> commands;
        QMetaObject::invokeMethod(
            fx().host().consoleApi(), [&] { commands = fx().host().consoleApi()->commands(); },
            Qt::BlockingQueuedConnection);
        QVERIFY(commands.size() >= declaredMatrix().size());
        // auth.logout ends the session, so it runs last for each role.
        std::stable_partition(commands.begin(), commands.end(),
                              [](const auto &c) { return c.name != u"auth.logout"_s; });

        for (const ConsoleApi::CommandInfo &command : std::as_const(commands)) {
            QVERIFY2(declaredMatrix().contains(command.name),
                     qPrintable(u"\""_s + command.name +
                                u"\" has no row in the declared permission matrix"_s));
            const QString allowed = declaredMatrix().value(command.name);
            for (auto it = sessions.cbegin(); it != sessions.cend(); ++it) {
                const bool expected = allowed.contains(it.key());
                const CommandResponse r =
                    fx().callWithToken(it.value().accessToken, command.name, {});
                const QString where = command.name + u" as "_s + it.key() + u": "_s +
                                      r.status.codeName() + u' ' + r.status.message();
                QVERIFY2(denied(r) != expected, qPrintable(where));
            }
        }
    }

    void withoutATokenOnlyPublicCommandsRun()
    {
        CommandResponse r = fx().callWithToken({}, u"conversations.list"_s);
        QCOMPARE(r.status.code(), Status::Code::Unauthenticated);
        r = fx().callWithToken(u"forged.token"_s, u"contacts.list"_s);
        QCOMPARE(r.status.code(), Status::Code::Unauthenticated);
        r = fx().callWithToken({}, u"auth.status"_s);
        QVERIFY(r.status.isOk());
        QCOMPARE(r.result[u"needsSetup"_s].toBool(), true);
        QCOMPARE(r.result[u"signedIn"_s].toBool(), false);
    }

    void firstRunSetupCreatesOneAdministratorOnly()
    {
        CommandResponse r =
            fx().callWithToken({}, u"auth.setupAdmin"_s,
                               {{u"email"_s, u"Owner@Example.com"_s}, {u"password"_s, u"short"_s}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
        QVERIFY(r.status.message().startsWith(u"password:"_s));
        r = fx().callWithToken({}, u"auth.setupAdmin"_s,
                               {{u"email"_s, u"Owner@Example.com"_s}, {u"password"_s, kPassword}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        const QString token = r.result[u"accessToken"_s].toString();
        QCOMPARE(r.result[u"operator"_s][u"role"_s].toString(), u"admin"_s);
        QCOMPARE(r.result[u"operator"_s][u"email"_s].toString(), u"owner@example.com"_s);
        r = fx().callWithToken(token, u"operators.list"_s);
        QVERIFY(r.status.isOk());
        QCOMPARE(r.result[u"operators"_s].toArray().size(), 1);
        // A second "setup" is refused: it would be a way in for anyone.
        r = fx().callWithToken(
            {}, u"auth.setupAdmin"_s,
            {{u"email"_s, u"mallory@example.com"_s}, {u"password"_s, kPassword}});
        QCOMPARE(r.status.code(), Status::Code::FailedPrecondition);
        r = fx().callWithToken(token, u"auth.status"_s);
        QCOMPARE(r.result[u"needsSetup"_s].toBool(), false);
        QCOMPARE(r.result[u"signedIn"_s].toBool(), true);
    }

    void repeatedFailuresLockTheAccountUntilAnAdminUnlocks()
    {
        const Session gus = fx().createOperatorAndLogin(u"gus@example.com"_s, u"agent"_s);
        QVERIFY(gus.status.isOk());
        for (int i = 0; i < 3; ++i) {
            const Session s = fx().login(u"gus@example.com"_s, u"wrong password 1"_s);
            QCOMPARE(s.status.code(), Status::Code::Unauthenticated);
        }
        Session s = fx().login(u"gus@example.com"_s, kPassword);
        QCOMPARE(s.status.code(), Status::Code::PermissionDenied);
        QVERIFY(s.status.message().contains(u"locked"_s));
        // Unknown e-mails fail the same way as wrong passwords.
        s = fx().login(u"nobody@example.com"_s, kPassword);
        QCOMPARE(s.status.code(), Status::Code::Unauthenticated);
        QCOMPARE(s.status.message(), u"wrong e-mail or password"_s);

        CommandResponse r = fx().call(u"operators.list"_s);
        QJsonObject row;
        for (const QJsonValue &v : r.result[u"operators"_s].toArray()) {
            if (v[u"email"_s].toString() == u"gus@example.com"_s)
                row = v.toObject();
        }
        QVERIFY(!row.value(u"lockedUntil"_s).toString().isEmpty());

        r = fx().call(u"operator.update"_s, {{u"id"_s, gus.operatorId}, {u"unlock"_s, true}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QVERIFY(r.result[u"lockedUntil"_s].toString().isEmpty());
        QVERIFY(fx().login(u"gus@example.com"_s, kPassword).status.isOk());

        QCOMPARE(auditEntries(u"login.failure"_s).size(), 5); // 3 wrong, 1 locked, 1 unknown
        QVERIFY(auditEntries(u"login.success"_s).size() >= 2);
        const QList<QJsonObject> updates = auditEntries(u"operator.update"_s);
        QCOMPARE(updates.size(), 1);
        QCOMPARE(updates.first()[u"detail"_s][u"unlocked"_s].toBool(), true);
    }

    void refreshIssuesANewAccessTokenAndLogoutRevokesBoth()
    {
        const Session s = fx().createOperatorAndLogin(u"vera@example.com"_s, u"viewer"_s);
        QVERIFY(s.status.isOk());
        CommandResponse r =
            fx().callWithToken({}, u"auth.refresh"_s, {{u"refreshToken"_s, s.refreshToken}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        const QString renewed = r.result[u"accessToken"_s].toString();
        QVERIFY(!renewed.isEmpty());
        QCOMPARE(r.result[u"expiresIn"_s].toInt(), 15 * 60);
        QVERIFY(fx().callWithToken(renewed, u"auth.me"_s).status.isOk());

        QVERIFY(fx().callWithToken(renewed, u"auth.logout"_s).status.isOk());
        QCOMPARE(fx().callWithToken(s.accessToken, u"auth.me"_s).status.code(),
                 Status::Code::Unauthenticated);
        QCOMPARE(fx().callWithToken(renewed, u"auth.me"_s).status.code(),
                 Status::Code::Unauthenticated);
        r = fx().callWithToken({}, u"auth.refresh"_s, {{u"refreshToken"_s, s.refreshToken}});
        QCOMPARE(r.status.code(), Status::Code::Unauthenticated);
    }

    void passwordChangeAndDisablingEndEverySession()
    {
        const Session first = fx().createOperatorAndLogin(u"gus@example.com"_s, u"agent"_s);
        const Session second = fx().login(u"gus@example.com"_s, kPassword);
        QVERIFY(first.status.isOk() && second.status.isOk());
        CommandResponse r = fx().callWithToken(first.accessToken, u"auth.changePassword"_s,
                                               {{u"currentPassword"_s, u"not it at all 9"_s},
                                                {u"newPassword"_s, u"another horse 43"_s}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
        QVERIFY(fx().callWithToken(second.accessToken, u"auth.me"_s).status.isOk());
        r = fx().callWithToken(
            first.accessToken, u"auth.changePassword"_s,
            {{u"currentPassword"_s, kPassword}, {u"newPassword"_s, u"another horse 43"_s}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        for (const Session &s : {first, second}) {
            QCOMPARE(fx().callWithToken(s.accessToken, u"auth.me"_s).status.code(),
                     Status::Code::Unauthenticated);
            QCOMPARE(
                fx().callWithToken({}, u"auth.refresh"_s, {{u"refreshToken"_s, s.refreshToken}})
                    .status.code(),
                Status::Code::Unauthenticated);
        }
        QCOMPARE(fx().login(u"gus@example.com"_s, kPassword).status.code(),
                 Status::Code::Unauthenticated);
        const Session third = fx().login(u"gus@example.com"_s, u"another horse 43"_s);
        QVERIFY(third.status.isOk());

        r = fx().call(u"operator.update"_s, {{u"id"_s, third.operatorId}, {u"disabled"_s, true}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QCOMPARE(fx().callWithToken(third.accessToken, u"auth.me"_s).status.code(),
                 Status::Code::Unauthenticated);
        QCOMPARE(fx().login(u"gus@example.com"_s, u"another horse 43"_s).status.code(),
                 Status::Code::Unauthenticated);
    }

    void theLastAdministratorCannotBeRemoved()
    {
        const Session ada = fx().createOperatorAndLogin(u"ada@example.com"_s, u"admin"_s);
        CommandResponse r =
            fx().callWithToken(ada.accessToken, u"operator.update"_s,
                               {{u"id"_s, ada.operatorId}, {u"role"_s, u"agent"_s}});
        QCOMPARE(r.status.code(), Status::Code::FailedPrecondition);
        r = fx().callWithToken(ada.accessToken, u"operator.update"_s,
                               {{u"id"_s, ada.operatorId}, {u"disabled"_s, true}});
        QCOMPARE(r.status.code(), Status::Code::FailedPrecondition);
    }

    void roleChangesTakeEffectOnTheNextCommand()
    {
        const Session gus = fx().createOperatorAndLogin(u"gus@example.com"_s, u"agent"_s);
        QVERIFY(!denied(fx().callWithToken(gus.accessToken, u"conversation.markRead"_s)));
        QVERIFY(
            fx().call(u"operator.update"_s, {{u"id"_s, gus.operatorId}, {u"role"_s, u"viewer"_s}})
                .status.isOk());
        QCOMPARE(fx().callWithToken(gus.accessToken, u"conversation.markRead"_s).status.code(),
                 Status::Code::PermissionDenied);
    }

    void personalFieldsAreMaskedUntilRevealedAndEveryRevealIsAudited()
    {
        const Session gus = fx().createOperatorAndLogin(u"gus@example.com"_s, u"agent"_s);
        const Session vera = fx().createOperatorAndLogin(u"vera@example.com"_s, u"viewer"_s);
        CommandResponse r =
            fx().callWithToken(vera.accessToken, u"contact.get"_s, {{u"id"_s, m_contactId}});
        QVERIFY(r.status.isOk());
        const QJsonObject masked = r.result[u"contact"_s].toObject();
        QVERIFY(masked[u"phone"_s].toString() != u"+6281234567890"_s);
        QVERIFY(masked[u"phone"_s].toString().endsWith(u"890"_s));
        QVERIFY(!masked[u"email"_s].toString().contains(u"dewi@"_s));
        QVERIFY(auditEntries(u"contact.reveal"_s).isEmpty());

        r = fx().callWithToken(vera.accessToken, u"contact.get"_s,
                               {{u"id"_s, m_contactId}, {u"reveal"_s, QJsonArray{u"phone"_s}}});
        QCOMPARE(r.status.code(), Status::Code::PermissionDenied);
        QVERIFY(auditEntries(u"contact.reveal"_s).isEmpty());

        r = fx().callWithToken(
            gus.accessToken, u"contact.get"_s,
            {{u"id"_s, m_contactId}, {u"reveal"_s, QJsonArray{u"phone"_s, u"policyNumber"_s}}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QCOMPARE(r.result[u"contact"_s][u"phone"_s].toString(), u"+6281234567890"_s);
        QCOMPARE(r.result[u"contact"_s][u"policyNumber"_s].toString(), u"POL-778899"_s);
        QVERIFY(r.result[u"contact"_s][u"email"_s].toString() != u"dewi@example.com"_s);

        const QList<QJsonObject> reveals = auditEntries(u"contact.reveal"_s);
        QCOMPARE(reveals.size(), 1);
        const QJsonObject e = reveals.first();
        QCOMPARE(e[u"operatorId"_s].toInteger(), gus.operatorId);
        QCOMPARE(e[u"operatorEmail"_s].toString(), u"gus@example.com"_s);
        QCOMPARE(e[u"targetType"_s].toString(), u"contact"_s);
        QCOMPARE(e[u"targetId"_s].toString(), QString::number(m_contactId));
        QCOMPARE(e[u"detail"_s][u"fields"_s].toArray(),
                 (QJsonArray{u"phone"_s, u"policyNumber"_s}));
        QVERIFY(!e[u"at"_s].toString().isEmpty());
        // The values themselves never go into the log.
        QVERIFY(fx().scalar(u"SELECT count(*) FROM audit_log WHERE detail LIKE '%6281234567890%' "
                            u"OR detail LIKE '%778899%'"_s)
                    .toInt() == 0);
    }

    void exportsAreForAdministratorsAndAudited()
    {
        const Session gus = fx().createOperatorAndLogin(u"gus@example.com"_s, u"agent"_s);
        const Session ada = fx().createOperatorAndLogin(u"ada@example.com"_s, u"admin"_s);
        QCOMPARE(fx().callWithToken(gus.accessToken, u"contacts.export"_s).status.code(),
                 Status::Code::PermissionDenied);
        const CommandResponse r = fx().callWithToken(ada.accessToken, u"contacts.export"_s);
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QCOMPARE(r.result[u"count"_s].toInt(), 1);
        const QStringList lines =
            r.result[u"csv"_s].toString().split(u"\r\n"_s, Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.at(0), u"id,name,phone,email,policy_number,date_of_birth,language"_s);
        QCOMPARE(lines.at(1), QString::number(m_contactId) +
                                  u",Dewi Lestari,+6281234567890,dewi@example.com,POL-778899,,"_s);
        const QList<QJsonObject> exports = auditEntries(u"contacts.export"_s);
        QCOMPARE(exports.size(), 1);
        QCOMPARE(exports.first()[u"operatorId"_s].toInteger(), ada.operatorId);
        QCOMPARE(exports.first()[u"detail"_s][u"count"_s].toInt(), 1);
    }

    void settingsChangesAreAudited()
    {
        const Session ada = fx().createOperatorAndLogin(u"ada@example.com"_s, u"admin"_s);
        const CommandResponse r =
            fx().callWithToken(ada.accessToken, u"channel.configure"_s,
                               {{u"key"_s, u"telegram-webhook-secret"_s},
                                {u"value"_s, u"s3cret-value-that-stays-out"_s}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QTRY_COMPARE(auditEntries(u"channel.configure"_s).size(), 1);
        const QJsonObject e = auditEntries(u"channel.configure"_s).first();
        QCOMPARE(e[u"operatorId"_s].toInteger(), ada.operatorId);
        QCOMPARE(e[u"targetId"_s].toString(), u"telegram-webhook-secret"_s);
        QVERIFY(e[u"detail"_s][u"params"_s].toArray().contains(u"value"_s));
        QVERIFY(
            fx().scalar(u"SELECT count(*) FROM audit_log WHERE detail LIKE '%s3cret%'"_s).toInt() ==
            0);
    }

    void theAuditChainDetectsEditsDeletionsAndReordering_data()
    {
        QTest::addColumn<QString>("tamper");
        QTest::addColumn<qint64>("brokenAt");
        QTest::newRow("edit") << u"UPDATE audit_log SET target_id = '999' WHERE id = 3"_s
                              << qint64(3);
        QTest::newRow("delete") << u"DELETE FROM audit_log WHERE id = 2"_s << qint64(2);
        // Swapping the content of two entries (ids and hashes kept in place).
        QTest::newRow("reorder")
            << u"UPDATE audit_log SET action = CASE id WHEN 2 THEN (SELECT action FROM audit_log "
               u"WHERE id = 4) ELSE (SELECT action FROM audit_log WHERE id = 2) END, "
               u"at = CASE id WHEN 2 THEN (SELECT at FROM audit_log WHERE id = 4) ELSE "
               u"(SELECT at FROM audit_log WHERE id = 2) END WHERE id IN (2, 4)"_s
            << qint64(2);
        QTest::newRow("forged hash")
            << u"UPDATE audit_log SET detail = '{}', hash = prev_hash WHERE id = 4"_s << qint64(4);
        QTest::newRow("tail removed") << u"DELETE FROM audit_log WHERE id >= 5"_s << qint64(5);
    }

    void theAuditChainDetectsEditsDeletionsAndReordering()
    {
        QFETCH(QString, tamper);
        QFETCH(qint64, brokenAt);
        for (int i = 0; i < 3; ++i)
            QVERIFY(fx().call(u"contact.get"_s,
                              {{u"id"_s, m_contactId}, {u"reveal"_s, QJsonArray{u"email"_s}}})
                        .status.isOk());
        QVERIFY(fx().createOperatorAndLogin(u"gus@example.com"_s, u"agent"_s).status.isOk());
        CommandResponse r = fx().call(u"audit.verify"_s);
        QVERIFY(r.result[u"ok"_s].toBool());
        QVERIFY(r.result[u"entries"_s].toInteger() >= 5);

        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tamper"_s);
        db.setDatabaseName(fx().dataDir() + u"/aiochat.db"_s);
        QVERIFY(db.open());
        {
            QSqlQuery q(db);
            QVERIFY2(q.exec(tamper), qPrintable(tamper));
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"tamper"_s);

        r = fx().call(u"audit.verify"_s);
        QVERIFY(r.status.isOk());
        QCOMPARE(r.result[u"ok"_s].toBool(), false);
        QCOMPARE(r.result[u"brokenAt"_s].toInteger(), brokenAt);
        QVERIFY(!r.result[u"reason"_s].toString().isEmpty());
    }

    void auditListFiltersByOperatorTargetAndPages()
    {
        const Session gus = fx().createOperatorAndLogin(u"gus@example.com"_s, u"agent"_s);
        for (int i = 0; i < 5; ++i)
            QVERIFY(
                fx().callWithToken(gus.accessToken, u"contact.get"_s,
                                   {{u"id"_s, m_contactId}, {u"reveal"_s, QJsonArray{u"phone"_s}}})
                    .status.isOk());
        CommandResponse r = fx().call(
            u"audit.list"_s,
            {{u"operatorId"_s, gus.operatorId}, {u"targetType"_s, u"contact"_s}, {u"limit"_s, 3}});
        QVERIFY(r.status.isOk());
        QCOMPARE(r.result[u"items"_s].toArray().size(), 3);
        const QString cursor = r.result[u"nextCursor"_s].toString();
        QVERIFY(!cursor.isEmpty());
        r = fx().call(u"audit.list"_s, {{u"operatorId"_s, gus.operatorId},
                                        {u"targetType"_s, u"contact"_s},
                                        {u"limit"_s, 3},
                                        {u"cursor"_s, cursor}});
        QCOMPARE(r.result[u"items"_s].toArray().size(), 2);
        QVERIFY(r.result[u"nextCursor"_s].toString().isEmpty());
        r = fx().call(u"audit.list"_s, {{u"action"_s, u"login"_s}});
        for (const QJsonValue &v : r.result[u"items"_s].toArray())
            QVERIFY(v[u"action"_s].toString().startsWith(u"login."_s));
        QVERIFY(!r.result[u"items"_s].toArray().isEmpty());
    }
};

QTEST_GUILESS_MAIN(AccessTest)
#include "tst_access.moc"
