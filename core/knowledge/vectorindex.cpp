#include "vectorindex.h"

#include <algorithm>
#include <cmath>

namespace aiochat {

void VectorIndex::reset(const QString &model, int dims)
{
    QWriteLocker lock(&m_lock);
    m_model = model;
    m_dims = dims;
    m_blocks.clear();
    m_where.clear();
}

QString VectorIndex::model() const
{
    QReadLocker lock(&m_lock);
    return m_model;
}

int VectorIndex::dims() const
{
    QReadLocker lock(&m_lock);
    return m_dims;
}

qint64 VectorIndex::size() const
{
    QReadLocker lock(&m_lock);
    return m_where.size();
}

bool VectorIndex::contains(qint64 chunkId) const
{
    QReadLocker lock(&m_lock);
    return m_where.contains(chunkId);
}

qint64 VectorIndex::memoryBytes() const
{
    QReadLocker lock(&m_lock);
    qint64 bytes = 0;
    for (const Block &b : m_blocks)
        bytes += qint64(b.data.capacity() * sizeof(float) + b.ids.capacity() * sizeof(qint64));
    return bytes;
}

QHash<qint64, QString> VectorIndex::entries() const
{
    QReadLocker lock(&m_lock);
    return m_where;
}

bool VectorIndex::add(qint64 chunkId, const QString &ns, const QVector<float> &vector)
{
    QWriteLocker lock(&m_lock);
    if (m_dims <= 0 || vector.size() != m_dims)
        return false;
    double norm = 0;
    for (float v : vector)
        norm += double(v) * double(v);
    norm = std::sqrt(norm);
    if (norm == 0)
        return false;
    removeLocked(chunkId);
    Block &block = m_blocks[ns];
    block.ids.push_back(chunkId);
    for (float v : vector)
        block.data.push_back(float(double(v) / norm));
    m_where.insert(chunkId, ns);
    return true;
}

void VectorIndex::remove(qint64 chunkId)
{
    QWriteLocker lock(&m_lock);
    removeLocked(chunkId);
}

void VectorIndex::removeLocked(qint64 chunkId)
{
    const auto where = m_where.constFind(chunkId);
    if (where == m_where.cend())
        return;
    Block &block = m_blocks[where.value()];
    const auto it = std::find(block.ids.begin(), block.ids.end(), chunkId);
    if (it != block.ids.end()) {
        // The last row moves into the hole: removal is O(dims), order does not matter.
        const size_t row = size_t(it - block.ids.begin());
        const size_t last = block.ids.size() - 1;
        const size_t dims = size_t(m_dims);
        if (row != last) {
            block.ids[row] = block.ids[last];
            std::copy_n(block.data.begin() + std::ptrdiff_t(last * dims), dims,
                        block.data.begin() + std::ptrdiff_t(row * dims));
        }
        block.ids.pop_back();
        block.data.resize(block.ids.size() * dims);
    }
    m_where.erase(where);
}

QList<VectorIndex::Hit> VectorIndex::search(const QVector<float> &query,
                                            const QStringList &namespaces, int k) const
{
    QReadLocker lock(&m_lock);
    QList<Hit> out;
    if (m_dims <= 0 || query.size() != m_dims || k <= 0)
        return out;
    double norm = 0;
    for (float v : query)
        norm += double(v) * double(v);
    if (norm == 0)
        return out;
    const float scale = float(1.0 / std::sqrt(norm));
    std::vector<float> q(static_cast<size_t>(m_dims));
    for (int i = 0; i < m_dims; ++i)
        q[size_t(i)] = query[i] * scale;
    // A bounded min-heap of the best k.
    std::vector<Hit> heap;
    heap.reserve(size_t(k) + 1);
    const auto worse = [](const Hit &a, const Hit &b) { return a.similarity > b.similarity; };
    for (const QString &ns : namespaces) {
        const auto block = m_blocks.constFind(ns);
        if (block == m_blocks.cend())
            continue;
        const float *row = block->data.data();
        for (size_t r = 0; r < block->ids.size(); ++r, row += m_dims) {
            float dot = 0;
            const float *qv = q.data();
            // Lets the compiler vectorise the sum (-fopenmp-simd; no OpenMP runtime involved).
#pragma omp simd reduction(+ : dot)
            for (int i = 0; i < m_dims; ++i)
                dot += row[i] * qv[i];
            if (int(heap.size()) < k) {
                heap.push_back({block->ids[r], dot});
                std::push_heap(heap.begin(), heap.end(), worse);
            } else if (dot > heap.front().similarity) {
                std::pop_heap(heap.begin(), heap.end(), worse);
                heap.back() = {block->ids[r], dot};
                std::push_heap(heap.begin(), heap.end(), worse);
            }
        }
    }
    std::sort(heap.begin(), heap.end(),
              [](const Hit &a, const Hit &b) { return a.similarity > b.similarity; });
    out.reserve(qsizetype(heap.size()));
    for (const Hit &h : heap)
        out.append(h);
    return out;
}

} // namespace aiochat
