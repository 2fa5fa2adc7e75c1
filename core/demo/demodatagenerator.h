#pragma once

#include "domain/status.h"

#include <functional>

namespace aiochat {

class DbWriter;
class PersonalDataCipher;

/** @brief How much demo data to make. The defaults are what `--demo` shows a new user. */
struct DemoScale
{
    int contacts = 60;
    int conversations = 220;
    int minMessages = 4;  ///< per conversation
    int maxMessages = 30; ///< per conversation
    quint32 seed = 20261125;
    /** @brief Newest activity happens this long before now; older ones spread over 30 days. */
    qint64 spreadDays = 30;
};

/**
 * @brief Believable customers, conversations and messages across Telegram, WhatsApp and the
 * Sandbox (an insurer's policyholders asking about premiums, claims and documents), written
 * through the single writer in large transactions. The same generator builds the benchmark's
 * store of 100,000 conversations and 1,000,000 messages.
 */
class DemoDataGenerator
{
public:
    using Progress = std::function<void(qint64 conversationsDone, qint64 messagesDone)>;

    DemoDataGenerator(const PersonalDataCipher &cipher, DemoScale scale);

    /** @brief True when the store has no conversations yet (demo data only goes into an empty
     * store). */
    [[nodiscard]] static Result<bool> storeIsEmpty(DbWriter &writer);

    [[nodiscard]] Status generate(DbWriter &writer, const Progress &progress = {});

private:
    const PersonalDataCipher &m_cipher;
    DemoScale m_scale;
};

} // namespace aiochat
