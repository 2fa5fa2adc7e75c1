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
    QJsonValue result; ///< the answer, or on failure the optional details

    [[nodiscard]] static CommandResponse ok(QJsonValue result)
    {
        return {Status::ok(), std::move(result)};
    }
    [[nodiscard]] static CommandResponse error(Status status) { return {std::move(status), {}}; }
    /** @brief A failure with structured details, e.g. which form fields are wrong and why. */
    [[nodiscard]] static CommandResponse error(Status status, QJsonValue details)
    {
        return {std::move(status), std::move(details)};
    }
    /**
     * @brief {"ok":true,"result":…} or {"ok":false,"error":{"code":…,"message":…,"details":…}}
     * ("details" only when the failure carries some).
     */
    [[nodiscard]] QJsonObject toJson() const;
};

} // namespace aiochat
