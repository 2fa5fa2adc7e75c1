#include "storage.h"

#include "logging/logging.h"
#include "migrator.h"

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
{}

Storage::~Storage()
{
    close();
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
