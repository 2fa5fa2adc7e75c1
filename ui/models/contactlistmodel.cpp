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

QString ContactListModel::command() const
{
    return u"contacts.list"_s;
}

QJsonObject ContactListModel::queryParams() const
{
    QJsonObject p;
    if (!m_search.trimmed().isEmpty())
        p.insert(u"search"_s, m_search.trimmed());
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

} // namespace aiochat
