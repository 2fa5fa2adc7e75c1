#pragma once

namespace aiochat {

class ConsoleApi;
class ListenerService;
class Settings;

/**
 * @brief listener.settings and listener.configure (administrators): the webhook listener's
 * address, port, TLS files, rate limits, allow-lists and trusted proxies as saved in
 * aiochat.ini. Every value is checked before anything is saved; limits, allow-lists and proxies
 * apply at once, the address, port and TLS files at the next start ("restartRequired").
 */
void registerListenerCommands(ConsoleApi &api, ListenerService &listener, Settings &settings);

} // namespace aiochat
