#pragma once

#include <QJsonObject>
#include <QObject>

namespace aiochat {

/**
 * @brief Where services announce changes the console must see ("message.created",
 * "conversation.updated"…). Lives in the core thread; payloads are JSON so every transport
 * (in-process client, WebSocket) forwards them unchanged.
 */
class EventBus : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    void publish(const QString &name, const QJsonObject &payload)
    {
        Q_EMIT published(name, payload);
    }

Q_SIGNALS:
    void published(const QString &name, const QJsonObject &payload);
};

} // namespace aiochat
