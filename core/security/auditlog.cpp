#include "auditlog.h"

#include "crypto.h"
#include "domain/timestamps.h"
#include "storage/connection.h"
#include "storage/dbwriter.h"
#include "storage/statement.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

QString entryHash(const QByteArray &key, const QString &previous, qint64 id, Millis at,
                  qint64 operatorId, const QString &email, const QString &action,
                  const QString &targetType, const QString &targetId, const QString &detail)
{
    const QString canonical = previous + u'\n' + QString::number(id) + u'\n' + QString::number(at) +
                              u'\n' + QString::number(operatorId) + u'\n' + email + u'\n' + action +
                              u'\n' + targetType + u'\n' + targetId + u'\n' + detail;
    return QString::fromLatin1(crypto::hmacSha256(key, canonical.toUtf8()).toHex());
}

} // namespace

AuditLog::AuditLog(QByteArray key)
    : m_key(std::move(key))
{}

Status AuditLog::append(QSqlDatabase &db, const AuditEntry &e) const
{
    // Cached statements: an audited command pays for the entry, not for parsing SQL.
    qint64 id = 1;
    QString previous;
    {
        Statement last(db, u"SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"_s);
        if (!last.status().isOk())
            return last.status();
        if (Status s = execute(last.query(), u"reading the audit chain"_s); !s.isOk())
            return s;
        if (last.query().next()) {
            id = last.query().value(0).toLongLong() + 1;
            previous = last.query().value(1).toString();
        }
    }
    const Millis at = nowMillis();
    const QString detail =
        QString::fromUtf8(QJsonDocument(e.detail).toJson(QJsonDocument::Compact));
    const QString hash = entryHash(m_key, previous, id, at, e.operatorId, e.operatorEmail, e.action,
                                   e.targetType, e.targetId, detail);
    {
        Statement insert(db, u"INSERT INTO audit_log (id, at, operator_id, operator_email, action, "
                             u"target_type, target_id, detail, prev_hash, hash) "
                             u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
        if (!insert.status().isOk())
            return insert.status();
        QSqlQuery &q = insert.query();
        q.addBindValue(id);
        q.addBindValue(at);
        q.addBindValue(e.operatorId);
        q.addBindValue(notNull(e.operatorEmail));
        q.addBindValue(e.action);
        q.addBindValue(notNull(e.targetType));
        q.addBindValue(notNull(e.targetId));
        q.addBindValue(detail);
        q.addBindValue(notNull(previous));
        q.addBindValue(hash);
        if (Status s = execute(q, u"appending to the audit log"_s); !s.isOk())
            return s;
    }
    // The head, kept apart, reveals a removed tail.
    Statement head(db, u"INSERT INTO settings (key, value, updated_at) VALUES ('audit.head', ?, ?) "
                       u"ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                       u"updated_at = excluded.updated_at"_s);
    if (!head.status().isOk())
        return head.status();
    head.query().addBindValue(QString::number(id) + u':' + hash);
    head.query().addBindValue(at);
    return execute(head.query(), u"updating the audit head"_s);
}

Status AuditLog::appendAndWait(DbWriter &writer, const AuditEntry &entry) const
{
    return writer.run([this, entry](QSqlDatabase &db) { return append(db, entry); });
}

std::future<Status> AuditLog::appendAsync(DbWriter &writer, const AuditEntry &entry) const
{
    auto promise = std::make_shared<std::promise<Status>>();
    std::future<Status> future = promise->get_future();
    writer.submit([this, entry](QSqlDatabase &db) { return append(db, entry); },
                  [promise](const Status &s) { promise->set_value(s); });
    return future;
}

AuditLog::Verification AuditLog::verify(QSqlDatabase &db, const QByteArray &key)
{
    Verification v;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT id, at, operator_id, operator_email, action, target_type, target_id, "
                u"detail, prev_hash, hash "
                u"FROM audit_log ORDER BY id"_s)) {
        v.ok = false;
        v.reason = u"cannot read the audit log: "_s + q.lastError().text();
        return v;
    }
    QString previous;
    qint64 expected = 1;
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        auto broken = [&](qint64 at, const QString &why) {
            v.ok = false;
            v.brokenAt = at;
            v.reason = why;
        };
        if (id != expected) {
            broken(expected, u"entry "_s + QString::number(expected) +
                                 u" is missing (the next one is "_s + QString::number(id) + u')');
            return v;
        }
        if (q.value(8).toString() != previous) {
            broken(id,
                   u"entry "_s + QString::number(id) + u" does not follow the entry before it"_s);
            return v;
        }
        const QString hash =
            entryHash(key, previous, id, q.value(1).toLongLong(), q.value(2).toLongLong(),
                      q.value(3).toString(), q.value(4).toString(), q.value(5).toString(),
                      q.value(6).toString(), q.value(7).toString());
        if (!crypto::constantTimeEquals(hash.toLatin1(), q.value(9).toString().toLatin1())) {
            broken(id, u"entry "_s + QString::number(id) + u" was altered"_s);
            return v;
        }
        previous = hash;
        ++v.entries;
        ++expected;
    }
    QSqlQuery head(db);
    if (head.exec(u"SELECT value FROM settings WHERE key = 'audit.head'"_s) && head.next()) {
        const QString want = head.value(0).toString();
        const QString have = QString::number(expected - 1) + u':' + previous;
        if (want != have) {
            v.ok = false;
            v.brokenAt = expected;
            v.reason = u"entries after "_s + QString::number(expected - 1) +
                       u" were removed (the log ended at "_s + want.section(u':', 0, 0) + u')';
        }
    } else if (v.entries > 0) {
        v.ok = false;
        v.brokenAt = 1;
        v.reason = u"the audit head is missing"_s;
    }
    return v;
}

} // namespace aiochat
