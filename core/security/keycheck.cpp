#include "keycheck.h"

#include "crypto.h"
#include "datakeyring.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

QString fingerprint(const QByteArray &key)
{
    return QString::fromLatin1(crypto::hmacSha256(key, "aiochat key check v1").left(16).toBase64());
}

Status mismatch(const QString &which, const QString &keyLocation)
{
    return Status::failedPrecondition(
        u"the "_s + which + u" in the "_s + keyLocation +
        u" is not the one this database was sealed with: restore the key file (or keychain "
        u"entry) from the backup made with this database, then start again. Nothing was "
        u"written."_s);
}

} // namespace

QString KeyCheck::record(const DataKeyring &dataKeys, const QByteArray &tokenKey,
                         const QByteArray &auditKey)
{
    QJsonObject data;
    for (const DataKeyring::Key &k : dataKeys.keys())
        data.insert(QString::number(k.id), fingerprint(k.material));
    const QJsonObject o{{u"version"_s, 1},
                        {u"dataKeys"_s, data},
                        {u"tokenSigningKey"_s, fingerprint(tokenKey)},
                        {u"auditKey"_s, fingerprint(auditKey)}};
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

Status KeyCheck::verify(const QString &record, const DataKeyring &dataKeys,
                        const QByteArray &tokenKey, const QByteArray &auditKey,
                        const QString &keyLocation)
{
    const QJsonObject o = QJsonDocument::fromJson(record.toUtf8()).object();
    if (o.value(u"version"_s).toInt() != 1)
        return Status::failedPrecondition(u"the database's key check (settings \""_s +
                                          QLatin1StringView(kSettingsKey) +
                                          u"\") is not readable"_s);
    const QJsonObject data = o.value(u"dataKeys"_s).toObject();
    for (auto it = data.constBegin(); it != data.constEnd(); ++it) {
        const DataKeyring::Key *key = dataKeys.find(it.key().toUInt());
        if (!key || fingerprint(key->material) != it.value().toString())
            return mismatch(u"personal-data key "_s + it.key(), keyLocation);
    }
    if (fingerprint(tokenKey) != o.value(u"tokenSigningKey"_s).toString())
        return mismatch(u"token-signing key"_s, keyLocation);
    if (fingerprint(auditKey) != o.value(u"auditKey"_s).toString())
        return mismatch(u"audit key"_s, keyLocation);
    return Status::ok();
}

bool KeyCheck::covers(const QString &record, const DataKeyring &dataKeys)
{
    const QJsonObject data =
        QJsonDocument::fromJson(record.toUtf8()).object().value(u"dataKeys"_s).toObject();
    for (const DataKeyring::Key &k : dataKeys.keys()) {
        if (!data.contains(QString::number(k.id)))
            return false;
    }
    return true;
}

} // namespace aiochat
