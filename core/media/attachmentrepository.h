#pragma once

#include "domain/message.h"
#include "domain/status.h"
#include "domain/timestamps.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>

namespace aiochat {

class BlobFiles;
class PersonalDataCipher;

/** @brief A file waiting to be fetched from its platform. */
struct PendingDownload
{
    qint64 id = 0;
    qint64 messageId = 0;
    qint64 conversationId = 0;
    Platform platform = Platform::Telegram;
    QString kind;
    QString sourceRef; ///< Telegram file_id or WhatsApp media id
    QString fileName;
    QString declaredMime;
    int attempts = 0;
};

/** @brief A fetched file, checked, ready to be kept. */
struct FetchedFile
{
    qint64 attachmentId = 0;
    QString blobKey;     ///< keyed hash of the content: equal files share one blob
    QByteArray sealed;   ///< the sealed bytes, unless they are in a file already
    bool inFile = false; ///< written to BlobFiles (SQLite) before the row is recorded
    QString mime;
    QString fileName;
    qint64 size = 0;
    int width = 0;
    int height = 0;
};

/**
 * @brief The attachments table and the media blobs behind it (one connection, the caller's
 * transaction). Rows are queued with the message that carries them, so a file of an acknowledged
 * message is never forgotten; states: pending → downloading → ready, or failed with a reason (and
 * pending again after a backoff while attempts are left, or when an operator retries).
 * The bytes are in media_blobs, or — on SQLite — in @p files, the row saying which.
 */
class AttachmentRepository
{
public:
    AttachmentRepository(QSqlDatabase db, const PersonalDataCipher &cipher,
                         const BlobFiles *files = nullptr);

    /** @brief The files @p message carries that @p platform can give us: one row each. */
    [[nodiscard]] Status queueFor(const Message &message, Platform platform);
    /** @brief Takes up to @p limit due downloads (state downloading). */
    [[nodiscard]] Result<QList<PendingDownload>> claimDue(Millis now, int limit);
    /** @brief Downloads a stopped instance left half done are due again. */
    [[nodiscard]] Status recover();
    [[nodiscard]] Result<Millis> nextDue();
    /** @brief Bytes kept, all blobs together (each content once). */
    [[nodiscard]] Result<qint64> usage();
    /** @brief Whether a blob with this key is kept already (then no new bytes count). */
    [[nodiscard]] Result<bool> hasBlob(const QString &blobKey);
    /**
     * @brief Keeps the blob (once per key) and marks the attachment ready. A blob written to the
     * files beforehand is only recorded (unavailable if its file is gone meanwhile).
     */
    [[nodiscard]] Status store(const FetchedFile &file);
    /**
     * @brief A failed attempt: pending again at @p retryAt when @p retryable and attempts are
     * left, else failed for good with @p error (the message itself is untouched).
     */
    [[nodiscard]] Status fail(qint64 id, const QString &error, bool retryable, Millis retryAt);
    /** @brief An operator asks again: a failed attachment is pending now, attempts reset. */
    [[nodiscard]] Status retry(qint64 id);

    [[nodiscard]] Result<QJsonObject> find(qint64 id);
    /** @brief The attachments of @p messageIds, by message id, in their order in the message. */
    [[nodiscard]] Result<QHash<qint64, QJsonArray>> forMessages(const QList<qint64> &messageIds);
    /** @brief The file's bytes, opened; not found unless it is ready. */
    [[nodiscard]] Result<QByteArray> content(qint64 id);
    /**
     * @brief Removes the files no blob refers to (a download refused after its file was written,
     * a crash between the file and its row). Only while no download is under way.
     */
    [[nodiscard]] Result<int> sweepFiles();

    static constexpr int kMaxAttempts = 5;

private:
    QSqlDatabase m_db;
    const PersonalDataCipher &m_cipher;
    const BlobFiles *m_files = nullptr;
};

} // namespace aiochat
