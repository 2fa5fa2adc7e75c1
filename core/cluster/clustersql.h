#pragma once

#include <QString>

/**
 * @brief The SQL pieces every part of several-instances-on-PostgreSQL agrees on: whose a row is,
 * and whose lease still counts. One place, so the outbox, the journal, the key rotation and the
 * cluster link cannot drift apart.
 */
namespace aiochat::clustersql {

/**
 * @brief Now by the server's clock, in milliseconds: leases are renewed and judged by it, so
 * instances on machines whose clocks disagree still agree on who is alive.
 */
inline QString serverNow()
{
    return QStringLiteral("(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT");
}

/** @brief This connection's instance name (every connection sets aiochat.instance; else NULL). */
inline QString thisInstance()
{
    return QStringLiteral("current_setting('aiochat.instance', true)");
}

/** @brief True for a row @p owner column naming this instance, or nobody. */
inline QString ownedHere(const QString &owner)
{
    return u'(' + owner + QStringLiteral(" = ") + thisInstance() + QStringLiteral(" OR ") + owner +
           QStringLiteral(" IS NULL OR ") + owner + QStringLiteral(" = '')");
}

/** @brief True for a row whose @p owner holds no lease renewed within the last @p leaseMs. */
inline QString ownerGone(const QString &owner, int leaseMs)
{
    return u'(' + owner +
           QStringLiteral(" <> '' AND NOT EXISTS (SELECT 1 FROM cluster_instances ") +
           QStringLiteral("i WHERE i.id = ") + owner + QStringLiteral(" AND i.heartbeat_at >= ") +
           serverNow() + QStringLiteral(" - ") + QString::number(leaseMs) + QStringLiteral("))");
}

} // namespace aiochat::clustersql
