#include "sandboxsender.h"

#include "events/eventbus.h"

using namespace Qt::StringLiterals;

namespace aiochat {

SandboxSender::SandboxSender(EventBus &events)
    : m_events(events)
{}

void SandboxSender::send(const OutboundEntry &entry, std::function<void(const SendResult &)> done)
{
    const QString id = u"sandbox-out-"_s + QString::number(entry.id);
    m_events.publish(u"sandbox.reply"_s,
                     {{u"user"_s, entry.recipient},
                      {u"conversationId"_s, entry.conversationId},
                      {u"messageId"_s, entry.messageId},
                      {u"text"_s, entry.text()},
                      {u"replyMarkup"_s, entry.payload.value(u"replyMarkup"_s)}});
    done(SendResult::sent(id));
}

} // namespace aiochat
