#pragma once

#include "domain/status.h"
#include "operatorcontext.h"

#include <QJsonObject>
#include <QJsonValue>

namespace aiochat {

/** @brief A Console API command as it arrives from any transport. */
struct CommandRequest
{
    QString name;
    QJsonObject params;
    OperatorContext op;
};

/** @brief The answer: a JSON result, or a Status explaining the failure. */
struct CommandResponse
{
    Status status;
    QJsonValue result;

    [[nodiscard]] static CommandResponse ok(QJsonValue result)
    {
        return {Status::ok(), std::move(result)};
    }
    [[nodiscard]] static CommandResponse error(Status status) { return {std::move(status), {}}; }
    /** @brief {"ok":true,"result":…} or {"ok":false,"error":{"code":…,"message":…}}. */
    [[nodiscard]] QJsonObject toJson() const;
};

} // namespace aiochat
