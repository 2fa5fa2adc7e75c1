#include "journalprocessor.h"

#include "channels/sandbox/sandboxnormalizer.h"
#include "channels/telegram/telegramnormalizer.h"
#include "channels/whatsapp/whatsappnormalizer.h"
#include "cluster/clustersql.h"
#include "domain/json.h"
#include "events/eventbus.h"
#include "logging/logging.h"
#include "metrics/metricsregistry.h"
#include "storage/connection.h"
#include "storage/identityrepository.h"
#include "storage/messagerepository.h"
#include "storage/storage.h"

#include <QSqlQuery>

#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {
// How long a delivery report waits for the send that will name its message id.
constexpr Millis kPendingReportLifetime = 7LL * 24 * 3600 * 1000;
} // namespace

namespace {

// Rows read per batch. A batch yields between rows as soon as acknowledgement work is waiting, so
// its size bounds only how much is read at once, not how long appends wait.
constexpr int kBatchRows = 256;

Result<NormalizedEvents> normalize(Platform platform, const QByteArray &body)
{
    switch (platform) {
    case Platform::Telegram:
        return normalizeTelegramUpdate(body);
    case Platform::WhatsApp:
        return normalizeWhatsAppNotification(body);
    case Platform::Sandbox:
        return normalizeSandboxMessage(body);
    }
    return Status::invalidArgument(u"unknown platform"_s);
}

Result<ContactIdentity> identityFor(QSqlDatabase &db, const PersonalDataCipher &cipher,
                                    Platform platform, const QString &platformUserId)
{
    ContactIdentity wanted;
    wanted.platform = platform;
    wanted.platformUserId = platformUserId;
    return IdentityRepository(db, cipher).upsert(wanted);
}

} // namespace

JournalProcessor::JournalProcessor(Storage &storage, ConversationService &conversations,
                                   EventBus &events, MetricsRegistry &metrics, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_conversations(conversations)
    , m_events(events)
    , m_metrics(metrics)
{
    m_metrics.describe("aiochat_inbound_updates_total", MetricsRegistry::Type::Counter,
                       "Processed platform updates by platform and kind.");
    m_metrics.describe(
        "aiochat_platform_errors_total", MetricsRegistry::Type::Counter,
        "Errors platforms reported inside webhook payloads (WhatsApp value-level errors).");
    m_metrics.describe("aiochat_journal_failed_total", MetricsRegistry::Type::Counter,
                       "Journal rows set aside after repeated processing failures.");
}

Status JournalProcessor::start()
{
    m_running = true;
    schedule(); // whatever an earlier run acknowledged but did not process
    return Status::ok();
}

void JournalProcessor::stop()
{
    m_running = false;
}

void JournalProcessor::schedule()
{
    if (!m_running)
        return;
    if (m_busy) {
        m_again = true;
        return;
    }
    runBatch();
}

void JournalProcessor::runBatch()
{
    m_busy = true;
    m_again = false;
    auto result = std::make_shared<BatchResult>();
    const PersonalDataCipher &cipher = m_storage.cipher();
    DbWriter &writer = m_storage.writer();
    m_storage.writer().submit(
        this,
        [&cipher, &writer, result, leaseMs = m_sharedLeaseMs](QSqlDatabase &db) {
            return processBatch(db, cipher, *result, leaseMs,
                                [&writer] { return writer.hasWaitingWork(); });
        },
        [this, result](const Status &status) { finishBatch(status, *result); },
        DbWriter::Priority::Background);
}

Status JournalProcessor::processBatch(QSqlDatabase &db, const PersonalDataCipher &cipher,
                                      BatchResult &out, int sharedLeaseMs,
                                      const std::function<bool()> &shouldYield)
{
    // Under load it yields after a row or two: reading 256 bodies for that would be waste.
    const int limit = shouldYield() ? 8 : kBatchRows;
    QSqlQuery rows(db);
    rows.setForwardOnly(true);
    QString shared;
    if (sharedLeaseMs > 0 && isPostgres(db)) {
        // Other instances process what they acknowledged; this one takes what it acknowledged
        // and what an instance whose lease ran out left — never a row another has in hand.
        shared = u" AND ("_s + clustersql::ownedHere(u"owner"_s) + u" OR "_s +
                 clustersql::ownerGone(u"owner"_s, sharedLeaseMs) + u')';
    }
    if (!rows.exec(
            u"SELECT id, platform, body, attempts FROM inbound_journal WHERE state = 'pending'"_s +
            shared + u" ORDER BY id LIMIT "_s + QString::number(limit) +
            (shared.isEmpty() ? QString() : u" FOR UPDATE SKIP LOCKED"_s)))
        return queryError(rows, u"reading the journal"_s);
    struct Row
    {
        qint64 id;
        Platform platform;
        QByteArray body;
        int attempts;
    };
    QList<Row> pending;
    while (rows.next())
        pending.append({rows.value(0).toLongLong(),
                        fromString(rows.value(1).toString(), Platform::Sandbox),
                        rows.value(2).toByteArray(), rows.value(3).toInt()});
    rows.finish();
    out.more = pending.size() == limit;

    QSqlQuery mark(db);
    if (!mark.prepare(
            u"UPDATE inbound_journal SET state = ?, processed_at = ?, attempts = ?, error = ? WHERE id = ?"_s))
        return queryError(mark, u"preparing the journal update"_s);
    auto setState = [&mark](qint64 id, const QString &state, int attempts, const QString &error) {
        mark.bindValue(0, state);
        mark.bindValue(1, nowMillis());
        mark.bindValue(2, attempts);
        mark.bindValue(3,
                       error.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(error));
        mark.bindValue(4, id);
        return execute(mark, u"marking a journal row"_s);
    };

    for (const Row &row : std::as_const(pending)) {
        if (out.rows > 0 && shouldYield()) {
            out.yielded = true; // the rest waits for the next batch
            break;
        }
        ++out.rows;
        const QByteArray platformName = toString(row.platform).toLatin1();
        Status s = executeDirect(db, u"SAVEPOINT journal_row"_s);
        if (!s.isOk())
            return s;
        BatchResult rowOut;
        auto apply = [&]() -> Status {
            const Result<QByteArray> body = cipher.openBytes(PersonalField::JournalBody, row.body);
            if (!body.isOk())
                return body.status().prefixed(u"opening the body"_s);
            const Result<NormalizedEvents> events = normalize(row.platform, body.value());
            if (!events.isOk())
                return events.status();
            for (const QString &kind : events->kinds)
                rowOut.kinds.append({platformName, kind.toLatin1()});
            rowOut.platformErrors += events->errors;
            for (const InboundMessage &m : events->messages) {
                const Result<IngestOutcome> r =
                    ConversationService::ingestInTransaction(db, cipher, m);
                if (!r.isOk())
                    return r.status();
                if (!r->duplicate)
                    rowOut.ingested.append(r.value());
            }
            MessageRepository messages(db, cipher);
            for (const MessageEdit &e : events->edits) {
                const Result<ContactIdentity> who =
                    identityFor(db, cipher, e.platform, e.platformUserId);
                if (!who.isOk())
                    return who.status();
                const auto found =
                    messages.findByPlatformId(who->id, Direction::Inbound, e.platformMessageId);
                if (!found.isOk())
                    return found.status();
                if (!found.value() || found.value()->text == e.text)
                    continue;
                if (const Status es = messages.edit(found.value()->id, e.text, e.editedAt);
                    !es.isOk())
                    return es;
                rowOut.updated.append(*messages.find(found.value()->id).value());
            }
            for (const DeliveryReport &r : events->reports) {
                // One part of a text sent in several: the message follows its slowest part.
                const auto part = messages.applyPartReport(r.platformMessageId, r.status, r.error);
                if (!part.isOk())
                    return part.status();
                if (part->messageId) {
                    if (part->advanced)
                        rowOut.updated.append(*messages.find(part->messageId).value());
                    continue;
                }
                const auto found = messages.findOutboundByPlatformId(r.platformMessageId);
                if (!found.isOk())
                    return found.status();
                if (!found.value()) {
                    // Kept for the send's answer that will name this id; never for longer than
                    // a week (an id no send of ours will ever name).
                    QSqlQuery prune(db);
                    prune.prepare(u"DELETE FROM delivery_reports_pending WHERE received_at < ?"_s);
                    prune.addBindValue(nowMillis() - kPendingReportLifetime);
                    if (const Status ps = execute(prune, u"pruning parked delivery reports"_s);
                        !ps.isOk())
                        return ps;
                    QSqlQuery keep(db);
                    keep.prepare(u"INSERT INTO delivery_reports_pending (platform, "
                                 u"platform_message_id, status, "
                                 u"error, reported_at, received_at) VALUES (?, ?, ?, ?, ?, ?)"_s);
                    keep.addBindValue(toString(r.platform));
                    keep.addBindValue(r.platformMessageId);
                    keep.addBindValue(toString(r.status));
                    keep.addBindValue(notNull(r.error));
                    keep.addBindValue(r.at);
                    keep.addBindValue(nowMillis());
                    if (const Status ks = execute(keep, u"keeping an early delivery report"_s);
                        !ks.isOk())
                        return ks;
                    continue;
                }
                const Result<bool> advanced =
                    messages.advanceStatus(found.value()->id, r.status, r.error);
                if (!advanced.isOk())
                    return advanced.status();
                if (advanced.value())
                    rowOut.updated.append(*messages.find(found.value()->id).value());
            }
            for (const IdentityChange &c : events->identityChanges) {
                const Result<ContactIdentity> who =
                    identityFor(db, cipher, c.platform, c.platformUserId);
                if (!who.isOk())
                    return who.status();
                IdentityRepository identities(db, cipher);
                const Status cs =
                    c.kind == IdentityChange::Kind::PhoneEvidence
                        ? identities.setPhoneEvidence(who->id, c.phone)
                        : identities.setBlocked(who->id, c.kind == IdentityChange::Kind::Blocked);
                if (!cs.isOk())
                    return cs;
                const auto fresh = identities.find(who->id);
                if (fresh.isOk() && fresh.value())
                    rowOut.identities.append(json::toJson(*fresh.value()));
            }
            return setState(row.id, events->unknownKind ? u"ignored"_s : u"processed"_s,
                            row.attempts + 1, {});
        };
        s = apply();
        if (s.isOk()) {
            (void)executeDirect(db, u"RELEASE SAVEPOINT journal_row"_s);
            out.ingested += rowOut.ingested;
            out.updated += rowOut.updated;
            out.identities += rowOut.identities;
            out.kinds += rowOut.kinds;
            out.platformErrors += rowOut.platformErrors;
            continue;
        }
        // Undo this row's partial work; count the attempt so a poisoned row cannot block the
        // journal forever. Malformed bodies will never improve: set them aside at once.
        (void)executeDirect(db, u"ROLLBACK TO SAVEPOINT journal_row"_s);
        (void)executeDirect(db, u"RELEASE SAVEPOINT journal_row"_s);
        const bool hopeless =
            s.code() == Status::Code::InvalidArgument || row.attempts + 1 >= kMaxAttempts;
        if (hopeless)
            ++out.failedRows;
        qCWarning(lcInbound).noquote()
            << "journal row" << row.id << "(" << platformName << ")"
            << (hopeless ? "set aside:" : "will be retried:") << s.message();
        const Status ms =
            setState(row.id, hopeless ? u"failed"_s : u"pending"_s, row.attempts + 1, s.message());
        if (!ms.isOk())
            return ms;
    }
    return Status::ok();
}

void JournalProcessor::finishBatch(const Status &status, const BatchResult &result)
{
    m_busy = false;
    if (!status.isOk()) {
        // The store is failing; the rows stay pending and the next append or start retries.
        qCWarning(lcInbound) << "journal processing failed:" << status.message();
        return;
    }
    for (const auto &[platform, kind] : result.kinds)
        m_metrics.increment("aiochat_inbound_updates_total",
                            MetricsRegistry::labels({{"platform", platform}, {"kind", kind}}));
    for (const QString &e : result.platformErrors) {
        m_metrics.increment("aiochat_platform_errors_total");
        qCWarning(lcInbound).noquote() << "platform reported:" << e;
    }
    if (result.failedRows)
        m_metrics.increment("aiochat_journal_failed_total", {}, result.failedRows);
    for (const IngestOutcome &o : result.ingested) {
        m_conversations.announce(o);
        if (o.message.kind == MessageKind::Callback &&
            o.conversation.platform == Platform::Telegram) {
            for (const QJsonValue &a : o.message.attachments) {
                const QString id = a.toObject().value(u"callbackQueryId"_s).toString();
                if (!id.isEmpty())
                    Q_EMIT telegramCallbackQuery(id);
            }
        }
    }
    for (const Message &m : result.updated)
        m_events.publish(u"message.updated"_s, {{u"message"_s, json::toJson(m)}});
    for (const QJsonObject &i : result.identities)
        m_events.publish(u"identity.updated"_s, {{u"identity"_s, i}});
    if (!m_running)
        return;
    if (result.yielded || result.more || m_again)
        runBatch();
    else
        Q_EMIT drained();
}

} // namespace aiochat
