#include "databaseconfig.h"

#include <QDir>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace aiochat {

Result<DatabaseConfig> DatabaseConfig::fromUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return Status::invalidArgument(u"\""_s + text + u"\" is not a valid URL"_s);
    const QString scheme = url.scheme().toLower();
    if (scheme == u"sqlite"_s) {
        // sqlite:///abs/file.db has a path; sqlite:file.db is relative to the working directory.
        const QString path = url.path();
        if (path.isEmpty())
            return Status::invalidArgument(u"a sqlite URL needs a file path"_s);
        return sqliteFile(QDir::cleanPath(QDir::current().absoluteFilePath(path)));
    }
    if (scheme == u"postgresql"_s || scheme == u"postgres"_s) {
        DatabaseConfig cfg;
        cfg.engine = Engine::Postgres;
        cfg.host = url.host().isEmpty() ? u"localhost"_s : url.host();
        cfg.port = url.port(5432);
        cfg.user = url.userName(QUrl::FullyDecoded);
        cfg.password = url.password(QUrl::FullyDecoded);
        cfg.databaseName = url.path().mid(1);
        if (cfg.databaseName.isEmpty())
            return Status::invalidArgument(u"a postgresql URL needs a database name"_s);
        QStringList options;
        const QUrlQuery query(url);
        for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded))
            options.append(key + u'=' + value);
        cfg.connectOptions = options.join(u';');
        return cfg;
    }
    return Status::invalidArgument(u"unsupported database \""_s + scheme +
                                   u"\"; use sqlite:// or postgresql://"_s);
}

DatabaseConfig DatabaseConfig::sqliteFile(const QString &path)
{
    DatabaseConfig cfg;
    cfg.engine = Engine::Sqlite;
    cfg.sqlitePath = path;
    return cfg;
}

Result<DatabaseConfig> DatabaseConfig::forInstance(const QString &url, const QString &dataDir)
{
    if (url.isEmpty())
        return sqliteFile(QDir(dataDir).filePath(QStringLiteral("aiochat.db")));
    return fromUrl(url);
}

QString DatabaseConfig::displayName() const
{
    if (engine == Engine::Sqlite)
        return u"SQLite "_s + QDir::toNativeSeparators(sqlitePath);
    return u"PostgreSQL "_s + (user.isEmpty() ? QString() : user + u'@') + host + u':' +
           QString::number(port) + u'/' + databaseName;
}

} // namespace aiochat
