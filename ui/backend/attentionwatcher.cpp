#include "attentionwatcher.h"

using namespace Qt::StringLiterals;

namespace aiochat {

AttentionWatcher::AttentionWatcher(QObject *parent)
    : QObject(parent)
{
    // A burst of inbound messages asks for one recount, not one per message.
    m_recount.setSingleShot(true);
    m_recount.setInterval(500);
    connect(&m_recount, &QTimer::timeout, this, &AttentionWatcher::refresh);
}

void AttentionWatcher::setClient(ConsoleClient *client)
{
    if (m_client == client)
        return;
    if (m_client)
        disconnect(m_client, nullptr, this, nullptr);
    m_client = client;
    if (m_client) {
        connect(m_client, &ConsoleClient::eventReceived, this, &AttentionWatcher::onEvent);
        connect(m_client, &ConsoleClient::sessionChanged, this, &AttentionWatcher::onSession);
    }
    Q_EMIT clientChanged();
    onSession();
}

void AttentionWatcher::onSession()
{
    m_waiting.clear();
    if (m_client && m_client->isSignedIn()) {
        refresh();
        return;
    }
    if (m_needsAttention || m_unread) {
        m_needsAttention = 0;
        m_unread = 0;
        Q_EMIT countsChanged();
    }
}

void AttentionWatcher::refresh()
{
    if (!m_client || !m_client->isSignedIn())
        return;
    m_client->call(u"conversations.counts"_s, {}, this, [this](const CommandResponse &r) {
        if (!r.status.isOk())
            return;
        const int attention = r.result[u"needsAttention"_s].toInt();
        const int unread = r.result[u"unread"_s].toInt();
        if (attention == m_needsAttention && unread == m_unread)
            return;
        m_needsAttention = attention;
        m_unread = unread;
        Q_EMIT countsChanged();
    });
}

void AttentionWatcher::onEvent(const QString &name, const QJsonObject &payload)
{
    if (name != u"conversation.updated"_s && name != u"conversation.created"_s &&
        name != u"message.created"_s)
        return;
    if (!m_recount.isActive())
        m_recount.start();
    const QJsonObject c = payload.value(u"conversation"_s).toObject();
    if (c.isEmpty())
        return;
    const qint64 id = c.value(u"id"_s).toInteger();
    if (c.value(u"status"_s).toString() != u"needs_attention"_s) {
        m_waiting.remove(id);
        return;
    }
    if (m_waiting.contains(id))
        return;
    m_waiting.insert(id);
    Q_EMIT attentionNeeded(double(id), c.value(u"title"_s).toString(),
                           c.value(u"lastMessagePreview"_s).toString());
}

} // namespace aiochat
