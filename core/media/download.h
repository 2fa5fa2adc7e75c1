#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

class QNetworkAccessManager;
class QNetworkRequest;
class QObject;

namespace aiochat {

/** @brief What a file download brought back. */
struct Download
{
    int httpStatus = 0;     ///< 0: no HTTP answer (see error)
    QByteArray data;        ///< the body, when it fit
    QString contentType;    ///< as the server declared it (the content decides, not this)
    QString error;          ///< why it failed, never quoting the URL (it may hold a token)
    bool tooLarge = false;  ///< the server announced or sent more than allowed: stopped early
    bool transport = false; ///< no answer at all: timeout, refused, TLS…

    [[nodiscard]] bool ok() const { return httpStatus / 100 == 2 && !tooLarge && !transport; }
};

/**
 * @brief GETs @p request into memory, refusing more than @p maxBytes as soon as the length is
 * announced or the body grows past it (a file over the limit is never held whole). @p done runs
 * in @p context's thread. Redirects are not followed: a token in a header must not travel to
 * another host.
 */
/** @brief How far a download is: bytes received, and the total when announced (else -1). */
using DownloadProgress = std::function<void(qint64 received, qint64 total)>;

void fetchBytes(QNetworkAccessManager &network, QNetworkRequest request, qint64 maxBytes,
                QObject *context, std::function<void(Download)> done,
                DownloadProgress progress = {});

} // namespace aiochat
