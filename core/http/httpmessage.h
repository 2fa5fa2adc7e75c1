#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>

namespace aiochat {

/** @brief A fully read HTTP/1.1 request. Header names are stored lower-case. */
struct HttpRequest
{
    QByteArray method;
    QByteArray path;  ///< decoded-free path without the query, e.g. "/webhooks/telegram"
    QByteArray query; ///< raw query string without '?'
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QHostAddress peer;
    bool secure = false; ///< arrived over TLS

    /** @brief First value of a header (name in any case), or empty. */
    [[nodiscard]] QByteArray header(QByteArrayView name) const;
    /** @brief A query parameter, percent-decoded. */
    [[nodiscard]] QString queryValue(const QString &name) const;
};

/** @brief What a handler answers. */
struct HttpResponse
{
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    bool closeConnection = false;

    [[nodiscard]] static HttpResponse empty(int status);
    [[nodiscard]] static HttpResponse text(int status, const QByteArray &body);
    /** @brief {"error":{"code":…,"message":…}} — errors say what went wrong in a machine-readable
     * way. */
    [[nodiscard]] static HttpResponse error(int status, const QByteArray &code,
                                            const QByteArray &message);
    [[nodiscard]] static HttpResponse json(int status, const QByteArray &body);

    [[nodiscard]] static QByteArray reasonPhrase(int status);
    /** @brief The response as it goes on the wire: status line, headers, body. */
    [[nodiscard]] QByteArray serialize(bool keepAlive) const;
};

} // namespace aiochat
