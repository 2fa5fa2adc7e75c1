#pragma once

namespace aiochat {

class AuditLog;
class ConsoleApi;
class Storage;

/**
 * @brief contacts.list and contact.get. Personal fields come masked; contact.get's "reveal"
 * shows the named fields in clear, for roles allowed to, after an audit entry is committed.
 * contacts.export (administrators) returns every customer as CSV with all fields, audited too.
 */
void registerContactCommands(ConsoleApi &api, Storage &storage, const AuditLog &audit);

} // namespace aiochat
