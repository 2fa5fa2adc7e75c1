// Qt Quick Test setup: a real backend with demo data behind the console's QML, and a record of
// every warning so the test can fail on any of them.
#include "backend/attachmentloader.h"
#include "backend/backend.h"
#include "backend/badgeiconprovider.h"
#include "backend/localconsoleclient.h"
#include "backend/remoteconsoleclient.h"
#include "backend/uilanguage.h"
#include "config/options.h"
#include "domain/timestamps.h"
#include "host/corehost.h"
#include "security/personaldatacipher.h"
#include "storage/connection.h"
#include "storage/storage.h"

#include <QApplication>
#include <QBuffer>
#include <QImage>
#include <QQmlContext>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QSettings>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QWindow>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(AioChatPlugin)

using namespace Qt::StringLiterals;
using namespace aiochat;

namespace {

QStringList g_warnings;
QtMessageHandler g_previous = nullptr;

void recordWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    // QtInfoMsg sorts after QtWarningMsg in the enum: name the types.
    if (type == QtWarningMsg || type == QtCriticalMsg || type == QtFatalMsg)
        g_warnings.append(message);
    if (g_previous)
        g_previous(type, context, message);
}

} // namespace

/** @brief Exposes the warnings seen so far to the QML test. */
class WarningLog : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QStringList messages READ messages)
public:
    QStringList messages() const { return g_warnings; }
};

/**
 * @brief Key presses into a given window: TestCase.keyClick only reaches the test's own window,
 * and the console is a window of its own.
 */
class KeyboardDriver : public QObject
{
    Q_OBJECT
public:
    Q_INVOKABLE void click(QObject *window, int key, int modifiers = 0)
    {
        if (auto *w = qobject_cast<QWindow *>(window))
            QTest::keyClick(w, Qt::Key(key), Qt::KeyboardModifiers(modifiers));
    }
};

class Setup : public QObject
{
    Q_OBJECT

    // The demo's first photo (a Sandbox chat, so no platform can give its file) as if it had been
    // downloaded: a 640 × 480 JPEG kept sealed like any customer's file, for the thumbnail tests.
    void keepDemoPicture()
    {
        QImage image(640, 480, QImage::Format_RGB32);
        image.fill(QColor(u"#2e7d32"_s));
        QByteArray jpeg;
        QBuffer buffer(&jpeg);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "JPEG");
        Storage &storage = *m_host->storage();
        const Status s = storage.writer().run([&](QSqlDatabase &db) -> Status {
            QSqlQuery q(db);
            if (!q.exec(u"SELECT id, conversation_id FROM messages WHERE attachments LIKE "
                        u"'%image/jpeg%' ORDER BY id LIMIT 1"_s) ||
                !q.next())
                return Status::notFound(u"no demo photo"_s);
            const qint64 message = q.value(0).toLongLong();
            const qint64 conversation = q.value(1).toLongLong();
            const Millis now = nowMillis();
            if (Status st =
                    execute(db,
                            u"INSERT INTO media_blobs (blob_key, size, mime, data_enc, "
                            u"created_at) VALUES ('demo-photo', ?, 'image/jpeg', ?, ?)"_s,
                            {qint64(jpeg.size()),
                             storage.cipher().sealBytes(PersonalField::MediaFile, jpeg), now},
                            u"a demo photo"_s);
                !st.isOk())
                return st;
            return execute(db,
                           u"INSERT INTO attachments (message_id, conversation_id, position, "
                           u"platform, kind, source_ref, file_name, mime, size, width, height, "
                           u"blob_key, state, created_at, updated_at) VALUES (?, ?, 0, "
                           u"'sandbox', 'photo', '', 'receipt.jpg', 'image/jpeg', ?, 640, 480, "
                           u"'demo-photo', 'ready', ?, ?)"_s,
                           {message, conversation, qint64(jpeg.size()), now, now},
                           u"a demo photo"_s);
        });
        if (!s.isOk())
            qFatal("the demo photo: %s", qPrintable(s.message()));
    }

public Q_SLOTS:
    void applicationAvailable()
    {
        g_previous = qInstallMessageHandler(recordWarnings);
        // The whole run sees one chosen instant (then time passes as usual): what "today" holds,
        // the demo data's dates and the console's date filters never depend on the hour.
        if (const QString at = qEnvironmentVariable("AIOCHAT_TEST_NOW"); !at.isEmpty()) {
            const QDateTime instant = QDateTime::fromString(at, Qt::ISODate);
            if (!instant.isValid())
                qFatal("AIOCHAT_TEST_NOW is not an ISO 8601 instant: %s", qPrintable(at));
            Clock::startAt(instant.toMSecsSinceEpoch());
        }
        QQuickStyle::setStyle(u"Material"_s); // as the application runs
        Options options;
        options.port = 0; // never the default 8080: tests run in parallel
        options.dataDir = m_dir.path();
        options.secretsMode = u"file"_s;
        options.demo = true;
        {
            // The console's own behaviour is under test here, not the bot's replies.
            QSettings ini(m_dir.path() + u"/aiochat.ini"_s, QSettings::IniFormat);
            ini.setValue(u"assistant/enabled"_s, u"off"_s);
        }
        m_host = std::make_unique<CoreHost>(options);
        const Status s = m_host->start();
        if (!s.isOk())
            qFatal("backend did not start: %s", qPrintable(s.message()));
        keepDemoPicture();
#if defined(AIOCHAT_QML_REMOTE)
        // The console of another machine's instance: the same tests, every command and event
        // over the listener's WebSocket (RemoteConsoleClient), nothing in process.
        m_client = std::make_unique<RemoteConsoleClient>(
            QUrl(u"http://127.0.0.1:"_s + QString::number(m_host->listenerPort())));
#elif defined(AIOCHAT_QML_SIGN_IN)
        // The console as shipped: operators sign in; the first start asks for an administrator.
        m_client = std::make_unique<LocalConsoleClient>(m_host->consoleApi());
        m_client->checkStatus();
#else
        m_client = std::make_unique<LocalConsoleClient>(m_host->consoleApi(),
                                                        OperatorContext::localAdministrator());
#endif
        Backend::setClient(m_client.get(), true);
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(u"qrc:/qt/qml"_s);
        engine->addImageProvider(u"badge"_s, new BadgeIconProvider); // as ConsoleShell does
        engine->addImageProvider(u"attachment"_s, new AttachmentImageProvider(m_client.get()));
        UiLanguage::apply(UiLanguage::saved()); // English plurals too
        qmlRegisterSingletonInstance("AioChatTest", 1, 0, "WarningLog", &m_warnings);
        qmlRegisterSingletonInstance("AioChatTest", 1, 0, "Keyboard", &m_keyboard);
        // Screenshots of what the test walks through, when a directory is given.
        // Where a test may write files it then opens through the UI (CSV imports).
        engine->rootContext()->setContextProperty(u"testDataDir"_s, m_dir.path());
        engine->rootContext()->setContextProperty(u"screenshotDir"_s,
                                                  qEnvironmentVariable("AIOCHAT_SCREENSHOT_DIR"));
    }

    void cleanupTestCase()
    {
        m_client.reset();
        m_host.reset();
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<CoreHost> m_host;
    std::unique_ptr<ConsoleClient> m_client;
    WarningLog m_warnings;
    KeyboardDriver m_keyboard;
};

// As the application: Qt Charts draws through the Graphics View framework, which needs a
// QApplication (quick_test_main would create a QGuiApplication).
int main(int argc, char **argv)
{
    // Window geometry and pane sizes are saved between runs: not into the user's own settings.
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"aiochat-test"_s); // as main() sets it (QML Settings)
    QTEST_SET_MAIN_SOURCE_PATH
    Setup setup;
    return quick_test_main_with_setup(argc, argv, "mainwindow", nullptr,
                                      &setup); // -input names the tests
}
#include "setup.moc"
