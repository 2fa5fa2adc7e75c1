#include "listenerguard.h"

#include "config/settings.h"
#include "logging/logging.h"

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

// Telegram's published webhook source ranges (core.telegram.org/bots/webhooks).
constexpr const char16_t *kTelegramRanges = u"149.154.160.0/20, 91.108.4.0/22";

QHostAddress normalized(const QHostAddress &address)
{
    // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d; ranges are written as IPv4.
    bool ok = false;
    const quint32 v4 = address.toIPv4Address(&ok);
    return ok ? QHostAddress(v4) : address;
}

bool inAny(const QHostAddress &address, const QList<Subnet> &ranges)
{
    const QHostAddress a = normalized(address);
    for (const Subnet &s : ranges) {
        if (a.isInSubnet(s))
            return true;
    }
    return false;
}

// One address from a Forwarded "for=" value or an X-Forwarded-For element: quotes, brackets
// and ports removed. Null when it is not an address ("unknown", an obfuscated identifier).
QHostAddress parseForwardedAddress(QByteArray text)
{
    text = text.trimmed();
    if (text.startsWith('"') && text.endsWith('"') && text.size() >= 2)
        text = text.mid(1, text.size() - 2);
    if (text.startsWith('[')) {
        const qsizetype close = text.indexOf(']');
        text = close > 0 ? text.mid(1, close - 1) : QByteArray();
    } else if (text.count(':') == 1) {
        text = text.left(text.indexOf(':')); // IPv4 with a port
    }
    QHostAddress address;
    if (!address.setAddress(QString::fromLatin1(text)))
        return {};
    return normalized(address);
}

Result<ListenerGuard::Limit> parseLimit(const QString &text, ListenerGuard::Limit fallback,
                                        const QString &key)
{
    const QString t = text.trimmed().toLower();
    if (t.isEmpty())
        return fallback;
    if (t == u"off"_s)
        return ListenerGuard::Limit{0, 1};
    bool okRequests = false;
    bool okWindow = false;
    const double requests = t.section(u'/', 0, 0).toDouble(&okRequests);
    const double window = t.section(u'/', 1, 1).toDouble(&okWindow);
    if (!okRequests || !okWindow || requests < 1 || window <= 0)
        return Status::invalidArgument(key + u": \""_s + text +
                                       u"\" is not REQUESTS/SECONDS (e.g. 100/900) or off"_s);
    return ListenerGuard::Limit{requests, window};
}

} // namespace

Result<QList<Subnet>> parseAllowList(const QString &text)
{
    QList<Subnet> out;
    for (QString item : text.split(u',', Qt::SkipEmptyParts)) {
        item = item.trimmed();
        if (item.isEmpty())
            continue;
        if (item.compare(u"telegram"_s, Qt::CaseInsensitive) == 0) {
            const Result<QList<Subnet>> preset =
                parseAllowList(QString::fromUtf16(kTelegramRanges));
            out += preset.value();
            continue;
        }
        Subnet subnet = QHostAddress::parseSubnet(item);
        if (subnet.first.isNull()) {
            QHostAddress single;
            if (!single.setAddress(item))
                return Status::invalidArgument(u"\""_s + item +
                                               u"\" is not an address or CIDR range"_s);
            subnet = {single, single.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128};
        }
        out.append(subnet);
    }
    return out;
}

RouteGroup routeGroupOf(const QByteArray &path)
{
    if (path.startsWith("/api/"))
        return RouteGroup::Api;
    if (path.startsWith("/webhooks/telegram"))
        return RouteGroup::Telegram;
    if (path.startsWith("/webhooks/whatsapp"))
        return RouteGroup::WhatsApp;
    return RouteGroup::System;
}

Result<ListenerGuard::Policy> ListenerGuard::policyFromSettings(const Settings &settings)
{
    return policyFrom([&settings](const QString &key) { return settings.value(key); });
}

Result<ListenerGuard::Policy>
ListenerGuard::policyFrom(const std::function<QVariant(const QString &key)> &value)
{
    Policy p;
    auto limit = [&value](const QString &key, Limit fallback) {
        return parseLimit(value(key).toString(), fallback, key);
    };
    Result<Limit> api = limit(u"listener/rateLimit/api"_s, p.api);
    Result<Limit> webhook = limit(u"listener/rateLimit/webhook"_s, p.webhook);
    Result<Limit> system = limit(u"listener/rateLimit/system"_s, p.system);
    Result<Limit> failures = limit(u"listener/rateLimit/webhookFailures"_s, p.webhookFailures);
    Result<Limit> socket = limit(u"listener/rateLimit/socketCommands"_s, p.socketCommands);
    for (const auto *r : {&api, &webhook, &system, &failures, &socket}) {
        if (!r->isOk())
            return r->status();
    }
    p.api = api.value();
    p.webhook = webhook.value();
    p.system = system.value();
    p.webhookFailures = failures.value();
    p.socketCommands = socket.value();
    const QList<QPair<RouteGroup, QString>> groups{{RouteGroup::Api, u"api"_s},
                                                   {RouteGroup::Telegram, u"telegram"_s},
                                                   {RouteGroup::WhatsApp, u"whatsapp"_s},
                                                   {RouteGroup::System, u"system"_s}};
    for (const auto &[group, name] : groups) {
        const QString key = u"listener/allow/"_s + name;
        // QSettings turns "a, b" into a list; join it back.
        const QVariant raw = value(key);
        const QString text =
            raw.typeId() == QMetaType::QStringList ? raw.toStringList().join(u',') : raw.toString();
        Result<QList<Subnet>> ranges = parseAllowList(text);
        if (!ranges.isOk())
            return ranges.status().prefixed(key);
        if (!ranges.value().isEmpty())
            p.allow.insert(group, ranges.value());
    }
    const QVariant proxies = value(u"listener/trustedProxies"_s);
    Result<QList<Subnet>> trusted = parseAllowList(proxies.typeId() == QMetaType::QStringList
                                                       ? proxies.toStringList().join(u',')
                                                       : proxies.toString());
    if (!trusted.isOk())
        return trusted.status().prefixed(u"listener/trustedProxies"_s);
    p.trustedProxies = trusted.value();
    return p;
}

ListenerGuard::ListenerGuard()
    : m_policy(Policy())
{}

ListenerGuard::ListenerGuard(Policy policy)
    : m_policy(std::move(policy))
{}

bool ListenerGuard::isTrustedProxy(const QHostAddress &address) const
{
    return inAny(address, m_policy.trustedProxies);
}

QHostAddress ListenerGuard::clientAddress(const HttpRequest &request) const
{
    const QHostAddress peer = normalized(request.peer);
    if (!isTrustedProxy(peer))
        return peer; // anyone can write these headers; only our own tunnel is believed
    QList<QHostAddress> chain;
    const QByteArray forwarded = request.header("forwarded");
    if (!forwarded.isEmpty()) {
        for (const QByteArray &element : forwarded.split(',')) {
            for (const QByteArray &pair : element.split(';')) {
                const QByteArray p = pair.trimmed();
                if (p.size() > 4 && p.left(4).toLower() == "for=")
                    chain.append(parseForwardedAddress(p.mid(4)));
            }
        }
    } else {
        for (const QByteArray &part : request.header("x-forwarded-for").split(','))
            chain.append(parseForwardedAddress(part));
    }
    // From the nearest hop outwards: the first address that is not one of our proxies.
    for (auto it = chain.crbegin(); it != chain.crend(); ++it) {
        if (it->isNull())
            return peer; // an unparseable hop: do not guess past it
        if (!isTrustedProxy(*it))
            return *it;
    }
    return peer;
}

const ListenerGuard::Limit &ListenerGuard::limitFor(RouteGroup group) const
{
    switch (group) {
    case RouteGroup::Api:
        return m_policy.api;
    case RouteGroup::Telegram:
    case RouteGroup::WhatsApp:
        return m_policy.webhook;
    case RouteGroup::System:
        break;
    }
    return m_policy.system;
}

void ListenerGuard::evictIdle(Millis now)
{
    // A bucket idle for a whole window is full again: forgetting it changes nothing.
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        if (now - it->lastSeen > 15 * 60'000)
            it = m_buckets.erase(it);
        else
            ++it;
    }
    if (m_buckets.size() > m_policy.maxTrackedClients) {
        qCWarning(lcHttp) << "tracking" << m_buckets.size()
                          << "clients for rate limits; forgetting all of them";
        m_buckets.clear();
    }
}

TokenBucket &ListenerGuard::bucket(const QString &key, const Limit &limit, Millis now)
{
    if (m_buckets.size() >= m_policy.maxTrackedClients)
        evictIdle(now);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(
            key, {TokenBucket(limit.requests / limit.windowSeconds, limit.requests), now});
    it->lastSeen = now;
    return it->bucket;
}

HttpResponse ListenerGuard::tooMany(Millis retryMs)
{
    const qint64 retrySeconds = std::max<qint64>(1, (retryMs + 999) / 1000);
    HttpResponse r = HttpResponse::error(429, "rate_limited",
                                         "too many requests from this address; retry later");
    r.headers.append({QByteArray("Retry-After"), QByteArray::number(retrySeconds)});
    return r;
}

std::optional<HttpResponse> ListenerGuard::check(const HttpRequest &request, Millis now)
{
    const RouteGroup group = routeGroupOf(request.path);
    const QHostAddress client = clientAddress(request);
    const auto allow = m_policy.allow.constFind(group);
    if (allow != m_policy.allow.constEnd() && !inAny(client, *allow)) {
        qCInfo(lcHttp).noquote() << "refused" << request.path << "from" << client.toString()
                                 << "(not in the allow-list)";
        return HttpResponse::error(403, "forbidden_address",
                                   "requests from this address are not accepted here");
    }
    // An address that keeps failing a webhook's checks is refused before the next check.
    const bool webhook = group == RouteGroup::Telegram || group == RouteGroup::WhatsApp;
    if (webhook && m_policy.webhookFailures.requests > 0) {
        TokenBucket &failures = bucket(u"f|"_s + client.toString(), m_policy.webhookFailures, now);
        if (const Millis next = failures.nextAvailable(now); next > now)
            return tooMany(next - now);
    }
    const Limit &limit = limitFor(group);
    if (limit.requests <= 0)
        return std::nullopt;
    TokenBucket &all = bucket(QString::number(int(group)) + u'|' + client.toString(), limit, now);
    if (all.take(now))
        return std::nullopt;
    return tooMany(all.nextAvailable(now) - now);
}

std::optional<HttpResponse> ListenerGuard::checkSocketCommand(const HttpRequest &upgrade,
                                                              Millis now)
{
    const QHostAddress client = clientAddress(upgrade);
    const auto allow = m_policy.allow.constFind(RouteGroup::Api);
    if (allow != m_policy.allow.constEnd() && !inAny(client, *allow))
        return HttpResponse::error(403, "forbidden_address",
                                   "requests from this address are not accepted here");
    if (m_policy.socketCommands.requests <= 0)
        return std::nullopt;
    TokenBucket &commands = bucket(u"s|"_s + client.toString(), m_policy.socketCommands, now);
    if (commands.take(now))
        return std::nullopt;
    return tooMany(commands.nextAvailable(now) - now);
}

void ListenerGuard::recordOutcome(const HttpRequest &request, int status, Millis now)
{
    const RouteGroup group = routeGroupOf(request.path);
    if (group != RouteGroup::Telegram && group != RouteGroup::WhatsApp)
        return;
    // Refused by the webhook itself: no or a wrong secret or signature, a malformed body.
    if (status < 400 || status >= 500 || status == 429 || m_policy.webhookFailures.requests <= 0)
        return;
    bucket(u"f|"_s + clientAddress(request).toString(), m_policy.webhookFailures, now).take(now);
}

} // namespace aiochat
