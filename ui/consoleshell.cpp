#include "consoleshell.h"

#include "api/operatorcontext.h"
#include "backend/attachmentloader.h"
#include "backend/backend.h"
#include "backend/badgeiconprovider.h"
#include "backend/localconsoleclient.h"
#include "backend/remoteconsoleclient.h"
#include "backend/uilanguage.h"

#include <QGuiApplication>
#include <QIcon>
#include <QQmlApplicationEngine>
#include <QQuickStyle>

using namespace Qt::StringLiterals;

namespace aiochat {

ConsoleShell::ConsoleShell(QObject *parent)
    : QObject(parent)
{}

ConsoleShell::~ConsoleShell()
{
    delete m_engine; // before the client its views talk to
    delete m_client;
}

Status ConsoleShell::show(ConsoleApi *api, bool demo)
{
    // The window signs in like any client: the backend authorises every command it sends.
    m_client = new LocalConsoleClient(api);
    return load(demo);
}

Status ConsoleShell::showRemote(const QUrl &server)
{
    m_client = new RemoteConsoleClient(server);
    return load(false);
}

Status ConsoleShell::load(bool demo)
{
    m_client->checkStatus();
    Backend::setClient(m_client, demo);

    UiLanguage::apply(UiLanguage::saved());
    QQuickStyle::setStyle(u"Material"_s);
    QGuiApplication::setWindowIcon(QIcon(u":/qt/qml/AioChat/icons/aiochat.svg"_s));
    m_engine = new QQmlApplicationEngine;
    // Qt 6.4 does not search qrc:/qt/qml by default.
    m_engine->addImportPath(u"qrc:/qt/qml"_s);
    m_engine->addImageProvider(u"badge"_s, new BadgeIconProvider); // the tray icon's count
    // Pictures customers sent, read through the same client (and so authorised and audited).
    m_engine->addImageProvider(u"attachment"_s, new AttachmentImageProvider(m_client));
    m_engine->load(QUrl(u"qrc:/qt/qml/AioChat/qml/Main.qml"_s));
    if (m_engine->rootObjects().isEmpty())
        return Status::internal(u"the console's QML failed to load (see the log)"_s);
    return Status::ok();
}

} // namespace aiochat
