#include "maintenance.h"

#include "corehost.h"
#include "knowledge/ingestion.h"
#include "security/auditlog.h"
#include "security/keyrotation.h"
#include "security/passwordhasher.h"
#include "storage/contactrepository.h"
#include "storage/operatorrepository.h"
#include "storage/storage.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>

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

namespace {

// The customer --contact names: an id of a customer that was not merged away, else a policy
// number that belongs to exactly one customer.
Result<qint64> contactFor(Storage &storage, const QString &given)
{
    qint64 id = 0;
    const Status s = storage.writer().run([&](QSqlDatabase &db) -> Status {
        bool numeric = false;
        const qint64 asId = given.toLongLong(&numeric);
        if (numeric) {
            QSqlQuery q(db);
            q.prepare(u"SELECT id FROM contacts WHERE id = ? AND merged_into IS NULL"_s);
            q.addBindValue(asId);
            if (q.exec() && q.next()) {
                id = asId;
                return Status::ok();
            }
        }
        const Result<QList<Contact>> found =
            ContactRepository(db, storage.cipher()).findBy(PersonalField::PolicyNumber, given);
        if (!found.isOk())
            return found.status();
        if (found->size() != 1)
            return Status::notFound(found->isEmpty()
                                        ? u"no customer has the id or policy number "_s + given
                                        : u"several customers have the policy number "_s + given);
        id = found->first().id;
        return Status::ok();
    });
    if (!s.isOk())
        return s;
    return id;
}

} // namespace

int ingest(CoreHost &host, const QString &contact, const QStringList &paths, const Console &console)
{
    Storage &storage = *host.storage();
    qint64 contactId = 0;
    if (!contact.isEmpty()) {
        const Result<qint64> found = contactFor(storage, contact);
        if (!found.isOk()) {
            console.error(u"aiochat: --contact: "_s + found.status().message());
            return 1;
        }
        contactId = found.value();
    }
    QStringList files;
    for (const QString &path : paths) {
        const QFileInfo info(path);
        if (info.isDir()) {
            QStringList inDir;
            QDirIterator it(path, QDir::Files | QDir::Readable, QDirIterator::Subdirectories);
            while (it.hasNext())
                inDir.append(it.next());
            inDir.sort();
            files.append(inDir);
        } else {
            files.append(path);
        }
    }
    int failed = 0;
    int ready = 0;
    for (const QString &file : std::as_const(files)) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly)) {
            console.error(u"failed  "_s + file + u": "_s + f.errorString());
            ++failed;
            continue;
        }
        if (f.size() > documentextractor::kMaxBytes) {
            console.error(u"failed  "_s + file + u": the file is larger than 20 MiB"_s);
            ++failed;
            continue;
        }
        const Result<ingestion::Prepared> prepared =
            ingestion::prepare(QFileInfo(file).fileName(), f.readAll());
        if (!prepared.isOk()) {
            console.error(u"failed  "_s + file + u": "_s + prepared.status().message());
            ++failed;
            continue;
        }
        KnowledgeRepository::Stored stored;
        const Status s = storage.writer().run([&](QSqlDatabase &db) {
            const Result<KnowledgeRepository::Stored> r =
                ingestion::write(db, storage.cipher(), prepared.value(), contactId, 0);
            if (r.isOk())
                stored = r.value();
            return r.status();
        });
        if (!s.isOk()) {
            console.error(u"failed  "_s + file + u": "_s + s.message());
            ++failed;
            continue;
        }
        ++ready;
        const qsizetype passages = prepared->chunks.size();
        console.out((stored.duplicate ? u"same    "_s : u"ready   "_s) + file + u" ("_s +
                    QString::number(passages) + (passages == 1 ? u" passage"_s : u" passages"_s) +
                    (stored.duplicate  ? u", already there"_s
                     : stored.replaced ? u", replaced the earlier version"_s
                                       : QString()) +
                    u')');
    }
    console.out(QString::number(ready) + u" ready, "_s + QString::number(failed) + u" failed"_s);
    return failed > 0 ? 1 : 0;
}

} // namespace aiochat::maintenance
