#include "backend.h"

#include "consoleclient.h"

#include <QJSEngine>
#include <QJsonDocument>
#include <QQmlEngine>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {
QPointer<ConsoleClient> g_client;
bool g_demo = false;
} // namespace

Backend::Backend(QObject *parent)
    : QObject(parent)
    , m_client(g_client)
    , m_demo(g_demo)
{}

Backend *Backend::create(QQmlEngine *qmlEngine, QJSEngine *)
{
    return new Backend(qmlEngine);
}

void Backend::setClient(ConsoleClient *client, bool demo)
{
    g_client = client;
    g_demo = demo;
}

void Backend::request(const QString &name, const QVariantMap &params, const QJSValue &callback)
{
    request(name, params, this, callback);
}

void Backend::request(const QString &name, const QVariantMap &params, QObject *owner,
                      const QJSValue &callback)
{
    if (!m_client)
        return;
    QJSValue cb = callback;
    m_client->call(name, QJsonObject::fromVariantMap(params), owner ? owner : this,
                   [self = QPointer<Backend>(this), cb](const CommandResponse &r) mutable {
                       if (!self || !cb.isCallable())
                           return;
                       QJSEngine *engine = qjsEngine(self.data());
                       if (!engine)
                           return;
                       if (r.status.isOk()) {
                           cb.call({engine->toScriptValue(r.result.toVariant()),
                                    QJSValue(QJSValue::NullValue)});
                       } else {
                           QJSValue error = engine->newObject();
                           error.setProperty(u"code"_s, r.status.codeName());
                           error.setProperty(u"message"_s, r.status.message());
                           cb.call({QJSValue(QJSValue::NullValue), error});
                       }
                   });
}

QString Backend::saveTextFile(const QUrl &url, const QString &text)
{
    const QString path = url.isLocalFile() ? url.toLocalFile() : url.toString();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(text.toUtf8());
    if (!file.commit())
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    return {};
}

} // namespace aiochat
