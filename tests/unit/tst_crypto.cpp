// Crypto primitives and personal-data sealing: known-answer vectors, tamper detection, and the
// guarantees the storage layer relies on (field binding, normalised blind indexes, rotation).
#include "security/crypto.h"
#include "security/datakeyring.h"
#include "security/personaldatacipher.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;

class TestCrypto : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(u".*"_s)); }

    void hmacMatchesRfc4231()
    {
        // RFC 4231, test case 2.
        const QByteArray mac = crypto::hmacSha256("Jefe", "what do ya want for nothing?");
        QCOMPARE(mac.toHex(), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    void hkdfMatchesRfc5869()
    {
        // RFC 5869, test case 1.
        const QByteArray ikm = QByteArray::fromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        const QByteArray salt = QByteArray::fromHex("000102030405060708090a0b0c");
        const QByteArray info = QByteArray::fromHex("f0f1f2f3f4f5f6f7f8f9");
        QCOMPARE(
            crypto::hkdfSha256(ikm, salt, info, 42).toHex(),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    void aesGcmRoundTripsAndUsesFreshNonces()
    {
        const QByteArray key = crypto::randomBytes(32);
        const Result<QByteArray> a = crypto::aesGcmEncrypt(key, "policy POL-2024-000123", "ctx");
        const Result<QByteArray> b = crypto::aesGcmEncrypt(key, "policy POL-2024-000123", "ctx");
        QVERIFY(a.isOk() && b.isOk());
        QVERIFY(a.value() != b.value()); // random nonce per value
        QCOMPARE(a.value().size(), 12 + 22 + 16);
        QVERIFY(!a.value().contains("POL-2024"));
        const Result<QByteArray> opened = crypto::aesGcmDecrypt(key, a.value(), "ctx");
        QVERIFY(opened.isOk());
        QCOMPARE(opened.value(), "policy POL-2024-000123");
    }

    void aesGcmRejectsTamperingWrongKeyAndWrongContext()
    {
        const QByteArray key = crypto::randomBytes(32);
        QByteArray sealed = crypto::aesGcmEncrypt(key, "+6281234567890", "phone").value();
        QVERIFY(!crypto::aesGcmDecrypt(crypto::randomBytes(32), sealed, "phone").isOk());
        QVERIFY(!crypto::aesGcmDecrypt(key, sealed, "email").isOk());
        sealed[14] = char(sealed[14] ^ 0x01);
        QVERIFY(!crypto::aesGcmDecrypt(key, sealed, "phone").isOk());
        QVERIFY(!crypto::aesGcmDecrypt(key, sealed.left(10), "phone").isOk());
        QVERIFY(!crypto::aesGcmEncrypt(QByteArray(16, 'k'), "x").isOk());
    }

    void constantTimeEqualsComparesContentAndLength()
    {
        QVERIFY(crypto::constantTimeEquals("secret-token", "secret-token"));
        QVERIFY(!crypto::constantTimeEquals("secret-token", "secret-tokeN"));
        QVERIFY(!crypto::constantTimeEquals("secret-token", "secret-token-longer"));
    }

    void personalDataIsBoundToItsField()
    {
        DataKeyring ring;
        ring.addKey();
        const PersonalDataCipher cipher(ring);
        const QByteArray sealed = cipher.seal(PersonalField::Phone, u"+62 812-3456-7890"_s);
        QCOMPARE(sealed.at(0), char(0x01));
        QCOMPARE(PersonalDataCipher::keyIdOf(sealed), ring.current().id);
        QCOMPARE(cipher.open(PersonalField::Phone, sealed).value(), u"+62 812-3456-7890"_s);
        // Moving the value into another column does not decrypt.
        QVERIFY(!cipher.open(PersonalField::Email, sealed).isOk());
        QVERIFY(cipher.seal(PersonalField::Email, {}).isEmpty());
        QCOMPARE(cipher.open(PersonalField::Email, {}).value(), QString());
    }

    void blindIndexMatchesNormalisedValuesOnly()
    {
        DataKeyring ring;
        ring.addKey();
        const PersonalDataCipher cipher(ring);
        QCOMPARE(cipher.blindIndex(PersonalField::Phone, u"+62 812-3456-7890"_s),
                 cipher.blindIndex(PersonalField::Phone, u"6281234567890"_s));
        QCOMPARE(cipher.blindIndex(PersonalField::Email, u" Siti@Example.COM "_s),
                 cipher.blindIndex(PersonalField::Email, u"siti@example.com"_s));
        QCOMPARE(cipher.blindIndex(PersonalField::PolicyNumber, u"pol-2024 000123"_s),
                 cipher.blindIndex(PersonalField::PolicyNumber, u"POL2024000123"_s));
        QVERIFY(cipher.blindIndex(PersonalField::Phone, u"6281234567890"_s) !=
                cipher.blindIndex(PersonalField::Phone, u"6281234567891"_s));
        // The same digits in another column give another index.
        QVERIFY(cipher.blindIndex(PersonalField::Phone, u"123456"_s) !=
                cipher.blindIndex(PersonalField::PolicyNumber, u"123456"_s));
        // Another key gives another index: the index is keyed, not a plain hash.
        DataKeyring other;
        other.addKey();
        QVERIFY(PersonalDataCipher(other).blindIndex(PersonalField::Phone, u"6281234567890"_s) !=
                cipher.blindIndex(PersonalField::Phone, u"6281234567890"_s));
        QVERIFY(cipher.blindIndex(PersonalField::Phone, u"  "_s).isEmpty());
    }

    void keyringSurvivesSerialisationAndRotation()
    {
        DataKeyring ring;
        const quint32 first = ring.addKey();
        const QByteArray oldSealed =
            PersonalDataCipher(ring).seal(PersonalField::Email, u"a@b.id"_s);

        const quint32 second = ring.addKey();
        QVERIFY(second != first);
        const Result<DataKeyring> restored = DataKeyring::fromJson(ring.toJson());
        QVERIFY(restored.isOk());
        QCOMPARE(restored.value().current().id, second);
        const PersonalDataCipher rotated(restored.value());
        // Values sealed before the rotation still open; new ones use the new key.
        QCOMPARE(rotated.open(PersonalField::Email, oldSealed).value(), u"a@b.id"_s);
        QCOMPARE(PersonalDataCipher::keyIdOf(rotated.seal(PersonalField::Email, u"x@y.id"_s)),
                 second);

        QVERIFY(!DataKeyring::fromJson("not json").isOk());
        QVERIFY(!DataKeyring::fromJson(R"({"current":1,"keys":[{"id":1,"material":"c2hvcnQ="}]})")
                     .isOk());
        QVERIFY(!DataKeyring::fromJson(R"({"current":7,"keys":[]})").isOk());
    }
};

QTEST_GUILESS_MAIN(TestCrypto)
#include "tst_crypto.moc"
