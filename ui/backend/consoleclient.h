#pragma once

#include "api/command.h"

#include <QJsonObject>
#include <QObject>
#include <QtQmlIntegration>

#include <functional>

namespace aiochat {

/**
 * @brief The UI's connection to a Console API: in-process (LocalConsoleClient) or, later, a
 * remote instance over WebSocket. Views and models only ever talk to this.
 */
class ConsoleClient : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ConsoleClient is provided by the application")
public:
    using Callback = std::function<void(const CommandResponse &)>;

    using QObject::QObject;

    /**
     * @brief Sends a command. @p callback runs on @p context's thread, and not at all if
     * @p context is destroyed first (a closed view never receives stale answers).
     */
    virtual void call(const QString &name, const QJsonObject &params, QObject *context,
                      Callback callback) = 0;

Q_SIGNALS:
    /** @brief A Console API event (message.created, conversation.updated…), on the GUI thread. */
    void eventReceived(const QString &name, const QJsonObject &payload);
};

} // namespace aiochat
