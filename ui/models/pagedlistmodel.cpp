#include "pagedlistmodel.h"

#include "backend/consoleclient.h"

using namespace Qt::StringLiterals;

namespace aiochat {

PagedListModel::PagedListModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_refreshTimer.setSingleShot(true);
    connect(&m_refreshTimer, &QTimer::timeout, this, &PagedListModel::refresh);
    connect(this, &QAbstractItemModel::rowsInserted, this, &PagedListModel::countChanged);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &PagedListModel::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &PagedListModel::countChanged);
}

void PagedListModel::componentComplete()
{
    m_complete = true;
    scheduleRefresh();
}

void PagedListModel::setClient(ConsoleClient *client)
{
    if (m_client == client)
        return;
    if (m_client)
        disconnect(m_client, nullptr, this, nullptr);
    m_client = client;
    clientAttached(client);
    Q_EMIT clientChanged();
    scheduleRefresh();
}

void PagedListModel::setPageSize(int size)
{
    size = std::clamp(size, 1, 200);
    if (m_pageSize == size)
        return;
    m_pageSize = size;
    Q_EMIT pageSizeChanged();
    scheduleRefresh();
}

void PagedListModel::scheduleRefresh(int delayMs)
{
    // Any answer still in flight belongs to the old filters.
    ++m_generation;
    m_fetching = false;
    m_refreshTimer.start(delayMs);
}

void PagedListModel::refresh()
{
    m_refreshTimer.stop();
    if (!isReady())
        return;
    ++m_generation;
    request(true);
}

bool PagedListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_cursor.isEmpty() && !m_fetching;
}

void PagedListModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent) || !isReady())
        return;
    request(false);
}

void PagedListModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged();
}

void PagedListModel::setError(const QString &error)
{
    if (m_errorString == error)
        return;
    m_errorString = error;
    Q_EMIT errorStringChanged();
}

void PagedListModel::request(bool firstPage)
{
    QJsonObject params = queryParams();
    params.insert(u"limit"_s, m_pageSize);
    if (!firstPage)
        params.insert(u"cursor"_s, m_cursor);
    const quint64 generation = m_generation;
    if (firstPage)
        firstPageRequested();
    m_fetching = true;
    setLoading(true);
    m_client->call(command(), params, this,
                   [this, generation, firstPage](const CommandResponse &r) {
                       if (generation != m_generation)
                           return; // filters changed meanwhile
                       m_fetching = false;
                       setLoading(false);
                       if (!r.status.isOk()) {
                           setError(r.status.message());
                           return;
                       }
                       setError({});
                       const QJsonObject result = r.result.toObject();
                       const QJsonArray items = result.value(u"items"_s).toArray();
                       const bool hadMore = hasMore();
                       m_cursor = result.value(u"nextCursor"_s).toString();
                       if (firstPage) {
                           beginResetModel();
                           resetRows(items);
                           endResetModel();
                           firstPageApplied();
                           Q_EMIT reloaded();
                       } else if (!items.isEmpty()) {
                           appendRows(items);
                       }
                       if (hadMore != hasMore())
                           Q_EMIT hasMoreChanged();
                   });
}

} // namespace aiochat
