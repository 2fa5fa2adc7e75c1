#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace aiochat {

/** @brief Outcome of an operation that can fail: a stable code for programs, a message for people.
 */
class Status
{
public:
    enum class Code
    {
        Ok,
        InvalidArgument,
        NotFound,
        AlreadyExists,
        PermissionDenied,
        Unauthenticated,
        FailedPrecondition,
        ResourceExhausted,
        Unavailable,
        Internal,
    };

    Status() = default;
    Status(Code code, QString message)
        : m_code(code)
        , m_message(std::move(message))
    {}

    [[nodiscard]] static Status ok() { return {}; }
    [[nodiscard]] static Status invalidArgument(QString m)
    {
        return {Code::InvalidArgument, std::move(m)};
    }
    [[nodiscard]] static Status notFound(QString m) { return {Code::NotFound, std::move(m)}; }
    [[nodiscard]] static Status alreadyExists(QString m)
    {
        return {Code::AlreadyExists, std::move(m)};
    }
    [[nodiscard]] static Status permissionDenied(QString m)
    {
        return {Code::PermissionDenied, std::move(m)};
    }
    [[nodiscard]] static Status failedPrecondition(QString m)
    {
        return {Code::FailedPrecondition, std::move(m)};
    }
    [[nodiscard]] static Status unavailable(QString m) { return {Code::Unavailable, std::move(m)}; }
    [[nodiscard]] static Status internal(QString m) { return {Code::Internal, std::move(m)}; }

    [[nodiscard]] bool isOk() const { return m_code == Code::Ok; }
    [[nodiscard]] Code code() const { return m_code; }
    [[nodiscard]] const QString &message() const { return m_message; }
    /** @brief Stable snake_case name of the code, used on the wire (Console API, REST). */
    [[nodiscard]] QString codeName() const;
    /** @brief The code codeName() names ("not_found" → NotFound); Internal for anything else. */
    [[nodiscard]] static Code codeFromName(QStringView name);

    /** @brief Adds context in front of the message: "opening database: <message>". */
    [[nodiscard]] Status prefixed(const QString &context) const;

    friend bool operator==(const Status &a, const Status &b) = default;

private:
    Code m_code = Code::Ok;
    QString m_message;
};

/** @brief A value or the Status explaining why there is none. */
template <typename T>
class Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    {}
    Result(Status status)
        : m_status(std::move(status))
    {
        Q_ASSERT(!m_status.isOk());
    }

    [[nodiscard]] bool isOk() const { return m_value.has_value(); }
    [[nodiscard]] const Status &status() const { return m_status; }
    [[nodiscard]] const T &value() const & { return *m_value; }
    [[nodiscard]] T &value() & { return *m_value; }
    [[nodiscard]] T &&value() && { return std::move(*m_value); }
    [[nodiscard]] const T *operator->() const { return &*m_value; }
    [[nodiscard]] T *operator->() { return &*m_value; }

private:
    std::optional<T> m_value;
    Status m_status;
};

} // namespace aiochat
