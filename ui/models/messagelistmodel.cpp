#include "messagelistmodel.h"

#include "backend/consoleclient.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {
constexpr int kCoalesceMs = 75;
}

MessageListModel::Row MessageListModel::Row::fromJson(const QJsonObject &o)
{
    Row r;
    r.id = o.value(u"id"_s).toInteger();
    r.direction = o.value(u"direction"_s).toString();
    r.sender = o.value(u"sender"_s).toString();
    r.senderName = o.value(u"senderName"_s).toString();
    r.kind = o.value(u"kind"_s).toString();
    r.text = o.value(u"text"_s).toString();
    r.attachments = o.value(u"attachments"_s).toArray().toVariantList();
    r.files = o.value(u"files"_s).toArray().toVariantList();
    r.status = o.value(u"status"_s).toString();
    r.error = o.value(u"error"_s).toString();
    const QDateTime at =
        QDateTime::fromString(o.value(u"createdAt"_s).toString(), Qt::ISODateWithMs);
    r.createdAt = at.isValid() ? at.toMSecsSinceEpoch() : 0;
    r.edited = !o.value(u"editedAt"_s).toString().isEmpty();
    return r;
}

bool MessageListModel::Row::newerThan(const Row &other) const
{
    if (createdAt != other.createdAt)
        return createdAt > other.createdAt;
    return id > other.id;
}

MessageListModel::MessageListModel(QObject *parent)
    : PagedListModel(parent)
{
    setPageSize(60);
    // When the last page arrives, the oldest row becomes the start of its day.
    connect(this, &PagedListModel::hasMoreChanged, this,
            [this] { refreshDayBreak(int(m_rows.size()) - 1); });
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(kCoalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, &MessageListModel::flushPendingUpdates);
}

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return r.text;
    case IdRole:
        return r.id;
    case DirectionRole:
        return r.direction;
    case SenderRole:
        return r.sender;
    case SenderNameRole:
        return r.senderName;
    case KindRole:
        return r.kind;
    case AttachmentsRole:
        return r.attachments;
    case StatusRole:
        return r.status;
    case ErrorRole:
        return r.error;
    case CreatedAtRole:
        return QDateTime::fromMSecsSinceEpoch(r.createdAt);
    case EditedRole:
        return r.edited;
    case DayRole:
        return QDateTime::fromMSecsSinceEpoch(r.createdAt).date().toString(Qt::ISODate);
    case DayBreakRole:
        return isDayBreak(index.row());
    case FilesRole:
        return r.files;
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    return {
        {IdRole, "messageId"},
        {DirectionRole, "direction"},
        {SenderRole, "sender"},
        {SenderNameRole, "senderName"},
        {KindRole, "kind"},
        {TextRole, "text"},
        {AttachmentsRole, "attachments"},
        {StatusRole, "status"},
        {ErrorRole, "error"},
        {CreatedAtRole, "createdAt"},
        {EditedRole, "edited"},
        {DayRole, "day"},
        {FilesRole, "files"},
        {DayBreakRole, "dayBreak"},
    };
}

void MessageListModel::setConversationId(qint64 id)
{
    m_earlyFiles.clear();
    if (m_conversationId == id)
        return;
    m_conversationId = id;
    Q_EMIT conversationIdChanged();
    m_pending.clear();
    // The previous conversation's messages go at once: they must never show under the next
    // one's header while its first page is on its way.
    if (!m_rows.isEmpty()) {
        beginResetModel();
        m_rows.clear();
        endResetModel();
    }
    if (id > 0)
        scheduleRefresh();
}

QString MessageListModel::command() const
{
    return u"conversation.messages"_s;
}

QJsonObject MessageListModel::queryParams() const
{
    return {{u"conversationId"_s, m_conversationId}};
}

void MessageListModel::firstPageRequested()
{
    m_sinceRequest.clear();
    m_firstPageInFlight = true;
}

void MessageListModel::firstPageApplied()
{
    // Messages that arrived while the page was being read may be missing from it: queue them
    // again; the flush skips ids the page already has.
    m_firstPageInFlight = false;
    m_pending = std::exchange(m_sinceRequest, {}) + m_pending;
    if (!m_pending.isEmpty())
        flushPendingUpdates();
}

void MessageListModel::resetRows(const QJsonArray &items)
{
    m_rows.clear();
    m_rows.reserve(items.size());
    for (const QJsonValue &v : items)
        m_rows.append(Row::fromJson(v.toObject()));
}

void MessageListModel::appendRows(const QJsonArray &items)
{
    QList<Row> older;
    for (const QJsonValue &v : items) {
        Row r = Row::fromJson(v.toObject());
        if (indexOfId(r.id) < 0)
            older.append(std::move(r));
    }
    if (older.isEmpty())
        return;
    const int previousLast = int(m_rows.size()) - 1;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + older.size() - 1));
    m_rows.append(older);
    endInsertRows();
    // The formerly oldest row now has an older neighbour: its separator may go or stay.
    refreshDayBreak(previousLast);
}

bool MessageListModel::isDayBreak(int row) const
{
    // Rows are newest first, so the message below in the list is the previous one in time.
    if (row + 1 >= m_rows.size())
        return !hasMore();
    const QDate mine = QDateTime::fromMSecsSinceEpoch(m_rows.at(row).createdAt).date();
    const QDate older = QDateTime::fromMSecsSinceEpoch(m_rows.at(row + 1).createdAt).date();
    return mine != older;
}

void MessageListModel::refreshDayBreak(int row)
{
    if (row >= 0 && row < m_rows.size())
        Q_EMIT dataChanged(index(row), index(row), {DayBreakRole});
}

int MessageListModel::indexOfId(qint64 id) const
{
    // Most lookups are for recent messages: scan from the top.
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == id)
            return i;
    }
    return -1;
}

void MessageListModel::clientAttached(ConsoleClient *client)
{
    if (client)
        connect(client, &ConsoleClient::eventReceived, this, &MessageListModel::onEvent);
}

void MessageListModel::onEvent(const QString &name, const QJsonObject &payload)
{
    if (m_conversationId > 0 && name == u"events.reset"_s) {
        refresh(); // events were missed (a remote console away too long)
        return;
    }
    if (m_conversationId > 0 && name == u"attachment.updated"_s) {
        updateFile(payload.value(u"attachment"_s).toObject());
        return;
    }
    if (m_conversationId > 0 && name == u"attachment.progress"_s) {
        updateProgress(payload);
        return;
    }
    if (m_conversationId <= 0 || (name != u"message.created"_s && name != u"message.updated"_s))
        return;
    const QJsonObject message = payload.value(u"message"_s).toObject();
    if (message.value(u"conversationId"_s).toInteger() != m_conversationId)
        return;
    m_pending.append(message);
    if (m_firstPageInFlight)
        m_sinceRequest.append(message);
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

void MessageListModel::updateFile(const QJsonObject &file)
{
    if (file.value(u"conversationId"_s).toInteger() != m_conversationId)
        return;
    const qint64 messageId = file.value(u"messageId"_s).toInteger();
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        if (row.id != messageId)
            continue;
        const QVariantMap entry = file.toVariantMap();
        auto same = std::find_if(row.files.begin(), row.files.end(), [&](const QVariant &v) {
            return v.toMap().value(u"id"_s) == entry.value(u"id"_s);
        });
        if (same != row.files.end())
            *same = entry;
        else
            row.files.append(entry);
        std::sort(row.files.begin(), row.files.end(), [](const QVariant &a, const QVariant &b) {
            return a.toMap().value(u"position"_s).toInt() < b.toMap().value(u"position"_s).toInt();
        });
        Q_EMIT dataChanged(index(i), index(i), {FilesRole});
        return;
    }
    // The message itself is still on its way (its event waits in the coalescing window): the
    // file joins it when it arrives.
    m_earlyFiles[messageId].append(file.toVariantMap());
}

void MessageListModel::updateProgress(const QJsonObject &progress)
{
    if (progress.value(u"conversationId"_s).toInteger() != m_conversationId)
        return;
    const qint64 messageId = progress.value(u"messageId"_s).toInteger();
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id != messageId)
            continue;
        for (QVariant &v : m_rows[i].files) {
            QVariantMap file = v.toMap();
            if (file.value(u"id"_s).toLongLong() != progress.value(u"id"_s).toInteger())
                continue;
            file.insert(u"received"_s, progress.value(u"received"_s).toDouble());
            file.insert(u"total"_s, progress.value(u"total"_s).toDouble());
            v = file;
            Q_EMIT dataChanged(index(i), index(i), {FilesRole});
        }
        return;
    }
}

void MessageListModel::flushPendingUpdates()
{
    m_coalesce.stop();
    if (m_pending.isEmpty())
        return;
    const QList<QJsonObject> pending = std::exchange(m_pending, {});

    // Latest state per id; known ids become in-place changes, new ones inserts.
    QHash<qint64, Row> latest;
    QList<qint64> order;
    for (const QJsonObject &o : pending) {
        Row r = Row::fromJson(o);
        if (!latest.contains(r.id))
            order.append(r.id);
        latest.insert(r.id, std::move(r));
    }
    QList<Row> fresh;
    QSet<qint64> known;
    for (int i = 0; i < m_rows.size() && known.size() < latest.size(); ++i) {
        const auto it = latest.constFind(m_rows.at(i).id);
        if (it == latest.constEnd())
            continue;
        known.insert(it->id);
        // A message's events do not list its files: those it had stay.
        QVariantList files = m_rows.at(i).files;
        m_rows[i] = *it;
        if (m_rows[i].files.isEmpty())
            m_rows[i].files = std::move(files);
        Q_EMIT dataChanged(index(i), index(i));
    }
    for (qint64 id : std::as_const(order)) {
        if (known.contains(id))
            continue;
        Row r = latest.value(id);
        if (r.files.isEmpty())
            r.files = m_earlyFiles.take(id);
        fresh.append(std::move(r));
    }
    if (m_earlyFiles.size() > 100)
        m_earlyFiles.clear(); // files of messages this view never shows
    if (fresh.isEmpty())
        return;
    std::sort(fresh.begin(), fresh.end(),
              [](const Row &a, const Row &b) { return a.newerThan(b); });

    // The usual case: everything new is newer than the top row, one insert for the whole burst.
    int split = 0;
    while (split < fresh.size() &&
           (m_rows.isEmpty() || fresh.at(split).newerThan(m_rows.constFirst())))
        ++split;
    if (split > 0) {
        beginInsertRows({}, 0, split - 1);
        for (int i = split - 1; i >= 0; --i)
            m_rows.prepend(fresh.at(i));
        endInsertRows();
    }
    // Late arrivals (a platform retry delivering an older message) go where they belong.
    for (int i = split; i < fresh.size(); ++i) {
        const Row &r = fresh.at(i);
        const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), r,
                                         [](const Row &a, const Row &b) { return a.newerThan(b); });
        const int pos = int(it - m_rows.cbegin());
        if (pos == m_rows.size() && hasMore())
            continue; // belongs to a page not loaded yet
        beginInsertRows({}, pos, pos);
        m_rows.insert(pos, r);
        endInsertRows();
        refreshDayBreak(pos - 1);
    }
}

} // namespace aiochat
