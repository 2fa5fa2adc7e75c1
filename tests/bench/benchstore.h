#pragma once

// What the UI-facing benchmarks share: the large store (generated once with the demo generator,
// then reused) and finding items in the real console by objectName.
#include "config/secretstore.h"
#include "demo/demodatagenerator.h"
#include "security/datakeyring.h"
#include "storage/storage.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSqlQuery>

#include <cstdio>

namespace aiochat::bench {

/** @brief Generates @p conversations × ~@p perConversation messages in @p dir unless there. */
inline bool ensureStore(const QString &dir, int conversations, int perConversation)
{
    using namespace Qt::StringLiterals;
    const QString marker = QDir(dir).filePath(u"generated-"_s + QString::number(conversations) +
                                              u'x' + QString::number(perConversation));
    if (!QFile::exists(marker)) {
        QDir(dir).removeRecursively();
        QDir().mkpath(dir);
        std::printf("generating %d conversations, ~%d messages in %s …\n", conversations,
                    conversations * perConversation, qPrintable(dir));
        std::fflush(stdout);
        std::unique_ptr<SecretStore> secrets =
            SecretStore::createDefault(dir, SecretStore::Mode::KeyFile);
        auto cipher =
            std::make_shared<const PersonalDataCipher>(DataKeyring::loadOrCreate(*secrets).value());
        // Every key a first start makes: the instance started on this store later checks that
        // the keys its database was made with are all there.
        for (const QString &name : {u"token-signing-key"_s, u"audit-key"_s}) {
            if (const Result<QByteArray> key = secrets->readOrCreateKey(name); !key.isOk()) {
                std::fprintf(stderr, "%s\n", qPrintable(key.status().message()));
                return false;
            }
        }
        Storage storage(DatabaseConfig::sqliteFile(QDir(dir).filePath(u"aiochat.db"_s)), cipher);
        if (const Status s = storage.open(); !s.isOk()) {
            std::fprintf(stderr, "%s\n", qPrintable(s.message()));
            return false;
        }
        QElapsedTimer t;
        t.start();
        DemoScale scale;
        scale.contacts = std::max(60, conversations / 5);
        scale.conversations = conversations;
        scale.minMessages = std::max(1, perConversation - 8);
        scale.maxMessages = perConversation + 8;
        scale.spreadDays = 365;
        const Status s =
            DemoDataGenerator(*cipher, scale).generate(storage.writer(), [&](qint64 c, qint64 m) {
                if (c % 20000 == 0 || c == conversations) {
                    std::printf("  %lld conversations, %lld messages (%.0f s)\n", c, m,
                                t.elapsed() / 1000.0);
                    std::fflush(stdout);
                }
            });
        if (!s.isOk()) {
            std::fprintf(stderr, "%s\n", qPrintable(s.message()));
            return false;
        }
        (void)storage.writer().runExclusive([](QSqlDatabase &db) {
            QSqlQuery q(db);
            q.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
            q.exec(u"ANALYZE"_s);
            return Status::ok();
        });
        storage.close();
        QFile(marker).open(QIODevice::WriteOnly);
        std::printf("generated in %.1f s\n", t.elapsed() / 1000.0);
    }

    return true;
}

inline QQuickItem *findItem(QObject *root, const QString &name)
{
    if (root->objectName() == name)
        return qobject_cast<QQuickItem *>(root);
    if (auto *window = qobject_cast<QQuickWindow *>(root))
        return findItem(window->contentItem(), name);
    if (auto *item = qobject_cast<QQuickItem *>(root)) {
        const QList<QQuickItem *> kids = item->childItems();
        for (QQuickItem *child : kids) {
            if (QQuickItem *found = findItem(child, name))
                return found;
        }
    }
    return nullptr;
}

} // namespace aiochat::bench
