// aiochat-bench-backup: what `aiochat --backup` and `aiochat --restore` cost on the 1M-message
// store (100,000 conversations, generated once by the demo generator and reused), measured by
// running the very functions the command line runs: maintenance::backup with the keys sealed
// under a passphrase, then maintenance::restore into an empty folder with every check it makes
// (SQLite integrity, the keys against the database, migrations, the audit chain).
//
//   aiochat-bench-backup [--dir DIR] [--conversations N] [--messages-per-conversation M]
#include "benchstats.h"
#include "benchstore.h"
#include "config/options.h"
#include "host/maintenance.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace aiochat;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationVersion(u"bench"_s);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({u"dir"_s, u"Store directory (reused when it exists)."_s, u"DIR"_s,
                      u"/tmp/aiochat-bench-backup-store"_s});
    parser.addOption({u"conversations"_s, u"Conversations to generate."_s, u"N"_s, u"100000"_s});
    parser.addOption(
        {u"messages-per-conversation"_s, u"Average messages per conversation."_s, u"M"_s, u"10"_s});
    parser.process(app);
    const QString dir = parser.value(u"dir"_s);
    if (!bench::ensureStore(dir, parser.value(u"conversations"_s).toInt(),
                            parser.value(u"messages-per-conversation"_s).toInt()))
        return 1;

    QTemporaryDir work;
    const QString file = work.filePath(u"store.aiochat-backup"_s);
    const QString passphrase = u"bench passphrase 2026"_s;
    const maintenance::AskPassphrase ask = [&passphrase](bool) { return passphrase; };
    const maintenance::Console console{
        [](const QString &line) { std::printf("  %s\n", qPrintable(line)); },
        [](const QString &line) { std::fprintf(stderr, "  %s\n", qPrintable(line)); }};

    Options options;
    options.dataDir = dir;
    options.secretsMode = u"file"_s;
    options.backupFile = file;
    options.includeKeys = true;
    std::printf("\nAIO-CHAT backup benchmark — %s (%.1f MB)\n", qPrintable(dir),
                double(QFileInfo(QDir(dir).filePath(u"aiochat.db"_s)).size()) / 1048576.0);
    QElapsedTimer timer;
    timer.start();
    if (maintenance::backup(options, ask, console) != 0)
        return 1;
    const double backupS = double(timer.elapsed()) / 1000.0;
    const double megabytes = double(QFileInfo(file).size()) / 1048576.0;

    Options restored = options;
    restored.dataDir = work.filePath(u"restored"_s);
    restored.includeKeys = false;
    timer.restart();
    if (maintenance::restore(restored, ask, console) != 0)
        return 1;
    const double restoreS = double(timer.elapsed()) / 1000.0;

    const auto [rss, peak] = bench::rssMiB();
    std::printf("\n  backup (keys included)            %7.1f s   %8.1f MB   %6.1f MB/s\n", backupS,
                megabytes, megabytes / backupS);
    std::printf("  restore with every check          %7.1f s\n", restoreS);
    std::printf("  RSS now %.1f MiB, peak %.1f MiB\n", rss, peak);
    return 0;
}
