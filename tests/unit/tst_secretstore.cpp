// Secrets: the key file fallback (0600, atomic, self-healing permissions), the environment as the
// last fallback, and the default chain choosing the key file when no keychain answers.
#include "config/environmentsecretbackend.h"
#include "config/keyfilesecretbackend.h"
#include "config/secretstore.h"
#include "logging/redactor.h"
#include "security/datakeyring.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace aiochat;

namespace {
mode_t fileMode(const QString &path)
{
    struct stat st = {};
    ::stat(QFile::encodeName(path).constData(), &st);
    return st.st_mode & 0777;
}
} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keyFileIsPrivateAndRoundTrips()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"secrets.json"_s);
        KeyFileSecretBackend file(path);
        QVERIFY(!file.read(u"telegram-bot-token"_s).value().has_value());
        QVERIFY(file.write(u"telegram-bot-token"_s, "123456:ABCDEF").isOk());
        QCOMPARE(fileMode(path), mode_t(0600));
        QVERIFY(file.write(u"whatsapp-app-secret"_s, QByteArray("\x00\x01binary", 8)).isOk());
        QCOMPARE(fileMode(path), mode_t(0600));
        QCOMPARE(*file.read(u"telegram-bot-token"_s).value(), "123456:ABCDEF");
        QCOMPARE(*file.read(u"whatsapp-app-secret"_s).value(), QByteArray("\x00\x01binary", 8));
        QVERIFY(!QFile::exists(path + u".tmp"_s));
        QVERIFY(file.remove(u"telegram-bot-token"_s).isOk());
        QVERIFY(!file.read(u"telegram-bot-token"_s).value().has_value());
    }

    void keyFileWithWidePermissionsIsTightened()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"secrets.json"_s);
        KeyFileSecretBackend file(path);
        QVERIFY(file.write(u"k"_s, "v").isOk());
        ::chmod(QFile::encodeName(path).constData(), 0644);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"restricting it to 0600"_s));
        QCOMPARE(*file.read(u"k"_s).value(), "v");
        QCOMPARE(fileMode(path), mode_t(0600));
    }

    void corruptKeyFileIsAnErrorNotAnEmptyStore()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"secrets.json"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{ not json");
        f.close();
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        KeyFileSecretBackend file(path);
        const auto r = file.read(u"data-keys"_s);
        QVERIFY(!r.isOk());
        QVERIFY(r.status().message().contains(u"corrupt"_s));
        // Writing must not silently replace a corrupt file (it may hold the only data key).
        QVERIFY(!file.write(u"x"_s, "y").isOk());
    }

    void environmentIsReadOnlyFallback()
    {
        QProcessEnvironment env;
        env.insert(u"AIOCHAT_TELEGRAM_BOT_TOKEN"_s, u"999999:from-environment-token-value"_s);
        EnvironmentSecretBackend backend(env);
        QCOMPARE(EnvironmentSecretBackend::variableName(u"telegram-bot-token"_s),
                 u"AIOCHAT_TELEGRAM_BOT_TOKEN"_s);
        QCOMPARE(*backend.read(u"telegram-bot-token"_s).value(),
                 "999999:from-environment-token-value");
        QVERIFY(!backend.read(u"whatsapp-app-secret"_s).value().has_value());
        QCOMPARE(backend.write(u"x"_s, "y").code(), Status::Code::FailedPrecondition);
    }

    // systemd's LoadCredential=: a file named after the secret in $CREDENTIALS_DIRECTORY wins
    // over the variable; its trailing newline is not part of the value; no name leaves the folder.
    void systemdCredentialsAreReadFromTheirDirectory()
    {
        QTemporaryDir dir;
        QFile token(dir.filePath(u"telegram-bot-token"_s));
        QVERIFY(token.open(QIODevice::WriteOnly));
        token.write("123456:from-a-credential\n");
        token.close();
        QProcessEnvironment env;
        env.insert(u"CREDENTIALS_DIRECTORY"_s, dir.path());
        env.insert(u"AIOCHAT_TELEGRAM_BOT_TOKEN"_s, u"999999:from-environment"_s);
        env.insert(u"AIOCHAT_WHATSAPP_APP_SECRET"_s, u"from-environment-secret"_s);
        EnvironmentSecretBackend backend(env);
        QCOMPARE(*backend.read(u"telegram-bot-token"_s).value(), "123456:from-a-credential");
        QCOMPARE(*backend.read(u"whatsapp-app-secret"_s).value(), "from-environment-secret");
        QVERIFY(!backend.read(u"../telegram-bot-token"_s).value().has_value());
        QCOMPARE(backend.description(), u"systemd credentials and environment variables"_s);
    }

    void chainPrefersTheStoreThenTheEnvironment()
    {
        QTemporaryDir dir;
        QProcessEnvironment env;
        env.insert(u"AIOCHAT_WHATSAPP_APP_SECRET"_s, u"env-app-secret-1234"_s);
        env.insert(u"AIOCHAT_TELEGRAM_BOT_TOKEN"_s, u"env-token-value-5678"_s);
        std::unique_ptr<SecretStore> store =
            SecretStore::createDefault(dir.path(), SecretStore::Mode::KeyFile, env);
        QVERIFY(store->writableDescription().startsWith(u"key file"_s));
        // Nothing stored: the environment answers.
        QCOMPARE(store->readText(u"whatsapp-app-secret"_s), u"env-app-secret-1234"_s);
        // Stored wins over the environment.
        QVERIFY(store->write(u"telegram-bot-token"_s, "stored-token-value-0000").isOk());
        QCOMPARE(store->readText(u"telegram-bot-token"_s), u"stored-token-value-0000"_s);
        QCOMPARE(store->readText(u"missing"_s), QString());
        QCOMPARE(fileMode(dir.filePath(u"secrets.json"_s)), mode_t(0600));
        // Whatever was handed out is now scrubbed from log lines.
        QCOMPARE(Redactor::instance().scrub(u"token=stored-token-value-0000 ok"_s),
                 u"token=[REDACTED] ok"_s);
    }

    void autoModeFallsBackToTheKeyFileWithoutAKeychain()
    {
        // No session bus here, so no keychain can answer: auto mode must fall back, not hang.
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        QTemporaryDir dir;
        std::unique_ptr<SecretStore> store =
            SecretStore::createDefault(dir.path(), SecretStore::Mode::Auto, QProcessEnvironment());
        QVERIFY2(store->writableDescription().startsWith(u"key file"_s),
                 qPrintable(store->writableDescription()));
        QVERIFY(store->write(u"probe-value"_s, "x").isOk());
        QVERIFY(QFile::exists(dir.filePath(u"secrets.json"_s)));
    }

    void dataKeyIsCreatedOnceAndReused()
    {
        QTemporaryDir dir;
        std::unique_ptr<SecretStore> store = SecretStore::createDefault(
            dir.path(), SecretStore::Mode::KeyFile, QProcessEnvironment());
        const Result<DataKeyring> first = DataKeyring::loadOrCreate(*store);
        QVERIFY(first.isOk());
        const Result<DataKeyring> second = DataKeyring::loadOrCreate(*store);
        QVERIFY(second.isOk());
        QCOMPARE(second.value().current().material, first.value().current().material);
        QCOMPARE(first.value().current().material.size(), 32);
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
