#pragma once

namespace aiochat {

class ConsoleApi;
class EventBus;
class MediaFetcher;
class Storage;

/**
 * @brief The files customers sent: attachment.get (what it is and how its download stands),
 * attachment.download (the bytes, base64, in chunks of at most 1 MiB; every call audited — a
 * viewer may open files, and who opened what is on record) and attachment.retry (a failed
 * download, again) and attachment.addToKnowledge (a customer's PDF or text becomes their own
 * document, linked to its message: the chat's verified customer, or the one the operator
 * confirms for a chat that is not verified; audited). Progress and completion arrive as
 * attachment.updated events.
 */
void registerAttachmentCommands(ConsoleApi &api, Storage &storage, EventBus &events,
                                MediaFetcher &fetcher);

} // namespace aiochat
