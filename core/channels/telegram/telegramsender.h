#pragma once

#include "channels/outbound/outboundchannel.h"

namespace aiochat {

class TelegramClient;

/**
 * @brief Sends outbox entries with sendMessage: plain text (no parse mode, so nothing needs
 * escaping) split into parts of at most 4096 UTF-16 units, with an optional reply keyboard on
 * the last part. Maps the Bot API's errors to retry, permanent failure, blocked recipient,
 * migrated group, or channel down.
 */
class TelegramSender final : public OutboundChannel
{
public:
    TelegramSender(TelegramClient &client, int timeoutMs);

    [[nodiscard]] Platform platform() const override { return Platform::Telegram; }
    void send(const OutboundEntry &entry, std::function<void(const SendResult &)> done) override;

    /** @brief Where queued files are read from (set by the host). */
    void setFileReader(FileReader reader) { m_files = std::move(reader); }

    /** @brief The reply keyboard with one "share my phone number" button (verification). */
    [[nodiscard]] static QJsonObject sharePhoneKeyboard(const QString &buttonText);

private:
    void sendPart(const OutboundEntry &entry, const QStringList &parts, int index, QString firstId,
                  std::function<void(const SendResult &)> done);

    void sendFile(const OutboundEntry &entry, std::function<void(const SendResult &)> done);

    TelegramClient &m_client;
    int m_timeoutMs;
    FileReader m_files;
};

} // namespace aiochat
