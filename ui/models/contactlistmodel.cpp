#include "contactlistmodel.h"

using namespace Qt::StringLiterals;

namespace aiochat {

ContactListModel::Row ContactListModel::Row::fromJson(const QJsonObject &o)
{
    Row r;
    r.id = o.value(u"id"_s).toInteger();
    r.displayName = o.value(u"displayName"_s).toString();
    r.phone = o.value(u"phone"_s).toString();
    r.email = o.value(u"email"_s).toString();
    r.policyNumber = o.value(u"policyNumber"_s).toString();
    r.attributes = o.value(u"attributes"_s).toObject().toVariantMap();
    return r;
}

ContactListModel::ContactListModel(QObject *parent)
    : PagedListModel(parent)
{}

int ContactListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ContactListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case DisplayNameRole:
        return r.displayName;
    case IdRole:
        return r.id;
    case PhoneRole:
        return r.phone;
    case EmailRole:
        return r.email;
    case PolicyNumberRole:
        return r.policyNumber;
    case AttributesRole:
        return r.attributes;
    default:
        return {};
    }
}

QHash<int, QByteArray> ContactListModel::roleNames() const
{
    return {
        {IdRole, "contactId"}, {DisplayNameRole, "displayName"},   {PhoneRole, "phone"},
        {EmailRole, "email"},  {PolicyNumberRole, "policyNumber"}, {AttributesRole, "attributes"}};
}

void ContactListModel::setSearch(const QString &search)
{
    if (m_search == search)
        return;
    m_search = search;
    Q_EMIT searchChanged();
    scheduleRefresh(250);
}

void ContactListModel::setFilter(const QVariantMap &filter)
{
    if (m_filter == filter)
        return;
    m_filter = filter;
    Q_EMIT filterChanged();
    scheduleRefresh(0);
}

QString ContactListModel::command() const
{
    return u"contacts.list"_s;
}

QJsonObject ContactListModel::queryParams() const
{
    QJsonObject p;
    if (!m_search.trimmed().isEmpty())
        p.insert(u"search"_s, m_search.trimmed());
    if (!m_filter.isEmpty())
        p.insert(u"where"_s, QJsonObject::fromVariantMap(m_filter));
    return p;
}

void ContactListModel::resetRows(const QJsonArray &items)
{
    m_rows.clear();
    for (const QJsonValue &v : items)
        m_rows.append(Row::fromJson(v.toObject()));
}

void ContactListModel::appendRows(const QJsonArray &items)
{
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + items.size() - 1));
    for (const QJsonValue &v : items)
        m_rows.append(Row::fromJson(v.toObject()));
    endInsertRows();
}

void ContactListModel::clientAttached(ConsoleClient *client)
{
    if (client)
        connect(client, &ConsoleClient::eventReceived, this, &ContactListModel::onEvent);
}

// An edited customer changes in place; a merged one disappears; a new or imported one may
// belong anywhere in the sorted, searched list, so the first page is asked for again.
void ContactListModel::onEvent(const QString &name, const QJsonObject &payload)
{
    // Events were missed (a remote console away too long): the list is asked for again.
    if (name == u"contacts.imported"_s || name == u"events.reset"_s) {
        scheduleRefresh(250);
        return;
    }
    if (name != u"contact.updated"_s)
        return;
    const qint64 merged = payload.value(u"mergedId"_s).toInteger();
    for (qsizetype i = 0; merged && i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == merged) {
            beginRemoveRows({}, int(i), int(i));
            m_rows.removeAt(i);
            endRemoveRows();
            break;
        }
    }
    const Row changed = Row::fromJson(payload.value(u"contact"_s).toObject());
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == changed.id) {
            m_rows[i] = changed;
            Q_EMIT dataChanged(index(int(i)), index(int(i)));
            return;
        }
    }
    scheduleRefresh(250);
}

} // namespace aiochat
