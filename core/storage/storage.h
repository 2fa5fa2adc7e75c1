#pragma once

#include "blobfiles.h"
#include "databaseconfig.h"
#include "dbreaderpool.h"
#include "dbwriter.h"
#include "migration.h"
#include "security/personaldatacipher.h"
#include "walcheckpointer.h"

#include <memory>
#include <optional>

namespace aiochat {

/**
 * @brief The store as the rest of the core sees it: the single writer, the reader pool and the
 * personal-data cipher, opened together and migrated before anyone uses them.
 */
class Storage
{
public:
    /** @brief What a database says about itself before it is opened for use (see peek()). */
    struct Peek
    {
        bool initialised = false; ///< AIO-CHAT has opened it before (its schema exists)
        QString keyCheck;         ///< the KeyCheck record, empty when none was kept yet
    };
    /**
     * @brief Looks at the database behind @p config without creating or changing anything (an
     * SQLite file that does not exist stays absent): start-up reads it before any key is made.
     */
    [[nodiscard]] static Result<Peek> peek(const DatabaseConfig &config);

    Storage(DatabaseConfig config, std::shared_ptr<const PersonalDataCipher> cipher,
            int readers = 2);
    ~Storage();

    /** @brief Opens the writer, applies @p migrations, starts the readers. */
    [[nodiscard]] Status open(const QList<Migration> &migrations = builtinMigrations());
    /** @brief Flushes pending writes and closes everything (readers first). */
    void close();
    [[nodiscard]] bool isOpen() const { return m_open; }

    [[nodiscard]] DbWriter &writer() { return m_writer; }
    [[nodiscard]] DbReaderPool &readers() { return m_readers; }
    [[nodiscard]] const PersonalDataCipher &cipher() const { return *m_cipher; }
    [[nodiscard]] const DatabaseConfig &config() const { return m_config; }
    /**
     * @brief Where large sealed values (customers' files) are kept as files: beside the SQLite
     * database; null on PostgreSQL, where they stay in the database for every instance to share.
     */
    [[nodiscard]] const BlobFiles *blobFiles() const
    {
        return m_blobFiles ? &*m_blobFiles : nullptr;
    }
    /** @brief SQLite: empties the write-ahead log soon (see WalCheckpointer::truncateSoon). */
    void truncateWalSoon() { m_checkpointer.truncateSoon(); }

private:
    DatabaseConfig m_config;
    std::optional<BlobFiles> m_blobFiles;
    std::shared_ptr<const PersonalDataCipher> m_cipher;
    DbWriter m_writer;
    DbReaderPool m_readers;
    WalCheckpointer m_checkpointer;
    bool m_open = false;
};

} // namespace aiochat
