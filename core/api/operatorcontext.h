#pragma once

#include <QString>

namespace aiochat {

/** @brief On whose behalf a command runs. */
struct OperatorContext
{
    qint64 operatorId = 0;
    QString email;
    QString role; ///< admin, agent or viewer; empty for an anonymous caller
    qint64 sessionId = 0;
    QString
        client; ///< where the command came from ("console", "api 203.0.113.7"); for the audit log

    /**
     * @brief A trusted in-process caller with every right (tests, benchmarks, the backend's own
     * jobs). Transports never produce it: they authenticate a token into a real operator.
     */
    [[nodiscard]] static OperatorContext localAdministrator()
    {
        return {0, QStringLiteral("local-admin"), QStringLiteral("admin"), 0,
                QStringLiteral("local")};
    }
};

} // namespace aiochat
