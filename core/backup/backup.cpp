#include "backup.h"

#include "backuparchive.h"
#include "channels/channelsettings.h"
#include "domain/timestamps.h"
#include "security/crypto.h"
#include "security/datakeyring.h"
#include "storage/blobfiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QLockFile>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScopeGuard>
#include <QTemporaryFile>

#include <sqlite3.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat::backup {

namespace {

const QString kDatabaseFile = u"aiochat.db"_s;
const QString kSettingsFile = u"aiochat.ini"_s;
const QString kLockFile = u"aiochat.lock"_s;
constexpr QByteArrayView kKeysAad = "aiochat-backup-keys/1";
// A few keyrings and tokens: a "keys" entry larger than this is not one.
constexpr qint64 kMaxKeysEntry = 1024 * 1024;

// scrypt for the keys' passphrase: 2^15 × 8 × 128 bytes = 32 MiB and ~0.1 s per try.
constexpr int kLogN = 15;
constexpr int kR = 8;
constexpr int kP = 1;

// The only names an archive may put into a data directory: nothing else, and no path outside.
const QRegularExpression
    kEntryPath(u"^(aiochat\\.db|aiochat\\.ini|aiochat\\.db-media/[0-9a-f]{2}/[0-9a-f]{16,128})$"_s);

struct SqliteClose
{
    void operator()(sqlite3 *db) const { sqlite3_close(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteClose>;

Result<SqliteHandle> openSqlite(const QString &path, int flags)
{
    sqlite3 *raw = nullptr;
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &raw, flags, nullptr);
    SqliteHandle db(raw);
    if (rc != SQLITE_OK)
        return Status::unavailable(u"opening "_s + path + u": "_s +
                                   QString::fromUtf8(raw ? sqlite3_errmsg(raw) : "out of memory"));
    sqlite3_busy_timeout(db.get(), 10'000);
    return db;
}

// Every row of a one-column query, as text; a missing table or column gives an empty list.
QStringList column(sqlite3 *db, const char *sql)
{
    QStringList values;
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK)
        return values;
    while (sqlite3_step(statement) == SQLITE_ROW)
        values.append(
            QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(statement, 0)),
                              sqlite3_column_bytes(statement, 0)));
    sqlite3_finalize(statement);
    return values;
}

qint64 number(sqlite3 *db, const char *sql)
{
    const QStringList values = column(db, sql);
    return values.isEmpty() ? 0 : values.constFirst().toLongLong();
}

/**
 * The online backup API copies the database page by page under one read transaction: what it
 * copies is the database as of one commit, while the running instance goes on writing (WAL).
 */
Status snapshot(const QString &source, const QString &target)
{
    Result<SqliteHandle> from = openSqlite(source, SQLITE_OPEN_READONLY);
    if (!from.isOk())
        return from.status();
    Result<SqliteHandle> to = openSqlite(target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!to.isOk())
        return to.status();
    sqlite3_backup *copy = sqlite3_backup_init(to->get(), "main", from->get(), "main");
    if (!copy)
        return Status::unavailable(u"starting the snapshot: "_s +
                                   QString::fromUtf8(sqlite3_errmsg(to->get())));
    int rc = SQLITE_OK;
    for (int busy = 0; busy < 200;) {
        rc = sqlite3_backup_step(copy, -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
            break;
        ++busy;
        sqlite3_sleep(50);
    }
    sqlite3_backup_finish(copy);
    // The copy carries the source's WAL flag; as one self-contained file it travels and opens
    // anywhere (AIO-CHAT switches a restored database back to WAL when it opens it).
    if (rc == SQLITE_DONE)
        rc = sqlite3_exec(to->get(), "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr) ==
                     SQLITE_OK
                 ? SQLITE_DONE
                 : sqlite3_errcode(to->get());
    if (rc != SQLITE_DONE)
        return Status::unavailable(
            u"taking the snapshot of the database: "_s + QString::fromUtf8(sqlite3_errstr(rc)) +
            ((rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR ? u" (is the disk full?)"_s
                                                                       : QString()));
    return Status::ok();
}

Manifest describe(sqlite3 *db, const QString &appVersion)
{
    Manifest m;
    m.createdAt = toIsoString(nowMillis());
    m.appVersion = appVersion;
    m.schemaVersion = int(number(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    m.contacts = number(db, "SELECT COUNT(*) FROM contacts");
    m.conversations = number(db, "SELECT COUNT(*) FROM conversations");
    m.messages = number(db, "SELECT COUNT(*) FROM messages");
    return m;
}

Result<QByteArray> sealKeys(SecretStore &secrets, const QString &passphrase)
{
    QJsonObject values;
    const QStringList required{QString::fromLatin1(DataKeyring::kSecretName),
                               u"token-signing-key"_s, u"audit-key"_s};
    for (const QString &name : required + ChannelSettings::secretNames()) {
        const Result<std::optional<QByteArray>> value = secrets.read(name);
        if (!value.isOk())
            return value.status().prefixed(u"reading the keys"_s);
        if (value.value())
            values.insert(name, QString::fromLatin1(value.value()->toBase64()));
        else if (required.contains(name))
            return Status::failedPrecondition(u"the "_s + secrets.writableDescription() +
                                              u" has no \""_s + name + u"\" key to back up"_s);
    }
    const QByteArray salt = crypto::randomBytes(16);
    const QByteArray key = crypto::scrypt(passphrase.toUtf8(), salt, kLogN, kR, kP, 32);
    if (key.isEmpty())
        return Status::internal(u"deriving the key from the passphrase failed"_s);
    Result<QByteArray> sealed =
        crypto::aesGcmEncrypt(key, QJsonDocument(values).toJson(QJsonDocument::Compact), kKeysAad);
    if (!sealed.isOk())
        return sealed.status();
    return QJsonDocument(QJsonObject{{u"kdf"_s, u"scrypt"_s},
                                     {u"logN"_s, kLogN},
                                     {u"r"_s, kR},
                                     {u"p"_s, kP},
                                     {u"salt"_s, QString::fromLatin1(salt.toBase64())},
                                     {u"sealed"_s, QString::fromLatin1(sealed->toBase64())}})
        .toJson(QJsonDocument::Compact);
}

Result<QJsonObject> openKeys(const QByteArray &body, const QString &passphrase)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    const int logN = o.value(u"logN"_s).toInt();
    const int r = o.value(u"r"_s).toInt();
    const int p = o.value(u"p"_s).toInt();
    if (o.value(u"kdf"_s).toString() != u"scrypt"_s || logN < 10 || logN > 22 || r < 1 || r > 32 ||
        p < 1 || p > 16)
        return Status::invalidArgument(
            u"the backup's keys are in a form this version cannot read"_s);
    const QByteArray key = crypto::scrypt(
        passphrase.toUtf8(), QByteArray::fromBase64(o.value(u"salt"_s).toString().toLatin1()), logN,
        r, p, 32);
    const Result<QByteArray> plain = crypto::aesGcmDecrypt(
        key, QByteArray::fromBase64(o.value(u"sealed"_s).toString().toLatin1()), kKeysAad);
    if (!plain.isOk())
        return Status::permissionDenied(
            u"the passphrase does not open the keys in this backup (nothing was restored)"_s);
    return QJsonDocument::fromJson(plain.value()).object();
}

Status copyInto(const QString &path, QIODevice &body, qint64 size)
{
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return Status::unavailable(u"writing "_s + path + u": "_s + out.errorString());
    for (qint64 left = size; left > 0;) {
        const QByteArray chunk = body.read(qMin<qint64>(left, 1 << 20));
        if (chunk.isEmpty() || out.write(chunk) != chunk.size()) {
            out.cancelWriting();
            return Status::unavailable(u"writing "_s + path + u": "_s + out.errorString());
        }
        left -= chunk.size();
    }
    if (!out.commit())
        return Status::unavailable(u"writing "_s + path + u": "_s + out.errorString());
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return Status::ok();
}

Status integrityCheck(const QString &path)
{
    Result<SqliteHandle> db = openSqlite(path, SQLITE_OPEN_READONLY);
    if (!db.isOk())
        return db.status();
    const QStringList problems = column(db->get(), "PRAGMA integrity_check(20)");
    if (problems == QStringList{u"ok"_s})
        return Status::ok();
    return Status::invalidArgument(
        u"the restored database fails SQLite's integrity check: "_s +
        (problems.isEmpty() ? u"it cannot be read"_s : problems.join(u"; "_s)));
}

} // namespace

QJsonObject Manifest::toJson() const
{
    return {{u"createdAt"_s, createdAt},
            {u"appVersion"_s, appVersion},
            {u"schemaVersion"_s, schemaVersion},
            {u"contacts"_s, contacts},
            {u"conversations"_s, conversations},
            {u"messages"_s, messages},
            {u"files"_s, files},
            {u"keys"_s, keys}};
}

Manifest Manifest::fromJson(const QJsonObject &json)
{
    Manifest m;
    m.createdAt = json.value(u"createdAt"_s).toString();
    m.appVersion = json.value(u"appVersion"_s).toString();
    m.schemaVersion = json.value(u"schemaVersion"_s).toInt();
    m.contacts = json.value(u"contacts"_s).toInteger();
    m.conversations = json.value(u"conversations"_s).toInteger();
    m.messages = json.value(u"messages"_s).toInteger();
    m.files = json.value(u"files"_s).toInteger();
    m.keys = json.value(u"keys"_s).toBool();
    return m;
}

QString Manifest::summary() const
{
    const QLocale english(QLocale::English); // for a log line and a terminal: 1,002,896
    return english.toString(contacts) + u" contacts, "_s + english.toString(conversations) +
           u" conversations, "_s + english.toString(messages) + u" messages, "_s +
           english.toString(files) + u" files, schema "_s + QString::number(schemaVersion);
}

Result<BackupResult> makeBackup(const BackupRequest &request)
{
    if (!QFileInfo(request.sqlitePath).isFile())
        return Status::notFound(u"there is no database at "_s + request.sqlitePath);
    const QFileInfo output(request.outputPath);
    if (!output.absoluteDir().exists())
        return Status::notFound(u"the folder "_s + output.absolutePath() + u" does not exist"_s);
    if (output.isDir())
        return Status::invalidArgument(request.outputPath + u" is a folder; name a file"_s);

    // The snapshot is made beside the backup (the same disk that must hold the backup anyway).
    QTemporaryFile snapshotFile(output.absoluteDir().filePath(u".aiochat-snapshot-XXXXXX"_s));
    if (!snapshotFile.open())
        return Status::unavailable(u"creating a file in "_s + output.absolutePath() + u": "_s +
                                   snapshotFile.errorString());
    snapshotFile.close();
    // A snapshot that failed halfway leaves SQLite's journal beside it; neither may stay.
    const auto removeSidecars = qScopeGuard([name = snapshotFile.fileName()] {
        for (const char *suffix : {"-journal", "-wal", "-shm"})
            QFile::remove(name + QLatin1StringView(suffix));
    });
    if (Status s = snapshot(request.sqlitePath, snapshotFile.fileName()); !s.isOk())
        return s;

    Result<SqliteHandle> copy = openSqlite(snapshotFile.fileName(), SQLITE_OPEN_READONLY);
    if (!copy.isOk())
        return copy.status();
    Manifest manifest = describe(copy->get(), request.appVersion);
    // The files the snapshot's rows refer to; one written since has no row in it and is not needed.
    const QStringList fileKeys =
        column(copy->get(), "SELECT blob_key FROM media_blobs WHERE stored_in = 'file' ORDER BY 1");
    copy = SqliteHandle();
    const BlobFiles blobs(BlobFiles::directoryFor(request.sqlitePath));
    const QString mediaName = QFileInfo(BlobFiles::directoryFor(kDatabaseFile)).fileName();

    QByteArray keys;
    if (request.keysPassphrase) {
        if (!request.secrets)
            return Status::internal(u"no secrets store to read the keys from"_s);
        Result<QByteArray> sealed = sealKeys(*request.secrets, *request.keysPassphrase);
        if (!sealed.isOk())
            return sealed.status();
        keys = sealed.value();
        manifest.keys = true;
    }
    manifest.files = fileKeys.size();

    QSaveFile out(request.outputPath);
    out.setDirectWriteFallback(false);
    if (!out.open(QIODevice::WriteOnly))
        return Status::unavailable(u"creating "_s + request.outputPath + u": "_s +
                                   out.errorString());
    ArchiveWriter archive(out);
    if (request.cancelled)
        archive.setStop([flag = request.cancelled] { return flag->load(); });
    const auto fail = [&out](const Status &s) -> Result<BackupResult> {
        out.cancelWriting();
        return s;
    };
    if (Status s = archive.begin(); !s.isOk())
        return fail(s);
    if (Status s = archive.add({{u"type"_s, u"manifest"_s}, {u"manifest"_s, manifest.toJson()}},
                               QByteArray());
        !s.isOk())
        return fail(s);
    QFile database(snapshotFile.fileName());
    if (!database.open(QIODevice::ReadOnly))
        return fail(Status::unavailable(u"reading the snapshot: "_s + database.errorString()));
    if (Status s = archive.add({{u"type"_s, u"file"_s}, {u"path"_s, kDatabaseFile}}, database,
                               database.size());
        !s.isOk())
        return fail(s);
    database.close();
    QFile settings(QDir(request.dataDir).filePath(kSettingsFile));
    if (settings.open(QIODevice::ReadOnly)) {
        if (Status s = archive.add({{u"type"_s, u"file"_s}, {u"path"_s, kSettingsFile}},
                                   settings.readAll());
            !s.isOk())
            return fail(s);
    }
    for (const QString &key : fileKeys) {
        const Result<QString> path = blobs.pathOf(key);
        QFile file(path.isOk() ? path.value() : QString());
        if (!path.isOk() || !file.open(QIODevice::ReadOnly))
            return fail(Status::unavailable(u"the customer's file "_s + key.left(12) +
                                            u"… that the database refers to cannot be read: "_s +
                                            file.errorString()));
        const QString name = mediaName + u'/' + key.left(2) + u'/' + key;
        if (Status s = archive.add({{u"type"_s, u"file"_s}, {u"path"_s, name}}, file, file.size());
            !s.isOk())
            return fail(s);
    }
    if (!keys.isEmpty()) {
        if (Status s = archive.add({{u"type"_s, u"keys"_s}}, keys); !s.isOk())
            return fail(s);
    }
    if (Status s = archive.finish(); !s.isOk())
        return fail(s);
    const qint64 bytes = archive.bytesWritten();
    if (!out.commit())
        return Status::unavailable(u"writing "_s + request.outputPath + u": "_s +
                                   out.errorString() + u" (nothing was left behind)"_s);
    return BackupResult{manifest, bytes};
}

Status checkRestoreTarget(const QString &dataDir)
{
    const QDir dir(dataDir);
    if (!dir.exists())
        return Status::ok();
    QLockFile lock(dir.filePath(kLockFile));
    if (QFileInfo::exists(dir.filePath(kLockFile)) && !lock.tryLock(0)) {
        qint64 pid = 0;
        QString host;
        QString app;
        lock.getLockInfo(&pid, &host, &app);
        return Status::failedPrecondition(u"AIO-CHAT is running with "_s + dataDir +
                                          u" (process "_s + QString::number(pid) +
                                          u"); stop it, or restore into another folder"_s);
    }
    lock.unlock();
    if (!dir.entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot)
             .isEmpty())
        return Status::failedPrecondition(
            dataDir + u" is not empty; a restore only goes into an empty or new folder, so it "
                      u"never mixes with or overwrites data"_s);
    return Status::ok();
}

Result<RestoreResult> restoreBackup(const RestoreRequest &request)
{
    if (Status s = checkRestoreTarget(request.dataDir); !s.isOk())
        return s;
    QFile in(request.archivePath);
    if (!in.open(QIODevice::ReadOnly))
        return Status::notFound(u"cannot open "_s + request.archivePath + u": "_s +
                                in.errorString());
    ArchiveReader reader(in);
    if (Status s = reader.check(); !s.isOk())
        return s;

    // First the manifest and the keys: a wrong passphrase is found before anything is written.
    RestoreResult result;
    QByteArray sealedKeys;
    Status scanned = reader.forEach([&](const QJsonObject &header, QIODevice &body, qint64 size) {
        const QString type = header.value(u"type"_s).toString();
        if (type == u"manifest"_s)
            result.manifest = Manifest::fromJson(header.value(u"manifest"_s).toObject());
        else if (type == u"keys"_s && size > kMaxKeysEntry)
            return Status::invalidArgument(u"the backup is damaged: its keys entry is "_s +
                                           QString::number(size) + u" bytes"_s);
        else if (type == u"keys"_s)
            sealedKeys = body.read(size);
        else if (type == u"file"_s &&
                 !kEntryPath.match(header.value(u"path"_s).toString()).hasMatch())
            return Status::invalidArgument(u"the backup names a file this version does not "
                                           u"restore: \""_s +
                                           header.value(u"path"_s).toString().left(80) + u'"');
        return Status::ok();
    });
    if (!scanned.isOk())
        return scanned;
    QJsonObject secrets;
    if (!sealedKeys.isEmpty()) {
        const QString passphrase = request.passphrase ? request.passphrase() : QString();
        if (passphrase.isEmpty())
            return Status::invalidArgument(u"this backup holds keys: give the passphrase it was "
                                           u"made with (nothing was restored)"_s);
        Result<QJsonObject> opened = openKeys(sealedKeys, passphrase);
        if (!opened.isOk())
            return opened.status();
        secrets = opened.value();
    }

    QDir dir(request.dataDir);
    if (!dir.mkpath(u"."_s))
        return Status::unavailable(u"cannot create "_s + request.dataDir);
    QFile::setPermissions(request.dataDir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    // Nobody starts an instance on the folder while it is being filled.
    QLockFile lock(dir.filePath(kLockFile));
    if (!lock.tryLock(0))
        return Status::failedPrecondition(request.dataDir + u" was taken by another process"_s);
    const auto undo = [&](const Status &s) -> Result<RestoreResult> {
        lock.unlock();
        undoRestore(request.dataDir, secrets.keys(), request.secretsMode);
        return s;
    };
    Status written = reader.forEach([&](const QJsonObject &header, QIODevice &body, qint64 size) {
        if (header.value(u"type"_s).toString() != u"file"_s)
            return Status::ok();
        const QString path = header.value(u"path"_s).toString();
        const QString target = dir.filePath(path);
        const QString folder = QFileInfo(target).absolutePath();
        if (!QDir().mkpath(folder))
            return Status::unavailable(u"cannot create "_s + folder);
        QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                          QFileDevice::ExeOwner);
        if (path.contains(u'/'))
            ++result.files;
        return copyInto(target, body, size);
    });
    if (!written.isOk())
        return undo(written);
    if (Status s = integrityCheck(dir.filePath(kDatabaseFile)); !s.isOk())
        return undo(s);
    if (!secrets.isEmpty()) {
        const std::unique_ptr<SecretStore> store =
            SecretStore::createDefault(request.dataDir, request.secretsMode);
        for (auto it = secrets.constBegin(); it != secrets.constEnd(); ++it) {
            const Status s =
                store->write(it.key(), QByteArray::fromBase64(it.value().toString().toLatin1()));
            if (!s.isOk())
                return undo(s.prefixed(u"putting back the key \""_s + it.key() + u'"'));
            result.secrets.append(it.key());
        }
    }
    return result;
}

void undoRestore(const QString &dataDir, const QStringList &secrets, SecretStore::Mode secretsMode)
{
    if (!secrets.isEmpty()) {
        const std::unique_ptr<SecretStore> store = SecretStore::createDefault(dataDir, secretsMode);
        for (const QString &name : secrets)
            (void)store->remove(name); // best effort: the folder goes below in any case
    }
    QDir dir(dataDir);
    for (const QFileInfo &entry :
         dir.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot)) {
        if (entry.isDir())
            QDir(entry.filePath()).removeRecursively();
        else
            QFile::remove(entry.filePath());
    }
}

} // namespace aiochat::backup
