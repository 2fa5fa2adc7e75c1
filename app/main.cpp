// aiochat: arguments, logging, the core host, then the console window or headless service.
#include "backend/backend.h"
#include "config/commandline.h"
#include "consoleshell.h"
#include "host/corehost.h"
#include "host/maintenance.h"
#include "host/servicenotifier.h"
#include "host/signalwatcher.h"
#include "logging/logging.h"
#include "logging/logsetup.h"
#include "storage/storage.h"

#include <QApplication>
#include <QDir>
#include <QUrl>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>
#include <iostream>
#include <string>

#include <memory>
#include <termios.h>
#include <unistd.h>

#include <sys/stat.h>

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
    std::fflush(stream);
}

// One line from standard input without echoing it when that is a terminal.
QString readSecretLine(const QString &prompt)
{
    const bool terminal = ::isatty(STDIN_FILENO) == 1;
    termios saved{};
    if (terminal) {
        std::fputs(prompt.toLocal8Bit().constData(), stderr);
        std::fflush(stderr);
        ::tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fputc('\n', stderr);
    }
    QString text = QString::fromLocal8Bit(line);
    if (text.endsWith(u'\r'))
        text.chop(1);
    return text;
}

// The passphrase sealing a backup's keys: from standard input, asked twice at a terminal.
QString askPassphrase(bool confirm)
{
    const QString passphrase = readSecretLine(u"Passphrase for the backup's keys: "_s);
    if (confirm && ::isatty(STDIN_FILENO) == 1 &&
        readSecretLine(u"Repeat the passphrase: "_s) != passphrase)
        return {};
    return passphrase;
}

int runMaintenance(const Options &options)
{
    const maintenance::Console console{[](const QString &line) { printLine(stdout, line); },
                                       [](const QString &line) { printLine(stderr, line); }};
    if (options.task == MaintenanceTask::Backup)
        return maintenance::backup(options, askPassphrase, console);
    if (options.task == MaintenanceTask::Restore)
        return maintenance::restore(options, askPassphrase, console);
    CoreHost host(options);
    const CoreHost::Access access = options.task == MaintenanceTask::CreateAdmin
                                        ? CoreHost::Access::Exclusive
                                        : CoreHost::Access::Shared;
    if (const Status opened = host.openForMaintenance(access); !opened.isOk()) {
        printLine(stderr, u"aiochat: "_s + opened.message());
        return 1;
    }
    switch (options.task) {
    case MaintenanceTask::CreateAdmin: {
        QString password = qEnvironmentVariable("AIOCHAT_ADMIN_PASSWORD");
        if (password.isEmpty()) {
            password = readSecretLine(u"Password for "_s + options.adminEmail + u": "_s);
            if (::isatty(STDIN_FILENO) == 1 &&
                readSecretLine(u"Repeat the password: "_s) != password) {
                printLine(stderr, u"aiochat: the passwords differ"_s);
                return 1;
            }
        }
        return maintenance::createAdministrator(host, options.adminEmail, password, console);
    }
    case MaintenanceTask::VerifyAudit:
        return maintenance::verifyAudit(host, console);
    case MaintenanceTask::RotateDataKey:
        return maintenance::rotateDataKey(host, console);
    case MaintenanceTask::Ingest:
        return maintenance::ingest(host, options.ingestContact, options.ingestPaths, console);
    case MaintenanceTask::Backup:
    case MaintenanceTask::Restore:
    case MaintenanceTask::None:
        break;
    }
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    // Everything this process writes — the database and its WAL, key files, logs, exports —
    // holds personal data or keys: owner only from the first byte, whatever the shell's umask.
    ::umask(0077);
    QCoreApplication::setApplicationName(u"aiochat"_s);
    // Window geometry and pane sizes (the console's own QSettings) go to ~/.config/aiochat/.
    QCoreApplication::setOrganizationName(u"aiochat"_s);
    QCoreApplication::setOrganizationDomain(u"aiochat.local"_s);
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
    options.headless = options.headless || !hasDisplay() || options.task != MaintenanceTask::None;

    // QApplication (not QGuiApplication): Qt Charts in QML needs the widgets application.
    std::unique_ptr<QCoreApplication> app;
    if (options.headless)
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);

    const Status logging =
        // Command-line jobs print their own lines; their log goes to the file only.
        // A restore writes into an empty folder, so it keeps no log file there.
        initLogging({options.task == MaintenanceTask::Restore
                         ? QString()
                         : QDir(options.dataDir).filePath(u"logs"_s),
                     options.logLevel, options.task == MaintenanceTask::None,
                     options.task == MaintenanceTask::None && stderrIsJournal()});
    if (!logging.isOk()) {
        printLine(stderr, u"aiochat: "_s + logging.message());
        return 1;
    }

    if (options.task != MaintenanceTask::None) {
        const int code = runMaintenance(options);
        shutdownLogging();
        return code;
    }

    // The sign-in page's choice of server is remembered for the next start (the command line
    // still wins).
    if (options.connectUrl.isEmpty() && !options.headless && options.task == MaintenanceTask::None)
        options.connectUrl = Backend::startupServer();
    if (!options.connectUrl.isEmpty()) {
        // Another machine's instance: only its console runs here.
        if (options.headless) {
            printLine(stderr, u"aiochat: --connect opens a console window and needs a display"_s);
            shutdownLogging();
            return 2;
        }
        ConsoleShell shell;
        const Status shown = shell.showRemote(QUrl(options.connectUrl));
        if (!shown.isOk()) {
            printLine(stderr, u"aiochat: "_s + shown.message());
            shutdownLogging();
            return 1;
        }
        qCInfo(lcCore).noquote() << "console of" << options.connectUrl;
        const int code = app->exec();
        shutdownLogging();
        return code;
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
    // Under systemd (Type=notify): ready now, and watchdog pings while the writer answers.
    ServiceNotifier service;
    Storage *storage = host.storage();
    service.ready(u"serving; webhooks on port "_s + QString::number(host.listenerPort()),
                  [storage, &service](std::function<void()> healthy) {
                      storage->writer().submit(
                          &service, [](QSqlDatabase &) { return Status::ok(); },
                          [healthy = std::move(healthy)](const Status &) { healthy(); });
                  });
    QObject::connect(app.get(), &QCoreApplication::aboutToQuit, &service,
                     &ServiceNotifier::stopping);

    const int code = app->exec();
    shell.reset();
    host.stop();
    shutdownLogging();
    return code;
}
