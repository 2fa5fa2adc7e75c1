#pragma once

#include <QString>

#include <optional>

namespace aiochat {

/** @brief Messaging platform a customer writes from. Sandbox is the built-in test channel. */
enum class Platform
{
    Telegram,
    WhatsApp,
    Sandbox
};

/** @brief Conversation lifecycle as operators see it (PRODUCT.md, "Statuses"). */
enum class ConversationStatus
{
    Open,
    NeedsAttention,
    Resolved,
    Closed
};

/** @brief Who is answering a conversation right now; the bot stays silent while a human owns it. */
enum class Handler
{
    Bot,
    Human
};

/**
 * @brief Why a conversation needs attention (PRODUCT.md, "Statuses"): a customer waits for a
 * person. None when it does not.
 */
enum class AttentionReason
{
    None,
    AskedForHuman,     ///< the customer asked for a person (the bot hands off)
    BotCouldNotAnswer, ///< the bot had nothing grounded to say
    CustomerWaiting,   ///< the customer wrote into a conversation a person owns
    SendFailed,        ///< an answer could not be delivered
};

enum class Direction
{
    Inbound,
    Outbound
};

/** @brief Who wrote a message. */
enum class SenderKind
{
    Customer,
    Bot,
    Operator,
    System
};

/** @brief What a message carries; unknown platform kinds are kept as Unsupported. */
enum class MessageKind
{
    Text,
    Photo,
    Document,
    Contact,
    Callback,
    Interactive,
    Reaction,
    Location,
    Audio,
    Video,
    Sticker,
    Template,
    Unsupported,
};

/**
 * @brief Delivery state of a message. Inbound messages are Received; outbound ones move
 * Queued → Sent → Delivered → Read monotonically, or end in Failed.
 */
enum class DeliveryStatus
{
    Received,
    Queued,
    Sent,
    Delivered,
    Read,
    Failed
};

// Wire names (database and JSON) for each enum; fromString returns nullopt for unknown names.
[[nodiscard]] QString toString(Platform v);
[[nodiscard]] QString toString(ConversationStatus v);
[[nodiscard]] QString toString(Handler v);
[[nodiscard]] QString toString(AttentionReason v);
[[nodiscard]] QString toString(Direction v);
[[nodiscard]] QString toString(SenderKind v);
[[nodiscard]] QString toString(MessageKind v);
[[nodiscard]] QString toString(DeliveryStatus v);

template <typename E>
[[nodiscard]] std::optional<E> fromString(const QString &name);

template <>
std::optional<Platform> fromString<Platform>(const QString &name);
template <>
std::optional<ConversationStatus> fromString<ConversationStatus>(const QString &name);
template <>
std::optional<Handler> fromString<Handler>(const QString &name);
template <>
std::optional<AttentionReason> fromString<AttentionReason>(const QString &name);
template <>
std::optional<Direction> fromString<Direction>(const QString &name);
template <>
std::optional<SenderKind> fromString<SenderKind>(const QString &name);
template <>
std::optional<MessageKind> fromString<MessageKind>(const QString &name);
template <>
std::optional<DeliveryStatus> fromString<DeliveryStatus>(const QString &name);

/** @brief Parses a wire name, falling back to @p fallback for unknown or empty names. */
template <typename E>
[[nodiscard]] E fromString(const QString &name, E fallback)
{
    return fromString<E>(name).value_or(fallback);
}

} // namespace aiochat
