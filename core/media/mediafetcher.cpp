#include "mediafetcher.h"

#include "channels/telegram/telegramclient.h"
#include "channels/whatsapp/whatsappclient.h"
#include "config/settings.h"
#include "events/eventbus.h"
#include "logging/logging.h"
#include "media/mediacheck.h"
#include "metrics/metricsregistry.h"
#include "security/personaldatacipher.h"
#include "storage/storage.h"

#include <QCryptographicHash>
#include <QLocale>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

constexpr int kRequestTimeoutMs = 60'000;

// 30 s, 60 s, 120 s… at most an hour: a platform that is down is not hammered.
Millis backoff(int attempts)
{
    return std::min<Millis>(30'000LL << std::clamp(attempts - 1, 0, 10), 3'600'000);
}

Status readBack(AttachmentRepository &repo, qint64 id, QJsonObject &out)
{
    const Result<QJsonObject> a = repo.find(id);
    if (a.isOk())
        out = a.value();
    return a.status();
}

// What a checked file becomes (computed on the thread pool). On SQLite the sealed bytes are
// written to their file here, so that the writer only records a small row.
Result<FetchedFile> prepare(const PendingDownload &d, const QByteArray &bytes,
                            const PersonalDataCipher &cipher, const BlobFiles *files,
                            qint64 keepFree)
{
    const QString sniffed = media::sniffMime(bytes);
    if (Status s = media::checkContent(d.declaredMime, d.fileName, sniffed); !s.isOk())
        return s;
    FetchedFile f;
    f.attachmentId = d.id;
    f.mime = sniffed;
    f.size = bytes.size();
    f.fileName = media::safeFileName(d.fileName, sniffed);
    if (sniffed.startsWith(u"image/"_s)) {
        const QSize size = media::imageSize(bytes);
        if (size.isValid() && qint64(size.width()) * size.height() > media::kMaxImagePixels)
            return Status::invalidArgument(
                u"the picture is "_s + QString::number(size.width()) + u" × "_s +
                QString::number(size.height()) +
                u" pixels, more than any photo (a decompression bomb?): not kept"_s);
        if (size.isValid()) {
            f.width = size.width();
            f.height = size.height();
        }
    }
    const QString digest =
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    f.blobKey = QString::fromLatin1(cipher.blindIndex(PersonalField::MediaFile, digest).toHex());
    if (!files) {
        f.sealed = cipher.sealBytes(PersonalField::MediaFile, bytes);
        return f;
    }
    f.inFile = true;
    if (files->contains(f.blobKey))
        return f; // the same content is kept already
    if (Status s =
            files->write(f.blobKey, cipher.sealBytes(PersonalField::MediaFile, bytes), keepFree);
        !s.isOk())
        return s.prefixed(u"not kept"_s);
    return f;
}

} // namespace

MediaFetcher::MediaFetcher(Deps deps, QObject *parent)
    : QObject(parent)
    , m_deps(deps)
{
    // Checking, hashing, sealing and writing files is background work: at the operating system's
    // idle priority it takes only the processor time that acknowledging webhooks, answering
    // consoles and sending messages leave over.
    m_workers.setThreadPriority(QThread::IdlePriority);
    m_workers.setObjectName(u"aiochat-media"_s);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &MediaFetcher::claim);
    m_deps.metrics.describe("aiochat_media_downloads_total", MetricsRegistry::Type::Counter,
                            "Files customers sent, fetched from their platform, by result.");
    m_deps.metrics.describe("aiochat_media_stored_bytes", MetricsRegistry::Type::Gauge,
                            "Bytes of customers' files kept (each content once).");
}

MediaFetcher::~MediaFetcher()
{
    m_alive->store(false);
}

Status MediaFetcher::start()
{
    m_maxBytes =
        std::clamp<qint64>(m_deps.settings.value(u"media/maxFileMb"_s, 20).toLongLong(), 1, 100) *
        1024 * 1024;
    m_quotaBytes =
        std::max<qint64>(0, m_deps.settings.value(u"media/quotaMb"_s, 5120).toLongLong()) * 1024 *
        1024;
    m_concurrent = std::clamp(m_deps.settings.value(u"media/concurrent"_s, 4).toInt(), 1, 16);
    m_keepFreeBytes =
        std::max<qint64>(0, m_deps.settings.value(u"media/keepFreeMb"_s, 256).toLongLong()) * 1024 *
        1024;
    const PersonalDataCipher &cipher = m_deps.storage.cipher();
    const BlobFiles *files = m_deps.storage.blobFiles();
    int swept = 0;
    const Status recovered =
        m_deps.storage.writer().run([&cipher, files, &swept](QSqlDatabase &db) -> Status {
            AttachmentRepository repo(db, cipher, files);
            if (Status s = repo.recover(); !s.isOk())
                return s;
            const Result<int> removed = repo.sweepFiles();
            if (removed.isOk())
                swept = removed.value();
            return removed.status();
        });
    if (!recovered.isOk())
        return recovered;
    if (swept > 0)
        qCInfo(lcMedia) << swept << "files no message refers to were removed";
    m_running = true;
    m_alive->store(true);
    // A message with files wakes the fetcher; everything else it finds on its own timer.
    connect(&m_deps.events, &EventBus::published, this,
            [this](const QString &name, const QJsonObject &payload) {
                if (name != u"message.created"_s)
                    return;
                const QJsonObject m = payload.value(u"message"_s).toObject();
                if (m.value(u"direction"_s).toString() == toString(Direction::Inbound) &&
                    !m.value(u"attachments"_s).toArray().isEmpty())
                    wake();
            });
    wake();
    return Status::ok();
}

void MediaFetcher::stop()
{
    m_running = false;
    m_alive->store(false);
    m_timer.stop();
    disconnect(&m_deps.events, nullptr, this, nullptr);
}

void MediaFetcher::wake()
{
    if (!m_running)
        return;
    if (m_claiming) {
        m_wakeAgain = true;
        return;
    }
    m_timer.start(0);
}

void MediaFetcher::claim()
{
    const int free = m_concurrent - m_inFlight;
    if (!m_running || m_claiming || free <= 0)
        return;
    m_claiming = true;
    m_wakeAgain = false;
    auto claimed = std::make_shared<QList<PendingDownload>>();
    auto started = std::make_shared<QList<QJsonObject>>();
    auto next = std::make_shared<Millis>(0);
    const PersonalDataCipher &cipher = m_deps.storage.cipher();
    m_deps.storage.writer().submit(
        this,
        [claimed, started, next, free, &cipher](QSqlDatabase &db) -> Status {
            AttachmentRepository repo(db, cipher);
            const auto due = repo.claimDue(nowMillis(), free);
            if (!due.isOk())
                return due.status();
            *claimed = due.value();
            for (const PendingDownload &d : std::as_const(*claimed)) {
                QJsonObject json;
                if (Status s = readBack(repo, d.id, json); !s.isOk())
                    return s;
                started->append(json);
            }
            const auto after = repo.nextDue();
            if (after.isOk())
                *next = after.value();
            return after.status();
        },
        [this, claimed, started, next](const Status &s) {
            m_claiming = false;
            if (!m_running)
                return;
            if (!s.isOk()) {
                qCWarning(lcMedia).noquote() << "claiming downloads failed:" << s.message();
                m_timer.start(5'000);
                return;
            }
            // Consoles show "downloading", then the progress, then the file.
            for (const QJsonObject &json : std::as_const(*started))
                m_deps.events.publish(u"attachment.updated"_s, {{u"attachment"_s, json}});
            for (const PendingDownload &d : *claimed)
                fetch(d);
            if (m_wakeAgain || (!claimed->isEmpty() && m_inFlight < m_concurrent)) {
                m_timer.start(0);
            } else if (*next > 0) {
                m_timer.start(int(std::clamp<Millis>(*next - nowMillis(), 0, 60'000)));
            } else {
                m_timer.start(60'000);
            }
        },
        DbWriter::Priority::Background);
}

void MediaFetcher::fetch(const PendingDownload &d)
{
    ++m_inFlight;
    const auto done = [this, d](const Result<QByteArray> &bytes, const Failure &failure) {
        if (!m_running)
            return;
        if (bytes.isOk())
            keep(d, bytes.value());
        else
            failed(d, failure);
    };
    if (d.platform == Platform::Telegram)
        fetchTelegram(d, done);
    else if (d.platform == Platform::WhatsApp)
        fetchWhatsApp(d, false, done);
    else
        failed(d, {u"this platform keeps no files"_s, false});
}

void MediaFetcher::fetchTelegram(const PendingDownload &d, Fetched done)
{
    QPointer<MediaFetcher> self(this);
    m_deps.telegram.call(
        u"getFile"_s, QJsonObject{{u"file_id"_s, d.sourceRef}}, kRequestTimeoutMs,
        [self, d, done](const TelegramReply &r) {
            if (!self)
                return;
            if (!r.ok) {
                // The platform answered no (an unknown or expired file, one over the Bot API's
                // 20 MB): asking again will not help. No answer, 429 or 5xx: it may.
                const bool retryable =
                    r.transportError || r.httpStatus == 429 || r.httpStatus >= 500;
                done(Status::unavailable(r.summary()),
                     {u"Telegram getFile: "_s + r.summary(), retryable});
                return;
            }
            const QJsonObject file = r.result.toObject();
            const qint64 size = file.value(u"file_size"_s).toInteger();
            const QString path = file.value(u"file_path"_s).toString();
            if (size > self->m_maxBytes || path.isEmpty()) {
                done(Status::invalidArgument(u"too large"_s),
                     {u"the file is "_s + (size > 0 ? media::megabytes(size) : u"too large"_s) +
                          u", over the limit of "_s + media::megabytes(self->m_maxBytes),
                      false});
                return;
            }
            self->m_deps.telegram.downloadFile(
                path, self->m_maxBytes, kRequestTimeoutMs,
                [self, done](const Download &dl) {
                    if (!self)
                        return;
                    if (dl.ok()) {
                        done(dl.data, {});
                        return;
                    }
                    done(Status::unavailable(dl.error),
                         {u"Telegram download: "_s + dl.error +
                              (dl.tooLarge
                                   ? u", over the limit of "_s + media::megabytes(self->m_maxBytes)
                                   : QString()),
                          !dl.tooLarge});
                },
                self->progressOf(d));
        });
}

void MediaFetcher::fetchWhatsApp(const PendingDownload &d, bool again, Fetched done)
{
    QPointer<MediaFetcher> self(this);
    m_deps.whatsApp.mediaInfo(
        d.sourceRef, kRequestTimeoutMs, [self, d, again, done](const WhatsAppReply &r) {
            if (!self)
                return;
            if (!r.ok) {
                const bool retryable =
                    r.transportError || r.httpStatus == 429 || r.httpStatus >= 500;
                done(Status::unavailable(r.summary()),
                     {u"WhatsApp media: "_s + r.summary(), retryable});
                return;
            }
            const qint64 size = r.body.value(u"file_size"_s).toInteger();
            if (size > self->m_maxBytes) {
                done(Status::invalidArgument(u"too large"_s),
                     {u"the file is "_s + media::megabytes(size) + u", over the limit of "_s +
                          media::megabytes(self->m_maxBytes),
                      false});
                return;
            }
            // Used at once, never kept: the URL expires within minutes.
            self->m_deps.whatsApp.downloadMedia(
                r.body.value(u"url"_s).toString(), self->m_maxBytes, kRequestTimeoutMs,
                [self, d, again, done](const Download &dl) {
                    if (!self)
                        return;
                    if (dl.ok()) {
                        done(dl.data, {});
                        return;
                    }
                    // An expired URL: ask for a fresh one, once.
                    const bool expired = dl.httpStatus == 401 || dl.httpStatus == 403 ||
                                         dl.httpStatus == 404 || dl.httpStatus == 410;
                    if (expired && !again) {
                        self->fetchWhatsApp(d, true, done);
                        return;
                    }
                    done(Status::unavailable(dl.error),
                         {u"WhatsApp download: "_s + dl.error +
                              (dl.tooLarge
                                   ? u", over the limit of "_s + media::megabytes(self->m_maxBytes)
                                   : QString()),
                          !dl.tooLarge});
                },
                self->progressOf(d));
        });
}

DownloadProgress MediaFetcher::progressOf(const PendingDownload &d)
{
    // At most about ten events a file (and none for every network packet).
    auto published = std::make_shared<qint64>(0);
    return [this, d, published](qint64 received, qint64 total) {
        const qint64 step = std::max<qint64>(256 * 1024, total > 0 ? total / 10 : 0);
        if (received - *published < step && received != total)
            return;
        *published = received;
        m_deps.events.publish(u"attachment.progress"_s, {{u"id"_s, d.id},
                                                         {u"messageId"_s, d.messageId},
                                                         {u"conversationId"_s, d.conversationId},
                                                         {u"received"_s, received},
                                                         {u"total"_s, total}});
    };
}

void MediaFetcher::keep(const PendingDownload &d, QByteArray bytes)
{
    const PersonalDataCipher &cipher = m_deps.storage.cipher();
    const BlobFiles *files = m_deps.storage.blobFiles();
    const qint64 keepFree = m_keepFreeBytes;
    QtConcurrent::run(&m_workers, [d, bytes = std::move(bytes), &cipher, files, keepFree] {
        return prepare(d, bytes, cipher, files, keepFree);
    }).then(this, [this, d](const Result<FetchedFile> &prepared) {
        if (!m_running)
            return;
        if (!prepared.isOk()) {
            failed(d, {prepared.status().message(), false});
            return;
        }
        auto refused = std::make_shared<QString>();
        auto json = std::make_shared<QJsonObject>();
        auto used = std::make_shared<qint64>(-1);
        const PersonalDataCipher &cipher = m_deps.storage.cipher();
        const BlobFiles *files = m_deps.storage.blobFiles();
        const qint64 quota = m_quotaBytes;
        m_deps.storage.writer().submit(
            this,
            [prepared, refused, json, used, quota, &cipher, files](QSqlDatabase &db) -> Status {
                AttachmentRepository repo(db, cipher, files);
                const FetchedFile &f = prepared.value();
                const Result<bool> kept = repo.hasBlob(f.blobKey);
                if (!kept.isOk())
                    return kept.status();
                if (!kept.value()) {
                    const Result<qint64> used = repo.usage();
                    if (!used.isOk())
                        return used.status();
                    if (used.value() + f.size > quota) {
                        *refused = u"the instance's space for files is full ("_s +
                                   media::megabytes(used.value()) + u" of "_s +
                                   media::megabytes(quota) +
                                   u"): raise media/quotaMb or remove old files"_s;
                        if (Status s = repo.fail(f.attachmentId, *refused, false, 0); !s.isOk())
                            return s;
                        // No row refers to a file written for it (the writer is the only one
                        // to record rows, so none can appear meanwhile).
                        if (f.inFile && files)
                            (void)files->remove(f.blobKey);
                        return readBack(repo, f.attachmentId, *json);
                    }
                }
                FetchedFile stored = f;
                if (kept.value())
                    stored.sealed.clear(); // the same content is kept already
                if (Status s = repo.store(stored); !s.isOk())
                    return s;
                if (const Result<qint64> now = repo.usage(); now.isOk())
                    *used = now.value();
                return readBack(repo, f.attachmentId, *json);
            },
            [this, d, refused, json, used](const Status &s) {
                if (!s.isOk()) {
                    // The store refused (a full disk, a broken connection): the message
                    // stays; the file is tried again later.
                    failed(d, {u"keeping the file failed: "_s + s.message(), true});
                    return;
                }
                if (!refused->isEmpty())
                    qCWarning(lcMedia).noquote() << "attachment" << d.id << "not kept:" << *refused;
                if (*used >= 0)
                    m_deps.metrics.set("aiochat_media_stored_bytes", {}, double(*used));
                finished(d, refused->isEmpty() ? u"ok"_s : u"refused"_s, *json);
            },
            DbWriter::Priority::Background);
    });
}

void MediaFetcher::failed(const PendingDownload &d, const Failure &f)
{
    const PersonalDataCipher &cipher = m_deps.storage.cipher();
    const Millis retryAt = nowMillis() + backoff(d.attempts);
    auto json = std::make_shared<QJsonObject>();
    m_deps.storage.writer().submit(
        this,
        [d, f, retryAt, json, &cipher](QSqlDatabase &db) {
            AttachmentRepository repo(db, cipher);
            if (Status s = repo.fail(d.id, f.error, f.retryable, retryAt); !s.isOk())
                return s;
            return readBack(repo, d.id, *json);
        },
        [this, d, f, json](const Status &s) {
            if (!s.isOk())
                qCWarning(lcMedia).noquote() << "recording a failed download:" << s.message();
            qCInfo(lcMedia).noquote() << "attachment" << d.id << "not downloaded"
                                      << (f.retryable ? "(will retry):" : ":") << f.error;
            finished(d,
                     f.retryable && d.attempts < AttachmentRepository::kMaxAttempts ? u"retry"_s
                                                                                    : u"failed"_s,
                     *json);
        },
        DbWriter::Priority::Background);
}

void MediaFetcher::finished(const PendingDownload &d, const QString &result,
                            const QJsonObject &attachment)
{
    --m_inFlight;
    m_deps.metrics.increment("aiochat_media_downloads_total",
                             MetricsRegistry::label("platform", toString(d.platform).toUtf8()) +
                                 ',' + MetricsRegistry::label("result", result.toUtf8()));
    // Consoles follow a file from "downloading" to shown (or to why it is not).
    if (!attachment.isEmpty())
        m_deps.events.publish(u"attachment.updated"_s, {{u"attachment"_s, attachment}});
    wake();
}

} // namespace aiochat
