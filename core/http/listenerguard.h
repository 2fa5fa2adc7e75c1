#pragma once

#include "channels/outbound/tokenbucket.h"
#include "domain/status.h"
#include "httpmessage.h"

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>

#include <functional>
#include <optional>

namespace aiochat {

class Settings;

/** @brief An address range: 149.154.160.0/20, 2001:db8::/32, or one address. */
using Subnet = QPair<QHostAddress, int>;

/**
 * @brief Parses "149.154.160.0/20, 91.108.4.0/22, 10.1.2.3" — or the preset "telegram" (its
 * published webhook ranges). An empty text means no restriction (an empty list).
 */
[[nodiscard]] Result<QList<Subnet>> parseAllowList(const QString &text);

/** @brief Which limits and allow-list a request falls under. */
enum class RouteGroup
{
    Api,      ///< /api/… (logins, the remote console, integrations)
    Telegram, ///< /webhooks/telegram
    WhatsApp, ///< /webhooks/whatsapp
    System,   ///< /healthz, /readyz, /metrics
};

[[nodiscard]] RouteGroup routeGroupOf(const QByteArray &path);

/**
 * @brief The listener's first line of defence, consulted before any handler runs: per-IP token
 * buckets (429 with Retry-After) and per-group IP allow-lists (403). The client's address is the
 * TCP peer — or, only when the peer is a configured proxy or tunnel, the last address in
 * X-Forwarded-For / Forwarded that is not itself such a proxy. Lives in the core thread.
 */
class ListenerGuard
{
public:
    struct Limit
    {
        double requests = 0; ///< per window; 0 = no limit
        double windowSeconds = 1;
    };
    struct Policy
    {
        Limit api{100, 900}; ///< the original design's 100 requests per 15 minutes per IP
        /// Every webhook request, per address: generous, since behind a tunnel one address
        /// carries a whole channel (2,000 updates/s).
        Limit webhook{120000, 60};
        /// Webhook requests refused by their handler (bad or missing secret or signature,
        /// malformed), per address: strict. Once spent, that address is refused before its
        /// requests are even checked.
        Limit webhookFailures{60, 60};
        Limit system{600, 60};
        /// Commands on a console WebSocket, per address: a console lists and opens a lot, and
        /// behind a tunnel one address carries the whole team.
        Limit socketCommands{3000, 60};
        QHash<RouteGroup, QList<Subnet>> allow; ///< missing or empty: any address
        QList<Subnet> trustedProxies;
        int maxTrackedClients = 100'000; ///< buckets kept; the idle ones go first
    };

    /**
     * @brief Reads listener/rateLimit/{api,webhook,webhookFailures,system,socketCommands}
     * ("100/900" = 100
     * requests per 900 s,
     * "off"), listener/allow/{api,telegram,whatsapp,system} and listener/trustedProxies.
     */
    [[nodiscard]] static Result<Policy> policyFromSettings(const Settings &settings);
    /** @brief The same from any source of those keys (e.g. values proposed on the Settings page).
     */
    [[nodiscard]] static Result<Policy>
    policyFrom(const std::function<QVariant(const QString &key)> &value);

    ListenerGuard();
    explicit ListenerGuard(Policy policy);

    /** @brief A refusal to send instead of running the handler, or nothing to let it through. */
    [[nodiscard]] std::optional<HttpResponse> check(const HttpRequest &request, Millis now);
    /**
     * @brief One command on a console WebSocket opened by @p upgrade: the api allow-list as it is
     * now, and the sockets' own rate limit.
     */
    [[nodiscard]] std::optional<HttpResponse> checkSocketCommand(const HttpRequest &upgrade,
                                                                 Millis now);
    /** @brief How the handler answered a request check() let through (counts webhook failures). */
    void recordOutcome(const HttpRequest &request, int status, Millis now);
    [[nodiscard]] QHostAddress clientAddress(const HttpRequest &request) const;
    [[nodiscard]] const Policy &policy() const { return m_policy; }
    /** @brief A peer in listener/trustedProxies (a tunnel speaking for many clients). */
    [[nodiscard]] bool isTrustedProxy(const QHostAddress &address) const;

private:
    [[nodiscard]] const Limit &limitFor(RouteGroup group) const;
    void evictIdle(Millis now);
    /** @brief The bucket under @p key, made with @p limit if it is new. */
    TokenBucket &bucket(const QString &key, const Limit &limit, Millis now);
    [[nodiscard]] static HttpResponse tooMany(Millis retryMs);

    Policy m_policy;
    struct Bucket
    {
        TokenBucket bucket;
        Millis lastSeen = 0;
    };
    QHash<QString, Bucket> m_buckets; ///< "group|address"
};

} // namespace aiochat
