#include "fakewhatsappserver.h"

#include "domain/timestamps.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkReply>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace aiochat::test {

namespace {

FakeResponse graphError(int http, int code, const QString &title, const QString &details = {})
{
    QJsonObject e{{u"message"_s, u"(#"_s + QString::number(code) + u") "_s + title},
                  {u"type"_s, u"OAuthException"_s},
                  {u"code"_s, code},
                  {u"fbtrace_id"_s, u"AbCdEfGh123"_s}};
    if (!details.isEmpty())
        e.insert(u"error_data"_s,
                 QJsonObject{{u"messaging_product"_s, u"whatsapp"_s}, {u"details"_s, details}});
    return {http,
            "application/json",
            QJsonDocument(QJsonObject{{u"error"_s, e}}).toJson(QJsonDocument::Compact),
            {}};
}

} // namespace

FakeWhatsAppServer::FakeWhatsAppServer(QString phoneNumberId, QString token, QObject *parent)
    : QObject(parent)
    , m_phoneNumberId(std::move(phoneNumberId))
    , m_token(std::move(token))
{
    m_http.setHandler(
        [this](const FakeRequest &r, const FakeResponder &responder) { handle(r, responder); });
}

QString FakeWhatsAppServer::nextWamid() const
{
    return u"wamid.FAKE"_s + QString::number(m_counter + 1).rightJustified(6, u'0');
}

QString FakeWhatsAppServer::addMedia(const QByteArray &content, const QString &mimeType,
                                     qint64 urlLifetimeMs, int expiredUrls)
{
    const QString id = QString::number(1'700'000'000'000'000LL + m_media.size());
    m_media.insert(id, {content, mimeType, urlLifetimeMs, expiredUrls});
    return id;
}

void FakeWhatsAppServer::handleMedia(const FakeRequest &request, const FakeResponder &responder)
{
    if (request.header("authorization") != "Bearer " + m_token.toUtf8()) {
        responder.send(
            graphError(401, 190, u"Invalid OAuth access token - Cannot parse access token"_s));
        return;
    }
    const QString path = QString::fromUtf8(request.path);
    const qint64 now = nowMillis();
    if (path.startsWith(u"/media-download/"_s)) {
        const auto url = m_urls.constFind(path.mid(16));
        if (url == m_urls.constEnd() || url->second < now) {
            responder.send(graphError(404, 100, u"URL expired or unknown"_s));
            return;
        }
        const Media &m = m_media[url->first];
        responder.send({200, m.mimeType.toUtf8(), m.content, {}});
        return;
    }
    const QString id = path.mid(7); // "/v24.0/"
    const auto media = m_media.constFind(id);
    if (media == m_media.constEnd()) {
        responder.send(graphError(
            404, 100, u"Unsupported get request. Object with ID '"_s + id + u"' does not exist"_s));
        return;
    }
    const QString key = QString::number(++m_urlsIssued) + u"-"_s + id;
    Media &m = m_media[id];
    const bool expired = m.expiredUrls > 0;
    if (expired)
        --m.expiredUrls;
    m_urls.insert(key, {id, expired ? now - 1 : now + m.urlLifetimeMs});
    const QByteArray sha = QCryptographicHash::hash(media->content, QCryptographicHash::Sha256);
    responder.send(
        {200,
         "application/json",
         QJsonDocument(QJsonObject{{u"messaging_product"_s, u"whatsapp"_s},
                                   {u"url"_s, m_http.baseUrl() + u"/media-download/"_s + key},
                                   {u"mime_type"_s, media->mimeType},
                                   {u"sha256"_s, QString::fromLatin1(sha.toBase64())},
                                   {u"file_size"_s, qint64(media->content.size())},
                                   {u"id"_s, id}})
             .toJson(QJsonDocument::Compact),
         {}});
}

void FakeWhatsAppServer::handleUpload(const FakeRequest &request, const FakeResponder &responder)
{
    if (request.header("authorization") != "Bearer " + m_token.toUtf8()) {
        responder.send(
            graphError(401, 190, u"Invalid OAuth access token - Cannot parse access token"_s));
        return;
    }
    QByteArray product;
    QByteArray type;
    const FakePart *file = nullptr;
    const QList<FakePart> parts = multipartOf(request);
    for (const FakePart &part : parts) {
        if (part.name == "messaging_product")
            product = part.body;
        else if (part.name == "type")
            type = part.body;
        else if (part.name == "file" && !part.fileName.isEmpty())
            file = &part;
    }
    if (product != "whatsapp" || type.isEmpty() || !file) {
        responder.send(graphError(400, 100, u"Invalid parameter"_s,
                                  u"messaging_product, type and file are required"_s));
        return;
    }
    // Meta's limits: images 5 MB, documents 100 MB.
    if (type.startsWith("image/") && file->body.size() > 5 * 1024 * 1024) {
        responder.send(graphError(400, 131052, u"Media upload error"_s, u"image too large"_s));
        return;
    }
    const QString id = addMedia(file->body, QString::fromUtf8(type));
    m_uploads.append(id);
    responder.send({200,
                    "application/json",
                    QJsonDocument(QJsonObject{{u"id"_s, id}}).toJson(QJsonDocument::Compact),
                    {}});
}

void FakeWhatsAppServer::handle(const FakeRequest &request, const FakeResponder &responder)
{
    ++m_requests;
    if (request.method == "GET" &&
        (request.path.startsWith("/media-download/") ||
         (request.path.startsWith("/v24.0/") && request.path.count('/') == 2))) {
        handleMedia(request, responder);
        return;
    }
    if (request.method == "POST" &&
        request.path == "/v24.0/" + m_phoneNumberId.toUtf8() + "/media") {
        handleUpload(request, responder);
        return;
    }
    if (request.method != "POST" ||
        request.path != "/v24.0/" + m_phoneNumberId.toUtf8() + "/messages") {
        responder.send(graphError(400, 100, u"Unsupported post request"_s));
        return;
    }
    if (request.header("authorization") != "Bearer " + m_token.toUtf8()) {
        responder.send(
            graphError(401, 190, u"Invalid OAuth access token - Cannot parse access token"_s));
        return;
    }
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    if (body.value(u"messaging_product"_s).toString() != u"whatsapp"_s) {
        responder.send(
            graphError(400, 100, u"Invalid parameter"_s, u"messaging_product must be whatsapp"_s));
        return;
    }
    if (body.value(u"status"_s).toString() == u"read"_s) {
        m_readMarks.append(body.value(u"message_id"_s).toString());
        responder.send({200, "application/json", R"({"success":true})", {}});
        return;
    }
    const QString to = body.value(u"to"_s).toString();
    const QString type = body.value(u"type"_s).toString();
    const bool media = type == u"image"_s || type == u"document"_s;
    if (to.isEmpty() || (type != u"text"_s && type != u"template"_s && !media)) {
        responder.send(graphError(400, 100, u"Invalid parameter"_s,
                                  u"to and a supported type are required"_s));
        return;
    }
    if (media) {
        // A media message names an uploaded media id (links are not used by the product).
        const QString id = body.value(type).toObject().value(u"id"_s).toString();
        if (!m_media.contains(id)) {
            responder.send(
                graphError(400, 131053, u"Media upload error"_s, u"Unknown media id "_s + id));
            return;
        }
    } else if (type == u"text"_s) {
        const QString text = body.value(u"text"_s).toObject().value(u"body"_s).toString();
        if (text.isEmpty() || text.size() > 4096) {
            responder.send(graphError(400, 100, u"Invalid parameter"_s,
                                      u"text.body must be 1-4096 characters"_s));
            return;
        }
    } else {
        const QJsonObject t = body.value(u"template"_s).toObject();
        if (t.value(u"name"_s).toString().isEmpty() ||
            t.value(u"language"_s).toObject().value(u"code"_s).toString().isEmpty()) {
            responder.send(
                graphError(400, 132001, u"Template name does not exist in the translation"_s));
            return;
        }
    }
    if (!m_injections.isEmpty()) {
        Injection &inj = m_injections.first();
        const Injection use = inj;
        if (--inj.times <= 0)
            m_injections.removeFirst();
        responder.send(graphError(use.httpStatus, use.code, use.title, use.details));
        return;
    }
    ++m_counter;
    const QString wamid = u"wamid.FAKE"_s + QString::number(m_counter).rightJustified(6, u'0');
    QString digits;
    for (const QChar c : to) {
        if (c.isDigit())
            digits.append(c);
    }
    m_sent.append({body, to, wamid, nowMillis()});
    const FakeResponse ok{
        200,
        "application/json",
        QJsonDocument(QJsonObject{{u"messaging_product"_s, u"whatsapp"_s},
                                  {u"contacts"_s,
                                   QJsonArray{QJsonObject{{u"input"_s, to}, {u"wa_id"_s, digits}}}},
                                  {u"messages"_s, QJsonArray{QJsonObject{{u"id"_s, wamid}}}}})
            .toJson(QJsonDocument::Compact),
        {}};
    if (m_holding)
        m_held.append({responder, ok});
    else
        responder.send(ok);
}

void FakeWhatsAppServer::releaseAnswers()
{
    m_holding = false;
    for (const auto &[responder, response] : std::exchange(m_held, {}))
        responder.send(response);
}

int FakeWhatsAppServer::pushStatus(const QString &webhookUrl, const QByteArray &appSecret,
                                   const QString &wamid, const QString &status,
                                   const QJsonArray &errors)
{
    QJsonObject s{{u"id"_s, wamid},
                  {u"status"_s, status},
                  {u"timestamp"_s, QString::number(nowMillis() / 1000)},
                  {u"recipient_id"_s, u"6281234567890"_s}};
    if (!errors.isEmpty())
        s.insert(u"errors"_s, errors);
    const QByteArray body =
        QJsonDocument(
            QJsonObject{{u"object"_s, u"whatsapp_business_account"_s},
                        {u"entry"_s,
                         QJsonArray{QJsonObject{
                             {u"id"_s, u"102290129340398"_s},
                             {u"changes"_s,
                              QJsonArray{QJsonObject{
                                  {u"field"_s, u"messages"_s},
                                  {u"value"_s, QJsonObject{{u"messaging_product"_s, u"whatsapp"_s},
                                                           {u"statuses"_s, QJsonArray{s}}}}}}}}}}})
            .toJson(QJsonDocument::Compact);
    QNetworkRequest request{QUrl(webhookUrl)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setRawHeader(
        "X-Hub-Signature-256",
        "sha256=" +
            QMessageAuthenticationCode::hash(body, appSecret, QCryptographicHash::Sha256).toHex());
    QNetworkReply *reply = m_network.post(request, body);
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000))
        return 0;
    reply->deleteLater();
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

} // namespace aiochat::test
