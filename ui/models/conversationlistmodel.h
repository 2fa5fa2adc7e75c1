#pragma once

#include "pagedlistmodel.h"

#include <QDateTime>
#include <QHash>
#include <QList>

namespace aiochat {

/**
 * @brief The conversation list: inbox order (needs attention first, then newest activity),
 * filters as properties, pages fetched on demand, and live updates from Console API events.
 * Events are coalesced on a short timer so a burst becomes a handful of model changes.
 */
class ConversationListModel : public aiochat::PagedListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QStringList statuses READ statuses WRITE setStatuses NOTIFY statusesChanged)
    Q_PROPERTY(QStringList platforms READ platforms WRITE setPlatforms NOTIFY platformsChanged)
    Q_PROPERTY(QString assignee READ assignee WRITE setAssignee NOTIFY assigneeChanged)
    Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY searchChanged)
    Q_PROPERTY(QDateTime from READ from WRITE setFrom NOTIFY fromChanged)
    Q_PROPERTY(QDateTime to READ to WRITE setTo NOTIFY toChanged)
public:
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        TitleRole,
        PlatformRole,
        StatusRole,
        HandlerRole,
        UnreadCountRole,
        PreviewRole,
        LastMessageKindRole,
        LastMessageAtRole,
        IsGroupRole,
        AssigneeIdRole,
        ContactIdRole,
        AttentionReasonRole, ///< why it waits for a person ("" when it does not)
        WaitingSinceRole,    ///< since when (invalid when it does not wait)
        MatchedTextRole,     ///< search results: the part of the message that matched
        AssigneeNameRole,    ///< who the conversation is assigned to ("" when nobody)
    };
    Q_ENUM(Role)

    struct Row
    {
        qint64 id = 0;
        QString title;
        QString platform;
        QString status;
        QString handler;
        int unreadCount = 0;
        QString preview;
        QString lastMessageKind;
        qint64 lastMessageAt = 0; ///< ms since epoch (UTC)
        bool isGroup = false;
        qint64 assigneeId = 0;
        qint64 contactId = 0;
        qint64 updatedAt = 0; ///< ms; orders two states of the same conversation
        QString attentionReason;
        qint64 waitingSince = 0; ///< ms; 0 unless it needs attention
        QString matchedText;
        QString assigneeName;

        static Row fromJson(const QJsonObject &o);
        /** @brief True when this row sorts before @p other in inbox order. */
        [[nodiscard]] bool before(const Row &other) const;
    };

    explicit ConversationListModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /** @brief Row of conversation @p id, or -1. */
    Q_INVOKABLE int indexOfId(qint64 id) const;
    /** @brief Conversation id at @p row, or 0. */
    Q_INVOKABLE qint64 idAt(int row) const;

    [[nodiscard]] QStringList statuses() const { return m_statuses; }
    void setStatuses(const QStringList &statuses);
    [[nodiscard]] QStringList platforms() const { return m_platforms; }
    void setPlatforms(const QStringList &platforms);
    [[nodiscard]] QString assignee() const { return m_assignee; }
    void setAssignee(const QString &assignee);
    [[nodiscard]] QString search() const { return m_search; }
    void setSearch(const QString &search);
    [[nodiscard]] QDateTime from() const { return m_from; }
    void setFrom(const QDateTime &from);
    [[nodiscard]] QDateTime to() const { return m_to; }
    void setTo(const QDateTime &to);

    /** @brief Applies queued live updates now (normally done by the coalescing timer). */
    void flushPendingUpdates();

Q_SIGNALS:
    void statusesChanged();
    void platformsChanged();
    void assigneeChanged();
    void searchChanged();
    void fromChanged();
    void toChanged();

protected:
    QString command() const override;
    QJsonObject queryParams() const override;
    void resetRows(const QJsonArray &items) override;
    void appendRows(const QJsonArray &items) override;
    void clientAttached(ConsoleClient *client) override;
    void firstPageRequested() override;
    void firstPageApplied() override;

private:
    void onEvent(const QString &name, const QJsonObject &payload);
    [[nodiscard]] bool matchesFilters(const Row &row) const;
    [[nodiscard]] int insertPosition(const Row &row) const;
    void applyUpdate(const Row &row);

    QList<Row> m_rows;
    QHash<qint64, QJsonObject> m_pending;
    bool m_firstPageInFlight = false;
    QHash<qint64, QJsonObject> m_sinceRequest; ///< updates seen while a first page was in flight
    QTimer m_coalesce{this};
    QStringList m_statuses;
    QStringList m_platforms;
    QString m_assignee;
    QString m_search;
    QDateTime m_from;
    QDateTime m_to;
};

} // namespace aiochat
