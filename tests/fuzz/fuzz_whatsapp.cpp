// Fuzz target: the WhatsApp notification normaliser on arbitrary bytes.
#include "channels/whatsapp/whatsappnormalizer.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)aiochat::normalizeWhatsAppNotification(
        QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    return 0;
}
