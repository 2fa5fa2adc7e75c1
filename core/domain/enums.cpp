#include "enums.h"

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

template <typename E, std::size_t N>
QString nameOf(const std::array<std::pair<E, QStringView>, N> &table, E value)
{
    for (const auto &[v, name] : table) {
        if (v == value)
            return name.toString();
    }
    return {};
}

template <typename E, std::size_t N>
std::optional<E> valueOf(const std::array<std::pair<E, QStringView>, N> &table, const QString &name)
{
    for (const auto &[v, n] : table) {
        if (n == name)
            return v;
    }
    return std::nullopt;
}

constexpr std::array<std::pair<Platform, QStringView>, 3> kPlatforms{{
    {Platform::Telegram, u"telegram"},
    {Platform::WhatsApp, u"whatsapp"},
    {Platform::Sandbox, u"sandbox"},
}};

constexpr std::array<std::pair<ConversationStatus, QStringView>, 4> kStatuses{{
    {ConversationStatus::Open, u"open"},
    {ConversationStatus::NeedsAttention, u"needs_attention"},
    {ConversationStatus::Resolved, u"resolved"},
    {ConversationStatus::Closed, u"closed"},
}};

constexpr std::array<std::pair<AttentionReason, QStringView>, 5> kAttentionReasons{{
    {AttentionReason::None, u""},
    {AttentionReason::AskedForHuman, u"asked_for_human"},
    {AttentionReason::BotCouldNotAnswer, u"bot_could_not_answer"},
    {AttentionReason::CustomerWaiting, u"customer_waiting"},
    {AttentionReason::SendFailed, u"send_failed"},
}};

constexpr std::array<std::pair<Handler, QStringView>, 2> kHandlers{{
    {Handler::Bot, u"bot"},
    {Handler::Human, u"human"},
}};

constexpr std::array<std::pair<Direction, QStringView>, 2> kDirections{{
    {Direction::Inbound, u"in"},
    {Direction::Outbound, u"out"},
}};

constexpr std::array<std::pair<SenderKind, QStringView>, 4> kSenders{{
    {SenderKind::Customer, u"customer"},
    {SenderKind::Bot, u"bot"},
    {SenderKind::Operator, u"operator"},
    {SenderKind::System, u"system"},
}};

constexpr std::array<std::pair<MessageKind, QStringView>, 13> kKinds{{
    {MessageKind::Text, u"text"},
    {MessageKind::Photo, u"photo"},
    {MessageKind::Document, u"document"},
    {MessageKind::Contact, u"contact"},
    {MessageKind::Callback, u"callback"},
    {MessageKind::Interactive, u"interactive"},
    {MessageKind::Reaction, u"reaction"},
    {MessageKind::Location, u"location"},
    {MessageKind::Audio, u"audio"},
    {MessageKind::Video, u"video"},
    {MessageKind::Sticker, u"sticker"},
    {MessageKind::Template, u"template"},
    {MessageKind::Unsupported, u"unsupported"},
}};

constexpr std::array<std::pair<DeliveryStatus, QStringView>, 6> kDelivery{{
    {DeliveryStatus::Received, u"received"},
    {DeliveryStatus::Queued, u"queued"},
    {DeliveryStatus::Sent, u"sent"},
    {DeliveryStatus::Delivered, u"delivered"},
    {DeliveryStatus::Read, u"read"},
    {DeliveryStatus::Failed, u"failed"},
}};

} // namespace

QString toString(Platform v)
{
    return nameOf(kPlatforms, v);
}
QString toString(ConversationStatus v)
{
    return nameOf(kStatuses, v);
}
QString toString(AttentionReason v)
{
    return nameOf(kAttentionReasons, v);
}

QString toString(Handler v)
{
    return nameOf(kHandlers, v);
}
QString toString(Direction v)
{
    return nameOf(kDirections, v);
}
QString toString(SenderKind v)
{
    return nameOf(kSenders, v);
}
QString toString(MessageKind v)
{
    return nameOf(kKinds, v);
}
QString toString(DeliveryStatus v)
{
    return nameOf(kDelivery, v);
}

template <>
std::optional<Platform> fromString<Platform>(const QString &name)
{
    return valueOf(kPlatforms, name);
}
template <>
std::optional<ConversationStatus> fromString<ConversationStatus>(const QString &name)
{
    return valueOf(kStatuses, name);
}
template <>
std::optional<AttentionReason> fromString<AttentionReason>(const QString &name)
{
    return valueOf(kAttentionReasons, name);
}

template <>
std::optional<Handler> fromString<Handler>(const QString &name)
{
    return valueOf(kHandlers, name);
}
template <>
std::optional<Direction> fromString<Direction>(const QString &name)
{
    return valueOf(kDirections, name);
}
template <>
std::optional<SenderKind> fromString<SenderKind>(const QString &name)
{
    return valueOf(kSenders, name);
}
template <>
std::optional<MessageKind> fromString<MessageKind>(const QString &name)
{
    return valueOf(kKinds, name);
}
template <>
std::optional<DeliveryStatus> fromString<DeliveryStatus>(const QString &name)
{
    return valueOf(kDelivery, name);
}

} // namespace aiochat
