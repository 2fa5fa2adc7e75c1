#pragma once

#include "pagedlistmodel.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QVariantList>

namespace aiochat {

/**
 * @brief Messages of one conversation, stored newest first (row 0 = newest) so new messages are
 * an insert at the top and older pages an append; the view shows it with ListView.BottomToTop.
 * Live message.created events for this conversation are coalesced into one insert per burst.
 */
class MessageListModel : public aiochat::PagedListModel
{
    Q_OBJECT
    QML_ELEMENT
    // double, not qint64: QML has no 64-bit integer type, and ids stay far below 2^53.
    Q_PROPERTY(double conversationId READ conversationIdForQml WRITE setConversationIdFromQml NOTIFY
                   conversationIdChanged)
public:
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        DirectionRole,
        SenderRole,
        SenderNameRole,
        KindRole,
        TextRole,
        AttachmentsRole,
        StatusRole,
        ErrorRole,
        CreatedAtRole,
        EditedRole,
        DayRole,
        DayBreakRole, ///< true for the oldest loaded message of its day: the view draws a separator
        FilesRole,    ///< the files it carries, with their download state (attachment.updated)
    };
    Q_ENUM(Role)

    struct Row
    {
        qint64 id = 0;
        QString direction;
        QString sender;
        QString senderName;
        QString kind;
        QString text;
        QVariantList attachments;
        QVariantList files; ///< by position; empty until the backend lists or announces them
        QString status;
        QString error;
        qint64 createdAt = 0;
        bool edited = false;

        static Row fromJson(const QJsonObject &o);
        /** @brief Newest-first order: true when this row is newer than @p other. */
        [[nodiscard]] bool newerThan(const Row &other) const;
    };

    explicit MessageListModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] qint64 conversationId() const { return m_conversationId; }
    void setConversationId(qint64 id);
    [[nodiscard]] double conversationIdForQml() const { return double(m_conversationId); }
    void setConversationIdFromQml(double id) { setConversationId(qint64(id)); }

    /** @brief Applies queued live updates now (normally done by the coalescing timer). */
    void flushPendingUpdates();

Q_SIGNALS:
    void conversationIdChanged();

protected:
    QString command() const override;
    QJsonObject queryParams() const override;
    bool hasQuery() const override { return m_conversationId > 0; }
    void resetRows(const QJsonArray &items) override;
    void appendRows(const QJsonArray &items) override;
    void clientAttached(ConsoleClient *client) override;
    void firstPageRequested() override;
    void firstPageApplied() override;

private:
    void onEvent(const QString &name, const QJsonObject &payload);
    /** @brief A file's download moved on (attachment.updated): its message shows it. */
    void updateFile(const QJsonObject &file);
    /** @brief How far a file's download is (attachment.progress): "Downloading… 40 %". */
    void updateProgress(const QJsonObject &progress);
    [[nodiscard]] int indexOfId(qint64 id) const;
    [[nodiscard]] bool isDayBreak(int row) const;
    void refreshDayBreak(int row);

    qint64 m_conversationId = 0;
    QList<Row> m_rows;
    QList<QJsonObject> m_pending;
    QHash<qint64, QVariantList> m_earlyFiles; ///< files announced before their message arrived
    bool m_firstPageInFlight = false;
    QList<QJsonObject> m_sinceRequest; ///< messages seen while a first page was in flight
    QTimer m_coalesce{this};
};

} // namespace aiochat
