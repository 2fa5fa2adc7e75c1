#include "faketelegramserver.h"

#include "domain/timestamps.h"

#include <QFile>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace aiochat::test {

namespace {

FakeResponse ok(const QJsonValue &result, const QString &description = {})
{
    QJsonObject o{{u"ok"_s, true}, {u"result"_s, result}};
    if (!description.isEmpty())
        o.insert(u"description"_s, description);
    return {200, "application/json", QJsonDocument(o).toJson(QJsonDocument::Compact), {}};
}

FakeResponse error(int code, const QString &description, const QJsonObject &parameters = {})
{
    QJsonObject o{{u"ok"_s, false}, {u"error_code"_s, code}, {u"description"_s, description}};
    if (!parameters.isEmpty())
        o.insert(u"parameters"_s, parameters);
    FakeResponse r{code, "application/json", QJsonDocument(o).toJson(QJsonDocument::Compact), {}};
    if (parameters.contains(u"retry_after"_s))
        r.headers.append(
            {"Retry-After", QByteArray::number(parameters.value(u"retry_after"_s).toInt())});
    return r;
}

QJsonObject paramsOf(const FakeRequest &r)
{
    QJsonObject params;
    auto addQuery = [&params](const QByteArray &q) {
        for (const auto &[k, v] : QUrlQuery(QString::fromUtf8(q)).queryItems(QUrl::FullyDecoded)) {
            // Form values are strings; JSON-looking ones (arrays, objects, numbers) are parsed
            // the way the Bot API does.
            const QJsonDocument doc = QJsonDocument::fromJson(v.toUtf8());
            bool isNumber = false;
            const qint64 n = v.toLongLong(&isNumber);
            if (isNumber)
                params.insert(k, n);
            else if (!doc.isNull())
                params.insert(k,
                              doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()));
            else if (v == u"true"_s || v == u"false"_s)
                params.insert(k, v == u"true"_s);
            else
                params.insert(k, v);
        }
    };
    addQuery(r.query);
    const QByteArray type = r.header("content-type");
    if (type.startsWith("application/json")) {
        const QJsonObject body = QJsonDocument::fromJson(r.body).object();
        for (auto it = body.begin(); it != body.end(); ++it)
            params.insert(it.key(), it.value());
    } else if (type.startsWith("application/x-www-form-urlencoded")) {
        addQuery(r.body);
    } else if (type.startsWith("multipart/form-data")) {
        // Uploads (sendPhoto, sendDocument): fields as in a form, a file as an InputFile object.
        for (const FakePart &part : multipartOf(r)) {
            if (part.fileName.isEmpty()) {
                addQuery(QByteArray(part.name) + '=' +
                         QUrl::toPercentEncoding(QString::fromUtf8(part.body)));
                continue;
            }
            params.insert(QString::fromUtf8(part.name),
                          QJsonObject{{u"fileName"_s, QString::fromUtf8(part.fileName)},
                                      {u"contentType"_s, QString::fromUtf8(part.contentType)},
                                      {u"size"_s, qint64(part.body.size())},
                                      {u"data"_s, QString::fromLatin1(part.body.toBase64())}});
        }
    }
    return params;
}

bool matchesType(const QJsonValue &v, const QString &type)
{
    if (type == u"Integer"_s)
        return v.isDouble() && v.toDouble() == double(qint64(v.toDouble()));
    if (type == u"Float"_s)
        return v.isDouble();
    if (type == u"String"_s)
        return v.isString();
    if (type == u"Boolean"_s || type == u"True"_s)
        return v.isBool();
    if (type.startsWith(u"Array of"_s))
        return v.isArray();
    return v.isObject(); // Telegram object types (ReplyParameters, InlineKeyboardMarkup…)
}

} // namespace

FakeTelegramServer::FakeTelegramServer(QString token, QObject *parent)
    : QObject(parent)
    , m_token(std::move(token))
{
    QFile spec(QStringLiteral(AIOCHAT_TEST_DATA_DIR) + u"/telegram-bot-api-methods.json"_s);
    if (spec.open(QIODevice::ReadOnly))
        m_spec = QJsonDocument::fromJson(spec.readAll()).object().value(u"methods"_s).toObject();
    m_http.setHandler(
        [this](const FakeRequest &r, const FakeResponder &responder) { handle(r, responder); });
}

QList<FakeTelegramServer::Call> FakeTelegramServer::sentMessages() const
{
    QList<Call> out;
    for (const Call &c : m_calls) {
        if (c.method == u"sendMessage"_s && c.params.value(u"accepted"_s).toBool())
            out.append(c);
    }
    return out;
}

QStringList FakeTelegramServer::textsTo(const QString &chatId) const
{
    QStringList out;
    for (const Call &c : sentMessages()) {
        if (c.params.value(u"chat_id"_s).toVariant().toString() == chatId)
            out.append(c.params.value(u"text"_s).toString());
    }
    return out;
}

QList<FakeTelegramServer::Call> FakeTelegramServer::callsOf(const QString &method) const
{
    QList<Call> out;
    for (const Call &c : m_calls) {
        if (c.method == method)
            out.append(c);
    }
    return out;
}

QString FakeTelegramServer::validate(const QString &method, const QJsonObject &params) const
{
    const QJsonArray fields = m_spec.value(method).toObject().value(u"fields"_s).toArray();
    for (const QJsonValue &f : fields) {
        const QJsonObject field = f.toObject();
        const QString name = field.value(u"name"_s).toString();
        if (!params.contains(name)) {
            if (field.value(u"required"_s).toBool())
                return u"Bad Request: parameter \""_s + name + u"\" is required"_s;
            continue;
        }
        bool typeOk = false;
        for (const QJsonValue &t : field.value(u"types"_s).toArray())
            typeOk = typeOk || matchesType(params.value(name), t.toString());
        if (!typeOk)
            return u"Bad Request: parameter \""_s + name + u"\" has a wrong type"_s;
    }
    return {};
}

qint64 FakeTelegramServer::queueUpdate(QJsonObject update)
{
    if (!update.contains(u"update_id"_s))
        update.insert(u"update_id"_s, m_nextUpdateId++);
    const qint64 id = update.value(u"update_id"_s).toInteger();
    m_queue.append(update);
    // A waiting long poll gets it at once.
    const QList<Poll> polls = std::exchange(m_polls, {});
    for (const Poll &p : polls) {
        p.timer->deleteLater();
        answerUpdates(p.responder, p.offset, p.limit);
    }
    if (!m_webhookUrl.isEmpty())
        QMetaObject::invokeMethod(this, &FakeTelegramServer::pushNext, Qt::QueuedConnection);
    return id;
}

void FakeTelegramServer::answerUpdates(const FakeResponder &responder, qint64 offset, int limit)
{
    // An offset confirms every update before it: they are gone for good.
    m_queue.removeIf(
        [offset](const QJsonObject &u) { return u.value(u"update_id"_s).toInteger() < offset; });
    QJsonArray out;
    for (const QJsonObject &u : std::as_const(m_queue)) {
        if (out.size() >= limit)
            break;
        out.append(u);
    }
    responder.send(ok(out));
}

QString FakeTelegramServer::addFile(const QByteArray &content, const QString &path)
{
    const QString id = u"AgACAgIAAxkBAAI"_s + QString::number(m_files.size() + 1000);
    m_files.insert(id, {content, path});
    return id;
}

void FakeTelegramServer::handle(const FakeRequest &request, const FakeResponder &responder)
{
    // Files: GET /file/bot<token>/<file_path>, the token checked as on the API.
    static const QRegularExpression fileRoute(uR"(^/file/bot([^/]+)/(.+)$)"_s);
    if (const QRegularExpressionMatch f = fileRoute.match(QString::fromUtf8(request.path));
        f.hasMatch()) {
        if (f.captured(1) != m_token) {
            responder.send(error(401, u"Unauthorized"_s));
            return;
        }
        for (const File &file : std::as_const(m_files)) {
            if (file.path == f.captured(2)) {
                ++m_downloads[file.path];
                FakeResponse r;
                r.contentType = "application/octet-stream";
                r.body = file.content;
                responder.send(r);
                return;
            }
        }
        responder.send(error(404, u"Not Found"_s));
        return;
    }
    static const QRegularExpression route(uR"(^/bot([^/]+)/([A-Za-z]+)$)"_s);
    const QRegularExpressionMatch m = route.match(QString::fromUtf8(request.path));
    if (!m.hasMatch()) {
        responder.send(error(404, u"Not Found"_s));
        return;
    }
    if (m.captured(1) != m_token) {
        responder.send(error(401, u"Unauthorized"_s));
        return;
    }
    QString method;
    for (auto it = m_spec.begin(); it != m_spec.end(); ++it) {
        if (it.key().compare(m.captured(2), Qt::CaseInsensitive) == 0)
            method = it.key();
    }
    if (method.isEmpty()) {
        responder.send(error(404, u"Not Found: method not found"_s));
        return;
    }
    const QJsonObject params = paramsOf(request);
    m_calls.append({method, params, nowMillis()});
    Q_EMIT called(method);
    if (const QString invalid = validate(method, params); !invalid.isEmpty()) {
        responder.send(error(400, invalid));
        return;
    }
    const QString chat = params.value(u"chat_id"_s).toVariant().toString();
    for (qsizetype i = 0; i < m_injections.size(); ++i) {
        Injection &inj = m_injections[i];
        if (inj.method != method || (!inj.chatId.isEmpty() && inj.chatId != chat))
            continue;
        const Injection use = inj;
        if (--inj.times <= 0)
            m_injections.removeAt(i);
        if (!use.noAnswer)
            responder.send(error(use.errorCode, use.description, use.parameters));
        return; // noAnswer: the request hangs until the client gives up
    }

    if (method == u"getMe"_s) {
        responder.send(ok(QJsonObject{{u"id"_s, 7012345678LL},
                                      {u"is_bot"_s, true},
                                      {u"first_name"_s, u"Demo Bot"_s},
                                      {u"username"_s, u"demo_helper_bot"_s},
                                      {u"can_join_groups"_s, true},
                                      {u"can_read_all_group_messages"_s, false},
                                      {u"supports_inline_queries"_s, false}}));
    } else if (method == u"getUpdates"_s) {
        if (!m_webhookUrl.isEmpty()) {
            responder.send(
                error(409, u"Conflict: can't use getUpdates method while webhook is active; use "
                           u"deleteWebhook to delete the webhook first"_s));
            return;
        }
        const qint64 offset = params.value(u"offset"_s).toInteger(0);
        const int limit = std::clamp(params.value(u"limit"_s).toInt(100), 1, 100);
        const int timeout = std::clamp(params.value(u"timeout"_s).toInt(0), 0, 50);
        m_queue.removeIf([offset](const QJsonObject &u) {
            return u.value(u"update_id"_s).toInteger() < offset;
        });
        if (!m_queue.isEmpty() || timeout == 0) {
            answerUpdates(responder, offset, limit);
            return;
        }
        auto *timer = new QTimer(this);
        timer->setSingleShot(true);
        m_polls.append({responder, offset, limit, timer});
        connect(timer, &QTimer::timeout, this, [this, timer] {
            for (qsizetype i = 0; i < m_polls.size(); ++i) {
                if (m_polls[i].timer == timer) {
                    const Poll p = m_polls.takeAt(i);
                    answerUpdates(p.responder, p.offset, p.limit);
                    break;
                }
            }
            timer->deleteLater();
        });
        timer->start(timeout * 1000);
    } else if (method == u"setWebhook"_s) {
        const QString url = params.value(u"url"_s).toString();
        const QString secret = params.value(u"secret_token"_s).toString();
        static const QRegularExpression secretRule(u"^[A-Za-z0-9_-]{1,256}$"_s);
        if (params.contains(u"secret_token"_s) && secret.size() > 256) {
            responder.send(error(400, u"Bad Request: secret token is too long"_s));
            return;
        }
        if (params.contains(u"secret_token"_s) && !secretRule.match(secret).hasMatch()) {
            responder.send(
                error(400, u"Bad Request: secret token contains unallowed characters"_s));
            return;
        }
        // Like a local Bot API server: http and any port are accepted, so tests can use loopback.
        if (!url.isEmpty() && !url.startsWith(u"http"_s)) {
            responder.send(error(400, u"Bad Request: invalid webhook URL specified"_s));
            return;
        }
        const bool same = url == m_webhookUrl && secret == m_webhookSecret;
        m_webhookUrl = url;
        m_webhookSecret = secret;
        if (params.value(u"drop_pending_updates"_s).toBool())
            m_queue.clear();
        for (const Poll &p : std::exchange(m_polls, {})) {
            p.timer->deleteLater();
            p.responder.send(error(409, u"Conflict: terminated by setWebhook request"_s));
        }
        responder.send(ok(true, url.isEmpty()
                                    ? u"Webhook was deleted"_s
                                    : (same ? u"Webhook is already set"_s : u"Webhook was set"_s)));
        if (!url.isEmpty())
            QMetaObject::invokeMethod(this, &FakeTelegramServer::pushNext, Qt::QueuedConnection);
    } else if (method == u"sendMessage"_s) {
        const QString text = params.value(u"text"_s).toString();
        if (text.trimmed().isEmpty()) {
            responder.send(error(400, u"Bad Request: message text is empty"_s));
            return;
        }
        if (text.size() > 4096) {
            responder.send(error(400, u"Bad Request: message is too long"_s));
            return;
        }
        m_calls.last().params.insert(u"accepted"_s, true);
        const qint64 id = ++m_nextMessageId;
        responder.send(ok(QJsonObject{{u"message_id"_s, id},
                                      {u"from"_s, QJsonObject{{u"id"_s, 7012345678LL},
                                                              {u"is_bot"_s, true},
                                                              {u"first_name"_s, u"Demo Bot"_s}}},
                                      {u"chat"_s, QJsonObject{{u"id"_s, params.value(u"chat_id"_s)},
                                                              {u"type"_s, u"private"_s}}},
                                      {u"date"_s, nowMillis() / 1000},
                                      {u"text"_s, text}}));
    } else if (method == u"sendPhoto"_s || method == u"sendDocument"_s) {
        // Telegram's upload limits: photos 10 MB, other files 50 MB.
        const bool photo = method == u"sendPhoto"_s;
        const QJsonObject file = params.value(photo ? u"photo"_s : u"document"_s).toObject();
        if (file.value(u"size"_s).toInteger() > (photo ? 10 : 50) * 1024 * 1024) {
            responder.send(error(400, u"Bad Request: file is too big"_s));
            return;
        }
        m_calls.last().params.insert(u"accepted"_s, true);
        QJsonObject message{{u"message_id"_s, ++m_nextMessageId},
                            {u"date"_s, nowMillis() / 1000},
                            {u"chat"_s, QJsonObject{{u"id"_s, params.value(u"chat_id"_s)},
                                                    {u"type"_s, u"private"_s}}}};
        if (params.contains(u"caption"_s))
            message.insert(u"caption"_s, params.value(u"caption"_s));
        responder.send(ok(message));
    } else if (method == u"getFile"_s) {
        const QString id = params.value(u"file_id"_s).toString();
        if (m_holdingFiles) {
            m_heldFiles.append([this, id, responder] { answerGetFile(id, responder); });
            return;
        }
        answerGetFile(id, responder);
    } else if (method == u"answerCallbackQuery"_s) {
        responder.send(ok(true));
    } else if (method == u"deleteWebhook"_s) {
        const bool had = !m_webhookUrl.isEmpty();
        m_webhookUrl.clear();
        m_webhookSecret.clear();
        if (params.value(u"drop_pending_updates"_s).toBool())
            m_queue.clear();
        responder.send(ok(true, had ? u"Webhook was deleted"_s : u"Webhook is already deleted"_s));
    } else if (method == u"getWebhookInfo"_s) {
        QJsonObject info{{u"url"_s, m_webhookUrl},
                         {u"has_custom_certificate"_s, false},
                         {u"pending_update_count"_s, int(m_queue.size())},
                         {u"max_connections"_s, 40}};
        if (m_lastErrorDate != 0) {
            info.insert(u"last_error_date"_s, m_lastErrorDate);
            info.insert(u"last_error_message"_s, m_lastErrorMessage);
        }
        responder.send(ok(info));
    } else {
        responder.send(error(400, u"Bad Request: not supported by the fake"_s));
    }
}

void FakeTelegramServer::pushNext()
{
    if (m_pushing || m_webhookUrl.isEmpty() || m_queue.isEmpty())
        return;
    m_pushing = true;
    const QJsonObject update = m_queue.first();
    QNetworkRequest request{QUrl(m_webhookUrl)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    if (!m_webhookSecret.isEmpty())
        request.setRawHeader("X-Telegram-Bot-Api-Secret-Token", m_webhookSecret.toUtf8());
    QNetworkReply *reply =
        m_network.post(request, QJsonDocument(update).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply, update] {
        reply->deleteLater();
        m_pushing = false;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        m_webhookResponses.append(status);
        if (status / 100 == 2) {
            // Delivered: the next update of the queue goes out.
            m_queue.removeIf([&update](const QJsonObject &u) { return u == update; });
            m_pushDelayMs = 0;
            Q_EMIT webhookDelivered(update.value(u"update_id"_s).toInteger());
            pushNext();
            return;
        }
        // What getWebhookInfo reports afterwards, worded as Telegram words it.
        m_lastErrorDate = nowMillis() / 1000; // the Clock a test pins, as the host reads it
        m_lastErrorMessage =
            status == 0
                ? u"Connection refused"_s
                : u"Wrong response from the webhook: "_s + QString::number(status) + u' ' +
                      reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        // Telegram backs off (1 s, 2 s … here compressed to tens of ms) or honours Retry-After.
        const int retryAfter = reply->rawHeader("Retry-After").toInt();
        m_pushDelayMs = retryAfter > 0 ? retryAfter * 1000 : std::clamp(m_pushDelayMs * 2, 20, 500);
        QTimer::singleShot(m_pushDelayMs, this, &FakeTelegramServer::pushNext);
    });
}

void FakeTelegramServer::answerGetFile(const QString &id, const FakeResponder &responder)
{
    const auto file = m_files.constFind(id);
    if (file == m_files.constEnd()) {
        responder.send(error(400, u"Bad Request: invalid file_id"_s));
        return;
    }
    QJsonObject result{{u"file_id"_s, id},
                       {u"file_unique_id"_s, u"AQAD"_s + id.right(4)},
                       {u"file_size"_s, qint64(file->content.size())}};
    // Bots download at most 20 MB: larger files come without a path.
    if (file->content.size() > 20 * 1024 * 1024) {
        responder.send(error(400, u"Bad Request: file is too big"_s));
        return;
    }
    result.insert(u"file_path"_s, file->path);
    responder.send(ok(result));
}

void FakeTelegramServer::holdFiles(bool hold)
{
    m_holdingFiles = hold;
    if (hold)
        return;
    const QList<std::function<void()>> held = std::exchange(m_heldFiles, {});
    for (const auto &answer : held)
        answer();
}

} // namespace aiochat::test
