#include "maintenance.h"

#include "backup/backup.h"
#include "config/options.h"
#include "corehost.h"
#include "knowledge/ingestion.h"
#include "security/auditlog.h"
#include "security/keyrotation.h"
#include "security/passwordhasher.h"
#include "storage/contactrepository.h"
#include "storage/databaseconfig.h"
#include "storage/operatorrepository.h"
#include "storage/storage.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
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

namespace {

QString megabytes(qint64 bytes)
{
    return QLocale(QLocale::English).toString(double(bytes) / (1024.0 * 1024.0), 'f', 1) + u" MB"_s;
}

QString seconds(const QElapsedTimer &timer)
{
    return QString::number(double(timer.elapsed()) / 1000.0, 'f', 1) + u" s"_s;
}

} // namespace

int backup(const Options &options, const AskPassphrase &ask, const Console &console)
{
    const Result<DatabaseConfig> resolved =
        DatabaseConfig::forInstance(options.databaseUrl, options.dataDir);
    if (!resolved.isOk()) {
        console.error(u"aiochat: "_s + resolved.status().message());
        return 1;
    }
    const DatabaseConfig &config = resolved.value();
    if (config.engine != Engine::Sqlite) {
        console.error(
            u"aiochat: --backup copies an SQLite database; this instance keeps its data in "
            u"PostgreSQL ("_s +
            config.displayName() +
            u"). Back that up with PostgreSQL's own tool, which takes a consistent snapshot "
            u"while AIO-CHAT runs:\n"
            u"  pg_dump --format=custom --file=aiochat.pgdump '<database URL>'\n"
            u"and restore it with pg_restore --dbname='<empty database URL>' aiochat.pgdump. "
            u"Customers' files are in the database too. Keep the keys (the key file or keychain "
            u"entries of each instance) with the dump: without them its personal data cannot be "
            u"read."_s);
        return 1;
    }
    backup::BackupRequest request;
    request.dataDir = options.dataDir;
    request.sqlitePath = config.sqlitePath;
    request.outputPath = options.backupFile;
    request.appVersion = QCoreApplication::applicationVersion();
    std::unique_ptr<SecretStore> secrets;
    if (options.includeKeys) {
        const QString passphrase = ask(true);
        if (passphrase.size() < backup::kMinPassphraseLength) {
            console.error(u"aiochat: the passphrase must have at least "_s +
                          QString::number(backup::kMinPassphraseLength) +
                          u" characters (it is all that protects the keys in the file)"_s);
            return 1;
        }
        request.keysPassphrase = passphrase;
        const auto mode = SecretStore::modeFromString(options.secretsMode);
        secrets =
            SecretStore::createDefault(options.dataDir, mode.value_or(SecretStore::Mode::Auto));
        request.secrets = secrets.get();
    }
    QElapsedTimer timer;
    timer.start();
    const Result<backup::BackupResult> made = backup::makeBackup(request);
    if (!made.isOk()) {
        console.error(u"aiochat: backup failed: "_s + made.status().message());
        return 1;
    }
    console.out(u"backup written to "_s + options.backupFile + u" ("_s + megabytes(made->bytes) +
                u" in "_s + seconds(timer) + u"): "_s + made->manifest.summary() +
                (made->manifest.keys
                     ? u"; keys included, sealed with the passphrase"_s
                     : u"; keys NOT included: keep this instance's key file or "
                       u"keychain entries, or back up again with --include-keys"_s));
    return 0;
}

int restore(const Options &options, const AskPassphrase &ask, const Console &console)
{
    if (!options.databaseUrl.isEmpty() && !options.databaseUrl.startsWith(u"sqlite"_s)) {
        console.error(u"aiochat: --restore puts an SQLite backup into a data directory; for "
                      u"PostgreSQL use pg_restore (see --backup)"_s);
        return 1;
    }
    const auto mode =
        SecretStore::modeFromString(options.secretsMode).value_or(SecretStore::Mode::Auto);
    QElapsedTimer timer;
    timer.start();
    backup::RestoreRequest request{options.backupFile, options.dataDir,
                                   [&ask] { return ask(false); }, mode};
    const Result<backup::RestoreResult> restored = backup::restoreBackup(request);
    if (!restored.isOk()) {
        console.error(u"aiochat: restore failed: "_s + restored.status().message());
        return 1;
    }
    const backup::Manifest &m = restored->manifest;
    console.out(u"restored into "_s + options.dataDir + u": "_s + m.summary() + u" (backup of "_s +
                m.createdAt + u", AIO-CHAT "_s + m.appVersion + u")"_s);

    // Open the restored instance as AIO-CHAT would: the keys must fit the data, older schemas
    // migrate forward, and the audit chain must check out.
    Options opened = options;
    opened.databaseUrl.clear();
    int code = 0;
    {
        CoreHost host(opened);
        const Status s = host.openForMaintenance(CoreHost::Access::Exclusive);
        if (!s.isOk()) {
            if (m.keys) {
                console.error(u"aiochat: the restored instance does not open: "_s + s.message());
                code = 1;
            } else {
                console.out(u"the backup holds no keys, and none are here for "_s +
                            options.dataDir + u": "_s + s.message());
                console.out(u"restored, but the audit chain could not be checked yet; start "
                            u"AIO-CHAT once the keys are in place"_s);
                return 0;
            }
        } else {
            code = verifyAudit(host, console);
        }
    }
    if (code != 0) {
        console.error(u"aiochat: the restore was undone; "_s + options.dataDir +
                      u" is empty again"_s);
        backup::undoRestore(options.dataDir, restored->secrets, mode);
        return code;
    }
    console.out(u"restore checked in "_s + seconds(timer) + u": SQLite integrity ok, "_s +
                QString::number(restored->files) + u" customers' files, "_s +
                (restored->secrets.isEmpty()
                     ? u"keys from this machine's store"_s
                     : QString::number(restored->secrets.size()) + u" keys put back"_s));
    return 0;
}

} // namespace aiochat::maintenance
