// Fuzz target: the Telegram normaliser must reject or accept any byte string without crashing,
// hanging or reading out of bounds.
#include "channels/telegram/telegramnormalizer.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)aiochat::telegramUpdateId(body);
    (void)aiochat::normalizeTelegramUpdate(body);
    return 0;
}
