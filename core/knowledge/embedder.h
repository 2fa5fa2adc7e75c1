#pragma once

#include "host/coreservice.h"

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QVector>

namespace aiochat {

class ChannelSettings;
class EmbeddingClient;
class EventBus;
class Storage;
class VectorIndex;

/**
 * @brief Keeps every passage embedded with the configured model, in the background.
 *
 * On the core thread, but nothing slow runs there: the store is read on the reader pool and
 * written by the writer, the endpoint is called asynchronously. Passages are embedded in
 * batches of 32, oldest first; a vector already computed for the same text and model is taken
 * from the cache. An endpoint that is down, slow, rate-limited or answers with vectors of the
 * wrong size leaves the passages keyword-searchable and is tried again later (30 s, doubling to
 * 10 min); the reason is shown on the Knowledge page. A model change starts over in the
 * background with the new model, the old vectors staying until then unused. Deleted, replaced
 * and merged passages are reconciled with the store whenever the knowledge base or a customer
 * changes.
 */
class Embedder : public QObject, public CoreService
{
    Q_OBJECT

public:
    Embedder(Storage &storage, ChannelSettings &settings, EmbeddingClient &client,
             VectorIndex &index, EventBus &events, QObject *parent = nullptr);

    [[nodiscard]] QString serviceName() const override { return QStringLiteral("embedder"); }
    [[nodiscard]] Status start() override;
    void stop() override;

    /** @brief Whether questions can be embedded now (configured, and the index holds vectors). */
    [[nodiscard]] bool ready() const;
    /** @brief {configured, model, indexed, lastError} for the console. */
    [[nodiscard]] QJsonObject status() const;

    static constexpr int kBatch = 32;

private:
    struct Pending
    {
        qint64 id = 0;
        QString ns;
        QString text;
        QString hash;
        QVector<float> vector; ///< from the cache or the endpoint
    };

    void configure();
    void load();
    void reconcile();
    void next();
    void failed(const QString &reason);
    void storeBatch(const QList<Pending> &batch);

    Storage &m_storage;
    ChannelSettings &m_settings;
    EmbeddingClient &m_client;
    VectorIndex &m_index;
    EventBus &m_events;
    QTimer m_retry{this}; // a child: it moves to the core thread with its owner
    int m_backoffMs = 30'000;
    qint64 m_after = 0; ///< the walk's position: passages up to this id are done
    bool m_running = false;
    bool m_busy = false;      ///< a batch is on its way
    bool m_again = false;     ///< something changed while busy: walk again afterwards
    quint64 m_generation = 0; ///< bumped by a model change; late answers of an older one drop
    QString m_lastError;
};

} // namespace aiochat
