#pragma once

#include "command.h"
#include "security/permission.h"

#include <QHash>
#include <QObject>
#include <QSqlDatabase>

#include <functional>

namespace aiochat {

class EventBus;
class DbReaderPool;

/**
 * @brief The Console API: every operator action is a named command with JSON parameters and a
 * JSON result; every change the console must see is an event. This is the single choke point
 * where commands are authorised before they run. Lives in the core thread.
 *
 * Two kinds of handler: *read* handlers are plain functions over a reader connection and run on
 * the reader pool (no SQL on the core thread); *core* handlers run on the core thread and may
 * answer later (they talk to services).
 */
class ConsoleApi : public QObject
{
    Q_OBJECT
public:
    /** @brief Delivers the response. May be called on any thread: transports marshal it. */
    using Reply = std::function<void(const CommandResponse &)>;
    using ReadHandler = std::function<CommandResponse(const CommandRequest &, QSqlDatabase &)>;
    using CoreHandler = std::function<void(const CommandRequest &, Reply)>;

    struct CommandInfo
    {
        QString name;
        Permission permission;
        bool reader = false;
    };

    ConsoleApi(DbReaderPool &readers, EventBus &events, QObject *parent = nullptr);

    void registerRead(const QString &name, Permission permission, ReadHandler handler);
    void registerCore(const QString &name, Permission permission, CoreHandler handler);

    /** @brief Runs a command (call on the core thread). Unknown names and denials answer at once.
     */
    void execute(const CommandRequest &request, const Reply &reply);

    [[nodiscard]] QList<CommandInfo> commands() const;

    /** @brief Whether @p op may use @p permission. One local admin for now: always true for admins.
     */
    [[nodiscard]] static bool isAllowed(const OperatorContext &op, Permission permission);

Q_SIGNALS:
    /** @brief An event for every subscriber (in-process client, WebSocket sessions). */
    void event(const QString &name, const QJsonObject &payload);

private:
    struct Entry
    {
        CommandInfo info;
        ReadHandler read;
        CoreHandler core;
    };

    DbReaderPool &m_readers;
    QHash<QString, Entry> m_commands;
};

} // namespace aiochat
