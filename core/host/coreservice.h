#pragma once

#include "domain/status.h"

#include <QString>

namespace aiochat {

/**
 * @brief A long-lived part of the backend with a start and a stop (listener, journal processor,
 * outbox sender…). CoreHost starts them in registration order on the core thread and stops
 * them in reverse.
 */
class CoreService
{
public:
    virtual ~CoreService() = default;
    [[nodiscard]] virtual QString serviceName() const = 0;
    [[nodiscard]] virtual Status start() = 0;
    virtual void stop() = 0;
};

} // namespace aiochat
