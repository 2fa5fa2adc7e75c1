#pragma once

namespace aiochat {

class ConsoleApi;

/**
 * @brief metrics.history: what the Metrics page charts over a range — messages in and out per
 * platform per hour or day, conversations open and needing attention now, and first-response
 * and resolution times (median and 90th percentile). Read from the store, so the history
 * survives restarts; the live counters come from metrics.snapshot (the same as /metrics).
 */
void registerMetricsCommands(ConsoleApi &api);

} // namespace aiochat
