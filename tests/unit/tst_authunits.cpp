// The pieces of authentication that need no backend: password hashes, password rules, tokens.
#include "security/loginthrottle.h"
#include "security/passwordhasher.h"
#include "security/role.h"
#include "security/tokenservice.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;

class AuthUnitsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hashesCarryTheirParametersAndVerify()
    {
        const PasswordHasher weak(PasswordHasher::Params{12, 8, 1});
        const QString hash = weak.hash(u"correct horse 42"_s);
        QVERIFY(hash.startsWith(u"scrypt$ln=12,r=8,p=1$"_s));
        QVERIFY(weak.verify(u"correct horse 42"_s, hash));
        QVERIFY(!weak.verify(u"correct horse 43"_s, hash));
        // Same password, new salt: hashes differ.
        QVERIFY(weak.hash(u"correct horse 42"_s) != hash);
        // A stronger hasher still verifies the old hash and says it should be redone.
        const PasswordHasher strong;
        QVERIFY(strong.verify(u"correct horse 42"_s, hash));
        QVERIFY(strong.needsRehash(hash));
        QVERIFY(!weak.needsRehash(hash));
    }

    void malformedHashesNeverVerify()
    {
        const PasswordHasher hasher(PasswordHasher::Params{12, 8, 1});
        for (const QString &stored : {u""_s, u"scrypt$"_s, u"scrypt$ln=99,r=8,p=1$AAAA$AAAA"_s,
                                      u"pbkdf2$whatever"_s, u"plain text password"_s})
            QVERIFY2(!hasher.verify(u"plain text password"_s, stored), qPrintable(stored));
    }

    void passwordRules_data()
    {
        QTest::addColumn<QString>("password");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("short") << u"Ab1!"_s << false;
        QTest::newRow("one kind") << u"abcdefghijkl"_s << false;
        QTest::newRow("digits only") << u"123456789012"_s << false;
        QTest::newRow("contains the e-mail name") << u"Operator-2026"_s << false;
        QTest::newRow("two kinds, long enough") << u"correct horse"_s << true;
        QTest::newRow("passphrase with digits") << u"correct horse 42"_s << true;
    }

    void passwordRules()
    {
        QFETCH(QString, password);
        QFETCH(bool, accepted);
        QCOMPARE(PasswordHasher::checkRules(password, u"operator@example.com"_s).isEmpty(),
                 accepted);
    }

    void tokensAreSignedAndExpire()
    {
        const TokenService tokens(QByteArray(32, 'k'));
        const TokenClaims claims{7, 11, 3, 1'000'000, 1'000'000 + 15 * 60'000};
        const QString token = tokens.issue(claims);
        Result<TokenClaims> r = tokens.verify(token, 1'000'000 + 60'000);
        QVERIFY(r.isOk());
        QCOMPARE(r->operatorId, 7);
        QCOMPARE(r->sessionId, 11);
        QCOMPARE(r->generation, 3);
        // One millisecond past the expiry it is refused.
        r = tokens.verify(token, claims.expiresAt);
        QCOMPARE(r.status().code(), Status::Code::Unauthenticated);
        QVERIFY(r.status().message().contains(u"expired"_s));
        // Another instance's key does not verify it.
        QVERIFY(!TokenService(QByteArray(32, 'x')).verify(token, 1'000'001).isOk());
    }

    void alteredTokensAreRefused()
    {
        const TokenService tokens(QByteArray(32, 'k'));
        const QString token = tokens.issue({7, 11, 3, 1'000'000, 9'000'000'000'000});
        const QString payload = token.section(u'.', 0, 0);
        const QString signature = token.section(u'.', 1);
        // Claim to be operator 1 with the old signature.
        const QString forgedPayload = QString::fromLatin1(
            QByteArray(R"({"exp":9000000000000,"gen":3,"iat":1000000,"sid":11,"sub":1})")
                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        for (const QString &bad : {forgedPayload + u'.' + signature, payload + u".AAAA"_s, payload,
                                   u"."_s, QString(), token + u'x'})
            QVERIFY2(!tokens.verify(bad, 1'000'001).isOk(), qPrintable(bad));
        QVERIFY(tokens.verify(token, 1'000'001).isOk());
    }

    void refreshTokensAreRandomAndStoredHashed()
    {
        const QString a = TokenService::newRefreshToken();
        const QString b = TokenService::newRefreshToken();
        QVERIFY(a != b);
        QVERIFY(a.size() >= 40);
        QCOMPARE(TokenService::hashRefreshToken(a), TokenService::hashRefreshToken(a));
        QVERIFY(TokenService::hashRefreshToken(a) != a);
    }

    void throttleCountsAttemptsWhenTheyStart()
    {
        LoginThrottle t({3, 10, 15});
        const QString me = u"ops@example.com"_s;
        // Three guesses in flight at once fill the allowance; a fourth waits for them.
        for (int i = 0; i < 3; ++i)
            QVERIFY(t.begin(me, u"a"_s, 1000).allowed);
        const LoginThrottle::Admission fourth = t.begin(me, u"a"_s, 1000);
        QVERIFY(!fourth.allowed);
        QCOMPARE(fourth.lockedUntil, 0);
        QCOMPARE(t.finish(me, u"a"_s, false, 1100), LoginThrottle::Outcome::Failed);
        QCOMPARE(t.finish(me, u"a"_s, false, 1100), LoginThrottle::Outcome::Failed);
        QCOMPARE(t.finish(me, u"a"_s, false, 1100), LoginThrottle::Outcome::LockedAddress);
        const LoginThrottle::Admission locked = t.begin(me, u"a"_s, 1200);
        QVERIFY(!locked.allowed);
        QCOMPARE(locked.lockedUntil, 1100 + 15 * 60'000);
        // Another address is not locked; after the lock time the first one may try again.
        QVERIFY(t.begin(me, u"b"_s, 1200).allowed);
        QCOMPARE(t.finish(me, u"b"_s, true, 1300), LoginThrottle::Outcome::Accepted);
        QVERIFY(t.begin(me, u"a"_s, 1100 + 15 * 60'000 + 1).allowed);
    }

    void guessesInFlightHoldTheAllowanceUntilTheyFinish()
    {
        LoginThrottle t({2, 10, 15});
        const QString me = u"ops@example.com"_s;
        QVERIFY(t.begin(me, u"a"_s, 0).allowed); // the right password, slow to check
        QVERIFY(t.begin(me, u"a"_s, 0).allowed);
        QCOMPARE(t.finish(me, u"a"_s, false, 10), LoginThrottle::Outcome::Failed);
        // One failure and one check still running: no room for a third guess yet.
        QVERIFY(!t.begin(me, u"a"_s, 20).allowed);
        QCOMPARE(t.finish(me, u"a"_s, true, 40), LoginThrottle::Outcome::Accepted);
        QVERIFY(t.begin(me, u"a"_s, 50).allowed);
    }

    void lateFailuresNeverClearALock()
    {
        LoginThrottle t({2, 10, 15});
        const QString me = u"ops@example.com"_s;
        for (int i = 0; i < 2; ++i)
            QVERIFY(t.begin(me, u"a"_s, 0).allowed);
        QCOMPARE(t.finish(me, u"a"_s, false, 10), LoginThrottle::Outcome::Failed);
        QCOMPARE(t.finish(me, u"a"_s, false, 10), LoginThrottle::Outcome::LockedAddress);
        const Millis until = t.lockedUntil(me, 10);
        QVERIFY(until > 10);
        // An attempt admitted from elsewhere fails after the lock: the lock stays as it was.
        QVERIFY(t.begin(me, u"b"_s, 20).allowed);
        QCOMPARE(t.finish(me, u"b"_s, false, 30), LoginThrottle::Outcome::Failed);
        QCOMPARE(t.lockedUntil(me, 30), until);
        t.clear(me);
        QCOMPARE(t.lockedUntil(me, 30), 0);
        QVERIFY(t.begin(me, u"a"_s, 40).allowed);
    }

    void manyAddressesLockTheAccountAndUnknownEmailsAnswerAlike()
    {
        LoginThrottle t({5, 4, 15});
        for (const QString &email : {u"ops@example.com"_s, u"nobody@example.com"_s}) {
            LoginThrottle::Outcome last{};
            for (int i = 0; i < 4; ++i) {
                const QString address = u"198.51.100."_s + QString::number(i);
                QVERIFY(t.begin(email, address, i).allowed);
                last = t.finish(email, address, false, i);
            }
            QCOMPARE(last, LoginThrottle::Outcome::LockedAccount);
            QVERIFY(!t.begin(email, u"192.0.2.1"_s, 10).allowed);
        }
    }

    void throttleMemoryIsBounded()
    {
        LoginThrottle t({5, 25, 15}, 100);
        for (int i = 0; i < 1000; ++i) {
            const QString email = u"guess%1@example.com"_s.arg(i);
            QVERIFY(t.begin(email, u"a"_s, i).allowed);
            QCOMPARE(t.finish(email, u"a"_s, false, i), LoginThrottle::Outcome::Failed);
        }
        QVERIFY2(t.size() <= 102, qPrintable(QString::number(t.size())));
    }

    void theRoleMatrixGivesViewersNoWritesAndAgentsNoAdministration()
    {
        QVERIFY(roleAllows(Role::Viewer, Permission::ContactsRead));
        QVERIFY(!roleAllows(Role::Viewer, Permission::ContactsReveal));
        QVERIFY(!roleAllows(Role::Viewer, Permission::ConversationsWrite));
        QVERIFY(roleAllows(Role::Agent, Permission::ContactsReveal));
        QVERIFY(!roleAllows(Role::Agent, Permission::OperatorsManage));
        QVERIFY(!roleAllows(Role::Agent, Permission::AuditRead));
        QVERIFY(!roleAllows(Role::Agent, Permission::ChannelsManage));
        QVERIFY(roleAllows(Role::Admin, Permission::AuditRead));
        QCOMPARE(roleFromString(u"agent"_s), std::optional<Role>(Role::Agent));
        QVERIFY(!roleFromString(u"root"_s));
    }
};

QTEST_GUILESS_MAIN(AuthUnitsTest)
#include "tst_authunits.moc"
