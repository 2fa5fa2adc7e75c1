#include "storage.h"

#include "connection.h"
#include "dbsettings.h"
#include "logging/logging.h"
#include "migrator.h"
#include "security/keycheck.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace aiochat {

Storage::Storage(DatabaseConfig config, std::shared_ptr<const PersonalDataCipher> cipher,
                 int readers)
    : m_config(config)
    , m_cipher(std::move(cipher))
    , m_writer(config)
    , m_readers(config, readers)
    , m_checkpointer(config)
{
    if (config.engine == Engine::Sqlite)
        m_blobFiles.emplace(BlobFiles::directoryFor(config.sqlitePath));
}

Storage::~Storage()
{
    close();
}

Result<Storage::Peek> Storage::peek(const DatabaseConfig &config)
{
    if (config.engine == Engine::Sqlite) {
        const QFileInfo file(config.sqlitePath);
        if (!file.exists() || file.size() == 0)
            return Peek{};
    }
    const QString name = u"aiochat-peek"_s;
    Result<Peek> out = Peek{};
    {
        Result<QSqlDatabase> db = openConnection(config, name, ConnectionRole::Reader);
        if (!db.isOk())
            return db.status().prefixed(u"database"_s);
        const QStringList tables = db.value().tables();
        Peek peek;
        peek.initialised = tables.contains(u"schema_migrations"_s);
        if (peek.initialised && tables.contains(u"settings"_s)) {
            const Result<QString> check =
                dbsettings::read(db.value(), QString::fromLatin1(KeyCheck::kSettingsKey));
            if (check.isOk())
                peek.keyCheck = check.value();
            else
                out = check.status();
        }
        if (out.isOk())
            out = peek;
    }
    closeConnection(name);
    return out;
}

Status Storage::open(const QList<Migration> &migrations)
{
    if (m_config.engine == Engine::Sqlite) {
        const QFileInfo file(m_config.sqlitePath);
        if (!QDir().mkpath(file.absolutePath()))
            return Status::unavailable(u"cannot create "_s + file.absolutePath());
    }
    Status s = m_writer.start();
    if (!s.isOk())
        return s;
    s = m_writer.runExclusive([&migrations](QSqlDatabase &db) {
        Migrator migrator(migrations);
        return migrator.migrate(db);
    });
    if (!s.isOk()) {
        m_writer.stop();
        return s;
    }
    m_readers.start();
    m_checkpointer.start();
    m_open = true;
    qCInfo(lcStorage).noquote() << "storage open:" << m_config.displayName();
    return Status::ok();
}

void Storage::close()
{
    if (!m_open)
        return;
    m_checkpointer.stop();
    m_readers.stop();
    m_writer.stop();
    m_open = false;
    qCInfo(lcStorage) << "storage closed";
}

} // namespace aiochat
