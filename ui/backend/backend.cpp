#include "backend.h"

#include "backend/attachmentloader.h"
#include "consoleclient.h"
#include "domain/timestamps.h"
#include "logging/logging.h"
#include "remoteconsoleclient.h"
#include "uilanguage.h"

#include <QBuffer>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QJSEngine>
#include <QJsonDocument>
#include <QMimeData>
#include <QPointer>
#include <QProcess>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQmlError>
#include <QSaveFile>
#include <QSettings>
#include <QStringDecoder>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {
QPointer<ConsoleClient> g_client;
bool g_demo = false;
} // namespace

Backend::Backend(QQmlEngine *engine)
    : QObject(engine)
    , m_client(g_client)
    , m_demo(g_demo)
{
    m_engine = engine;
}

Backend *Backend::create(QQmlEngine *qmlEngine, QJSEngine *)
{
    return new Backend(qmlEngine);
}

void Backend::setClient(ConsoleClient *client, bool demo)
{
    g_client = client;
    g_demo = demo;
}

QString Backend::fileDialogProblem()
{
    if (m_fileDialogProblem)
        return *m_fileDialogProblem;
    // Qt's QML file dialog (Qt 6.4, QtQuick/Dialogs/quickimpl/qml/FileDialog.qml) imports these
    // modules; a component importing the same ones fails to compile when one is missing, which
    // shows here as an error instead of a crash when the dialog opens. Nothing is instantiated.
    QString problem;
    if (m_engine) {
        QQmlComponent probe(m_engine);
        probe.setData("import QtQuick\nimport QtQuick.Controls\nimport QtQuick.Controls.impl\n"
                      "import QtQuick.Layouts\nimport QtQuick.Templates\nimport QtQuick.Dialogs\n"
                      "import QtQuick.Dialogs.quickimpl\nimport Qt.labs.folderlistmodel\n"
                      "QtObject {}\n",
                      QUrl(u"qrc:/aiochat/file-dialog-probe.qml"_s));
        // A component that is still loading has not resolved its imports: that is no answer.
        if (probe.isError() || !probe.isReady()) {
            QStringList missing;
            for (const QQmlError &e : probe.errors())
                missing << e.description();
            if (missing.isEmpty())
                missing << u"the dialog's modules did not load"_s;
            missing.removeDuplicates();
            problem = tr("a Qt module is missing (%1); install qml6-module-qtquick-dialogs and "
                         "qml6-module-qt-labs-folderlistmodel")
                          .arg(missing.join(u"; "_s));
            qCWarning(lcUi).noquote() << "file dialogs unavailable:" << missing.join(u"; "_s);
        }
    }
    m_fileDialogProblem = problem;
    return problem;
}

QUrl Backend::fileUrl(const QString &path) const
{
    QString p = path.trimmed();
    if (p.startsWith(u"~/"_s))
        p = QDir::homePath() + p.mid(1);
    if (p.startsWith(u"file:"_s))
        return QUrl(p);
    return QUrl::fromLocalFile(QDir::cleanPath(QDir(QDir::currentPath()).absoluteFilePath(p)));
}

QDateTime Backend::now() const
{
    return QDateTime::fromMSecsSinceEpoch(Clock::now());
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
    // Requests whose owner went away are never answered; forget their callbacks here, on the
    // GUI thread, rather than letting them pile up.
    for (auto it = m_pending.begin(); it != m_pending.end();)
        it = it->owner ? std::next(it) : m_pending.erase(it);
    const quint64 ticket = ++m_nextTicket;
    QObject *context = owner ? owner : this;
    m_pending.insert(ticket, {context, callback});
    m_client->call(name, QJsonObject::fromVariantMap(params), context,
                   [self = QPointer<Backend>(this), ticket](const CommandResponse &r) {
                       if (self)
                           self->answer(ticket, r);
                   });
}

void Backend::answer(quint64 ticket, const CommandResponse &r)
{
    const Pending pending = m_pending.take(ticket);
    if (!pending.owner || !pending.callback.isCallable())
        return;
    QJSEngine *engine = qjsEngine(this);
    if (!engine)
        return;
    QJSValue cb = pending.callback;
    if (r.status.isOk()) {
        cb.call({engine->toScriptValue(r.result.toVariant()), QJSValue(QJSValue::NullValue)});
    } else {
        QJSValue error = engine->newObject();
        error.setProperty(u"code"_s, r.status.codeName());
        error.setProperty(u"message"_s, r.status.message());
        error.setProperty(u"details"_s, engine->toScriptValue(r.result.toVariant()));
        cb.call({QJSValue(QJSValue::NullValue), error});
    }
}

QString Backend::language() const
{
    return UiLanguage::saved();
}

QVariantList Backend::languages() const
{
    QVariantList out;
    for (const auto &[code, name] : UiLanguage::available())
        out.append(QVariantMap{{u"code"_s, code}, {u"name"_s, name}});
    return out;
}

void Backend::setLanguage(const QString &code)
{
    UiLanguage::save(code);
    UiLanguage::apply(code);
    // Every qsTr binding re-evaluates in place: no restart, nothing reloaded.
    if (auto *engine = qobject_cast<QQmlEngine *>(qjsEngine(this)))
        engine->retranslate();
    Q_EMIT languageChanged();
}

QVariantMap Backend::readTextFile(const QUrl &url, int maxBytes)
{
    const QString path = url.isLocalFile() ? url.toLocalFile() : url.toString();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {{u"error"_s, tr("Cannot read %1: %2").arg(path, file.errorString())}};
    if (file.size() > maxBytes)
        return {{u"error"_s, tr("%1 is larger than %2 MB; split it into smaller files.")
                                 .arg(path)
                                 .arg(maxBytes / (1024 * 1024))}};
    const QByteArray bytes = file.readAll();
    auto decoder = QStringDecoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder(bytes);
    if (decoder.hasError() || bytes.contains('\0'))
        return {{u"error"_s, tr("%1 is not a UTF-8 text file. Save it from your spreadsheet as "
                                "\"CSV UTF-8\".")
                                 .arg(path)}};
    return {{u"text"_s, text}};
}

QVariantMap Backend::readFileBase64(const QUrl &url, int maxBytes)
{
    const QString path = url.isLocalFile() ? url.toLocalFile() : url.toString();
    const QString name = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {{u"fileName"_s, name},
                {u"error"_s, tr("Cannot read %1: %2").arg(path, file.errorString())}};
    if (file.size() > maxBytes)
        return {
            {u"fileName"_s, name},
            {u"error"_s, tr("%1 is larger than %2 MB.").arg(name).arg(maxBytes / (1024 * 1024))}};
    const QByteArray bytes = file.readAll();
    return {{u"fileName"_s, name},
            {u"data"_s, QString::fromLatin1(bytes.toBase64())},
            {u"size"_s, bytes.size()}};
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

void Backend::fetchAttachment(double attachmentId, const QString &action, const QUrl &url,
                              QObject *owner, const QJSValue &callback)
{
    if (!m_client)
        return;
    const qint64 id = qint64(attachmentId);
    auto reply = [self = QPointer<Backend>(this), owner = QPointer<QObject>(owner),
                  callback](const QString &error) {
        if (!self || !owner || !callback.isCallable())
            return;
        QJSValue cb = callback;
        cb.call({QJSValue(error)});
    };
    // The name it was sent under, for the copy the viewer opens.
    m_client->call(
        u"attachment.get"_s, {{u"id"_s, id}}, owner ? owner : this,
        [this, id, action, url, owner, reply](const CommandResponse &info) {
            if (!info.status.isOk()) {
                reply(info.status.message());
                return;
            }
            const QString name =
                info.result[u"attachment"_s][u"fileName"_s].toString().section(u'/', -1);
            loadAttachment(
                m_client, id, owner ? owner : this,
                [action, url, name, reply](const Result<QByteArray> &bytes) {
                    if (!bytes.isOk()) {
                        reply(bytes.status().message());
                        return;
                    }
                    QString path = url.isLocalFile() ? url.toLocalFile() : url.toString();
                    if (action == u"open"_s) {
                        // A private folder per copy: only this user reads what a customer sent.
                        static QTemporaryDir folder(QDir::tempPath() + u"/aiochat-files-XXXXXX"_s);
                        if (!folder.isValid()) {
                            reply(tr("Cannot make a private folder for the file"));
                            return;
                        }
                        QFile::setPermissions(folder.path(), QFileDevice::ReadOwner |
                                                                 QFileDevice::WriteOwner |
                                                                 QFileDevice::ExeOwner);
                        path = folder.filePath(name.isEmpty() ? u"file"_s : name);
                    }
                    QSaveFile file(path);
                    if (!file.open(QIODevice::WriteOnly)) {
                        reply(tr("Cannot write %1: %2").arg(path, file.errorString()));
                        return;
                    }
                    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
                    file.write(bytes.value());
                    if (!file.commit()) {
                        reply(tr("Cannot write %1: %2").arg(path, file.errorString()));
                        return;
                    }
                    if (action == u"open"_s &&
                        !QDesktopServices::openUrl(QUrl::fromLocalFile(path))) {
                        reply(tr("No program on this computer opens this kind of file; save it "
                                 "instead"));
                        return;
                    }
                    reply(QString());
                });
        });
}

QVariantMap Backend::pastedImage() const
{
    const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
    if (!mime || !mime->hasImage())
        return {};
    const QImage image = qvariant_cast<QImage>(mime->imageData());
    if (image.isNull())
        return {};
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return {{u"fileName"_s, u"pasted.png"_s},
            {u"data"_s, QString::fromLatin1(png.toBase64())},
            {u"size"_s, png.size()}};
}

QString Backend::rememberedServer()
{
    return QSettings().value(u"remote/lastServer"_s).toString();
}

QString Backend::startupServer()
{
    QSettings settings;
    return settings.value(u"remote/useServer"_s).toBool()
               ? settings.value(u"remote/lastServer"_s).toString()
               : QString();
}

QString Backend::switchServer(const QString &address)
{
    const QString trimmed = address.trimmed();
    if (!trimmed.isEmpty()) {
        if (const QString problem = RemoteConsoleClient::addressProblem(trimmed);
            !problem.isEmpty())
            return problem;
    }
    QSettings settings;
    settings.setValue(u"remote/useServer"_s, !trimmed.isEmpty());
    if (!trimmed.isEmpty())
        settings.setValue(u"remote/lastServer"_s, trimmed);
    settings.sync();
    // Start again into the choice: a remote console runs no backend, this computer's does.
    QStringList arguments = QCoreApplication::arguments().mid(1);
    for (qsizetype i = 0; i < arguments.size();) {
        if (arguments.at(i) == u"--connect"_s) {
            arguments.remove(i, std::min<qsizetype>(2, arguments.size() - i));
        } else if (arguments.at(i).startsWith(u"--connect="_s)) {
            arguments.remove(i);
        } else {
            ++i;
        }
    }
    if (!trimmed.isEmpty())
        arguments << u"--connect"_s << trimmed;
    if (!QProcess::startDetached(QCoreApplication::applicationFilePath(), arguments))
        return tr("AIO-CHAT could not start again; start it yourself.");
    QCoreApplication::quit();
    return {};
}

} // namespace aiochat
