#pragma once

namespace aiochat {

class ConsoleApi;
class EventBus;
class Storage;

/**
 * @brief The knowledge base: knowledge.upload (read and split on a worker thread, stored in one
 * transaction), knowledge.list, knowledge.get (with its passages), knowledge.delete,
 * knowledge.reindex and knowledge.search (the retrieval the bot uses). A customer's documents
 * are personal data: reading their passages or searching them needs the reveal right as well.
 * Changes are announced as "knowledge.updated".
 */
void registerKnowledgeCommands(ConsoleApi &api, Storage &storage, EventBus &events);

} // namespace aiochat
