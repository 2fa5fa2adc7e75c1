#include "legacytextsealer.h"

#include "logging/logging.h"
#include "personaldatacipher.h"
#include "storage/connection.h"
#include "storage/messagetext.h"
#include "storage/storage.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

QVariant orNull(const QByteArray &b)
{
    return b.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray)) : QVariant(b);
}

QVariant orNull(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s);
}

struct ClearRow
{
    qint64 id = 0;
    QString text;
};

Result<QList<ClearRow>> clearRows(QSqlDatabase &db, const QString &sql, int limit)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(sql + u" ORDER BY id LIMIT "_s + QString::number(limit)))
        return queryError(q, u"preparing to seal clear texts"_s);
    if (Status s = execute(q, u"reading clear texts"_s); !s.isOk())
        return s;
    QList<ClearRow> rows;
    while (q.next())
        rows.append({q.value(0).toLongLong(), q.value(1).toString()});
    return rows;
}

} // namespace

LegacyTextSealer::LegacyTextSealer(Storage &storage, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
{}

Result<int> LegacyTextSealer::sealBatch(QSqlDatabase &db, const PersonalDataCipher &cipher,
                                        int limit)
{
    int sealed = 0;
    // Messages: the text sealed, its terms indexed (the FTS trigger follows search_terms).
    Result<QList<ClearRow>> rows =
        clearRows(db, u"SELECT id, text FROM messages WHERE text IS NOT NULL"_s, limit);
    if (!rows.isOk())
        return rows.status();
    for (const ClearRow &r : rows.value()) {
        const messagetext::Sealed s = messagetext::seal(cipher, r.text);
        if (Status e =
                execute(db,
                        u"UPDATE messages SET text = NULL, text_enc = ?, search_terms = ? "
                        u"WHERE id = ?"_s,
                        {orNull(s.text), orNull(s.searchTerms), r.id}, u"sealing a message text"_s);
            !e.isOk())
            return e;
        ++sealed;
    }
    rows = clearRows(
        db, u"SELECT id, previous_text FROM message_edits WHERE previous_text IS NOT NULL"_s,
        limit);
    if (!rows.isOk())
        return rows.status();
    for (const ClearRow &r : rows.value()) {
        if (Status e = execute(db,
                               u"UPDATE message_edits SET previous_text = NULL, "
                               u"previous_text_enc = ? WHERE id = ?"_s,
                               {orNull(cipher.seal(PersonalField::MessageText, r.text)), r.id},
                               u"sealing an earlier text"_s);
            !e.isOk())
            return e;
        ++sealed;
    }
    rows = clearRows(db, u"SELECT id, payload FROM outbox WHERE payload <> ''"_s, limit);
    if (!rows.isOk())
        return rows.status();
    for (const ClearRow &r : rows.value()) {
        if (Status e = execute(
                db, u"UPDATE outbox SET payload = '', payload_enc = ? WHERE id = ?"_s,
                {orNull(cipher.sealBytes(PersonalField::OutboxPayload, r.text.toUtf8())), r.id},
                u"sealing a queued payload"_s);
            !e.isOk())
            return e;
        ++sealed;
    }
    return sealed;
}

Result<qint64> LegacyTextSealer::sealAll(Storage &storage)
{
    qint64 total = 0;
    const PersonalDataCipher &cipher = storage.cipher();
    for (;;) {
        int sealed = 0;
        const Status s = storage.writer().run([&](QSqlDatabase &db) -> Status {
            const Result<int> n = sealBatch(db, cipher, 1000);
            sealed = n.isOk() ? n.value() : 0;
            return n.status();
        });
        if (!s.isOk())
            return s;
        if (sealed == 0)
            return total;
        total += sealed;
    }
}

Status LegacyTextSealer::start()
{
    m_stopped = false;
    next();
    return Status::ok();
}

void LegacyTextSealer::next()
{
    auto sealed = std::make_shared<int>(0);
    const PersonalDataCipher &cipher = m_storage.cipher();
    m_storage.writer().submit(
        this,
        [sealed, &cipher](QSqlDatabase &db) -> Status {
            const Result<int> n = sealBatch(db, cipher, 500);
            *sealed = n.isOk() ? n.value() : 0;
            return n.status();
        },
        [this, sealed](const Status &s) {
            if (!s.isOk()) {
                qCWarning(lcStorage).noquote()
                    << "sealing clear message texts failed:" << s.message();
                Q_EMIT failed(s.message());
                return;
            }
            m_sealed += *sealed;
            if (m_stopped)
                return;
            if (*sealed > 0) {
                next();
                return;
            }
            if (m_sealed > 0) {
                qCInfo(lcStorage) << "sealed" << m_sealed
                                  << "message texts an earlier version stored in clear";
                // The clear cells were overwritten (secure_delete); copies in the WAL go too.
                m_storage.truncateWalSoon();
            }
            Q_EMIT finished(m_sealed);
        },
        DbWriter::Priority::Background);
}

} // namespace aiochat
