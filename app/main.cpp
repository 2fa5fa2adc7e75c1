// aiochat: arguments, logging, the core host, then the console window or headless service.
#include "config/commandline.h"
#include "consoleshell.h"
#include "host/corehost.h"
#include "host/signalwatcher.h"
#include "logging/logging.h"
#include "logging/logsetup.h"

#include <QApplication>
#include <QDir>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>
#include <memory>

Q_IMPORT_QML_PLUGIN(AioChatPlugin)

using namespace Qt::StringLiterals;
using namespace aiochat;

namespace {

bool hasDisplay()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

void printLine(FILE *stream, const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stream);
    std::fputc('\n', stream);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setApplicationName(u"aiochat"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(AIOCHAT_VERSION));

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const CommandLineOutcome cli =
        parseCommandLine(arguments, QProcessEnvironment::systemEnvironment());
    switch (cli.action) {
    case CommandLineOutcome::Action::ShowHelp:
    case CommandLineOutcome::Action::ShowVersion:
        printLine(stdout, cli.text);
        return 0;
    case CommandLineOutcome::Action::Error:
        printLine(stderr, u"aiochat: "_s + cli.text);
        return 2;
    case CommandLineOutcome::Action::Run:
        break;
    }
    Options options = cli.options;
    options.headless = options.headless || !hasDisplay();

    // QApplication (not QGuiApplication): Qt Charts in QML needs the widgets application.
    std::unique_ptr<QCoreApplication> app;
    if (options.headless)
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);

    const Status logging =
        initLogging({QDir(options.dataDir).filePath(u"logs"_s), options.logLevel, true});
    if (!logging.isOk()) {
        printLine(stderr, u"aiochat: "_s + logging.message());
        return 1;
    }

    CoreHost host(options);
    const Status started = host.start();
    if (!started.isOk()) {
        printLine(stderr, u"aiochat: "_s + started.message());
        shutdownLogging();
        return 1;
    }

    SignalWatcher signals;
    QObject::connect(&signals, &SignalWatcher::terminationRequested, app.get(), [](int number) {
        qCInfo(lcCore) << "signal" << number << "received; shutting down";
        QCoreApplication::quit();
    });

    std::unique_ptr<ConsoleShell> shell;
    if (!options.headless) {
        shell = std::make_unique<ConsoleShell>();
        const Status shown = shell->show(host.consoleApi(), options.demo);
        if (!shown.isOk()) {
            printLine(stderr, u"aiochat: "_s + shown.message());
            shell.reset();
            host.stop();
            shutdownLogging();
            return 1;
        }
    } else {
        qCInfo(lcCore) << "running headless; stop with Ctrl+C or SIGTERM";
    }

    const int code = app->exec();
    shell.reset();
    host.stop();
    shutdownLogging();
    return code;
}
