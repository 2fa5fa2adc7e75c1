#pragma once

#include "pagedlistmodel.h"

#include <QList>
#include <QVariantMap>

namespace aiochat {

/** @brief The customers list: search by name or exact phone / e-mail / policy number; masked
 * fields. */
class ContactListModel : public aiochat::PagedListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY searchChanged)
    /** @brief A condition as rules write them ({field, op, value}); empty: every customer. */
    Q_PROPERTY(QVariantMap filter READ filter WRITE setFilter NOTIFY filterChanged)
public:
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        DisplayNameRole,
        PhoneRole,
        EmailRole,
        PolicyNumberRole,
        AttributesRole,
    };
    Q_ENUM(Role)

    struct Row
    {
        qint64 id = 0;
        QString displayName;
        QString phone;
        QString email;
        QString policyNumber;
        QVariantMap attributes;

        static Row fromJson(const QJsonObject &o);
    };

    explicit ContactListModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] QString search() const { return m_search; }
    void setSearch(const QString &search);
    [[nodiscard]] QVariantMap filter() const { return m_filter; }
    void setFilter(const QVariantMap &filter);

Q_SIGNALS:
    void searchChanged();
    void filterChanged();

protected:
    QString command() const override;
    QJsonObject queryParams() const override;
    void resetRows(const QJsonArray &items) override;
    void appendRows(const QJsonArray &items) override;
    void clientAttached(ConsoleClient *client) override;

private:
    void onEvent(const QString &name, const QJsonObject &payload);

    QList<Row> m_rows;
    QString m_search;
    QVariantMap m_filter;
};

} // namespace aiochat
