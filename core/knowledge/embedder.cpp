#include "embedder.h"

#include "channels/channelsettings.h"
#include "domain/timestamps.h"
#include "events/eventbus.h"
#include "llm/embeddingclient.h"
#include "logging/logging.h"
#include "security/personaldatacipher.h"
#include "storage/connection.h"
#include "storage/storage.h"
#include "vectorindex.h"

#include <QCryptographicHash>
#include <QPointer>
#include <QSqlError>
#include <QSqlQuery>

#include <cstring>

#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

QByteArray toBytes(const QVector<float> &v)
{
    return QByteArray(reinterpret_cast<const char *>(v.constData()),
                      qsizetype(v.size() * qsizetype(sizeof(float))));
}

QVector<float> fromBytes(const QByteArray &b)
{
    QVector<float> v(b.size() / qsizetype(sizeof(float)));
    std::memcpy(v.data(), b.constData(), size_t(v.size()) * sizeof(float));
    return v;
}

} // namespace

Embedder::Embedder(Storage &storage, ChannelSettings &settings, EmbeddingClient &client,
                   VectorIndex &index, EventBus &events, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_settings(settings)
    , m_client(client)
    , m_index(index)
    , m_events(events)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, [this] {
        m_after = 0;
        next();
    });
    connect(&m_settings, &ChannelSettings::changed, this, &Embedder::configure);
    connect(&m_events, &EventBus::published, this,
            [this](const QString &name, const QJsonObject &payload) {
                if ((name == u"knowledge.updated"_s && !payload.contains(u"embedded"_s)) ||
                    name == u"contact.updated"_s)
                    reconcile();
            });
}

Status Embedder::start()
{
    m_running = true;
    configure();
    return Status::ok();
}

void Embedder::stop()
{
    m_running = false;
    m_retry.stop();
    ++m_generation;
}

bool Embedder::ready() const
{
    return m_client.isConfigured() && m_index.size() > 0 && m_index.model() == m_client.model();
}

QJsonObject Embedder::status() const
{
    return {{u"configured"_s, m_client.isConfigured()},
            {u"model"_s, m_client.model()},
            {u"indexed"_s, m_index.size()},
            {u"lastError"_s, m_lastError}};
}

void Embedder::configure()
{
    const LlmConfig &llm = m_settings.llm();
    const QString model = llm.embeddings() ? llm.embeddingModel : QString();
    const bool changed = model != m_client.model();
    m_client.configure(llm.baseUrl, llm.apiKey, model);
    if (!changed && m_generation > 0)
        return;
    ++m_generation;
    m_retry.stop();
    m_busy = false;
    m_lastError.clear();
    m_backoffMs = 30'000;
    m_index.reset(model, 0);
    if (!model.isEmpty() && m_running)
        load();
}

// The stored vectors of the model into memory, on a reader thread.
void Embedder::load()
{
    const QString model = m_client.model();
    const quint64 generation = m_generation;
    const PersonalDataCipher &cipher = m_storage.cipher();
    VectorIndex *index = &m_index;
    QPointer<Embedder> self(this);
    m_busy = true;
    m_storage.readers().submit([=, &cipher](QSqlDatabase &db) {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(u"SELECT v.chunk_id, c.namespace, v.dims, v.vector_enc FROM chunk_vectors v "
                  u"JOIN chunks c ON c.id = v.chunk_id WHERE v.model = ? ORDER BY v.chunk_id"_s);
        q.addBindValue(model);
        QString error;
        if (!q.exec()) {
            error = q.lastError().text();
        } else {
            while (q.next()) {
                const Result<QByteArray> bytes =
                    cipher.openBytes(PersonalField::DocumentVector, q.value(3).toByteArray());
                if (!bytes.isOk())
                    continue;
                if (index->dims() == 0)
                    index->reset(model, q.value(2).toInt());
                index->add(q.value(0).toLongLong(), q.value(1).toString(),
                           fromBytes(bytes.value()));
            }
        }
        QMetaObject::invokeMethod(
            self,
            [self, generation, error] {
                if (!self || generation != self->m_generation)
                    return;
                self->m_busy = false;
                if (!error.isEmpty())
                    qCWarning(lcStorage).noquote() << "loading embedding vectors:" << error;
                self->m_after = 0;
                self->next();
            },
            Qt::QueuedConnection);
    });
}

// The store changed: drop vectors of passages that are gone, follow moved ones, embed new ones.
void Embedder::reconcile()
{
    if (!m_running || !m_client.isConfigured())
        return;
    if (m_busy) {
        m_again = true;
        return;
    }
    VectorIndex *index = &m_index;
    QPointer<Embedder> self(this);
    const quint64 generation = m_generation;
    m_busy = true;
    m_storage.readers().submit([=](QSqlDatabase &db) {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        QHash<qint64, QString> stored;
        if (q.exec(u"SELECT id, namespace FROM chunks"_s)) {
            while (q.next())
                stored.insert(q.value(0).toLongLong(), q.value(1).toString());
        }
        const QHash<qint64, QString> indexed = index->entries();
        for (auto it = indexed.cbegin(); it != indexed.cend(); ++it) {
            const auto now = stored.constFind(it.key());
            if (now == stored.cend())
                index->remove(it.key());
        }
        QList<qint64> moved;
        for (auto it = indexed.cbegin(); it != indexed.cend(); ++it) {
            const auto now = stored.constFind(it.key());
            if (now != stored.cend() && now.value() != it.value())
                moved.append(it.key());
        }
        // A merged customer's passages keep their vectors under their new scope: re-read them.
        for (qint64 id : std::as_const(moved))
            index->remove(id);
        QMetaObject::invokeMethod(
            self,
            [self, generation] {
                if (!self || generation != self->m_generation)
                    return;
                self->m_busy = false;
                self->m_after = 0;
                self->next();
            },
            Qt::QueuedConnection);
    });
}

void Embedder::next()
{
    if (!m_running || !m_client.isConfigured() || m_busy || m_retry.isActive())
        return;
    m_again = false;
    m_busy = true;
    const QString model = m_client.model();
    const quint64 generation = m_generation;
    const qint64 after = m_after;
    const PersonalDataCipher &cipher = m_storage.cipher();
    VectorIndex *index = &m_index;
    QPointer<Embedder> self(this);
    // 1. On a reader: the next passages without a vector of this model (or whose vector is not
    //    in memory), and what the cache has for them.
    m_storage.readers().submit([=, &cipher](QSqlDatabase &db) {
        auto batch = std::make_shared<QList<Pending>>();
        QString error;
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(u"SELECT c.id, c.namespace, c.heading_enc, c.text_enc, c.content_hash, "
                  u"v.vector_enc FROM chunks c LEFT JOIN chunk_vectors v ON v.chunk_id = c.id "
                  u"AND v.model = ? WHERE c.id > ? ORDER BY c.id LIMIT 2000"_s);
        q.addBindValue(model);
        q.addBindValue(after);
        qint64 last = after;
        int scanned = 0;
        if (!q.exec())
            error = q.lastError().text();
        while (error.isEmpty() && batch->size() < kBatch && q.next()) {
            ++scanned;
            last = q.value(0).toLongLong();
            const qint64 id = last;
            const QString ns = q.value(1).toString();
            if (!q.value(5).isNull()) {
                // Stored but not in memory (moved by a merge): back in under its scope.
                if (!index->contains(id)) {
                    const Result<QByteArray> bytes =
                        cipher.openBytes(PersonalField::DocumentVector, q.value(5).toByteArray());
                    if (bytes.isOk())
                        index->add(id, ns, fromBytes(bytes.value()));
                }
                continue;
            }
            const Result<QString> heading =
                cipher.open(PersonalField::DocumentText, q.value(2).toByteArray());
            const Result<QString> text =
                cipher.open(PersonalField::DocumentText, q.value(3).toByteArray());
            if (!heading.isOk() || !text.isOk())
                continue;
            const QString input =
                heading->isEmpty() ? text.value() : heading.value() + u"\n"_s + text.value();
            // The cache key is what is embedded: the same heading and text, the same vector.
            const QString cut = input.left(8000);
            const QString key = QString::fromLatin1(
                QCryptographicHash::hash(cut.toUtf8(), QCryptographicHash::Sha256).toHex());
            batch->append({id, ns, cut, key, {}});
        }
        const bool exhausted = error.isEmpty() && scanned < 2000 && batch->size() < kBatch;
        q.finish();
        if (!batch->isEmpty()) {
            QSqlQuery c(db);
            c.prepare(u"SELECT vector_enc FROM embedding_cache WHERE model = ? AND "
                      u"content_hash = ?"_s);
            for (Pending &p : *batch) {
                c.addBindValue(model);
                c.addBindValue(p.hash);
                if (c.exec() && c.next()) {
                    const Result<QByteArray> bytes =
                        cipher.openBytes(PersonalField::DocumentVector, c.value(0).toByteArray());
                    if (bytes.isOk())
                        p.vector = fromBytes(bytes.value());
                }
                c.finish();
            }
        }
        QMetaObject::invokeMethod(
            self,
            [self, generation, batch, last, exhausted, error] {
                if (!self || generation != self->m_generation)
                    return;
                self->m_busy = false;
                if (!error.isEmpty()) {
                    self->failed(u"reading passages: "_s + error);
                    return;
                }
                self->m_after = last;
                if (batch->isEmpty()) {
                    if (!exhausted) {
                        self->next(); // a run of passages that all had vectors
                        return;
                    }
                    if (self->m_again) {
                        self->m_after = 0;
                        self->next();
                    }
                    return;
                }
                // 2. The endpoint, for what the cache did not have.
                QStringList inputs;
                for (const Pending &p : std::as_const(*batch)) {
                    if (p.vector.isEmpty())
                        inputs.append(p.text);
                }
                const auto store = [self, generation, batch](const QList<QVector<float>> &fresh) {
                    if (!self || generation != self->m_generation)
                        return;
                    qsizetype f = 0;
                    for (Pending &p : *batch) {
                        if (p.vector.isEmpty())
                            p.vector = fresh.at(f++);
                    }
                    const int expected = self->m_index.dims();
                    const int got = int(batch->first().vector.size());
                    if (expected > 0 && got != expected) {
                        self->failed(u"the embedding endpoint returned vectors of "_s +
                                     QString::number(got) + u" dimensions; the index holds "_s +
                                     QString::number(expected) +
                                     u" (was the model changed on the server?)"_s);
                        return;
                    }
                    self->storeBatch(*batch);
                };
                if (inputs.isEmpty()) {
                    store({});
                    return;
                }
                self->m_busy = true;
                self->m_client.embed(
                    inputs, self->m_settings.llm().timeoutMs,
                    [self, generation, store](const Result<EmbeddingClient::Vectors> &r) {
                        if (!self || generation != self->m_generation)
                            return;
                        self->m_busy = false;
                        if (!r.isOk()) {
                            self->failed(r.status().message());
                            return;
                        }
                        store(r.value());
                    });
            },
            Qt::QueuedConnection);
    });
}

void Embedder::storeBatch(const QList<Pending> &batch)
{
    const QString model = m_client.model();
    const quint64 generation = m_generation;
    const PersonalDataCipher &cipher = m_storage.cipher();
    m_busy = true;
    m_storage.writer().submit(
        this,
        [batch, model, &cipher](QSqlDatabase &db) -> Status {
            const Millis now = nowMillis();
            for (const Pending &p : batch) {
                const QByteArray sealed =
                    cipher.sealBytes(PersonalField::DocumentVector, toBytes(p.vector));
                const int dims = int(p.vector.size());
                // A passage deleted meanwhile is skipped, not an error.
                if (Status s = execute(
                        db,
                        u"INSERT INTO chunk_vectors (chunk_id, model, dims, vector_enc) SELECT ?, "
                        u"?, ?, ? WHERE EXISTS (SELECT 1 FROM chunks WHERE id = ?) ON CONFLICT "
                        u"(chunk_id, model) DO UPDATE SET dims = excluded.dims, vector_enc = "
                        u"excluded.vector_enc"_s,
                        {p.id, model, dims, sealed, p.id}, u"storing a vector"_s);
                    !s.isOk())
                    return s;
                if (Status s = execute(db,
                                       u"INSERT INTO embedding_cache (content_hash, model, dims, "
                                       u"vector_enc, created_at) VALUES (?, ?, ?, ?, ?) ON "
                                       u"CONFLICT (content_hash, model) DO NOTHING"_s,
                                       {p.hash, model, dims, sealed, now}, u"caching a vector"_s);
                    !s.isOk())
                    return s;
            }
            return Status::ok();
        },
        [this, batch, generation](const Status &s) {
            if (generation != m_generation)
                return;
            m_busy = false;
            if (!s.isOk()) {
                failed(s.message());
                return;
            }
            if (m_index.dims() == 0 && !batch.isEmpty())
                m_index.reset(m_client.model(), int(batch.first().vector.size()));
            for (const Pending &p : batch)
                m_index.add(p.id, p.ns, p.vector);
            m_lastError.clear();
            m_backoffMs = 30'000;
            m_events.publish(u"knowledge.updated"_s, {{u"embedded"_s, batch.size()}});
            next();
        });
}

void Embedder::failed(const QString &reason)
{
    if (reason != m_lastError)
        qCWarning(lcStorage).noquote()
            << "embedding passages paused:" << reason << "- keyword search still works; "
            << "trying again in" << m_backoffMs / 1000 << "s";
    m_lastError = reason;
    m_retry.start(m_backoffMs);
    m_backoffMs = std::min(m_backoffMs * 2, 600'000);
}

} // namespace aiochat
