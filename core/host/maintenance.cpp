#include "maintenance.h"

#include "corehost.h"
#include "security/auditlog.h"
#include "security/keyrotation.h"
#include "security/passwordhasher.h"
#include "storage/operatorrepository.h"
#include "storage/storage.h"

#include <QSqlDatabase>

using namespace Qt::StringLiterals;

namespace aiochat::maintenance {

int createAdministrator(CoreHost &host, const QString &email, const QString &password,
                        const Console &console)
{
    const QString normalized = email.trimmed().toLower();
    if (const QString why = PasswordHasher::checkRules(password, normalized); !why.isEmpty()) {
        console.error(u"aiochat: password: "_s + why);
        return 1;
    }
    OperatorAccount op;
    op.email = normalized;
    op.displayName = normalized.section(u'@', 0, 0);
    op.role = Role::Admin;
    op.passwordHash = PasswordHasher().hash(password);
    const AuditLog &audit = *host.auditLog();
    qint64 id = 0;
    const Status s = host.storage()->writer().run([&](QSqlDatabase &db) -> Status {
        const Result<qint64> r = OperatorRepository(db).insert(op);
        if (!r.isOk())
            return r.status();
        id = r.value();
        return audit.append(db, {0,
                                 u"command line"_s,
                                 u"operator.create"_s,
                                 u"operator"_s,
                                 QString::number(id),
                                 {{u"role"_s, u"admin"_s}}});
    });
    if (!s.isOk()) {
        console.error(u"aiochat: "_s + s.message());
        return 1;
    }
    console.out(u"administrator "_s + normalized + u" created (operator "_s + QString::number(id) +
                u"); sign in with it in the console"_s);
    return 0;
}

int verifyAudit(CoreHost &host, const Console &console)
{
    AuditLog::Verification v;
    const QByteArray key = host.auditKey();
    const Status s = host.storage()->writer().run([&](QSqlDatabase &db) {
        v = AuditLog::verify(db, key);
        return Status::ok();
    });
    if (!s.isOk()) {
        console.error(u"aiochat: "_s + s.message());
        return 1;
    }
    if (!v.ok) {
        console.out(u"audit log BROKEN at entry "_s + QString::number(v.brokenAt) + u": "_s +
                    v.reason + u" ("_s + QString::number(v.entries) +
                    u" entries before it check out)"_s);
        return 1;
    }
    console.out(u"audit log OK: "_s + QString::number(v.entries) + u" entries, chain intact"_s);
    return 0;
}

int rotateDataKey(CoreHost &host, const Console &console)
{
    KeyRotation rotation(*host.storage(), *host.secrets(), host.storage()->cipher(),
                         host.options().dataDir);
    rotation.setProgress(console.out);
    const Status s = rotation.run();
    if (!s.isOk()) {
        console.error(u"aiochat: key rotation stopped: "_s + s.message() +
                      u"; run --rotate-data-key again to resume"_s);
        return 1;
    }
    return 0;
}

} // namespace aiochat::maintenance
