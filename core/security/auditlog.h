#pragma once

#include "api/operatorcontext.h"
#include "domain/status.h"

#include <QByteArray>
#include <QJsonObject>
#include <QSqlDatabase>

#include <future>

namespace aiochat {

class DbWriter;

/** @brief One audited action: who did what to which record. */
struct AuditEntry
{
    qint64 operatorId = 0;
    QString operatorEmail;
    QString action;     ///< "contact.reveal", "login.failure", "operator.create"…
    QString targetType; ///< "contact", "operator", "setting"…
    QString targetId;
    QJsonObject detail; ///< e.g. {"fields":["phone"]}; never the personal values themselves

    /** @brief An entry for an action by @p op; where it came from goes into the detail. */
    [[nodiscard]] static AuditEntry by(const OperatorContext &op, QString action,
                                       QString targetType, QString targetId,
                                       QJsonObject detail = {})
    {
        if (!op.client.isEmpty())
            detail.insert(QStringLiteral("client"), op.client);
        return {op.operatorId,       op.email,         std::move(action), std::move(targetType),
                std::move(targetId), std::move(detail)};
    }
};

/**
 * @brief The tamper-evident audit log. Each entry's hash is an HMAC (key in the secrets store)
 * over the previous entry's hash and the entry itself, with consecutive ids; the newest id and
 * hash are also kept apart ("audit.head"). Editing, deleting or reordering any entry — including
 * the last — breaks the chain, and without the key it cannot be recomputed.
 */
class AuditLog
{
public:
    explicit AuditLog(QByteArray key);

    /** @brief Appends inside the caller's write transaction (so the action and its trace commit
     * together). */
    [[nodiscard]] Status append(QSqlDatabase &db, const AuditEntry &entry) const;
    /** @brief Appends through the writer and waits for the commit (for reads that must be traced
     * first). */
    [[nodiscard]] Status appendAndWait(DbWriter &writer, const AuditEntry &entry) const;
    /**
     * @brief Queues the entry on the writer and returns at once; the future tells when it is
     * committed. A read can do its own work meanwhile and wait before answering.
     */
    [[nodiscard]] std::future<Status> appendAsync(DbWriter &writer, const AuditEntry &entry) const;

    struct Verification
    {
        bool ok = true;
        qint64 entries = 0;
        qint64 brokenAt = 0; ///< first entry that does not check out
        QString reason;
    };
    [[nodiscard]] static Verification verify(QSqlDatabase &db, const QByteArray &key);

private:
    QByteArray m_key;
};

} // namespace aiochat
