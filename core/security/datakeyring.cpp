#include "datakeyring.h"

#include "config/secretstore.h"
#include "crypto.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

DataKeyring::Key derive(quint32 id, const QByteArray &material)
{
    DataKeyring::Key key;
    key.id = id;
    key.material = material;
    const QByteArray salt = "aiochat-data-key-v1";
    key.encryptionKey = crypto::hkdfSha256(material, salt, "personal-data encryption", 32);
    key.indexKey = crypto::hkdfSha256(material, salt, "personal-data blind index", 32);
    return key;
}

} // namespace

Result<DataKeyring> DataKeyring::loadOrCreate(SecretStore &store)
{
    const Result<std::optional<QByteArray>> existing = store.read(QString::fromLatin1(kSecretName));
    if (!existing.isOk())
        return existing.status().prefixed(u"reading the data key"_s);
    if (existing.value().has_value())
        return fromJson(*existing.value());

    DataKeyring ring;
    ring.addKey();
    const Status saved = store.write(QString::fromLatin1(kSecretName), ring.toJson());
    if (!saved.isOk())
        return saved.prefixed(u"saving the new data key"_s);
    return ring;
}

Result<DataKeyring> DataKeyring::fromJson(const QByteArray &json)
{
    QJsonParseError error{};
    const QJsonObject root = QJsonDocument::fromJson(json, &error).object();
    if (error.error != QJsonParseError::NoError)
        return Status::invalidArgument(u"the stored data key is not valid JSON"_s);
    DataKeyring ring;
    const QJsonArray keys = root.value(u"keys"_s).toArray();
    for (const QJsonValue &v : keys) {
        const QJsonObject o = v.toObject();
        const QByteArray material =
            QByteArray::fromBase64(o.value(u"material"_s).toString().toLatin1());
        const auto id = quint32(o.value(u"id"_s).toInteger());
        if (material.size() != 32 || id == 0)
            return Status::invalidArgument(u"the stored data key is malformed"_s);
        ring.addKey(id, material);
        ring.m_keys.last().retired = o.value(u"retired"_s).toBool();
    }
    const auto current = quint32(root.value(u"current"_s).toInteger());
    if (ring.isEmpty() || !ring.find(current))
        return Status::invalidArgument(u"the stored data key names no current key"_s);
    ring.setCurrent(current);
    return ring;
}

QByteArray DataKeyring::toJson() const
{
    QJsonArray keys;
    for (const Key &k : m_keys) {
        QJsonObject o{{u"id"_s, qint64(k.id)},
                      {u"material"_s, QString::fromLatin1(k.material.toBase64())}};
        if (k.retired)
            o.insert(u"retired"_s, true);
        keys.append(o);
    }
    return QJsonDocument(QJsonObject{{u"current"_s, qint64(m_current)}, {u"keys"_s, keys}})
        .toJson(QJsonDocument::Compact);
}

quint32 DataKeyring::addKey()
{
    quint32 next = 1;
    for (const Key &k : m_keys)
        next = std::max(next, k.id + 1);
    addKey(next, crypto::randomBytes(32));
    m_current = next;
    return next;
}

void DataKeyring::addKey(quint32 id, const QByteArray &material)
{
    m_keys.append(derive(id, material));
    if (m_current == 0)
        m_current = id;
}

void DataKeyring::setCurrent(quint32 id)
{
    Q_ASSERT(find(id));
    m_current = id;
}

void DataKeyring::retireAllButCurrent()
{
    for (Key &k : m_keys)
        k.retired = k.id != m_current;
}

QList<const DataKeyring::Key *> DataKeyring::indexingKeys() const
{
    QList<const Key *> out{&current()};
    for (const Key &k : m_keys) {
        if (k.id != m_current && !k.retired)
            out.append(&k);
    }
    return out;
}

Status DataKeyring::save(SecretStore &store) const
{
    return store.write(QString::fromLatin1(kSecretName), toJson())
        .prefixed(u"saving the data keys"_s);
}

Result<DataKeyring> DataKeyring::load(SecretStore &store)
{
    const Result<std::optional<QByteArray>> existing = store.read(QString::fromLatin1(kSecretName));
    if (!existing.isOk())
        return existing.status().prefixed(u"reading the data keys"_s);
    if (!existing.value())
        return Status::notFound(u"the secrets store holds no data keys"_s);
    return fromJson(*existing.value());
}

const DataKeyring::Key &DataKeyring::current() const
{
    const Key *key = find(m_current);
    Q_ASSERT(key);
    return *key;
}

const DataKeyring::Key *DataKeyring::find(quint32 id) const
{
    for (const Key &k : m_keys) {
        if (k.id == id)
            return &k;
    }
    return nullptr;
}

} // namespace aiochat
