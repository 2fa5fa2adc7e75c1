// What access control costs: a login's password check (slow on purpose, but bounded), the
// per-command price of authenticating a token and checking the role, and the price of an audit
// entry — measured on the real backend, with the unguarded path as the baseline in the same run.
#include "api/consoleapi.h"
#include "benchstats.h"
#include "hostfixture.h"
#include "logging/logsetup.h"
#include "security/auditlog.h"
#include "security/authservice.h"
#include "security/passwordhasher.h"
#include "storage/contactrepository.h"
#include "storage/storage.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QThread>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::bench;

namespace {

// One command from this (main) thread, waiting for its answer without polling.
double roundTripMicros(ConsoleApi *api,
                       const std::function<void(ConsoleApi *, ConsoleApi::Reply)> &run)
{
    QEventLoop loop;
    QElapsedTimer timer;
    bool failed = false;
    timer.start();
    QMetaObject::invokeMethod(api, [&, api] {
        run(api, [&loop, &failed](const CommandResponse &r) {
            failed = !r.status.isOk();
            QMetaObject::invokeMethod(
                &loop, [&loop] { loop.quit(); }, Qt::QueuedConnection);
        });
    });
    loop.exec();
    const double us = double(timer.nsecsElapsed()) / 1000.0;
    if (failed)
        std::fprintf(stderr, "a measured command failed\n");
    return us;
}

void printLine(const char *label, const Percentiles &p, const char *unit)
{
    std::printf("  %-52s p50 %8.1f %s  p95 %8.1f %s  p99 %8.1f %s  max %8.1f %s\n", label, p.p50,
                unit, p.p95, unit, p.p99, unit, p.max, unit);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    QCommandLineParser parser;
    parser.addOptions({{u"samples"_s, u"Commands per measurement."_s, u"N"_s, u"3000"_s}});
    parser.addHelpOption();
    parser.process(app);
    const int samples = parser.value(u"samples"_s).toInt();
    (void)initLogging({{}, u"warning"_s, true});

    std::printf("AIO-CHAT access-control benchmark — %d-core machine, SQLite, %d commands per "
                "measurement\n\n",
                QThread::idealThreadCount(), samples);

    // 1. The password hash.
    {
        const PasswordHasher hasher;
        const QString stored = hasher.hash(u"correct horse 42"_s);
        QList<double> ms;
        for (int i = 0; i < 20; ++i) {
            QElapsedTimer t;
            t.start();
            if (!hasher.verify(u"correct horse 42"_s, stored))
                return 1;
            ms.append(double(t.nsecsElapsed()) / 1e6);
        }
        std::printf("password verification (scrypt, parameters %s):\n",
                    qPrintable(stored.section(u'$', 1, 1)));
        printLine("one check", percentiles(ms), "ms");
    }

    test::HostFixture fx;
    if (!fx.start().isOk())
        return 1;
    ConsoleApi *api = fx.host().consoleApi();
    const test::Session admin = fx.createOperatorAndLogin(u"ada@example.com"_s, u"admin"_s);
    if (!admin.status.isOk()) {
        std::fprintf(stderr, "login failed: %s\n", qPrintable(admin.status.message()));
        return 1;
    }

    // 2. A whole login through the Console API (hash on a worker, session row, audit entry).
    {
        QList<double> ms;
        for (int i = 0; i < 10; ++i) {
            ms.append(roundTripMicros(api,
                                      [](ConsoleApi *a, const ConsoleApi::Reply &reply) {
                                          a->executeWithToken(
                                              u"auth.login"_s,
                                              {{u"email"_s, u"ada@example.com"_s},
                                               {u"password"_s, u"correct horse 42"_s}},
                                              {}, u"bench"_s, reply);
                                      }) /
                      1000.0);
        }
        printLine("auth.login end to end (target 50-250 ms)", percentiles(ms), "ms");
    }

    // 3. Per command: trusted dispatch vs token + role check, on the core thread itself so the
    //    figure is the dispatcher's cost and not thread hops.
    {
        double trusted = 0;
        double authenticated = 0;
        const QString token = admin.accessToken;
        QMetaObject::invokeMethod(
            api,
            [&] {
                const ConsoleApi::Reply ignore = [](const CommandResponse &) {};
                for (int round = 0; round < 2; ++round) { // the first round warms up
                    QElapsedTimer t;
                    t.start();
                    for (int i = 0; i < samples * 10; ++i)
                        api->execute({u"system.info"_s, {}, OperatorContext::localAdministrator()},
                                     ignore);
                    trusted = double(t.nsecsElapsed()) / 1000.0 / (samples * 10);
                    t.restart();
                    for (int i = 0; i < samples * 10; ++i)
                        api->executeWithToken(u"system.info"_s, {}, token, u"bench"_s, ignore);
                    authenticated = double(t.nsecsElapsed()) / 1000.0 / (samples * 10);
                }
            },
            Qt::BlockingQueuedConnection);
        std::printf("\nper command (system.info, answered on the core thread):\n");
        std::printf("  %-52s %8.2f µs\n", "trusted dispatch (no token, baseline)", trusted);
        std::printf("  %-52s %8.2f µs\n", "token verified + session + role checked", authenticated);
        std::printf("  %-52s %8.2f µs\n", "  added by authentication and authorisation",
                    authenticated - trusted);
    }

    // 4. Audit entries: appended inside a transaction (how operator changes are traced), and
    //    committed before an answer (how a reveal is traced).
    {
        Storage &storage = *fx.host().storage();
        const AuditLog &audit = *fx.host().auditLog();
        QElapsedTimer t;
        t.start();
        const int batch = samples;
        const Status s = storage.writer().run([&](QSqlDatabase &db) -> Status {
            for (int i = 0; i < batch; ++i) {
                if (Status e = audit.append(db, {1,
                                                 u"ada@example.com"_s,
                                                 u"bench"_s,
                                                 u"contact"_s,
                                                 QString::number(i),
                                                 {}});
                    !e.isOk())
                    return e;
            }
            return Status::ok();
        });
        if (!s.isOk())
            return 1;
        const double inTransaction = double(t.nsecsElapsed()) / 1000.0 / batch;
        QList<double> committed;
        for (int i = 0; i < samples / 3; ++i) {
            QElapsedTimer one;
            one.start();
            if (!audit
                     .appendAndWait(storage.writer(), {1,
                                                       u"ada@example.com"_s,
                                                       u"bench"_s,
                                                       u"contact"_s,
                                                       QString::number(i),
                                                       {}})
                     .isOk())
                return 1;
            committed.append(double(one.nsecsElapsed()) / 1000.0);
        }
        std::printf("\naudit entries (hash-chained, HMAC-SHA256):\n");
        std::printf("  %-52s %8.2f µs\n", "appended inside the caller's transaction",
                    inTransaction);
        printLine("appended and committed on its own (reveal path)", percentiles(committed), "µs");
    }

    // 5. End to end: reading a contact, with and without revealing a field.
    {
        Storage &storage = *fx.host().storage();
        qint64 contactId = 0;
        (void)storage.writer().run([&](QSqlDatabase &db) {
            Contact c;
            c.displayName = u"Dewi"_s;
            c.phone = u"+6281234567890"_s;
            const Result<qint64> id = ContactRepository(db, storage.cipher()).insert(c);
            contactId = id.isOk() ? id.value() : 0;
            return id.status();
        });
        const QString token = admin.accessToken;
        auto measure = [&](const QJsonObject &params) {
            QList<double> us;
            for (int i = 0; i < samples / 3; ++i)
                us.append(roundTripMicros(api, [&](ConsoleApi *a, const ConsoleApi::Reply &reply) {
                    a->executeWithToken(u"contact.get"_s, params, token, u"bench"_s, reply);
                }));
            return percentiles(us);
        };
        measure({{u"id"_s, contactId}}); // warm-up
        const Percentiles plain = measure({{u"id"_s, contactId}});
        const Percentiles revealed =
            measure({{u"id"_s, contactId}, {u"reveal"_s, QJsonArray{u"phone"_s}}});
        std::printf("\ncontact.get round trip from the GUI thread:\n");
        printLine("masked (no audit entry)", plain, "µs");
        printLine("revealing the phone (audit entry committed first)", revealed, "µs");
        std::printf("  %-52s %8.1f µs (p50)\n", "  added by the audited reveal",
                    revealed.p50 - plain.p50);
    }
    fx.stop();
    shutdownLogging();
    return 0;
}
