#include "inboundjournal.h"

#include "domain/timestamps.h"
#include "metrics/metricsregistry.h"
#include "storage/connection.h"
#include "storage/statement.h"
#include "storage/storage.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSqlQuery>

#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat {

InboundJournal::InboundJournal(Storage &storage, MetricsRegistry &metrics, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_metrics(metrics)
{
    m_metrics.describe("aiochat_journal_commit_seconds", MetricsRegistry::Type::Histogram,
                       "Time from receiving a webhook request to its journal row being committed.",
                       {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5});
    m_metrics.describe("aiochat_journal_appends_total", MetricsRegistry::Type::Counter,
                       "Journal appends by platform and outcome (stored, duplicate, failed).");
}

void InboundJournal::append(const JournalEntry &entry, Done done)
{
    QElapsedTimer timer;
    timer.start();
    const QByteArray platform = toString(entry.platform).toLatin1();
    const QByteArray sealed = m_storage.cipher().sealBytes(PersonalField::JournalBody, entry.body);
    const QString headers =
        QString::fromUtf8(QJsonDocument(entry.headers).toJson(QJsonDocument::Compact));
    auto duplicate = std::make_shared<bool>(false);
    m_storage.writer().submit(
        this,
        [entry, sealed, headers, duplicate](QSqlDatabase &db) {
            Statement st(
                db, u"INSERT INTO inbound_journal (platform, event_key, received_at, headers, "
                    u"body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform, event_key) DO NOTHING"_s);
            Status s = st.status();
            if (!s.isOk())
                return s;
            QSqlQuery &q = st.query();
            q.addBindValue(toString(entry.platform));
            q.addBindValue(entry.eventKey);
            q.addBindValue(nowMillis());
            q.addBindValue(headers);
            q.addBindValue(sealed);
            s = execute(q, u"journaling a request"_s);
            if (!s.isOk())
                return s;
            // No RETURNING: a conflict simply changes no row.
            *duplicate = q.numRowsAffected() == 0;
            return Status::ok();
        },
        [this, timer, platform, duplicate, done = std::move(done)](const Status &status) {
            m_metrics.observe("aiochat_journal_commit_seconds", {},
                              double(timer.nsecsElapsed()) / 1e9);
            const QByteArray outcome =
                !status.isOk() ? "failed" : (*duplicate ? "duplicate" : "stored");
            m_metrics.increment(
                "aiochat_journal_appends_total",
                MetricsRegistry::labels({{"platform", platform}, {"outcome", outcome}}));
            done(status, *duplicate);
            if (status.isOk() && !*duplicate)
                Q_EMIT appended();
        });
}

} // namespace aiochat
