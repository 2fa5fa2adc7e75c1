#include "demodatagenerator.h"

#include "domain/enums.h"
#include "domain/timestamps.h"
#include "logging/logging.h"
#include "security/personaldatacipher.h"
#include "storage/connection.h"
#include "storage/dbwriter.h"
#include "storage/identityrepository.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlQuery>

#include <array>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

constexpr std::array kFirstNames{u"Siti",  u"Budi",   u"Dewi",    u"Agus",  u"Rina",  u"Andi",
                                 u"Putri", u"Hendra", u"Maya",    u"Rizky", u"Wulan", u"Fajar",
                                 u"Ayu",   u"Yusuf",  u"Nadia",   u"Bayu",  u"Intan", u"Dimas",
                                 u"Sari",  u"Eko",    u"Lestari", u"Joko",  u"Mega",  u"Arif",
                                 u"Citra", u"Teguh",  u"Indah",   u"Galih"};
constexpr std::array kLastNames{u"Rahayu",  u"Santoso", u"Wijaya",  u"Kusuma",  u"Pratama",
                                u"Hidayat", u"Saputra", u"Lestari", u"Nugroho", u"Permata",
                                u"Siregar", u"Halim",   u"Gunawan", u"Susanto", u"Wibowo",
                                u"Hakim",   u"Tanjung"};
constexpr std::array kOperators{u"Dewi (Customer Care)", u"Arif (Claims)", u"Maya (Billing)"};

// Conversation scripts: customer openers, bot answers, follow-ups. {name}, {policy}, {amount},
// {date} are filled per contact so the same script reads differently each time.
constexpr std::array kOpeners{
    u"Hi, when is my next premium payment due?",
    u"Halo, saya mau tanya soal klaim rawat inap bulan lalu.",
    u"I think I was charged twice this month for policy {policy}.",
    u"Can I change the beneficiary on my life policy?",
    u"How do I submit a claim for the car accident last week?",
    u"Is dental treatment covered by my health plan?",
    u"My address changed, how do I update it?",
    u"Sudah saya transfer premi bulan ini, mohon dicek ya.",
    u"Good morning. I lost my policy card, can I get a new one?",
    u"What documents do I need for a hospital claim?",
    u"Why did my premium go up this year?",
    u"Can I pay my premium by credit card?",
};
constexpr std::array kBotAnswers{
    u"Hello {name}! I can help with that. First I need to confirm it's you: please send your "
    u"policy number and date of birth.",
    u"Thank you, {name}, you're verified. Your next premium of Rp {amount} is due on {date}.",
    u"Claims can be submitted here: send photos of the invoice and the medical report, and I will "
    u"open the claim for you.",
    u"Dental treatment is covered up to Rp 5.000.000 per year on your plan, after a 6-month "
    u"waiting period.",
    u"I've passed this to a colleague, who will reply here shortly.",
    u"You can pay by bank transfer, virtual account or credit card. Would you like the payment "
    u"details?",
    u"Your address can be updated here: please send the new address and a photo of your ID card.",
};
constexpr std::array kFollowUps{
    u"Okay, here it is: {policy}, born {dob}.",
    u"Thanks, that helps!",
    u"I'd like to speak to a person, please.",
    u"Terima kasih banyak.",
    u"Attached is the invoice from the hospital.",
    u"When will the refund arrive?",
    u"Can you send me the payment details?",
    u"Yes please.",
    u"The app says my policy is inactive, is that right?",
};
constexpr std::array kOperatorReplies{
    u"Hi {name}, this is {operator}. I've checked your account and you are right: the second "
    u"charge will be refunded within 3 working days.",
    u"Your claim has been registered. We will let you know as soon as it is approved.",
    u"Your policy is active; the app will update overnight. Sorry for the confusion!",
    u"Payment details: virtual account 8808 {policy}, amount Rp {amount}.",
    u"I've updated your address. Anything else I can help with?",
};

QString fill(QStringView tmpl, const QString &name, const QString &policy, const QString &amount,
             const QString &due, const QString &dob, const QString &op)
{
    QString s = tmpl.toString();
    s.replace(u"{name}"_s, name);
    s.replace(u"{policy}"_s, policy);
    s.replace(u"{amount}"_s, amount);
    s.replace(u"{date}"_s, due);
    s.replace(u"{dob}"_s, dob);
    s.replace(u"{operator}"_s, op);
    return s;
}

template <typename Array>
QStringView pick(QRandomGenerator &rng, const Array &a)
{
    return QStringView(a[rng.bounded(int(a.size()))]);
}

struct DemoContact
{
    qint64 id = 0;
    QString name;
    QString phone;
    QString policy;
    QDate dob;
    QDate due;
    int premium = 0;
};

} // namespace

DemoDataGenerator::DemoDataGenerator(const PersonalDataCipher &cipher, DemoScale scale)
    : m_cipher(cipher)
    , m_scale(scale)
{}

Result<bool> DemoDataGenerator::storeIsEmpty(DbWriter &writer)
{
    bool empty = false;
    const Status s = writer.run([&empty](QSqlDatabase &db) {
        QSqlQuery q(db);
        if (!q.exec(u"SELECT EXISTS (SELECT 1 FROM conversations)"_s) || !q.next())
            return queryError(q, u"checking for existing data"_s);
        empty = !q.value(0).toBool();
        return Status::ok();
    });
    if (!s.isOk())
        return s;
    return empty;
}

Status DemoDataGenerator::generate(DbWriter &writer, const Progress &progress)
{
    QRandomGenerator rng(m_scale.seed);
    const Millis now = nowMillis();
    const QDate today = Clock::today();

    // Contacts first, in chunks; their ids are needed to link identities.
    QList<DemoContact> contacts;
    contacts.reserve(m_scale.contacts);
    for (int i = 0; i < m_scale.contacts; ++i) {
        DemoContact c;
        c.name = pick(rng, kFirstNames).toString() + u' ' + pick(rng, kLastNames).toString();
        c.phone = u"+628"_s + QString::number(1000000000LL + rng.bounded(899999999));
        c.policy = u"POL-"_s + QString::number(2020 + rng.bounded(6)) + u'-' +
                   QString::number(100000 + i).rightJustified(6, u'0');
        c.dob = QDate(1955 + rng.bounded(45), 1 + rng.bounded(12), 1 + rng.bounded(28));
        c.due = today.addDays(rng.bounded(-10, 45));
        c.premium = 250000 + rng.bounded(40) * 50000;
        contacts.append(c);
    }
    const PersonalDataCipher &cipher = m_cipher;
    constexpr int kChunk = 5000;
    for (int start = 0; start < contacts.size(); start += kChunk) {
        const int end = std::min<int>(start + kChunk, contacts.size());
        const Status s = writer.run([&, start, end](QSqlDatabase &db) {
            QSqlQuery q(db);
            if (!q.prepare(u"INSERT INTO contacts (display_name, phone_enc, phone_bidx, email_enc, "
                           u"email_bidx, policy_enc, policy_bidx, dob_enc, dob_bidx, attributes, "
                           u"created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                           u"RETURNING id"_s))
                return queryError(q, u"preparing demo contacts"_s);
            for (int i = start; i < end; ++i) {
                DemoContact &c = contacts[i];
                const QString email =
                    c.name.toLower().replace(u' ', u'.') + QString::number(i) + u"@example.co.id"_s;
                const QString dob = c.dob.toString(Qt::ISODate);
                const QJsonObject attrs{
                    {u"premium"_s, c.premium},
                    {u"paymentDueDate"_s, c.due.toString(Qt::ISODate)},
                    {u"plan"_s, rng.bounded(2) ? u"Health Plus"_s : u"Motor Comprehensive"_s}};
                q.addBindValue(c.name);
                q.addBindValue(cipher.seal(PersonalField::Phone, c.phone));
                q.addBindValue(cipher.blindIndex(PersonalField::Phone, c.phone));
                q.addBindValue(cipher.seal(PersonalField::Email, email));
                q.addBindValue(cipher.blindIndex(PersonalField::Email, email));
                q.addBindValue(cipher.seal(PersonalField::PolicyNumber, c.policy));
                q.addBindValue(cipher.blindIndex(PersonalField::PolicyNumber, c.policy));
                q.addBindValue(cipher.seal(PersonalField::DateOfBirth, dob));
                q.addBindValue(cipher.blindIndex(PersonalField::DateOfBirth, dob));
                q.addBindValue(
                    QString::fromUtf8(QJsonDocument(attrs).toJson(QJsonDocument::Compact)));
                q.addBindValue(now - 90LL * 86400000);
                q.addBindValue(now - 90LL * 86400000);
                if (!q.exec() || !q.next())
                    return queryError(q, u"inserting demo contacts"_s);
                c.id = q.value(0).toLongLong();
                q.finish();
            }
            return Status::ok();
        });
        if (!s.isOk())
            return s;
    }

    // Conversations with their identities and messages, a chunk per transaction.
    qint64 messagesDone = 0;
    constexpr int kConvChunk = 2000;
    const qint64 span = std::max<qint64>(1, m_scale.spreadDays) * 86400000;
    for (int start = 0; start < m_scale.conversations; start += kConvChunk) {
        const int end = std::min(start + kConvChunk, m_scale.conversations);
        qint64 chunkMessages = 0;
        const Status s = writer.run([&, start, end](QSqlDatabase &db) {
            QSqlQuery identity(db);
            QSqlQuery conversation(db);
            QSqlQuery message(db);
            if (!identity.prepare(
                    u"INSERT INTO contact_identities (contact_id, platform, "
                    u"platform_user_enc, platform_user_bidx, display_name, username, "
                    u"verified_at, verification_expires_at, created_at, last_seen_at) "
                    u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s) ||
                !conversation.prepare(
                    u"INSERT INTO conversations (contact_id, identity_id, "
                    u"platform, status, handler, unread_count, last_message_at, "
                    u"last_inbound_at, first_response_at, resolved_at, created_at, "
                    u"updated_at, attention_reason, waiting_since) "
                    u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s) ||
                !message.prepare(u"INSERT INTO messages (conversation_id, identity_id, direction, "
                                 u"sender, sender_name, kind, text, attachments, "
                                 u"platform_message_id, status, error, created_at, updated_at) "
                                 u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s))
                return Status::internal(u"preparing demo statements failed"_s);
            const QVariant nullId(QMetaType(QMetaType::LongLong));
            const QVariant nullText(QMetaType(QMetaType::QString));
            for (int i = start; i < end; ++i) {
                const bool linked = !contacts.isEmpty() && rng.bounded(10) < 8;
                const DemoContact *c =
                    linked ? &contacts[rng.bounded(int(contacts.size()))] : nullptr;
                const int pr = rng.bounded(100);
                const Platform platform = pr < 45
                                              ? Platform::WhatsApp
                                              : (pr < 85 ? Platform::Telegram : Platform::Sandbox);
                const QString name =
                    c ? c->name
                      : pick(rng, kFirstNames).toString() + u' ' + pick(rng, kLastNames).toString();
                // Platform ids are per conversation so each conversation has its own identity.
                const QString uid = platform == Platform::WhatsApp
                                        ? u"628"_s + QString::number(2000000000LL + i)
                                        : QString::number(500000000LL + i);
                Millis last = now - qint64(rng.generateDouble() * double(span)) - 60000;
                const int sr = rng.bounded(100);
                const ConversationStatus status =
                    sr < 12 ? ConversationStatus::NeedsAttention
                            : (sr < 45 ? ConversationStatus::Open
                                       : (sr < 85 ? ConversationStatus::Resolved
                                                  : ConversationStatus::Closed));
                // Customers wait minutes to hours, not weeks: a waiting conversation is a recent
                // one. Most were handed over by the bot; a person owns the rest.
                AttentionReason reason = AttentionReason::None;
                if (status == ConversationStatus::NeedsAttention) {
                    last = now - 60000 - rng.bounded(3 * 3600) * 1000LL;
                    const int rr = rng.bounded(10);
                    reason = rr < 5   ? AttentionReason::AskedForHuman
                             : rr < 8 ? AttentionReason::CustomerWaiting
                                      : AttentionReason::BotCouldNotAnswer;
                }
                const bool verified = c && rng.bounded(3) > 0;

                identity.addBindValue(c ? QVariant(c->id) : nullId);
                identity.addBindValue(toString(platform));
                identity.addBindValue(cipher.seal(PersonalField::PlatformUserId, uid));
                identity.addBindValue(cipher.blindIndex(
                    PersonalField::PlatformUserId, IdentityRepository::scopedId(platform, uid)));
                identity.addBindValue(name);
                identity.addBindValue(platform == Platform::Telegram
                                          ? name.section(u' ', 0, 0).toLower() + QString::number(i)
                                          : u""_s);
                identity.addBindValue(verified ? last - 86400000 : 0);
                identity.addBindValue(verified ? last + 29LL * 86400000 : 0);
                identity.addBindValue(last - 86400000);
                identity.addBindValue(last);
                if (!identity.exec() || !identity.next())
                    return queryError(identity, u"inserting demo identities"_s);
                const qint64 identityId = identity.value(0).toLongLong();
                identity.finish();

                const int count =
                    m_scale.minMessages +
                    rng.bounded(std::max(1, m_scale.maxMessages - m_scale.minMessages + 1));
                const Millis first = last - qint64(count) * (60000 + rng.bounded(600000));
                const bool human = status == ConversationStatus::NeedsAttention
                                       ? reason != AttentionReason::BotCouldNotAnswer
                                       : rng.bounded(4) == 0;
                const int unread = (status == ConversationStatus::NeedsAttention ||
                                    status == ConversationStatus::Open)
                                       ? rng.bounded(4)
                                       : 0;
                conversation.addBindValue(c ? QVariant(c->id) : nullId);
                conversation.addBindValue(identityId);
                conversation.addBindValue(toString(platform));
                conversation.addBindValue(toString(status));
                conversation.addBindValue(human ? u"human"_s : u"bot"_s);
                conversation.addBindValue(unread);
                conversation.addBindValue(last);
                conversation.addBindValue(last);
                conversation.addBindValue(first + 20000);
                conversation.addBindValue(status == ConversationStatus::Resolved ||
                                                  status == ConversationStatus::Closed
                                              ? last + 60000
                                              : 0);
                conversation.addBindValue(first);
                conversation.addBindValue(last);
                conversation.addBindValue(toString(reason));
                conversation.addBindValue(reason == AttentionReason::None ? 0 : last);
                if (!conversation.exec() || !conversation.next())
                    return queryError(conversation, u"inserting demo conversations"_s);
                const qint64 conversationId = conversation.value(0).toLongLong();
                conversation.finish();

                const QString policy = c ? c->policy : u"POL-2024-000000"_s;
                const QString amount =
                    QLocale(QLocale::Indonesian).toString(c ? c->premium : 450000);
                const QString due = c ? c->due.toString(Qt::ISODate) : QString();
                const QString dob = c ? c->dob.toString(Qt::ISODate) : QString();
                const QString op = pick(rng, kOperators).toString();
                const QString firstName = name.section(u' ', 0, 0);
                for (int k = 0; k < count; ++k) {
                    // The last message is the customer's when the conversation awaits an answer.
                    const bool awaiting = status == ConversationStatus::NeedsAttention ||
                                          status == ConversationStatus::Open;
                    const bool inbound = (k == count - 1) ? awaiting : (k % 2 == 0);
                    SenderKind sender = SenderKind::Customer;
                    QString text;
                    MessageKind kind = MessageKind::Text;
                    QJsonArray attachments;
                    if (inbound) {
                        text = fill(k == 0 ? pick(rng, kOpeners) : pick(rng, kFollowUps), firstName,
                                    policy, amount, due, dob, op);
                        if (k > 0 && rng.bounded(12) == 0) {
                            const bool photo = rng.bounded(2);
                            kind = photo ? MessageKind::Photo : MessageKind::Document;
                            attachments.append(QJsonObject{
                                {u"name"_s, photo ? u"receipt.jpg"_s : u"hospital_invoice.pdf"_s},
                                {u"mimeType"_s, photo ? u"image/jpeg"_s : u"application/pdf"_s},
                                {u"size"_s, 80000 + rng.bounded(900000)}});
                            text = photo ? QString() : u"Invoice attached"_s;
                        }
                    } else if (human && k > 2) {
                        sender = SenderKind::Operator;
                        text = fill(pick(rng, kOperatorReplies), firstName, policy, amount, due,
                                    dob, op);
                    } else {
                        sender = SenderKind::Bot;
                        text =
                            fill(pick(rng, kBotAnswers), firstName, policy, amount, due, dob, op);
                    }
                    const Millis at = first + (last - first) * k / std::max(1, count - 1);
                    QString deliveryStatus = u"received"_s;
                    QVariant error = nullText;
                    if (!inbound) {
                        const int d = rng.bounded(100);
                        deliveryStatus =
                            d < 70 ? u"read"_s : (d < 95 ? u"delivered"_s : u"failed"_s);
                        if (d >= 95)
                            error =
                                platform == Platform::WhatsApp
                                    ? u"131047: Re-engagement message. More than 24 hours have passed since the customer last replied."_s
                                    : u"Forbidden: bot was blocked by the user"_s;
                    }
                    message.addBindValue(conversationId);
                    message.addBindValue(identityId);
                    message.addBindValue(inbound ? u"in"_s : u"out"_s);
                    message.addBindValue(toString(sender));
                    message.addBindValue(sender == SenderKind::Operator ? op : u""_s);
                    message.addBindValue(toString(kind));
                    message.addBindValue(text.isEmpty() ? nullText : QVariant(text));
                    message.addBindValue(
                        attachments.isEmpty()
                            ? nullText
                            : QVariant(QString::fromUtf8(
                                  QJsonDocument(attachments).toJson(QJsonDocument::Compact))));
                    message.addBindValue(u"demo-"_s + QString::number(conversationId) + u'-' +
                                         QString::number(k));
                    message.addBindValue(deliveryStatus);
                    message.addBindValue(error);
                    message.addBindValue(at);
                    message.addBindValue(at);
                    if (!message.exec())
                        return queryError(message, u"inserting demo messages"_s);
                    ++chunkMessages;
                }
            }
            return Status::ok();
        });
        if (!s.isOk())
            return s;
        messagesDone += chunkMessages;
        if (progress)
            progress(end, messagesDone);
    }
    qCInfo(lcDemo) << "demo data:" << m_scale.contacts << "contacts," << m_scale.conversations
                   << "conversations," << messagesDone << "messages";
    return Status::ok();
}

} // namespace aiochat
