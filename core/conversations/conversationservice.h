#pragma once

#include "domain/conversation.h"
#include "domain/message.h"
#include "domain/status.h"
#include "inboundmessage.h"

#include <QObject>

#include <functional>

class QSqlDatabase;

namespace aiochat {

class EventBus;
class PersonalDataCipher;
class Storage;

/** @brief What storing an inbound message did. */
struct IngestOutcome
{
    bool duplicate = false; ///< already stored (platform retry): nothing changed
    bool conversationCreated = false;
    Conversation conversation;
    Message message;
};

/**
 * @brief Threads inbound messages into the CRM: finds or creates the identity, the open
 * conversation and the message in one write (idempotent on the platform message id), then
 * announces message.created / conversation.updated. Lives in the core thread.
 */
class ConversationService : public QObject
{
    Q_OBJECT
public:
    ConversationService(Storage &storage, EventBus &events, QObject *parent = nullptr);

    using IngestDone = std::function<void(const Result<IngestOutcome> &)>;
    /** @brief Stores @p message; @p done runs in this object's thread after the commit. */
    void ingest(const InboundMessage &message, IngestDone done = {});

    /** @brief The write itself, for callers that already run on the writer (journal processing). */
    [[nodiscard]] static Result<IngestOutcome> ingestInTransaction(QSqlDatabase &db,
                                                                   const PersonalDataCipher &cipher,
                                                                   const InboundMessage &message);
    /** @brief Publishes the events for an outcome (core thread). */
    void announce(const IngestOutcome &outcome);

private:
    Storage &m_storage;
    EventBus &m_events;
};

} // namespace aiochat
