#pragma once

namespace aiochat {

class ConsoleApi;
class Storage;

/** @brief contacts.list and contact.get (personal fields masked unless revealed). */
void registerContactCommands(ConsoleApi &api, Storage &storage);

} // namespace aiochat
