#pragma once

#include "domain/enums.h"
#include "domain/status.h"
#include "domain/timestamps.h"

#include <QJsonObject>
#include <QList>

#include <optional>

namespace aiochat {

/**
 * @brief Reads command parameters with validation. The first problem is kept and reported as
 * an invalid_argument Status naming the parameter; later reads become no-ops.
 */
class Params
{
public:
    explicit Params(const QJsonObject &params);

    [[nodiscard]] qint64 requiredId(const QString &name);
    [[nodiscard]] qint64 optionalId(const QString &name);
    [[nodiscard]] int optionalInt(const QString &name, int fallback, int min, int max);
    [[nodiscard]] QString optionalString(const QString &name, int maxLength = 1000);
    /** @brief Text that must be present and not blank. */
    [[nodiscard]] QString requiredString(const QString &name, int maxLength = 1000);
    /** @brief true/false, or nullopt when absent. */
    [[nodiscard]] std::optional<bool> optionalBool(const QString &name);
    /** @brief An ISO 8601 date-time, or 0 when absent. */
    [[nodiscard]] Millis optionalTime(const QString &name);
    [[nodiscard]] QStringList optionalStringList(const QString &name);
    /** @brief A list of enum wire names ("open", "needs_attention"…). */
    template <typename E>
    [[nodiscard]] QList<E> optionalEnumList(const QString &name)
    {
        QList<E> out;
        for (const QString &s : optionalStringList(name)) {
            const std::optional<E> v = fromString<E>(s);
            if (!v) {
                fail(name, QStringLiteral("unknown value \"") + s + u'"');
                return {};
            }
            out.append(*v);
        }
        return out;
    }

    [[nodiscard]] bool isOk() const { return m_status.isOk(); }
    [[nodiscard]] const Status &status() const { return m_status; }
    /** @brief Reports a command's own check on @p name (kept only if it is the first problem). */
    void fail(const QString &name, const QString &why);

private:
    const QJsonObject &m_params;
    Status m_status;
};

} // namespace aiochat
