#pragma once

#include <QString>

namespace aiochat {

/**
 * @brief On whose behalf a command runs. Until operator accounts exist there is one local
 * administrator: the person at this machine.
 */
struct OperatorContext
{
    qint64 operatorId = 0;
    QString email;
    QString role = QStringLiteral("admin");

    [[nodiscard]] static OperatorContext localAdministrator()
    {
        return {0, QStringLiteral("local-admin"), QStringLiteral("admin")};
    }
};

} // namespace aiochat
