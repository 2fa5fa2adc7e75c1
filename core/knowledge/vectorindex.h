#pragma once

#include <QHash>
#include <QList>
#include <QReadWriteLock>
#include <QString>
#include <QStringList>
#include <QVector>

#include <vector>

namespace aiochat {

/**
 * @brief The passages' embedding vectors in memory, per scope, for exact cosine search.
 *
 * A question only ever looks at the shared base and one customer's own passages, so a search
 * scans those two blocks and nothing else: exact, and a few milliseconds for tens of thousands of
 * shared passages (see the knowledge benchmark; an approximate index is not needed at that
 * size). Vectors are normalised when added, so cosine is a dot product. Any thread may search
 * (the reader pool) while the embedder adds and removes (core thread): a read-write lock.
 */
class VectorIndex
{
public:
    struct Hit
    {
        qint64 chunkId = 0;
        float similarity = 0;
    };

    /** @brief Empties the index for vectors of @p model with @p dims dimensions. */
    void reset(const QString &model, int dims);
    [[nodiscard]] QString model() const;
    [[nodiscard]] int dims() const;
    [[nodiscard]] qint64 size() const;
    [[nodiscard]] bool contains(qint64 chunkId) const;
    /** @brief Bytes the vectors take (what the benchmark reports per 100k passages). */
    [[nodiscard]] qint64 memoryBytes() const;

    /** @brief Adds or replaces a passage's vector; false when its size is not dims(). */
    bool add(qint64 chunkId, const QString &ns, const QVector<float> &vector);
    void remove(qint64 chunkId);
    /** @brief The namespace each indexed passage is in (to compare with the store's). */
    [[nodiscard]] QHash<qint64, QString> entries() const;

    /** @brief The @p k passages of @p namespaces most similar to @p query, best first. */
    [[nodiscard]] QList<Hit> search(const QVector<float> &query, const QStringList &namespaces,
                                    int k) const;

private:
    struct Block
    {
        std::vector<qint64> ids;
        std::vector<float> data; ///< ids.size() × dims, row-major
    };
    void removeLocked(qint64 chunkId);

    mutable QReadWriteLock m_lock;
    QString m_model;
    int m_dims = 0;
    QHash<QString, Block> m_blocks;
    QHash<qint64, QString> m_where; ///< chunk id → namespace
};

} // namespace aiochat
