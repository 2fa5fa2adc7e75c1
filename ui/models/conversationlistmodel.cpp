#include "conversationlistmodel.h"

#include "backend/consoleclient.h"

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {
// Long enough to merge a burst, short enough that the list still feels live.
constexpr int kCoalesceMs = 75;

qint64 parseTime(const QJsonValue &v)
{
    const QDateTime dt = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return dt.isValid() ? dt.toMSecsSinceEpoch() : 0;
}
} // namespace

ConversationListModel::Row ConversationListModel::Row::fromJson(const QJsonObject &o)
{
    Row r;
    r.id = o.value(u"id"_s).toInteger();
    r.title = o.value(u"title"_s).toString();
    r.platform = o.value(u"platform"_s).toString();
    r.status = o.value(u"status"_s).toString();
    r.handler = o.value(u"handler"_s).toString();
    r.unreadCount = o.value(u"unreadCount"_s).toInt();
    r.preview = o.value(u"lastMessagePreview"_s).toString();
    r.lastMessageKind = o.value(u"lastMessageKind"_s).toString();
    r.lastMessageAt = parseTime(o.value(u"lastMessageAt"_s));
    r.isGroup = o.value(u"isGroup"_s).toBool();
    r.assigneeId = o.value(u"assigneeId"_s).toInteger();
    r.contactId = o.value(u"contactId"_s).toInteger();
    r.updatedAt = parseTime(o.value(u"updatedAt"_s));
    r.attentionReason = o.value(u"attentionReason"_s).toString();
    r.waitingSince = parseTime(o.value(u"waitingSince"_s));
    r.matchedText = o.value(u"matchedText"_s).toString();
    r.assigneeName = o.value(u"assigneeName"_s).toString();
    return r;
}

bool ConversationListModel::Row::before(const Row &other) const
{
    const int a = status == u"needs_attention"_s ? 1 : 0;
    const int b = other.status == u"needs_attention"_s ? 1 : 0;
    if (a != b)
        return a > b;
    // As the backend orders the inbox: the longest wait first, then the newest activity.
    const qint64 rank = a ? -waitingSince : lastMessageAt;
    const qint64 otherRank = b ? -other.waitingSince : other.lastMessageAt;
    if (rank != otherRank)
        return rank > otherRank;
    return id > other.id;
}

ConversationListModel::ConversationListModel(QObject *parent)
    : PagedListModel(parent)
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(kCoalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, &ConversationListModel::flushPendingUpdates);
}

int ConversationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ConversationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return r.title;
    case IdRole:
        return r.id;
    case PlatformRole:
        return r.platform;
    case StatusRole:
        return r.status;
    case HandlerRole:
        return r.handler;
    case UnreadCountRole:
        return r.unreadCount;
    case PreviewRole:
        return r.preview;
    case LastMessageKindRole:
        return r.lastMessageKind;
    case LastMessageAtRole:
        return QDateTime::fromMSecsSinceEpoch(r.lastMessageAt);
    case IsGroupRole:
        return r.isGroup;
    case AssigneeIdRole:
        return r.assigneeId;
    case ContactIdRole:
        return r.contactId;
    case AttentionReasonRole:
        return r.attentionReason;
    case WaitingSinceRole:
        return r.waitingSince ? QDateTime::fromMSecsSinceEpoch(r.waitingSince) : QDateTime();
    case MatchedTextRole:
        return r.matchedText;
    case AssigneeNameRole:
        return r.assigneeName;
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationListModel::roleNames() const
{
    return {
        {IdRole, "conversationId"},
        {TitleRole, "title"},
        {PlatformRole, "platform"},
        {StatusRole, "status"},
        {HandlerRole, "handler"},
        {UnreadCountRole, "unreadCount"},
        {PreviewRole, "preview"},
        {LastMessageKindRole, "lastMessageKind"},
        {LastMessageAtRole, "lastMessageAt"},
        {IsGroupRole, "isGroup"},
        {AssigneeIdRole, "assigneeId"},
        {ContactIdRole, "contactId"},
        {AttentionReasonRole, "attentionReason"},
        {WaitingSinceRole, "waitingSince"},
        {MatchedTextRole, "matchedText"},
        {AssigneeNameRole, "assigneeName"},
    };
}

int ConversationListModel::indexOfId(qint64 id) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == id)
            return i;
    }
    return -1;
}

qint64 ConversationListModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : 0;
}

void ConversationListModel::setStatuses(const QStringList &statuses)
{
    if (m_statuses == statuses)
        return;
    m_statuses = statuses;
    Q_EMIT statusesChanged();
    scheduleRefresh();
}

void ConversationListModel::setPlatforms(const QStringList &platforms)
{
    if (m_platforms == platforms)
        return;
    m_platforms = platforms;
    Q_EMIT platformsChanged();
    scheduleRefresh();
}

void ConversationListModel::setAssignee(const QString &assignee)
{
    if (m_assignee == assignee)
        return;
    m_assignee = assignee;
    Q_EMIT assigneeChanged();
    scheduleRefresh();
}

void ConversationListModel::setSearch(const QString &search)
{
    if (m_search == search)
        return;
    m_search = search;
    Q_EMIT searchChanged();
    scheduleRefresh(250); // wait for the operator to stop typing
}

void ConversationListModel::setFrom(const QDateTime &from)
{
    if (m_from == from)
        return;
    m_from = from;
    Q_EMIT fromChanged();
    scheduleRefresh();
}

void ConversationListModel::setTo(const QDateTime &to)
{
    if (m_to == to)
        return;
    m_to = to;
    Q_EMIT toChanged();
    scheduleRefresh();
}

QString ConversationListModel::command() const
{
    return u"conversations.list"_s;
}

QJsonObject ConversationListModel::queryParams() const
{
    QJsonObject p;
    if (!m_statuses.isEmpty())
        p.insert(u"status"_s, QJsonArray::fromStringList(m_statuses));
    if (!m_platforms.isEmpty())
        p.insert(u"platform"_s, QJsonArray::fromStringList(m_platforms));
    if (!m_assignee.isEmpty())
        p.insert(u"assignee"_s, m_assignee);
    if (!m_search.trimmed().isEmpty())
        p.insert(u"search"_s, m_search.trimmed());
    if (m_from.isValid())
        p.insert(u"from"_s, m_from.toUTC().toString(Qt::ISODateWithMs));
    if (m_to.isValid())
        p.insert(u"to"_s, m_to.toUTC().toString(Qt::ISODateWithMs));
    return p;
}

void ConversationListModel::firstPageRequested()
{
    m_sinceRequest.clear();
    m_firstPageInFlight = true;
}

void ConversationListModel::firstPageApplied()
{
    // The page may have been read before these updates were committed: replay those that are
    // newer than what the page shows (or absent from it).
    m_firstPageInFlight = false;
    const QHash<qint64, QJsonObject> replay = std::exchange(m_sinceRequest, {});
    for (const QJsonObject &o : replay) {
        const Row row = Row::fromJson(o);
        const int at = indexOfId(row.id);
        if (at < 0 || m_rows.at(at).updatedAt < row.updatedAt)
            applyUpdate(row);
    }
}

void ConversationListModel::resetRows(const QJsonArray &items)
{
    m_rows.clear();
    m_pending.clear();
    m_rows.reserve(items.size());
    for (const QJsonValue &v : items)
        m_rows.append(Row::fromJson(v.toObject()));
}

void ConversationListModel::appendRows(const QJsonArray &items)
{
    QList<Row> fresh;
    for (const QJsonValue &v : items) {
        Row r = Row::fromJson(v.toObject());
        // Live updates may already have brought this conversation in; keep one row per id.
        if (indexOfId(r.id) < 0)
            fresh.append(std::move(r));
    }
    if (fresh.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + fresh.size() - 1));
    m_rows.append(fresh);
    endInsertRows();
}

void ConversationListModel::clientAttached(ConsoleClient *client)
{
    if (client)
        connect(client, &ConsoleClient::eventReceived, this, &ConversationListModel::onEvent);
}

void ConversationListModel::onEvent(const QString &name, const QJsonObject &payload)
{
    if (name == u"events.reset"_s) {
        refresh(); // events were missed (a remote console away too long)
        return;
    }
    if (name != u"conversation.updated"_s && name != u"conversation.created"_s &&
        name != u"message.created"_s)
        return;
    const QJsonObject conversation = payload.value(u"conversation"_s).toObject();
    const qint64 id = conversation.value(u"id"_s).toInteger();
    if (id <= 0)
        return;
    m_pending.insert(id, conversation); // the newest state of each conversation wins
    if (m_firstPageInFlight)
        m_sinceRequest.insert(id, conversation);
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

bool ConversationListModel::matchesFilters(const Row &row) const
{
    if (!m_statuses.isEmpty() && !m_statuses.contains(row.status))
        return false;
    if (!m_platforms.isEmpty() && !m_platforms.contains(row.platform))
        return false;
    if (m_assignee == u"unassigned"_s && row.assigneeId != 0)
        return false;
    if (m_assignee == u"me"_s && (!client() || row.assigneeId != qint64(client()->operatorId())))
        return false;
    if (m_from.isValid() && row.lastMessageAt < m_from.toMSecsSinceEpoch())
        return false;
    if (m_to.isValid() && row.lastMessageAt >= m_to.toMSecsSinceEpoch())
        return false;
    return true;
}

int ConversationListModel::insertPosition(const Row &row) const
{
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), row,
                                     [](const Row &a, const Row &b) { return a.before(b); });
    return int(it - m_rows.cbegin());
}

void ConversationListModel::applyUpdate(const Row &row)
{
    const int current = indexOfId(row.id);
    const bool wanted = matchesFilters(row);
    if (current >= 0 && !wanted) {
        beginRemoveRows({}, current, current);
        m_rows.removeAt(current);
        endRemoveRows();
        return;
    }
    if (current < 0) {
        // A search result list only changes when searched again: new rows would not match it.
        if (!wanted || !m_search.trimmed().isEmpty())
            return;
        const int pos = insertPosition(row);
        // Beyond the loaded part the row belongs to a page not fetched yet.
        if (pos == m_rows.size() && hasMore())
            return;
        beginInsertRows({}, pos, pos);
        m_rows.insert(pos, row);
        endInsertRows();
        return;
    }
    // Take the row out, find where it belongs among the others, move it only if that differs.
    Row old = m_rows.takeAt(current);
    const int target = insertPosition(row);
    m_rows.insert(current, old);
    if (target != current) {
        beginMoveRows({}, current, current, {}, target > current ? target + 1 : target);
        m_rows.move(current, target);
        endMoveRows();
    }
    m_rows[target] = row;
    const QModelIndex idx = index(target);
    Q_EMIT dataChanged(idx, idx);
}

void ConversationListModel::flushPendingUpdates()
{
    m_coalesce.stop();
    if (m_pending.isEmpty())
        return;
    const QHash<qint64, QJsonObject> pending = std::exchange(m_pending, {});
    for (const QJsonObject &o : pending)
        applyUpdate(Row::fromJson(o));
}

} // namespace aiochat
