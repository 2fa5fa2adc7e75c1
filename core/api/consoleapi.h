#pragma once

#include "command.h"
#include "security/permission.h"

#include <QHash>
#include <QObject>
#include <QSqlDatabase>

#include <functional>
#include <optional>

namespace aiochat {

class AuditLog;
class DbReaderPool;
class DbWriter;
class EventBus;

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
        QString auditTarget; ///< non-empty: successful runs are audited with this target type
        /** @brief When set, only the runs it accepts are audited (one entry per whole read). */
        std::function<bool(const QJsonObject &params)> auditWhen;
    };

    ConsoleApi(DbReaderPool &readers, EventBus &events, QObject *parent = nullptr);

    void registerRead(const QString &name, Permission permission, ReadHandler handler);
    void registerCore(const QString &name, Permission permission, CoreHandler handler);

    /** @brief Turns an access token into the operator behind it (AuthService::authenticate). */
    using Authenticator = std::function<Result<OperatorContext>(const QString &token)>;
    void setAuthenticator(Authenticator authenticator)
    {
        m_authenticator = std::move(authenticator);
    }

    /** @brief The operator behind @p accessToken, or why it is not accepted. */
    [[nodiscard]] Result<OperatorContext> authenticate(const QString &accessToken) const;

    /**
     * @brief Runs a command for an already known operator (call on the core thread). Unknown names
     * and denials answer at once. In-process callers that are trusted (tests, the backend's own
     * jobs) use this; transports use executeWithToken().
     */
    void execute(const CommandRequest &request, const Reply &reply);

    /**
     * @brief Runs a command for whoever holds @p accessToken. Public commands (login, first-run
     * setup) run without one; everything else needs a valid token and the right role.
     */
    void executeWithToken(const QString &name, const QJsonObject &params,
                          const QString &accessToken, const QString &client, const Reply &reply);

    [[nodiscard]] QList<CommandInfo> commands() const;

    /** @brief Where successful audited commands leave their trace (set once, before use). */
    void setAuditLog(const AuditLog *log, DbWriter *writer);
    /**
     * @brief Audits every successful run of @p name: who, the target (the "id", "platform" or
     * "key" parameter) and which parameters were given — names only, since values may be secrets.
     */
    void auditOnSuccess(const QString &name, const QString &targetType);
    /**
     * @brief The same, for the runs @p when accepts: a file read in chunks is one opening, so
     * only its first chunk leaves a trace.
     */
    void auditOnSuccess(const QString &name, const QString &targetType,
                        std::function<bool(const QJsonObject &params)> when);

    /** @brief Whether @p op may use @p permission: the role matrix (roleAllows()). */
    [[nodiscard]] static bool isAllowed(const OperatorContext &op, Permission permission);
    /** @brief The permission @p name declares, if it is registered. */
    [[nodiscard]] std::optional<Permission> permissionOf(const QString &name) const;

Q_SIGNALS:
    /** @brief An event for every subscriber (in-process client, WebSocket sessions). */
    void event(const QString &name, const QJsonObject &payload);

private:
    [[nodiscard]] Reply audited(const CommandRequest &request, const QString &targetType,
                                const Reply &reply) const;

    struct Entry
    {
        CommandInfo info;
        ReadHandler read;
        CoreHandler core;
    };

    DbReaderPool &m_readers;
    QHash<QString, Entry> m_commands;
    Authenticator m_authenticator;
    const AuditLog *m_audit = nullptr;
    DbWriter *m_auditWriter = nullptr;
};

} // namespace aiochat
