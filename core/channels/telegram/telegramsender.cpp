#include "telegramsender.h"

#include "telegramclient.h"
#include "telegramtext.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {
SendResult classify(const TelegramReply &r)
{
    if (r.transportError)
        return SendResult::retry(u"Telegram did not answer: "_s + r.description);
    const int code = r.errorCode ? r.errorCode : r.httpStatus;
    if (code == 429)
        return SendResult::retry(u"Telegram rate limit: "_s + r.description,
                                 std::max(1, r.retryAfter) * 1000);
    if (code == 400 && r.migrateToChatId != 0) {
        SendResult s =
            SendResult::retry(u"the group was upgraded to a supergroup; resending there"_s, 1);
        s.migratedRecipient = QString::number(r.migrateToChatId);
        return s;
    }
    if (code == 403) {
        // "bot was blocked by the user", "user is deactivated", "bot was kicked from the group…"
        SendResult s = SendResult::failed(u"Telegram refused: "_s + r.description);
        s.recipientBlocked = true;
        return s;
    }
    if (code == 401 || code == 404)
        return SendResult::down(u"the bot token was rejected by Telegram ("_s + r.summary() + u')');
    if (code >= 500)
        return SendResult::retry(u"Telegram server error: "_s + r.description);
    return SendResult::failed(u"Telegram refused: "_s + r.description);
}
} // namespace

TelegramSender::TelegramSender(TelegramClient &client, int timeoutMs)
    : m_client(client)
    , m_timeoutMs(timeoutMs)
{}

QJsonObject TelegramSender::sharePhoneKeyboard(const QString &buttonText)
{
    return QJsonObject{
        {u"keyboard"_s, QJsonArray{QJsonArray{
                            QJsonObject{{u"text"_s, buttonText}, {u"request_contact"_s, true}}}}},
        {u"one_time_keyboard"_s, true},
        {u"resize_keyboard"_s, true}};
}

void TelegramSender::send(const OutboundEntry &entry, std::function<void(const SendResult &)> done)
{
    if (entry.payload.value(u"type"_s).toString() == u"file"_s) {
        sendFile(entry, std::move(done));
        return;
    }
    const QString text = entry.text();
    if (text.trimmed().isEmpty()) {
        done(SendResult::failed(u"the message is empty"_s));
        return;
    }
    sendPart(entry, telegramtext::split(text), 0, {}, std::move(done));
}

void TelegramSender::sendPart(const OutboundEntry &entry, const QStringList &parts, int index,
                              QString firstId, std::function<void(const SendResult &)> done)
{
    bool isNumber = false;
    const qint64 chatId = entry.recipient.toLongLong(&isNumber);
    QJsonObject params{{u"chat_id"_s, isNumber ? QJsonValue(chatId) : QJsonValue(entry.recipient)},
                       {u"text"_s, parts.at(index)}};
    if (index == parts.size() - 1 && entry.payload.contains(u"replyMarkup"_s))
        params.insert(u"reply_markup"_s, entry.payload.value(u"replyMarkup"_s));
    // Formatting applies to a whole text: only a message sent in one part may carry it.
    if (parts.size() == 1) {
        if (entry.payload.contains(u"entities"_s))
            params.insert(u"entities"_s, entry.payload.value(u"entities"_s));
        else if (entry.payload.contains(u"parseMode"_s))
            params.insert(u"parse_mode"_s, entry.payload.value(u"parseMode"_s));
    }
    m_client.call(u"sendMessage"_s, params, m_timeoutMs,
                  [this, entry, parts, index, firstId,
                   done = std::move(done)](const TelegramReply &r) mutable {
                      if (!r.ok) {
                          SendResult s = classify(r);
                          // Parts already delivered stay delivered: the retry resends from here
                          // would duplicate them, so a later part's failure is reported as such.
                          if (index > 0 && s.outcome != SendResult::Outcome::Sent)
                              s.error = u"part "_s + QString::number(index + 1) + u" of "_s +
                                        QString::number(parts.size()) + u": "_s + s.error;
                          done(s);
                          return;
                      }
                      const QString id =
                          QString::number(r.result.toObject().value(u"message_id"_s).toInteger());
                      if (firstId.isEmpty())
                          firstId = id;
                      if (index + 1 < parts.size()) {
                          sendPart(entry, parts, index + 1, firstId, std::move(done));
                          return;
                      }
                      done(SendResult::sent(firstId));
                  });
}

void TelegramSender::sendFile(const OutboundEntry &entry,
                              std::function<void(const SendResult &)> done)
{
    if (!m_files) {
        done(SendResult::failed(u"files cannot be sent from here"_s));
        return;
    }
    const bool photo = entry.payload.value(u"kind"_s).toString() == u"photo"_s;
    m_files(entry.payload.value(u"attachmentId"_s).toInteger(),
            [this, entry, photo, done = std::move(done)](const Result<QByteArray> &bytes) mutable {
                if (!bytes.isOk()) {
                    done(SendResult::failed(u"the file to send is gone: "_s +
                                            bytes.status().message()));
                    return;
                }
                bool isNumber = false;
                const qint64 chatId = entry.recipient.toLongLong(&isNumber);
                QJsonObject params{
                    {u"chat_id"_s, isNumber ? QJsonValue(chatId) : QJsonValue(entry.recipient)}};
                // Telegram's caption limit is 1,024 characters; the text is the caption.
                const QString caption = entry.text();
                if (!caption.trimmed().isEmpty())
                    params.insert(u"caption"_s, caption.left(1024));
                m_client.upload(photo ? u"sendPhoto"_s : u"sendDocument"_s, params,
                                photo ? u"photo"_s : u"document"_s,
                                entry.payload.value(u"fileName"_s).toString(),
                                entry.payload.value(u"mimeType"_s).toString(), bytes.value(),
                                std::max(m_timeoutMs, 120'000),
                                [done = std::move(done)](const TelegramReply &r) {
                                    if (!r.ok) {
                                        done(classify(r));
                                        return;
                                    }
                                    done(SendResult::sent(QString::number(
                                        r.result.toObject().value(u"message_id"_s).toInteger())));
                                });
            });
}

} // namespace aiochat
