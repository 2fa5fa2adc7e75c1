#include "whatsappsender.h"

#include "channels/telegram/telegramtext.h"
#include "whatsappclient.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

// Meta's advice for its rate limits is to wait and try again later; waiting longer each time.
int backoff(int baseMs, int attempts)
{
    return int(std::min<qint64>(qint64(baseMs) << std::clamp(attempts, 0, 10), 5 * 60'000));
}

} // namespace

SendResult WhatsAppSender::classify(const WhatsAppReply &r, int attempts, const Pacing &pacing)
{
    if (r.transportError)
        return SendResult::retry(u"WhatsApp did not answer: "_s + r.errorMessage);
    switch (r.errorCode) {
    case 131047:
        return SendResult::failed(WhatsAppSender::windowClosedReason() + u" ("_s + r.summary() +
                                  u')');
    case 131056: // pair rate limit: too many messages to this customer
        return SendResult::retry(u"WhatsApp asked to slow down for this customer (about one "
                                 u"message every 6 seconds): "_s +
                                     r.summary(),
                                 backoff(pacing.pairMs, attempts));
    case 130429: // throughput limit of the number
    case 80007:  // WABA rate limit
    case 4:      // app-level call limit
        return SendResult::retry(u"WhatsApp asked to slow down: "_s + r.summary(),
                                 backoff(pacing.throughputMs, attempts));
    case 131057: // account in maintenance
        return SendResult::retry(u"the WhatsApp Business account is in maintenance: "_s +
                                     r.summary(),
                                 backoff(pacing.maintenanceMs, attempts));
    case 1: // unknown API error
    case 2: // temporary service issue
        return SendResult::retry(u"WhatsApp is temporarily unavailable: "_s + r.summary());
    case 190:
    case 0:
        if (r.httpStatus == 401 || r.errorCode == 190)
            return SendResult::down(u"the WhatsApp access token was rejected ("_s + r.summary() +
                                    u')');
        break;
    default:
        break;
    }
    if (r.httpStatus == 401)
        return SendResult::down(u"the WhatsApp access token was rejected ("_s + r.summary() + u')');
    if (r.httpStatus >= 500)
        return SendResult::retry(u"WhatsApp server error: "_s + r.summary());
    return SendResult::failed(u"WhatsApp refused: "_s + r.summary());
}

WhatsAppSender::WhatsAppSender(WhatsAppClient &client, int timeoutMs, Pacing pacing)
    : m_client(client)
    , m_timeoutMs(timeoutMs)
    , m_pacing(pacing)
{}

bool WhatsAppSender::windowOpen(Millis lastInboundAt, Millis now)
{
    return lastInboundAt > 0 && now - lastInboundAt < kCustomerServiceWindow;
}

QString WhatsAppSender::windowClosedReason()
{
    return u"More than 24 hours have passed since the customer last wrote, so WhatsApp only "
           u"delivers approved template messages now. Send a template instead."_s;
}

// One message's answer: sent under its wamid, or what the error means for the outbox.
std::function<void(const WhatsAppReply &)>
WhatsAppSender::answered(std::function<void(const SendResult &)> done, int attempts) const
{
    return [done = std::move(done), attempts, pacing = m_pacing](const WhatsAppReply &r) {
        if (!r.ok) {
            done(classify(r, attempts, pacing));
            return;
        }
        done(SendResult::sent(
            r.body.value(u"messages"_s).toArray().first().toObject().value(u"id"_s).toString()));
    };
}

void WhatsAppSender::send(const OutboundEntry &entry, std::function<void(const SendResult &)> done)
{
    if (entry.isTemplate()) {
        const QJsonObject t = entry.payload.value(u"template"_s).toObject();
        QJsonArray parameters;
        for (const QJsonValue &p : t.value(u"parameters"_s).toArray())
            parameters.append(QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, p.toString()}});
        QJsonObject tmpl{
            {u"name"_s, t.value(u"name"_s).toString()},
            {u"language"_s, QJsonObject{{u"code"_s, t.value(u"language"_s).toString()}}}};
        if (!parameters.isEmpty())
            tmpl.insert(u"components"_s, QJsonArray{QJsonObject{{u"type"_s, u"body"_s},
                                                                {u"parameters"_s, parameters}}});
        m_client.postMessage(QJsonObject{{u"messaging_product"_s, u"whatsapp"_s},
                                         {u"recipient_type"_s, u"individual"_s},
                                         {u"to"_s, entry.recipient},
                                         {u"type"_s, u"template"_s},
                                         {u"template"_s, tmpl}},
                             m_timeoutMs, answered(std::move(done), entry.attempts));
        return;
    }
    // Checked again here: a message queued inside the window may be retried after it closed.
    if (!windowOpen(entry.lastInboundAt, nowMillis())) {
        done(SendResult::failed(windowClosedReason()));
        return;
    }
    if (entry.payload.value(u"type"_s).toString() == u"file"_s) {
        sendFile(entry, std::move(done));
        return;
    }
    if (entry.text().trimmed().isEmpty()) {
        done(SendResult::failed(u"the message is empty"_s));
        return;
    }
    // WhatsApp's text limit is 4096 characters too: the same boundary-aware split.
    sendParts(entry, telegramtext::split(entry.text()), 0, {}, std::move(done));
}

// Uploaded first (a public link is never used), then sent as an image or a document naming the
// media id; inside the 24-hour window only, like any free-form message.
void WhatsAppSender::sendFile(const OutboundEntry &entry,
                              std::function<void(const SendResult &)> done)
{
    if (!m_files) {
        done(SendResult::failed(u"files cannot be sent from here"_s));
        return;
    }
    m_files(entry.payload.value(u"attachmentId"_s).toInteger(),
            [this, entry, done = std::move(done)](const Result<QByteArray> &bytes) mutable {
                if (!bytes.isOk()) {
                    done(SendResult::failed(u"the file to send is gone: "_s +
                                            bytes.status().message()));
                    return;
                }
                const QString mime = entry.payload.value(u"mimeType"_s).toString();
                const QString name = entry.payload.value(u"fileName"_s).toString();
                m_client.uploadMedia(
                    bytes.value(), mime, name, std::max(m_timeoutMs, 120'000),
                    [this, entry, name, done = std::move(done)](const WhatsAppReply &up) mutable {
                        if (!up.ok) {
                            done(classify(up, entry.attempts, m_pacing));
                            return;
                        }
                        const bool image = entry.payload.value(u"kind"_s).toString() == u"photo"_s;
                        QJsonObject media{{u"id"_s, up.body.value(u"id"_s).toString()}};
                        if (!entry.text().trimmed().isEmpty())
                            media.insert(u"caption"_s, entry.text().left(1024));
                        if (!image)
                            media.insert(u"filename"_s, name);
                        const QString type = image ? u"image"_s : u"document"_s;
                        m_client.postMessage(QJsonObject{{u"messaging_product"_s, u"whatsapp"_s},
                                                         {u"recipient_type"_s, u"individual"_s},
                                                         {u"to"_s, entry.recipient},
                                                         {u"type"_s, type},
                                                         {type, media}},
                                             m_timeoutMs,
                                             answered(std::move(done), entry.attempts));
                    });
            });
}

void WhatsAppSender::sendParts(const OutboundEntry &entry, const QStringList &parts, int index,
                               QStringList ids, std::function<void(const SendResult &)> done)
{
    m_client.postMessage(
        QJsonObject{
            {u"messaging_product"_s, u"whatsapp"_s},
            {u"recipient_type"_s, u"individual"_s},
            {u"to"_s, entry.recipient},
            {u"type"_s, u"text"_s},
            {u"text"_s, QJsonObject{{u"preview_url"_s, false}, {u"body"_s, parts.at(index)}}}},
        m_timeoutMs,
        [this, entry, parts, index, ids, done = std::move(done)](const WhatsAppReply &r) mutable {
            if (!r.ok) {
                done(classify(r, entry.attempts, m_pacing));
                return;
            }
            ids.append(
                r.body.value(u"messages"_s).toArray().first().toObject().value(u"id"_s).toString());
            if (index + 1 < parts.size()) {
                sendParts(entry, parts, index + 1, std::move(ids), std::move(done));
                return;
            }
            // Every part reports its own delivery: all their ids go back, not only the first.
            const QString first = ids.constFirst();
            done(SendResult::sent(first, ids.size() > 1 ? ids : QStringList()));
        });
}

} // namespace aiochat
