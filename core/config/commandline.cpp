#include "commandline.h"

#include "logging/logsetup.h"
#include "storage/databaseconfig.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QHostAddress>
#include <QStandardPaths>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

struct OptionSpec
{
    const char16_t *name;
    const char16_t *env;
    const char16_t *valueName; // nullptr for flags
    const char *description;
};

// One table drives the parser, the environment lookup and the help text, so they cannot drift.
constexpr OptionSpec kOptions[] = {
    {u"headless", u"AIOCHAT_HEADLESS", nullptr, "Run without a window (servers, systemd)."},
    {u"data-dir", u"AIOCHAT_DATA_DIR", u"DIR",
     "Data directory (database, logs, key file). Default: the XDG data location."},
    {u"database", u"AIOCHAT_DATABASE", u"URL",
     "Database: sqlite:///path/file.db or postgresql://user:pass@host:port/db. Default: SQLite in "
     "the data directory."},
    {u"listen", u"AIOCHAT_LISTEN", u"ADDR", "Address of the webhook listener. Default: 127.0.0.1."},
    {u"port", u"AIOCHAT_PORT", u"N",
     "Port of the webhook listener (0 = any free port). Default: 8080."},
    {u"log-level", u"AIOCHAT_LOG_LEVEL", u"LEVEL",
     "trace, debug, info, warning, error, critical or off. Default: info."},
    {u"demo", u"AIOCHAT_DEMO", nullptr,
     "Fill an empty data directory with believable demo customers and conversations."},
    {u"connect", u"AIOCHAT_CONNECT", u"URL",
     "Open the console of the instance at URL (http(s)://office-pc:8080) instead of running one "
     "here."},
};

bool truthy(const QString &v)
{
    const QString s = v.trimmed().toLower();
    return s == u"1"_s || s == u"true"_s || s == u"yes"_s || s == u"on"_s;
}

QString helpEpilogue()
{
    QString text =
        u"\nEvery option can also be set in the environment (the command line wins):\n"_s;
    for (const OptionSpec &o : kOptions) {
        text += u"  "_s + QString::fromUtf16(o.env).leftJustified(24) + u"--"_s +
                QString::fromUtf16(o.name) + u'\n';
    }
    text +=
        u"\nSecrets (bot tokens, app secrets, the personal-data key) are kept in the OS keychain,\n"
        u"or in <data-dir>/secrets.json (mode 0600) when no keychain answers, and are also read\n"
        u"from AIOCHAT_<NAME> variables such as AIOCHAT_TELEGRAM_BOT_TOKEN.\n"
        u"  AIOCHAT_SECRETS          auto (default), keychain or file\n"_s;
    return text;
}

} // namespace

CommandLineOutcome parseCommandLine(const QStringList &arguments, const QProcessEnvironment &env)
{
    CommandLineOutcome out;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"AIO-CHAT — conversational AI CRM for WhatsApp and Telegram."_s);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help(QStringList{u"h"_s, u"help"_s}, u"Show this help and exit."_s);
    const QCommandLineOption version(QStringList{u"v"_s, u"version"_s},
                                     u"Show the version and exit."_s);
    parser.addOption(help);
    parser.addOption(version);
    const QCommandLineOption createAdmin(
        u"create-admin"_s,
        u"Create an administrator account and exit. The password is read from standard input "
        u"(or AIOCHAT_ADMIN_PASSWORD)."_s,
        u"EMAIL"_s);
    const QCommandLineOption verifyAudit(
        u"verify-audit"_s,
        u"Check the audit log's hash chain, name the first broken entry, and exit (1 if broken)."_s);
    const QCommandLineOption rotateDataKey(
        u"rotate-data-key"_s,
        u"Re-encrypt personal data under a new key and exit. Safe while AIO-CHAT runs; resumes "
        u"where it stopped if interrupted."_s);
    const QCommandLineOption ingest(
        u"ingest"_s,
        u"Add the files given (folders are walked) to the knowledge base and exit; each file is "
        u"reported ready or failed (exit 1 if any failed)."_s);
    const QCommandLineOption contact(
        u"contact"_s,
        u"With --ingest: the files are this customer's own documents (policy number or id) "
        u"instead of the shared base."_s,
        u"POLICY_NUMBER|ID"_s);
    const QCommandLineOption backup(
        u"backup"_s,
        u"Write a consistent backup of the data directory (database, customers' files, settings) "
        u"to FILE and exit. Safe while AIO-CHAT runs. SQLite only; for PostgreSQL use pg_dump."_s,
        u"FILE"_s);
    const QCommandLineOption includeKeys(
        u"include-keys"_s,
        u"With --backup: put the keys in the backup too, sealed with a passphrase read from "
        u"standard input. Without them the backup needs this instance's key file or keychain."_s);
    const QCommandLineOption restore(
        u"restore"_s,
        u"Restore a backup into --data-dir, which must be empty and not in use, check it "
        u"(SQLite integrity, the audit chain) and exit."_s,
        u"FILE"_s);
    parser.addOption(createAdmin);
    parser.addOption(backup);
    parser.addOption(includeKeys);
    parser.addOption(restore);
    parser.addOption(verifyAudit);
    parser.addOption(rotateDataKey);
    parser.addOption(ingest);
    parser.addOption(contact);
    parser.addPositionalArgument(u"FILE|DIR"_s, u"With --ingest: what to add."_s, u"[FILE|DIR…]"_s);
    for (const OptionSpec &o : kOptions) {
        QCommandLineOption opt(QString::fromUtf16(o.name), QString::fromUtf8(o.description));
        if (o.valueName)
            opt.setValueName(QString::fromUtf16(o.valueName));
        parser.addOption(opt);
    }

    auto fail = [&out](const QString &message) {
        out.action = CommandLineOutcome::Action::Error;
        out.text = message;
        return out;
    };

    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (!parser.positionalArguments().isEmpty() && !parser.isSet(ingest))
        return fail(u"unexpected argument \""_s + parser.positionalArguments().constFirst() +
                    u"\"; see --help"_s);
    if (parser.isSet(help)) {
        out.action = CommandLineOutcome::Action::ShowHelp;
        // Parsed before the application object exists, Qt cannot name the program itself.
        out.text = parser.helpText().replace(u"<executable_name>"_s, u"aiochat"_s) + helpEpilogue();
        return out;
    }
    if (parser.isSet(version)) {
        out.action = CommandLineOutcome::Action::ShowVersion;
        out.text = u"aiochat "_s + QCoreApplication::applicationVersion();
        return out;
    }

    if (int(parser.isSet(createAdmin)) + int(parser.isSet(verifyAudit)) +
            int(parser.isSet(rotateDataKey)) + int(parser.isSet(ingest)) +
            int(parser.isSet(backup)) + int(parser.isSet(restore)) >
        1)
        return fail(u"--create-admin, --verify-audit, --rotate-data-key, --ingest, --backup and "
                    u"--restore run one at a time"_s);
    if (parser.isSet(includeKeys) && !parser.isSet(backup))
        return fail(u"--include-keys goes with --backup"_s);
    if (parser.isSet(contact) && !parser.isSet(ingest))
        return fail(u"--contact goes with --ingest"_s);
    if (parser.isSet(createAdmin)) {
        out.options.task = MaintenanceTask::CreateAdmin;
        out.options.adminEmail = parser.value(createAdmin).trimmed();
        if (!out.options.adminEmail.contains(u'@'))
            return fail(u"--create-admin: \""_s + out.options.adminEmail +
                        u"\" is not an e-mail address"_s);
    } else if (parser.isSet(verifyAudit)) {
        out.options.task = MaintenanceTask::VerifyAudit;
    } else if (parser.isSet(rotateDataKey)) {
        out.options.task = MaintenanceTask::RotateDataKey;
    } else if (parser.isSet(backup) || parser.isSet(restore)) {
        const bool making = parser.isSet(backup);
        out.options.task = making ? MaintenanceTask::Backup : MaintenanceTask::Restore;
        out.options.backupFile = parser.value(making ? backup : restore).trimmed();
        out.options.includeKeys = parser.isSet(includeKeys);
        if (out.options.backupFile.isEmpty())
            return fail(making ? u"--backup: name the file to write"_s
                               : u"--restore: name the backup file"_s);
        out.options.backupFile = QDir::cleanPath(QDir(out.options.backupFile).absolutePath());
    } else if (parser.isSet(ingest)) {
        out.options.task = MaintenanceTask::Ingest;
        out.options.ingestPaths = parser.positionalArguments();
        out.options.ingestContact = parser.value(contact).trimmed();
        if (out.options.ingestPaths.isEmpty())
            return fail(u"--ingest: name the files or folders to add"_s);
    }

    // The command line wins; the environment fills in what it leaves unset.
    auto value = [&](const OptionSpec &o) -> std::optional<QString> {
        const QString name = QString::fromUtf16(o.name);
        if (parser.isSet(name))
            return o.valueName ? parser.value(name) : u"1"_s;
        const QString var = QString::fromUtf16(o.env);
        if (env.contains(var))
            return env.value(var);
        return std::nullopt;
    };

    Options &opts = out.options;
    for (const OptionSpec &o : kOptions) {
        const std::optional<QString> v = value(o);
        if (!v)
            continue;
        const QStringView name(o.name);
        if (name == u"headless") {
            opts.headless = truthy(*v);
        } else if (name == u"demo") {
            opts.demo = truthy(*v);
        } else if (name == u"connect") {
            const QUrl url(v->trimmed());
            if (!isConsoleServerAddress(url))
                return fail(u"--connect: \""_s + *v +
                            u"\" is not an http(s):// address of an AIO-CHAT listener"_s);
            opts.connectUrl = url.toString();
        } else if (name == u"data-dir") {
            if (v->trimmed().isEmpty())
                return fail(u"--data-dir needs a directory"_s);
            opts.dataDir = QDir::cleanPath(QDir(*v).absolutePath());
        } else if (name == u"database") {
            if (!v->isEmpty()) {
                const Result<DatabaseConfig> cfg = DatabaseConfig::fromUrl(*v);
                if (!cfg.isOk())
                    return fail(u"--database: "_s + cfg.status().message());
                opts.databaseUrl = *v;
            }
        } else if (name == u"listen") {
            QHostAddress addr;
            if (!addr.setAddress(v->trimmed()))
                return fail(u"--listen: \""_s + *v + u"\" is not an IP address"_s);
            opts.listenAddress = addr.toString();
            opts.listenAddressGiven = true;
        } else if (name == u"port") {
            bool ok = false;
            const uint port = v->trimmed().toUInt(&ok);
            if (!ok || port > 65535)
                return fail(u"--port: \""_s + *v + u"\" is not a port number (0-65535)"_s);
            opts.port = quint16(port);
            opts.portGiven = true;
        } else if (name == u"log-level") {
            if (!isValidLogLevel(*v))
                return fail(
                    u"--log-level: \""_s + *v +
                    u"\" is not one of trace, debug, info, warning, error, critical, off"_s);
            opts.logLevel = *v;
        }
    }
    if (env.contains(u"AIOCHAT_SECRETS"_s))
        opts.secretsMode = env.value(u"AIOCHAT_SECRETS"_s);
    if (opts.secretsMode != u"auto"_s && opts.secretsMode != u"keychain"_s &&
        opts.secretsMode != u"file"_s)
        return fail(u"AIOCHAT_SECRETS: \""_s + opts.secretsMode +
                    u"\" is not one of auto, keychain, file"_s);
    if (opts.dataDir.isEmpty()) {
        opts.dataDir =
            QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/aiochat"_s;
    }
    return out;
}

bool isConsoleServerAddress(const QUrl &url)
{
    return url.isValid() && !url.host().isEmpty() &&
           QStringList{u"http"_s, u"https"_s, u"ws"_s, u"wss"_s}.contains(url.scheme());
}

} // namespace aiochat
