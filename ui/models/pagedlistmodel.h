#pragma once

#include <QAbstractListModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QQmlParserStatus>
#include <QTimer>
#include <QtQmlIntegration>

#include "backend/consoleclient.h"

namespace aiochat {

/**
 * @brief Base of the list models backed by a paged Console API command ({items, nextCursor}).
 * Handles the client, loading/error state, keyset paging through fetchMore, and refreshes
 * when filters change (coalesced, so typing in a search box sends one request). Answers that
 * arrive after the filters changed again are dropped.
 */
class PagedListModel : public QAbstractListModel, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_ANONYMOUS
    Q_PROPERTY(aiochat::ConsoleClient *client READ client WRITE setClient NOTIFY clientChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool hasMore READ hasMore NOTIFY hasMoreChanged)
    Q_PROPERTY(int pageSize READ pageSize WRITE setPageSize NOTIFY pageSizeChanged)
public:
    explicit PagedListModel(QObject *parent = nullptr);

    [[nodiscard]] ConsoleClient *client() const { return m_client; }
    void setClient(ConsoleClient *client);
    [[nodiscard]] bool isLoading() const { return m_loading; }
    [[nodiscard]] QString errorString() const { return m_errorString; }
    [[nodiscard]] int count() const { return rowCount(); }
    [[nodiscard]] bool hasMore() const { return !m_cursor.isEmpty(); }
    /** @brief Rows asked for per request. */
    [[nodiscard]] int pageSize() const { return m_pageSize; }
    void setPageSize(int size);

    /** @brief Reloads the first page now. */
    Q_INVOKABLE void refresh();
    /**
     * @brief Asks for the next page if there is one and none is on its way: for views that
     * prefetch before the user reaches the end (a view asks only once it is there).
     */
    Q_INVOKABLE void loadMore() { fetchMore({}); }

    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    void classBegin() override { m_complete = false; }
    void componentComplete() override;

Q_SIGNALS:
    void clientChanged();
    void loadingChanged();
    void errorStringChanged();
    void countChanged();
    void hasMoreChanged();
    void pageSizeChanged();
    /** @brief A first page arrived (after refresh or a filter change). */
    void reloaded();

protected:
    [[nodiscard]] virtual QString command() const = 0;
    [[nodiscard]] virtual QJsonObject queryParams() const = 0;
    /** @brief Replace every row with @p items; called inside begin/endResetModel. */
    virtual void resetRows(const QJsonArray &items) = 0;
    /** @brief Append @p items after the last row (the subclass emits the insert). */
    virtual void appendRows(const QJsonArray &items) = 0;
    /**
     * @brief A first page is about to be requested. Live updates arriving from now on may be
     * newer than the page, so subclasses remember them and replay them in firstPageApplied().
     */
    virtual void firstPageRequested() {}
    /** @brief The first page replaced the rows (after endResetModel). */
    virtual void firstPageApplied() {}
    /** @brief Called when the client changes, to (dis)connect event handling. */
    virtual void clientAttached(ConsoleClient *client) { Q_UNUSED(client); }

    /** @brief Filters changed: reload soon (coalesced within @p delayMs). */
    void scheduleRefresh(int delayMs = 0);
    [[nodiscard]] bool isReady() const { return m_complete && m_client && hasQuery(); }
    /** @brief False while the model has nothing to ask for (no conversation chosen yet). */
    [[nodiscard]] virtual bool hasQuery() const { return true; }
    void setError(const QString &error);

private:
    void setLoading(bool loading);
    void request(bool firstPage);

    QPointer<ConsoleClient> m_client;
    QTimer m_refreshTimer{this};
    QString m_cursor;
    QString m_errorString;
    quint64 m_generation = 0;
    int m_pageSize = 50;
    bool m_loading = false;
    bool m_fetching = false;
    bool m_complete = true; ///< false only between classBegin and componentComplete in QML
};

} // namespace aiochat
