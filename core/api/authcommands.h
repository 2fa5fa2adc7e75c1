#pragma once

#include <QByteArray>

namespace aiochat {

class AuditLog;
class AuthService;
class ConsoleApi;

/**
 * @brief auth.* (login, refresh, logout, first-run setup, own password), operators.* (admin) and
 * audit.* (the log and its chain check).
 */
void registerAuthCommands(ConsoleApi &api, AuthService &auth, QByteArray auditKey);

} // namespace aiochat
