// Logging: Qt messages (QML warnings too) reach the rotating file through spdlog, secrets and
// token-shaped strings never do, and the masking helpers hide personal values.
#include "logging/logging.h"
#include "logging/logsetup.h"
#include "logging/redactor.h"

#include <QFile>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;

class TestLogging : public QObject
{
    Q_OBJECT

    QString readLog()
    {
        shutdownLogging(); // flushes
        QFile f(m_dir.filePath(u"aiochat.log"_s));
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(f.readAll());
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void redactorScrubsRegisteredSecretsAndTokenShapes()
    {
        Redactor::instance().addSecret(u"s3cr3t-verify-token"_s);
        Redactor::instance().addSecret(u"abc"_s); // too short to register
        QCOMPARE(Redactor::instance().scrub(u"verify=s3cr3t-verify-token&x=1"_s),
                 u"verify=[REDACTED]&x=1"_s);
        QCOMPARE(Redactor::instance().scrub(u"abc stays"_s), u"abc stays"_s);
        QVERIFY(!Redactor::instance()
                     .scrub(u"GET /bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe"_s)
                     .contains(u"AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"_s));
        QVERIFY(!Redactor::instance()
                     .scrub(u"Authorization: Bearer sk-live-abcdef123456"_s)
                     .contains(u"sk-live"_s));
        QVERIFY(!Redactor::instance()
                     .scrub(u"X-Hub-Signature-256: sha256=0123456789abcdef0123456789abcdef"_s)
                     .contains(u"0123456789abcdef"_s));
    }

    void maskingHelpersHidePersonalValues()
    {
        QCOMPARE(redact::phone(u"+6281234567890"_s), u"+62•••••••7890"_s);
        QCOMPARE(redact::email(u"siti.rahayu@example.co.id"_s), u"s•••@example.co.id"_s);
        QCOMPARE(redact::tail(u"POL-2024-000123"_s), u"•••••••••••0123"_s);
        QCOMPARE(redact::tail(u"123"_s), u"•••"_s);
        QCOMPARE(redact::secret(u"anything"_s), u"[REDACTED]"_s);
        QCOMPARE(redact::secret({}), QString());
    }

    void qtAndQmlMessagesReachTheFileScrubbed()
    {
        QVERIFY(initLogging({m_dir.path(), u"debug"_s, false}).isOk());
        QCOMPARE(logFilePath(), m_dir.filePath(u"aiochat.log"_s));
        Redactor::instance().addSecret(u"whatsapp-app-secret-value"_s);
        qCInfo(lcHttp) << "listener ready on port" << 8080;
        qCDebug(lcStorage) << "debug line visible at debug level";
        qCWarning(lcConfig) << "leaked whatsapp-app-secret-value by mistake";
        {
            QQmlEngine engine;
            QQmlComponent component(&engine);
            component.setData(
                "import QtQml\nQtObject { Component.onCompleted: console.warn('qml says hi') }",
                QUrl(u"file:///test.qml"_s));
            std::unique_ptr<QObject> object(component.create());
            QVERIFY(object);
        }
        const QString log = readLog();
        QVERIFY2(log.contains(u"aiochat.http: listener ready on port 8080"_s), qPrintable(log));
        QVERIFY(log.contains(u"debug line visible"_s));
        QVERIFY(log.contains(u"qml says hi"_s));
        QVERIFY(log.contains(u"leaked [REDACTED] by mistake"_s));
        QVERIFY(!log.contains(u"whatsapp-app-secret-value"_s));
    }

    void levelFiltersAndValidates()
    {
        QVERIFY(!initLogging({m_dir.path(), u"loud"_s, false}).isOk());
        QVERIFY(!isValidLogLevel(u"verbose"_s));
        QVERIFY(isValidLogLevel(u"warning"_s));
        QFile::remove(m_dir.filePath(u"aiochat.log"_s));
        QVERIFY(initLogging({m_dir.path(), u"warning"_s, false}).isOk());
        qCInfo(lcHttp) << "info is below warning";
        qCWarning(lcHttp) << "warning passes";
        const QString log = readLog();
        QVERIFY(!log.contains(u"info is below warning"_s));
        QVERIFY(log.contains(u"warning passes"_s));
    }
};

QTEST_GUILESS_MAIN(TestLogging)
#include "tst_logging.moc"
