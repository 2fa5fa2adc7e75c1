#include "keyrotation.h"

#include "cluster/clustersql.h"
#include "config/secretstore.h"
#include "datakeyring.h"
#include "domain/enums.h"
#include "domain/timestamps.h"
#include "legacytextsealer.h"
#include "logging/logging.h"
#include "personaldatacipher.h"
#include "storage/connection.h"
#include "storage/dbsettings.h"
#include "storage/identityrepository.h"
#include "storage/messagetext.h"
#include "storage/storage.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QLockFile>
#include <QSqlQuery>
#include <QThread>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

struct Column
{
    QString enc;
    QString bidx; ///< empty: no blind index for this value
    PersonalField field;
    bool bytes = false; ///< binary value (sealBytes), not text
    QString terms;      ///< a column of search terms derived from the text (messagetext.h)
};

} // namespace

struct KeyRotation::Table
{
    QString name;
    QList<Column> columns;
    bool scopedIndex = false; ///< identities: the index covers "platform:id"
    /**
     * @brief Knowledge passages: their terms (scope token, then heading and text) are derived
     * from two sealed columns, heading_enc and text_enc, and redone when either is re-sealed.
     */
    bool passageTerms = false;
};

namespace {

QVariant blob(const QByteArray &bytes)
{
    return bytes.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray)) : QVariant(bytes);
}

} // namespace

// Every sealed value in the schema. A migration that adds one must add it here too.
const QList<KeyRotation::Table> &KeyRotation::tables()
{
    static const QList<Table> list{
        {u"contacts"_s,
         {{u"phone_enc"_s, u"phone_bidx"_s, PersonalField::Phone, false, {}},
          {u"email_enc"_s, u"email_bidx"_s, PersonalField::Email, false, {}},
          {u"policy_enc"_s, u"policy_bidx"_s, PersonalField::PolicyNumber, false, {}},
          {u"dob_enc"_s, u"dob_bidx"_s, PersonalField::DateOfBirth, false, {}},
          {u"attributes_enc"_s, QString(), PersonalField::Attributes, true, {}}},
         false},
        {u"contact_identities"_s,
         {{u"platform_user_enc"_s,
           u"platform_user_bidx"_s,
           PersonalField::PlatformUserId,
           false,
           {}},
          {u"phone_evidence_enc"_s, QString(), PersonalField::PhoneEvidence, false, {}},
          {u"verify_policy_enc"_s, QString(), PersonalField::PolicyNumber, false, {}}},
         true},
        {u"inbound_journal"_s,
         {{u"body"_s, QString(), PersonalField::JournalBody, true, {}}},
         false},
        {u"messages"_s,
         {{u"text_enc"_s, QString(), PersonalField::MessageText, false, u"search_terms"_s}},
         false},
        {u"message_edits"_s,
         {{u"previous_text_enc"_s, QString(), PersonalField::MessageText, false, {}}},
         false},
        {u"outbox"_s,
         {{u"payload_enc"_s, QString(), PersonalField::OutboxPayload, true, {}}},
         false},
        {u"documents"_s,
         {{u"content_enc"_s, QString(), PersonalField::DocumentFile, true, {}}},
         false},
        {u"chunks"_s,
         {{u"heading_enc"_s, QString(), PersonalField::DocumentText, false, {}},
          {u"text_enc"_s, QString(), PersonalField::DocumentText, false, {}}},
         false,
         true},
        {u"chunk_vectors"_s,
         {{u"vector_enc"_s, QString(), PersonalField::DocumentVector, true, {}}},
         false},
        {u"jobs"_s, {{u"payload_enc"_s, QString(), PersonalField::AutomationJob, true, {}}}, false},
        {u"media_blobs"_s, {{u"data_enc"_s, QString(), PersonalField::MediaFile, true, {}}}, false},
        {u"cluster_events"_s,
         {{u"payload_enc"_s, QString(), PersonalField::ClusterEvent, true, {}}},
         false},
        {u"cluster_settings"_s,
         {{u"value_enc"_s, QString(), PersonalField::SharedSetting, false, {}}},
         false},
        {u"embedding_cache"_s,
         {{u"vector_enc"_s, QString(), PersonalField::DocumentVector, true, {}}},
         false},
    };
    return list;
}

KeyRotation::KeyRotation(Storage &storage, SecretStore &secrets, const PersonalDataCipher &cipher,
                         QString dataDir)
    : m_storage(storage)
    , m_secrets(secrets)
    , m_cipher(cipher)
    , m_dataDir(std::move(dataDir))
{}

void KeyRotation::print(const QString &line) const
{
    qCInfo(lcSecurity).noquote() << "key rotation:" << line;
    if (m_print)
        m_print(line);
}

Result<QJsonObject> KeyRotation::loadState()
{
    QString text;
    const Status s = m_storage.writer().run([&text](QSqlDatabase &db) {
        Result<QString> r = dbsettings::read(db, QString::fromLatin1(kStateKey));
        if (r.isOk())
            text = r.value();
        return r.status();
    });
    if (!s.isOk())
        return s;
    return text.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(text.toUtf8()).object();
}

Status KeyRotation::saveState(const QJsonObject &state)
{
    const QString text = QString::fromUtf8(QJsonDocument(state).toJson(QJsonDocument::Compact));
    return m_storage.writer().run([&text](QSqlDatabase &db) {
        return dbsettings::write(db, QString::fromLatin1(kStateKey), text);
    });
}

QByteArray KeyRotation::sealForOthers(const DataKeyring &keyring) const
{
    if (m_storage.config().engine != Engine::Postgres)
        return {};
    return m_cipher.sealBytes(PersonalField::SharedSetting, keyring.toJson());
}

Result<qint64> KeyRotation::bumpVersion(const QByteArray &shared)
{
    qint64 version = 0;
    const Status s = m_storage.writer().run([&version, &shared](QSqlDatabase &db) -> Status {
        const Result<QString> current = dbsettings::read(db, QString::fromLatin1(kVersionKey));
        if (!current.isOk())
            return current.status();
        version = current.value().toLongLong() + 1;
        if (!shared.isEmpty()) {
            // Written with the version, so an instance that sees one sees the other.
            if (Status w = dbsettings::write(db, QString::fromLatin1(kSharedKey),
                                             QString::fromLatin1(shared.toBase64()));
                !w.isOk())
                return w;
        }
        return dbsettings::write(db, QString::fromLatin1(kVersionKey), QString::number(version));
    });
    if (!s.isOk())
        return s;
    return version;
}

Result<QStringList> KeyRotation::liveInstances()
{
    QStringList live;
    if (m_storage.config().engine != Engine::Postgres)
        return live;
    const Status s = m_storage.writer().run([&live](QSqlDatabase &db) {
        QSqlQuery q(db);
        if (!q.exec(u"SELECT id FROM cluster_instances WHERE heartbeat_at >= "_s +
                    clustersql::serverNow() + u" - 60000"_s))
            return queryError(q, u"reading the running instances"_s);
        while (q.next())
            live.append(q.value(0).toString());
        return Status::ok();
    });
    if (!s.isOk())
        return s;
    return live;
}

Status KeyRotation::waitForRunningInstance(qint64 version)
{
    // Several instances on one PostgreSQL database: each must have loaded the key.
    const Result<QStringList> live = liveInstances();
    if (!live.isOk())
        return live.status();
    if (!live->isEmpty()) {
        print(u"waiting for "_s + QString::number(live->size()) +
              u" running instance(s) to load the new key"_s);
        QDeadlineTimer deadline(60'000);
        while (!deadline.hasExpired()) {
            int loaded = 0;
            const Status s = m_storage.writer().run([&live, &loaded, version](QSqlDatabase &db) {
                for (const QString &instance : live.value()) {
                    Result<QString> r =
                        dbsettings::read(db, QString::fromLatin1(kLoadedKey) + u'/' + instance);
                    if (!r.isOk())
                        return r.status();
                    loaded += r.value().toLongLong() >= version ? 1 : 0;
                }
                return Status::ok();
            });
            if (!s.isOk())
                return s;
            if (loaded == live->size())
                return Status::ok();
            QThread::msleep(100);
        }
        return Status::unavailable(
            u"not every running instance loaded the new key within 60 s (is one stuck?)"_s);
    }
    // A running instance holds the data directory's lock; without one there is nobody to wait
    // for (and holding the lock meanwhile keeps one from starting half-way).
    QLockFile probe(QDir(m_dataDir).filePath(u"aiochat.lock"_s));
    if (probe.tryLock(0)) {
        probe.unlock();
        return Status::ok();
    }
    print(u"AIO-CHAT is running: waiting for it to load the new key"_s);
    QDeadlineTimer deadline(60'000);
    while (!deadline.hasExpired()) {
        QString loaded;
        const Status s = m_storage.writer().run([&loaded](QSqlDatabase &db) {
            Result<QString> r = dbsettings::read(db, QString::fromLatin1(kLoadedKey));
            if (r.isOk())
                loaded = r.value();
            return r.status();
        });
        if (!s.isOk())
            return s;
        if (loaded.toLongLong() >= version)
            return Status::ok();
        // Polling another process through the database: there is no signal to wait on.
        QThread::msleep(100);
    }
    return Status::unavailable(
        u"the running AIO-CHAT did not load the new key within 60 s (is it stuck?)"_s);
}

Status KeyRotation::start(QJsonObject &state)
{
    Result<DataKeyring> ring = DataKeyring::load(m_secrets);
    if (!ring.isOk())
        return ring.status();
    DataKeyring keyring = std::move(ring).value();

    Result<QJsonObject> stored = loadState();
    if (!stored.isOk())
        return stored.status();
    state = stored.value();
    if (!state.isEmpty()) {
        const auto key = quint32(state.value(u"key"_s).toInteger());
        if (!keyring.find(key) || keyring.current().id != key)
            return Status::failedPrecondition(
                u"an interrupted rotation to key "_s + QString::number(key) +
                u" cannot resume: that key is not the current one in the secrets store"_s);
        print(u"resuming the rotation to key "_s + QString::number(key) + u" at "_s +
              state.value(u"table"_s).toString() + u" after id "_s +
              QString::number(state.value(u"after"_s).toInteger()));
    } else {
        // The key is saved before any value uses it: a crash from here on loses nothing.
        const quint32 key = keyring.addKey();
        if (Status s = keyring.save(m_secrets); !s.isOk())
            return s;
        state = QJsonObject{{u"key"_s, qint64(key)}, {u"table"_s, tables().first().name},
                            {u"after"_s, 0},         {u"pass"_s, 1},
                            {u"resealed"_s, 0},      {u"startedAt"_s, toIsoString(nowMillis())}};
        if (Status s = saveState(state); !s.isOk())
            return s;
        print(u"new data key "_s + QString::number(key) + u" created and saved"_s);
    }
    const QByteArray shared = sealForOthers(keyring); // under the key the others hold now
    m_cipher.replaceKeyring(keyring);
    const Result<qint64> version = bumpVersion(shared);
    if (!version.isOk())
        return version.status();
    return waitForRunningInstance(version.value());
}

Status KeyRotation::walk(QJsonObject &state, qint64 &resealed)
{
    const quint32 key = quint32(state.value(u"key"_s).toInteger());
    qsizetype tableIndex = 0;
    while (tableIndex < tables().size() &&
           tables().at(tableIndex).name != state.value(u"table"_s).toString())
        ++tableIndex;
    QElapsedTimer sincePrint;
    sincePrint.start();
    for (; tableIndex < tables().size(); ++tableIndex) {
        const Table &table = tables().at(tableIndex);
        qint64 total = 0;
        (void)m_storage.writer().run([&](QSqlDatabase &db) {
            QSqlQuery q(db);
            if (q.exec(u"SELECT count(*) FROM "_s + table.name) && q.next())
                total = q.value(0).toLongLong();
            return Status::ok();
        });
        QString select = u"SELECT id"_s + (table.scopedIndex ? u", platform"_s : QString());
        for (const Column &c : table.columns)
            select += u", "_s + c.enc;
        if (table.passageTerms)
            select += u", terms"_s;
        select += u" FROM "_s + table.name + u" WHERE id > ? ORDER BY id LIMIT "_s +
                  QString::number(m_batch);
        qint64 after = state.value(u"after"_s).toInteger();
        qint64 done = 0;
        bool more = true;
        while (more) {
            qint64 batchResealed = 0;
            QJsonObject next = state;
            const Status s = m_storage.writer().run([&](QSqlDatabase &db) -> Status {
                QSqlQuery q(db);
                q.setForwardOnly(true);
                q.prepare(select);
                q.addBindValue(after);
                if (Status e = execute(q, u"reading "_s + table.name); !e.isOk())
                    return e;
                struct Update
                {
                    qint64 id;
                    QVariantList values;
                    QStringList sets;
                    int sealed = 0; ///< values re-sealed (their indexes not counted)
                };
                QList<Update> updates;
                qint64 last = after;
                int rows = 0;
                const int first = table.scopedIndex ? 2 : 1;
                while (q.next()) {
                    ++rows;
                    last = q.value(0).toLongLong();
                    Update u{last, {}, {}, 0};
                    QStringList passage; // heading and text, for derived terms
                    for (qsizetype i = 0; i < table.columns.size(); ++i) {
                        const Column &c = table.columns.at(i);
                        const QByteArray sealed = q.value(first + int(i)).toByteArray();
                        if (table.passageTerms) {
                            const Result<QString> text = m_cipher.open(c.field, sealed);
                            if (!text.isOk())
                                return text.status().prefixed(table.name + u' ' +
                                                              QString::number(last));
                            passage.append(text.value());
                        }
                        if (sealed.isEmpty() || PersonalDataCipher::keyIdOf(sealed) == key)
                            continue;
                        const Result<QByteArray> plain = m_cipher.openBytes(c.field, sealed);
                        if (!plain.isOk())
                            return plain.status().prefixed(table.name + u' ' +
                                                           QString::number(last) + u' ' + c.enc);
                        u.sets << c.enc + u" = ?"_s;
                        u.values << blob(m_cipher.sealBytes(c.field, plain.value()));
                        ++u.sealed;
                        if (!c.bidx.isEmpty()) {
                            QString indexed = QString::fromUtf8(plain.value());
                            if (table.scopedIndex) {
                                const auto platform = fromString<Platform>(q.value(1).toString());
                                if (platform)
                                    indexed = IdentityRepository::scopedId(*platform, indexed);
                            }
                            u.sets << c.bidx + u" = ?"_s;
                            u.values << blob(m_cipher.blindIndex(c.field, indexed));
                        }
                        if (!c.terms.isEmpty()) {
                            // Numbers in the text are indexed under the index key: redo them.
                            u.sets << c.terms + u" = ?"_s;
                            u.values << messagetext::searchTerms(m_cipher,
                                                                 QString::fromUtf8(plain.value()));
                        }
                    }
                    if (table.passageTerms && u.sealed > 0) {
                        // The scope token stays; numbers are hashed under the index key: redo.
                        const QString scope = q.value(first + int(table.columns.size()))
                                                  .toString()
                                                  .section(u' ', 0, 0);
                        u.sets << u"terms = ?"_s;
                        u.values << scope + u' ' +
                                        messagetext::searchTerms(m_cipher, passage.join(u'\n'),
                                                                 messagetext::Repeats::Keep);
                    }
                    if (!u.sets.isEmpty())
                        updates.append(u);
                }
                q.finish();
                for (const Update &u : std::as_const(updates)) {
                    QSqlQuery w(db);
                    w.prepare(u"UPDATE "_s + table.name + u" SET "_s + u.sets.join(u", "_s) +
                              u" WHERE id = ?"_s);
                    for (const QVariant &v : u.values)
                        w.addBindValue(v);
                    w.addBindValue(u.id);
                    if (Status e = execute(w, u"re-sealing "_s + table.name); !e.isOk())
                        return e;
                    batchResealed += u.sealed;
                }
                more = rows == m_batch;
                next.insert(u"table"_s, table.name);
                next.insert(u"after"_s, last);
                next.insert(u"resealed"_s, next.value(u"resealed"_s).toInteger() + batchResealed);
                done += rows;
                after = last;
                // The position commits with the batch: a kill resumes exactly here.
                return dbsettings::write(
                    db, QString::fromLatin1(kStateKey),
                    QString::fromUtf8(QJsonDocument(next).toJson(QJsonDocument::Compact)));
            });
            if (!s.isOk())
                return s;
            state = next;
            resealed += batchResealed;
            if (sincePrint.elapsed() >= 500 || !more || done == m_batch) {
                print(table.name + u": "_s + QString::number(done) + u'/' + QString::number(total) +
                      u" rows checked"_s);
                sincePrint.restart();
            }
        }
        if (tableIndex + 1 < tables().size()) {
            state.insert(u"table"_s, tables().at(tableIndex + 1).name);
            state.insert(u"after"_s, 0);
            if (Status s = saveState(state); !s.isOk())
                return s;
        }
    }
    return Status::ok();
}

Status KeyRotation::resealFiles(qint64 &resealed)
{
    const BlobFiles *files = m_storage.blobFiles();
    if (!files)
        return Status::ok();
    QStringList keys;
    const Status listed = m_storage.writer().run([&keys](QSqlDatabase &db) -> Status {
        QSqlQuery q(db);
        if (!q.exec(u"SELECT blob_key FROM media_blobs WHERE stored_in = 'file' ORDER BY id"_s))
            return queryError(q, u"listing the files kept beside the database"_s);
        while (q.next())
            keys.append(q.value(0).toString());
        return Status::ok();
    });
    if (!listed.isOk())
        return listed;
    // Each file is replaced whole (written aside, then renamed): a running instance reads the
    // old or the new one, and both open until the old key is retired after this pass.
    const quint32 key = m_cipher.currentKeyId();
    qint64 done = 0;
    for (const QString &blobKey : std::as_const(keys)) {
        const Result<QByteArray> sealed = files->read(blobKey);
        if (!sealed.isOk())
            return sealed.status();
        if (PersonalDataCipher::keyIdOf(sealed.value()) == key)
            continue;
        const Result<QByteArray> plain =
            m_cipher.openBytes(PersonalField::MediaFile, sealed.value());
        if (!plain.isOk())
            return plain.status().prefixed(u"media file "_s + blobKey.left(12));
        if (Status s =
                files->write(blobKey, m_cipher.sealBytes(PersonalField::MediaFile, plain.value()));
            !s.isOk())
            return s;
        ++done;
    }
    if (!keys.isEmpty())
        print(u"media files: "_s + QString::number(keys.size()) + u" checked, "_s +
              QString::number(done) + u" re-sealed"_s);
    resealed += done;
    return Status::ok();
}

Status KeyRotation::finish()
{
    Result<DataKeyring> ring = DataKeyring::load(m_secrets);
    if (!ring.isOk())
        return ring.status();
    DataKeyring keyring = std::move(ring).value();
    keyring.retireAllButCurrent();
    if (Status s = keyring.save(m_secrets); !s.isOk())
        return s;
    const QByteArray shared = sealForOthers(keyring);
    m_cipher.replaceKeyring(keyring);
    const Status s = m_storage.writer().run(
        [](QSqlDatabase &db) { return dbsettings::remove(db, QString::fromLatin1(kStateKey)); });
    if (!s.isOk())
        return s;
    // Running instances reload and stop looking up under the retired keys.
    return bumpVersion(shared).status();
}

Status KeyRotation::run()
{
    QLockFile rotating(QDir(m_dataDir).filePath(u"rotation.lock"_s));
    if (!rotating.tryLock(0))
        return Status::failedPrecondition(u"another key rotation is running"_s);
    QElapsedTimer timer;
    timer.start();
    QJsonObject state;
    if (Status s = start(state); !s.isOk())
        return s;
    // Texts an older version stored in clear are sealed first (under the new key).
    const Result<qint64> legacy = LegacyTextSealer::sealAll(m_storage);
    if (!legacy.isOk())
        return legacy.status().prefixed(u"sealing clear message texts"_s);
    if (legacy.value() > 0)
        print(QString::number(legacy.value()) + u" message texts stored in clear are sealed"_s);
    qint64 resealed = 0;
    // Walk until a whole pass finds nothing left under an old key.
    for (int pass = state.value(u"pass"_s).toInt(1);; ++pass) {
        qint64 found = 0;
        if (Status s = walk(state, found); !s.isOk())
            return s;
        qint64 files = 0;
        if (Status s = resealFiles(files); !s.isOk())
            return s;
        found += files;
        state.insert(u"resealed"_s, state.value(u"resealed"_s).toInteger() + files);
        resealed += found;
        if (found == 0)
            break;
        print(u"checking that nothing is left under an old key"_s);
        if (pass >= 5)
            return Status::unavailable(u"values under an old key keep appearing; is another "
                                       u"process writing with an old keyring?"_s);
        state = QJsonObject{{u"key"_s, state.value(u"key"_s)},
                            {u"table"_s, tables().first().name},
                            {u"after"_s, 0},
                            {u"pass"_s, pass + 1},
                            {u"resealed"_s, state.value(u"resealed"_s)},
                            {u"startedAt"_s, state.value(u"startedAt"_s)}};
        if (Status s = saveState(state); !s.isOk())
            return s;
    }
    if (Status s = finish(); !s.isOk())
        return s;
    print(u"done: "_s + QString::number(state.value(u"resealed"_s).toInteger()) +
          u" values are now sealed under key "_s + QString::number(m_cipher.currentKeyId()) +
          u" ("_s + QString::number(resealed) + u" in this run, "_s +
          QString::number(timer.elapsed() / 1000.0, 'f', 1) + u" s); older keys are retired"_s);
    return Status::ok();
}

} // namespace aiochat
