// Platform payloads → normalised events, from field-accurate samples (tests/data): every kind
// the product handles, the privacy rules (no phone numbers in message text), and malformed input.
#include "channels/sandbox/sandboxnormalizer.h"
#include "channels/telegram/telegramnormalizer.h"
#include "channels/whatsapp/whatsappnormalizer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;

namespace {

QByteArray fixture(const QString &name)
{
    QFile f(QStringLiteral(AIOCHAT_TEST_DATA_DIR) + u'/' + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return f.readAll().trimmed();
}

QJsonObject attachment(const InboundMessage &m, const QString &kind)
{
    for (const QJsonValue &v : m.attachments) {
        if (v.toObject().value(u"kind"_s).toString() == kind)
            return v.toObject();
    }
    return {};
}

} // namespace

class TestNormalizers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void telegramTextWithEntities()
    {
        const auto r = normalizeTelegramUpdate(fixture(u"telegram/text_command.json"_s));
        QVERIFY(r.isOk());
        QCOMPARE(r->messages.size(), 1);
        const InboundMessage &m = r->messages.first();
        QCOMPARE(toString(m.platform), toString(Platform::Telegram));
        QCOMPARE(m.platformUserId, u"123456789"_s);
        QCOMPARE(m.displayName, u"Alice Smith"_s);
        QCOMPARE(m.username, u"alice_s"_s);
        QCOMPARE(m.text, u"/start hello 👋"_s);
        QCOMPARE(m.platformMessageId, u"1187"_s);
        QCOMPARE(m.sentAt, 1767225600000LL);
        QVERIFY(!m.isGroup);
        QCOMPARE(attachment(m, u"entities"_s)
                     .value(u"entities"_s)
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"type"_s)
                     .toString(),
                 u"bot_command"_s);
        QCOMPARE(telegramUpdateId(fixture(u"telegram/text_command.json"_s)), 905512001LL);
    }

    void telegramEditInAGroupChat()
    {
        const auto r = normalizeTelegramUpdate(fixture(u"telegram/edited_supergroup.json"_s));
        QVERIFY(r.isOk());
        QCOMPARE(r->edits.size(), 1);
        QCOMPARE(r->edits.first().platformUserId, u"-1001234567890"_s); // 64-bit negative id, exact
        QCOMPARE(r->edits.first().text, u"Meeting moved to 15:30 (room B)"_s);
        QCOMPARE(r->edits.first().editedAt, 1767225672000LL);
        QCOMPARE(r->messages.size(), 1);
        QVERIFY(r->messages.first().isGroup);
        QCOMPARE(r->messages.first().displayName, u"Support Team"_s);
        QCOMPARE(r->messages.first().senderName, u"Alice"_s);
    }

    void telegramOwnContactIsEvidenceAndNeverText()
    {
        auto r = normalizeTelegramUpdate(fixture(u"telegram/contact_own.json"_s));
        QVERIFY(r.isOk());
        QCOMPARE(r->identityChanges.size(), 1);
        QVERIFY(r->identityChanges.first().kind == IdentityChange::Kind::PhoneEvidence);
        QCOMPARE(r->identityChanges.first().phone, u"+447700900123"_s);
        const InboundMessage &m = r->messages.first();
        QCOMPARE(toString(m.kind), toString(MessageKind::Contact));
        QVERIFY(!m.text.contains(u"7700900123"_s));
        QVERIFY(attachment(m, u"contact"_s).value(u"ownNumber"_s).toBool());
        // Someone else's number is not evidence about this user.
        r = normalizeTelegramUpdate(fixture(u"telegram/contact_other.json"_s));
        QVERIFY(r.isOk());
        QVERIFY(r->identityChanges.isEmpty());
        QVERIFY(!attachment(r->messages.first(), u"contact"_s).value(u"ownNumber"_s).toBool());
        QVERIFY(!QJsonDocument(r->messages.first().attachments).toJson().contains("7700900999"));
    }

    void telegramPhotoTakesTheLargestSize()
    {
        const auto r = normalizeTelegramUpdate(fixture(u"telegram/photo_caption.json"_s));
        QVERIFY(r.isOk());
        const InboundMessage &m = r->messages.first();
        QCOMPARE(toString(m.kind), toString(MessageKind::Photo));
        QCOMPARE(m.text, u"Invoice 42 #receipt"_s);
        const QJsonObject photo = attachment(m, u"photo"_s);
        QCOMPARE(photo.value(u"fileId"_s).toString(), u"AgACAgIAAxkBAAIEr2abc_large"_s);
        QCOMPARE(photo.value(u"width"_s).toInt(), 1280);
        QVERIFY(!attachment(m, u"entities"_s).isEmpty());
    }

    void telegramDocumentKeepsMetadata()
    {
        const auto r = normalizeTelegramUpdate(fixture(u"telegram/document.json"_s));
        QVERIFY(r.isOk());
        const QJsonObject doc = attachment(r->messages.first(), u"document"_s);
        QCOMPARE(doc.value(u"name"_s).toString(), u"policy_statement.pdf"_s);
        QCOMPARE(doc.value(u"mimeType"_s).toString(), u"application/pdf"_s);
        QCOMPARE(doc.value(u"size"_s).toInteger(), 3145728);
        QCOMPARE(r->messages.first().text, u"my statement"_s);
    }

    void telegramCallbackAndBlock()
    {
        auto r = normalizeTelegramUpdate(fixture(u"telegram/callback_query.json"_s));
        QVERIFY(r.isOk());
        QCOMPARE(toString(r->messages.first().kind), toString(MessageKind::Callback));
        QCOMPARE(r->messages.first().text, u"confirm:42"_s);
        QCOMPARE(r->messages.first().platformMessageId, u"callback:4382bfdwdsb323b2d9"_s);
        QCOMPARE(
            attachment(r->messages.first(), u"callback"_s).value(u"callbackQueryId"_s).toString(),
            u"4382bfdwdsb323b2d9"_s);
        r = normalizeTelegramUpdate(fixture(u"telegram/blocked.json"_s));
        QVERIFY(r.isOk());
        QVERIFY(r->messages.isEmpty());
        QVERIFY(r->identityChanges.first().kind == IdentityChange::Kind::Blocked);
        QCOMPARE(r->identityChanges.first().platformUserId, u"123456789"_s);
        QByteArray unblocked = fixture(u"telegram/blocked.json"_s);
        unblocked.replace(R"("status":"kicked")", R"("status":"member")");
        QVERIFY(normalizeTelegramUpdate(unblocked)->identityChanges.first().kind ==
                IdentityChange::Kind::Unblocked);
    }

    void telegramGroupsAndUnknownKinds()
    {
        auto r = normalizeTelegramUpdate(fixture(u"telegram/group_text.json"_s));
        QVERIFY(r->messages.first().isGroup);
        QCOMPARE(r->messages.first().senderName, u"Budi Santoso"_s);
        QCOMPARE(r->messages.first().platformUserId, u"-1009876543210"_s);
        r = normalizeTelegramUpdate(fixture(u"telegram/poll_unknown.json"_s));
        QVERIFY(r.isOk());
        QVERIFY(r->unknownKind);
        QCOMPARE(r->kinds, QStringList{u"poll"_s});
    }

    void telegramMalformed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not json") << QByteArray("update_id=5");
        QTest::newRow("array") << QByteArray("[1,2]");
        QTest::newRow("no update_id") << QByteArray(R"({"message":{}})");
        QTest::newRow("message without chat")
            << QByteArray(R"({"update_id":1,"message":{"message_id":1,"date":1}})");
        QTest::newRow("invalid utf-8")
            << QByteArray("{\"update_id\":1,\"message\":{\"text\":\"\xff\xfe\"}}");
        QTest::newRow("truncated") << fixture(u"telegram/text_command.json"_s).left(60);
    }
    void telegramMalformed()
    {
        QFETCH(QByteArray, body);
        const auto r = normalizeTelegramUpdate(body);
        QVERIFY(!r.isOk());
        QCOMPARE(r.status().code(), Status::Code::InvalidArgument);
    }

    void whatsAppTextAndProfileName()
    {
        const auto r = normalizeWhatsAppNotification(fixture(u"whatsapp/text.json"_s));
        QVERIFY(r.isOk());
        const InboundMessage &m = r->messages.first();
        QCOMPARE(toString(m.platform), toString(Platform::WhatsApp));
        QCOMPARE(m.platformUserId, u"16505551234"_s);
        QCOMPARE(m.displayName, u"Sheena Nelson"_s);
        QCOMPARE(m.text, u"Does it come in another color?"_s);
        QCOMPARE(m.sentAt, 1749416383000LL);
        QCOMPARE(m.platformMessageId,
                 u"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA="_s);
    }

    void whatsAppEscapedNonAscii()
    {
        const auto r = normalizeWhatsAppNotification(fixture(u"whatsapp/non_ascii_name.json"_s));
        QVERIFY(r.isOk());
        QCOMPARE(r->messages.first().displayName, u"Renée François"_s);
        QCOMPARE(r->messages.first().text, u"Café à Paris 😀"_s);
    }

    void whatsAppImage()
    {
        const auto r = normalizeWhatsAppNotification(fixture(u"whatsapp/image.json"_s));
        const InboundMessage &m = r->messages.first();
        QCOMPARE(toString(m.kind), toString(MessageKind::Photo));
        QCOMPARE(m.text, u"Taj Mahal"_s);
        QCOMPARE(attachment(m, u"image"_s).value(u"mediaId"_s).toString(), u"1003383421387256"_s);
        QCOMPARE(attachment(m, u"image"_s).value(u"mimeType"_s).toString(), u"image/jpeg"_s);
    }

    void whatsAppMixedBatch()
    {
        const auto r = normalizeWhatsAppNotification(fixture(u"whatsapp/mixed_batch.json"_s));
        QVERIFY(r.isOk());
        QCOMPARE(r->messages.size(), 6);
        const InboundMessage &doc = r->messages.at(0);
        QCOMPARE(doc.platformUserId, u"16505551234"_s); // "+" stripped
        QCOMPARE(doc.displayName, u"Sheena Nelson"_s);
        QCOMPARE(toString(doc.kind), toString(MessageKind::Document));
        QCOMPARE(attachment(doc, u"document"_s).value(u"name"_s).toString(), u"claim.pdf"_s);
        const InboundMessage &button = r->messages.at(1);
        QCOMPARE(toString(button.kind), toString(MessageKind::Interactive));
        QCOMPARE(button.text, u"Cancel"_s);
        QCOMPARE(attachment(button, u"button_reply"_s).value(u"replyId"_s).toString(),
                 u"cancel-button"_s);
        QCOMPARE(attachment(button, u"context"_s).value(u"replyTo"_s).toString(),
                 u"wamid.OURS0001"_s);
        QCOMPARE(r->messages.at(2).text, u"Health Plus"_s);
        QCOMPARE(attachment(r->messages.at(2), u"list_reply"_s).value(u"replyId"_s).toString(),
                 u"plan-2"_s);
        QCOMPARE(r->messages.at(3).text, u"Pay now"_s);
        QCOMPARE(attachment(r->messages.at(3), u"template_button"_s).value(u"payload"_s).toString(),
                 u"PAY_NOW"_s);
        QCOMPARE(toString(r->messages.at(4).kind), toString(MessageKind::Reaction));
        QCOMPARE(r->messages.at(4).text, u"👍"_s);
        QCOMPARE(toString(r->messages.at(5).kind), toString(MessageKind::Unsupported));
        QVERIFY(r->messages.at(5).text.startsWith(u"131051: Message type unknown"_s));
        QCOMPARE(r->reports.size(), 1);
        QCOMPARE(toString(r->reports.first().status), toString(DeliveryStatus::Delivered));
    }

    void whatsAppStatusesAndErrors()
    {
        auto r = normalizeWhatsAppNotification(fixture(u"whatsapp/statuses.json"_s));
        QVERIFY(r.isOk());
        QCOMPARE(r->reports.size(), 3);
        QCOMPARE(toString(r->reports.at(0).status), toString(DeliveryStatus::Read));
        QCOMPARE(toString(r->reports.at(1).status), toString(DeliveryStatus::Delivered));
        QCOMPARE(toString(r->reports.at(2).status), toString(DeliveryStatus::Failed));
        QVERIFY(r->reports.at(2).error.startsWith(u"131049: This message was not delivered"_s));
        QVERIFY(
            r->reports.at(2).error.contains(u"healthy ecosystem engagement, the message failed"_s));
        r = normalizeWhatsAppNotification(fixture(u"whatsapp/value_errors.json"_s));
        QVERIFY(r.isOk());
        QCOMPARE(r->errors.size(), 1);
        QVERIFY(r->errors.first().startsWith(u"130429: Rate limit hit"_s));
        QVERIFY(r->messages.isEmpty());
        QVERIFY(!r->unknownKind);
    }

    void outOfRangeNumbersAreNotUndefinedBehaviour()
    {
        // Found by fuzzing: numbers too large for 64 bits used to be converted unchecked.
        auto tg = normalizeTelegramUpdate(
            R"({"update_id":5,"message":{"message_id":1,"chat":{"id":1e300,"type":"private"},"date":1e300,"text":"x"}})");
        QVERIFY(!tg.isOk()); // a chat id that is not an id makes the message unusable
        tg = normalizeTelegramUpdate(
            R"({"update_id":5,"message":{"message_id":1,"chat":{"id":7,"type":"private"},"date":1e300,"text":"x"}})");
        QVERIFY(tg.isOk());
        QCOMPARE(tg->messages.first().sentAt, 0); // "not given": arrival time is used instead
        QCOMPARE(telegramUpdateId(R"({"update_id":1e300})"), -1);
        const auto wa = normalizeWhatsAppNotification(
            R"({"entry":[{"changes":[{"field":"messages","value":{"messages":[{"from":"1","id":"w","timestamp":"9223372036854775807","type":"text","text":{"body":"x"}}]}}]}]})");
        QVERIFY(wa.isOk());
        QCOMPARE(wa->messages.first().sentAt, 0);
    }

    void whatsAppMalformed()
    {
        QVERIFY(!normalizeWhatsAppNotification("").isOk());
        QVERIFY(!normalizeWhatsAppNotification("{\"object\":1}").isOk());
        QVERIFY(!normalizeWhatsAppNotification("[]").isOk());
        // Well-formed but about another field: kept, nothing to do.
        const auto other = normalizeWhatsAppNotification(
            R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"account_update","value":{}}]}]})");
        QVERIFY(other.isOk());
        QVERIFY(other->unknownKind);
    }

    void sandboxMessages()
    {
        const auto r = normalizeSandboxMessage(
            R"({"user":"t1","name":"Tester","text":"hi","id":"abc","sentAt":5})");
        QVERIFY(r.isOk());
        QCOMPARE(toString(r->messages.first().platform), toString(Platform::Sandbox));
        QCOMPARE(r->messages.first().text, u"hi"_s);
        QVERIFY(!normalizeSandboxMessage(R"({"user":"t1","text":""})").isOk());
    }
};

QTEST_GUILESS_MAIN(TestNormalizers)
#include "tst_normalizers.moc"
