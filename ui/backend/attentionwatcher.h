#pragma once

#include "backend/consoleclient.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QtQmlIntegration>

namespace aiochat {

/**
 * @brief What waits for the operators, for the tray badge and desktop notifications: how many
 * conversations need attention and how many messages are unread (recounted by the backend,
 * at most twice a second however many events arrive), and a signal when a conversation comes
 * to need attention — once per episode, not for every message in it.
 */
class AttentionWatcher : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(aiochat::ConsoleClient *client READ client WRITE setClient NOTIFY clientChanged)
    Q_PROPERTY(int needsAttention READ needsAttention NOTIFY countsChanged)
    Q_PROPERTY(int unread READ unread NOTIFY countsChanged)
public:
    explicit AttentionWatcher(QObject *parent = nullptr);

    [[nodiscard]] ConsoleClient *client() const { return m_client; }
    void setClient(ConsoleClient *client);
    [[nodiscard]] int needsAttention() const { return m_needsAttention; }
    [[nodiscard]] int unread() const { return m_unread; }

    /** @brief Asks the backend for the counts now. */
    Q_INVOKABLE void refresh();

Q_SIGNALS:
    void clientChanged();
    void countsChanged();
    /** @brief A conversation started to need attention (a notification is due). */
    void attentionNeeded(double conversationId, const QString &title, const QString &preview);

private:
    void onEvent(const QString &name, const QJsonObject &payload);
    void onSession();

    QPointer<ConsoleClient> m_client;
    QTimer m_recount;
    QSet<qint64> m_waiting; ///< conversations known to need attention
    int m_needsAttention = 0;
    int m_unread = 0;
};

} // namespace aiochat
