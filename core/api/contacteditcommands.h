#pragma once

namespace aiochat {

class AuditLog;
class ConsoleApi;
class EventBus;
class Storage;

/**
 * @brief Changing the customer list: contact.create, contact.update, contact.merge and
 * contacts.import (preview, then all rows or none). Input is checked by ContactForm; a phone,
 * e-mail or policy number that already belongs to another customer is refused with that
 * customer named. Each change is audited in its own transaction and announced as
 * "contact.updated".
 */
void registerContactEditCommands(ConsoleApi &api, Storage &storage, EventBus &events,
                                 const AuditLog &audit);

} // namespace aiochat
