#pragma once

#include "security/personaldatacipher.h"
#include "storage/databaseconfig.h"

#include <QJsonObject>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace aiochat::test {

/** @brief The PostgreSQL server the test run started (packaging/dev.sh), if any. */
[[nodiscard]] QString postgresUrl();

/**
 * @brief A throw-away database: a SQLite file in a temporary directory, or a fresh database on
 * the test PostgreSQL server (dropped again in the destructor).
 */
class ScratchDatabase
{
public:
    explicit ScratchDatabase(Engine engine);
    ~ScratchDatabase();

    /** @brief False when the engine is not available here; why() says why. */
    [[nodiscard]] bool isValid() const { return m_valid; }
    [[nodiscard]] QString why() const { return m_why; }
    [[nodiscard]] const DatabaseConfig &config() const { return m_config; }
    [[nodiscard]] QString directory() const { return m_dir.path(); }
    /** @brief The database as a --database URL (PostgreSQL only; empty for SQLite). */
    [[nodiscard]] QString url() const;

private:
    QTemporaryDir m_dir;
    DatabaseConfig m_config;
    QString m_adminUrl;
    bool m_valid = false;
    QString m_why;
};

/** @brief Adds the "engine" column with rows sqlite and postgres (data-driven tests). */
void addEngineColumn();

/**
 * @brief A Telegram Bot API update with a private text message from user @p userId (the chat is
 * the user's own), as a webhook receives it.
 */
[[nodiscard]] QByteArray telegramTextUpdate(qint64 updateId, qint64 userId, const QString &text,
                                            const QString &firstName = QStringLiteral("Dewi"));
/** @brief The same with any message fields (`photo`, `document`, `caption`…) instead of a text. */
[[nodiscard]] QByteArray telegramMessageUpdate(qint64 updateId, qint64 userId,
                                               const QJsonObject &fields,
                                               const QString &firstName = QStringLiteral("Dewi"));
/**
 * @brief The first value @p sql gives on a connection of its own to the PostgreSQL database at
 * @p url (a scratch database's, say), or -1 when it cannot be had.
 */
[[nodiscard]] qint64 postgresScalar(const QString &url, const QString &sql);
/** @brief A real 1×1 PNG (what a phone's screenshot starts with, in miniature). */
[[nodiscard]] QByteArray tinyPng();
/**
 * @brief A WhatsApp Cloud API notification with one text message from @p from (a wa_id), sent
 * now, to the business number @p phoneNumberId, as the webhook receives it (unsigned).
 */
[[nodiscard]] QByteArray whatsAppTextUpdate(const QString &from, const QString &wamid,
                                            const QString &text, const QString &phoneNumberId,
                                            const QString &profileName = QStringLiteral("WA"));
[[nodiscard]] Engine engineFromRow(const QString &name);

/** @brief A cipher with a fresh random key, as the app would create on first start. */
[[nodiscard]] std::shared_ptr<const PersonalDataCipher> makeCipher();

} // namespace aiochat::test

/**
 * Opens a scratch database for the current engine row; skips when PostgreSQL is not available,
 * unless the run requires it (AIOCHAT_REQUIRE_PG=1, set by packaging/dev.sh when it started one).
 */
#define AIOCHAT_SCRATCH_DB(var, engineName)                                                        \
    aiochat::test::ScratchDatabase var(aiochat::test::engineFromRow(engineName));                  \
    if (!var.isValid()) {                                                                          \
        if (qEnvironmentVariable("AIOCHAT_REQUIRE_PG") == QStringLiteral("1"))                     \
            QFAIL(qPrintable(var.why()));                                                          \
        QSKIP(qPrintable(var.why()));                                                              \
    }
