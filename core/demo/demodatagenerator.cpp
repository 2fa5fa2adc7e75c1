#include "demodatagenerator.h"

#include "automation/rule.h"
#include "domain/enums.h"
#include "domain/timestamps.h"
#include "logging/logging.h"
#include "security/personaldatacipher.h"
#include "storage/connection.h"
#include "storage/dbwriter.h"
#include "storage/identityrepository.h"
#include "storage/messagetext.h"

#include <QDate>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRandomGenerator>
#include <QSqlQuery>

#include <array>
#include <tuple>

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
// The demo's team: agents who cannot sign in (their password hash verifies nothing) but own
// conversations, so assignment and "who answers" look as in a real office.
struct DemoOperator
{
    const char16_t *email;
    const char16_t *name;
};
constexpr std::array kTeam{DemoOperator{u"dewi@team.example", u"Dewi (Customer Care)"},
                           DemoOperator{u"arif@team.example", u"Arif (Claims)"},
                           DemoOperator{u"maya@team.example", u"Maya (Billing)"}};

// Conversations are made of exchanges: a customer's message and the answer to it, by the bot or
// by a person. {name}, {amount}, {date}, {tail} (the last digits of the policy number, the way a
// careful customer or bot would write it) and {account} are filled per customer. Exchanges that
// speak of a customer's own policy are only used for conversations linked to a customer record.
struct Exchange
{
    const char16_t *question;
    const char16_t *bot;
    const char16_t *person;
    bool personal;
};
constexpr std::array kExchanges{
    Exchange{u"Hi, when is my next premium payment due?",
             u"Your next premium of Rp {amount} is due on {date}.",
             u"Hi {name}, your next premium of Rp {amount} is due on {date}.", true},
    Exchange{u"Halo, saya mau tanya soal klaim rawat inap bulan lalu.",
             u"Klaim rawat inap Anda sedang diperiksa; kami kabari paling lambat 5 hari kerja.",
             u"Halo {name}, klaim Anda sudah kami terima dan sedang diperiksa tim klaim.", true},
    Exchange{u"I think I was charged twice this month.",
             u"I've passed this to a colleague, who will check the payments and reply here.",
             u"Hi {name}, you are right: the second charge will be refunded within 3 working days.",
             true},
    Exchange{u"When will the refund arrive?",
             u"Refunds reach your account within 3 working days of approval.",
             u"The refund was approved today, so it arrives by the end of the week.", true},
    Exchange{u"Is dental treatment covered by my health plan?",
             u"Dental treatment is covered up to Rp 5.000.000 per year, after a 6-month waiting "
             u"period.",
             u"Yes: up to Rp 5.000.000 per year once you have been insured for 6 months.", false},
    Exchange{u"What documents do I need for a hospital claim?",
             u"The hospital invoice, the medical report and a copy of your ID card. Send photos "
             u"here and I will open the claim.",
             u"Please send the invoice, the medical report and your ID card; I'll open the claim.",
             false},
    Exchange{u"Can I pay my premium by credit card?",
             u"Yes: by bank transfer, virtual account or credit card. Would you like the payment "
             u"details?",
             u"Of course. Shall I send you the payment details?", false},
    Exchange{u"Yes, please send the payment details.",
             u"Virtual account {account}, amount Rp {amount}, due {date}.",
             u"Here they are: virtual account {account}, amount Rp {amount}.", true},
    Exchange{u"My address changed, how do I update it?",
             u"Send the new address and a photo of your ID card here and I'll update it.",
             u"Send me the new address and I'll update it right away.", false},
    Exchange{u"Good morning. I lost my policy card, can I get a new one?",
             u"A new card is on its way by post; the digital card is in the app meanwhile.",
             u"I've ordered a new card for you, {name}; it arrives within a week.", true},
    Exchange{u"The app says my policy is inactive, is that right?",
             u"Your policy is active; the app updates overnight. Sorry for the confusion!",
             u"I checked: your policy is active. The app will show it after tonight's update.",
             true},
    Exchange{u"Terima kasih banyak.", u"Sama-sama, {name}! Ada lagi yang bisa kami bantu?",
             u"Sama-sama, {name}. Semoga lekas pulih!", false},
};
// Before anything personal the bot asks who it is talking to; the customer's answer is written
// the way the console shows personal data: only the last digits.
constexpr auto kVerifyAsk = u"Hello {name}! First I need to confirm it's you: please send your "
                            u"policy number and date of birth.";
constexpr auto kVerifyGive = u"Here they are: policy ending {tail}, and my date of birth.";
constexpr auto kVerified = u"Thank you, {name}, you're verified.";
constexpr auto kAskHuman = u"I'd like to speak to a person, please.";
constexpr auto kHandOver = u"I've passed this to a colleague, who will reply here shortly.";

QString fill(QStringView tmpl, const QString &name, const QString &amount, const QString &due,
             const QString &tail, const QString &account)
{
    QString s = tmpl.toString();
    s.replace(u"{name}"_s, name);
    s.replace(u"{amount}"_s, amount);
    s.replace(u"{date}"_s, due);
    s.replace(u"{tail}"_s, tail);
    s.replace(u"{account}"_s, account);
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
                           u"created_at, updated_at, language) "
                           u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s))
                return queryError(q, u"preparing demo contacts"_s);
            for (int i = start; i < end; ++i) {
                DemoContact &c = contacts[i];
                const QString email =
                    c.name.toLower().replace(u' ', u'.') + QString::number(i) + u"@example.co.id"_s;
                const QString dob = c.dob.toString(Qt::ISODate);
                const QJsonObject attrs{
                    {u"monthly_premium_idr"_s, c.premium},
                    {u"payment_due_date"_s, c.due.toString(Qt::ISODate)},
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
                q.addBindValue(rng.bounded(3) == 0 ? u"en"_s : u"id"_s);
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

    // The attributes the demo customers carry, and the payment reminder switched on: the
    // Automations page shows a working rule with its next run and who it will reach.
    {
        const Status s = writer.run([now](QSqlDatabase &db) -> Status {
            for (const auto &[key, label, type, options] :
                 {std::tuple{u"payment_due_date"_s, u"Payment due date"_s, u"date"_s, u"[]"_s},
                  std::tuple{u"monthly_premium_idr"_s, u"Monthly premium (IDR)"_s, u"number"_s,
                             u"[]"_s},
                  std::tuple{u"plan"_s, u"Plan"_s, u"choice"_s,
                             u"[\"Health Plus\",\"Motor Comprehensive\"]"_s}}) {
                if (Status st = execute(db,
                                        u"INSERT INTO attribute_definitions (key, label, type, "
                                        u"currency, options, personal, position, created_at, "
                                        u"updated_at) VALUES (?, ?, ?, '', ?, 0, 0, ?, ?)"_s,
                                        {key, label, type, options, now, now},
                                        u"defining the demo attributes"_s);
                    !st.isOk())
                    return st;
            }
            const QJsonObject reminder = automation::paymentReminderDefinition(u"Asia/Jakarta"_s);
            return execute(
                db,
                u"INSERT INTO automation_rules (name, enabled, builtin, definition, "
                u"next_run_at, created_at, updated_at) VALUES (?, 1, "
                u"'payment_reminder', ?, 0, ?, ?)"_s,
                {reminder.value(u"name"_s).toString(),
                 QString::fromUtf8(QJsonDocument(reminder).toJson(QJsonDocument::Compact)), now,
                 now},
                u"enabling the demo reminder"_s);
        });
        if (!s.isOk())
            return s;
    }

    // The team the conversations are assigned to.
    QList<std::pair<qint64, QString>> team;
    {
        const Status s = writer.run([&team, now](QSqlDatabase &db) {
            QSqlQuery q(db);
            if (!q.prepare(u"INSERT INTO operators (email, display_name, role, password_hash, "
                           u"disabled, password_changed_at, created_at, updated_at) "
                           u"VALUES (?, ?, 'agent', 'demo: no password signs in here', 0, ?, ?, ?) "
                           u"RETURNING id"_s))
                return queryError(q, u"preparing the demo team"_s);
            for (const DemoOperator &o : kTeam) {
                q.addBindValue(QString::fromUtf16(o.email));
                q.addBindValue(QString::fromUtf16(o.name));
                q.addBindValue(now);
                q.addBindValue(now);
                q.addBindValue(now);
                if (!q.exec() || !q.next())
                    return queryError(q, u"inserting the demo team"_s);
                team.append({q.value(0).toLongLong(), QString::fromUtf16(o.name)});
                q.finish();
            }
            return Status::ok();
        });
        if (!s.isOk())
            return s;
    }

    // Conversations with their identities and messages, a chunk per transaction. A customer has
    // one identity per platform, and at most one conversation going on per identity.
    struct DemoIdentity
    {
        qint64 id = 0;
        bool active = false; ///< has an open or waiting conversation
        bool verified = false;
    };
    QHash<QString, DemoIdentity> identities;
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
                    u"platform, status, handler, assignee_id, unread_count, last_message_at, "
                    u"last_inbound_at, first_response_at, resolved_at, created_at, "
                    u"updated_at, attention_reason, waiting_since) "
                    u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s) ||
                !message.prepare(u"INSERT INTO messages (conversation_id, identity_id, direction, "
                                 u"sender, sender_name, kind, text_enc, search_terms, "
                                 u"attachments, platform_message_id, status, error, "
                                 u"created_at, updated_at) "
                                 u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s))
                return Status::internal(u"preparing demo statements failed"_s);
            const QVariant nullId(QMetaType(QMetaType::LongLong));
            const QVariant nullText(QMetaType(QMetaType::QString));
            for (int i = start; i < end; ++i) {
                const bool linked = !contacts.isEmpty() && rng.bounded(10) < 8;
                const int contactIndex = linked ? rng.bounded(int(contacts.size())) : -1;
                const DemoContact *c = linked ? &contacts[contactIndex] : nullptr;
                const int pr = rng.bounded(100);
                const Platform platform = pr < 45
                                              ? Platform::WhatsApp
                                              : (pr < 85 ? Platform::Telegram : Platform::Sandbox);
                const QString name =
                    c ? c->name
                      : pick(rng, kFirstNames).toString() + u' ' + pick(rng, kLastNames).toString();
                Millis last = now - qint64(rng.generateDouble() * double(span)) - 60000;
                const int sr = rng.bounded(100);
                ConversationStatus status =
                    sr < 12 ? ConversationStatus::NeedsAttention
                            : (sr < 45 ? ConversationStatus::Open
                                       : (sr < 85 ? ConversationStatus::Resolved
                                                  : ConversationStatus::Closed));
                // A customer has one identity per platform; on WhatsApp its id is their number.
                const QString key =
                    linked ? QString::number(contactIndex) + u'|' + toString(platform) : QString();
                DemoIdentity known = linked ? identities.value(key) : DemoIdentity{};
                const bool waitingOrOpen = status == ConversationStatus::NeedsAttention ||
                                           status == ConversationStatus::Open;
                if (known.active && waitingOrOpen)
                    status = ConversationStatus::Resolved; // the earlier one is still going on
                // Customers wait minutes to hours, not weeks: a waiting conversation is recent.
                // Most were handed over by the bot; a person owns the rest.
                AttentionReason reason = AttentionReason::None;
                if (status == ConversationStatus::NeedsAttention) {
                    last = now - 60000 - rng.bounded(3 * 3600) * 1000LL;
                    const int rr = rng.bounded(10);
                    reason = rr < 5   ? AttentionReason::AskedForHuman
                             : rr < 8 ? AttentionReason::CustomerWaiting
                                      : AttentionReason::BotCouldNotAnswer;
                }
                if (known.id == 0) {
                    const QString uid =
                        c ? (platform == Platform::WhatsApp
                                 ? c->phone.mid(1)
                                 : (platform == Platform::Telegram
                                        ? QString::number(600000000LL + contactIndex)
                                        : u"sandbox-"_s + QString::number(contactIndex)))
                          : (platform == Platform::WhatsApp
                                 ? u"628"_s + QString::number(2000000000LL + i)
                                 : QString::number(500000000LL + i));
                    known.verified = c && rng.bounded(3) > 0;
                    identity.addBindValue(c ? QVariant(c->id) : nullId);
                    identity.addBindValue(toString(platform));
                    identity.addBindValue(cipher.seal(PersonalField::PlatformUserId, uid));
                    identity.addBindValue(
                        cipher.blindIndex(PersonalField::PlatformUserId,
                                          IdentityRepository::scopedId(platform, uid)));
                    identity.addBindValue(name);
                    identity.addBindValue(platform == Platform::Telegram
                                              ? name.section(u' ', 0, 0).toLower() +
                                                    QString::number(i)
                                              : u""_s);
                    identity.addBindValue(known.verified ? now - 86400000 : 0);
                    identity.addBindValue(known.verified ? now + 29LL * 86400000 : 0);
                    identity.addBindValue(last - 86400000);
                    identity.addBindValue(last);
                    if (!identity.exec() || !identity.next())
                        return queryError(identity, u"inserting demo identities"_s);
                    known.id = identity.value(0).toLongLong();
                    identity.finish();
                }
                const bool active = status == ConversationStatus::NeedsAttention ||
                                    status == ConversationStatus::Open;
                known.active = known.active || active;
                if (linked)
                    identities.insert(key, known);
                const qint64 identityId = known.id;

                // The script: exchanges whose answers answer what was asked.
                const bool human = status == ConversationStatus::NeedsAttention
                                       ? reason != AttentionReason::BotCouldNotAnswer
                                       : rng.bounded(4) == 0;
                const auto &member = team.at(rng.bounded(int(team.size())));
                const bool assigned = human && rng.bounded(5) > 0;
                const QString firstName = name.section(u' ', 0, 0);
                const QString amount =
                    QLocale(QLocale::Indonesian).toString(c ? c->premium : 450000);
                const QString due =
                    c ? QLocale(QLocale::English).toString(c->due, u"d MMMM"_s) : QString();
                const QString tail = c ? c->policy.right(4) : QString();
                const QString account =
                    u"8808 "_s + QString::number(10000000 + (c ? c->id : i) * 7919 % 89999999);
                auto say = [&](QStringView t) {
                    return fill(t, firstName, amount, due, tail, account);
                };
                struct Line
                {
                    SenderKind sender;
                    QString text;
                    QJsonArray attachments;
                };
                QList<Line> lines;
                const int wanted =
                    m_scale.minMessages +
                    rng.bounded(std::max(1, m_scale.maxMessages - m_scale.minMessages + 1));
                bool withPerson = false; // once handed over, a person answers
                if (c && rng.bounded(2)) {
                    lines.append({SenderKind::Customer, say(kExchanges[0].question), {}});
                    lines.append({SenderKind::Bot, say(kVerifyAsk), {}});
                    lines.append({SenderKind::Customer, say(kVerifyGive), {}});
                    lines.append(
                        {SenderKind::Bot, say(kVerified) + u' ' + say(kExchanges[0].bot), {}});
                }
                const int handOverAt = human ? std::max(0, wanted / 3) : -1;
                while (lines.size() + 2 <= wanted) {
                    if (human && !withPerson && lines.size() >= handOverAt) {
                        lines.append({SenderKind::Customer, say(kAskHuman), {}});
                        lines.append({SenderKind::Bot, say(kHandOver), {}});
                        withPerson = true;
                        continue;
                    }
                    const Exchange *e = &kExchanges[rng.bounded(int(kExchanges.size()))];
                    while (e->personal && !c)
                        e = &kExchanges[rng.bounded(int(kExchanges.size()))];
                    lines.append({SenderKind::Customer, say(e->question), {}});
                    lines.append(withPerson ? Line{SenderKind::Operator, say(e->person), {}}
                                            : Line{SenderKind::Bot, say(e->bot), {}});
                    // After the documents question, the customer sends one.
                    if (e == &kExchanges[5] && lines.size() + 2 <= wanted) {
                        const bool photo = rng.bounded(2);
                        lines.append(
                            {SenderKind::Customer, photo ? QString() : u"Invoice attached"_s,
                             QJsonArray{QJsonObject{
                                 {u"name"_s, photo ? u"receipt.jpg"_s : u"hospital_invoice.pdf"_s},
                                 {u"mimeType"_s, photo ? u"image/jpeg"_s : u"application/pdf"_s},
                                 {u"size"_s, 80000 + rng.bounded(900000)}}}});
                        lines.append(withPerson ? Line{SenderKind::Operator,
                                                       u"Thank you, I've added it to your claim."_s,
                                                       {}}
                                                : Line{SenderKind::Bot,
                                                       u"Thank you, it is added to your claim."_s,
                                                       {}});
                    }
                }
                // How it ends: waiting for a person, waiting for an answer, or answered.
                if (reason == AttentionReason::AskedForHuman) {
                    lines.append({SenderKind::Customer, say(kAskHuman), {}});
                    lines.append({SenderKind::Bot, say(kHandOver), {}});
                } else if (active) {
                    const Exchange *e = &kExchanges[rng.bounded(int(kExchanges.size()))];
                    while (e->personal && !c)
                        e = &kExchanges[rng.bounded(int(kExchanges.size()))];
                    lines.append({SenderKind::Customer, say(e->question), {}});
                }
                const int count = int(lines.size());
                const Millis first = last - qint64(count) * (60000 + rng.bounded(600000));
                const int unread =
                    active ? (lines.constLast().sender == SenderKind::Customer ? 1 + rng.bounded(2)
                                                                               : 0)
                           : 0;
                Millis lastInbound = first;
                for (int k = 0; k < count; ++k) {
                    if (lines.at(k).sender == SenderKind::Customer)
                        lastInbound = first + (last - first) * k / std::max(1, count - 1);
                }
                conversation.addBindValue(c ? QVariant(c->id) : nullId);
                conversation.addBindValue(identityId);
                conversation.addBindValue(toString(platform));
                conversation.addBindValue(toString(status));
                conversation.addBindValue(human ? u"human"_s : u"bot"_s);
                conversation.addBindValue(assigned ? QVariant(member.first) : nullId);
                conversation.addBindValue(unread);
                conversation.addBindValue(last);
                conversation.addBindValue(lastInbound);
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

                for (int k = 0; k < count; ++k) {
                    const Line &line = lines.at(k);
                    const bool inbound = line.sender == SenderKind::Customer;
                    const MessageKind kind =
                        line.attachments.isEmpty()
                            ? MessageKind::Text
                            : (line.text.isEmpty() ? MessageKind::Photo : MessageKind::Document);
                    const Millis at = first + (last - first) * k / std::max(1, count - 1);
                    QString deliveryStatus = u"received"_s;
                    QVariant error = nullText;
                    if (!inbound) {
                        const int d = rng.bounded(100);
                        deliveryStatus =
                            d < 70 ? u"read"_s : (d < 97 ? u"delivered"_s : u"failed"_s);
                        if (d >= 97)
                            error =
                                platform == Platform::WhatsApp
                                    ? u"131047: Re-engagement message. More than 24 hours have passed since the customer last replied."_s
                                    : u"Forbidden: bot was blocked by the user"_s;
                    }
                    message.addBindValue(conversationId);
                    message.addBindValue(identityId);
                    message.addBindValue(inbound ? u"in"_s : u"out"_s);
                    message.addBindValue(toString(line.sender));
                    message.addBindValue(line.sender == SenderKind::Operator
                                             ? (assigned ? member.second : team.constFirst().second)
                                             : u""_s);
                    message.addBindValue(toString(kind));
                    const messagetext::Sealed sealed = messagetext::seal(cipher, line.text);
                    message.addBindValue(sealed.text.isEmpty()
                                             ? QVariant(QMetaType(QMetaType::QByteArray))
                                             : QVariant(sealed.text));
                    message.addBindValue(
                        sealed.searchTerms.isEmpty() ? nullText : QVariant(sealed.searchTerms));
                    message.addBindValue(
                        line.attachments.isEmpty()
                            ? nullText
                            : QVariant(QString::fromUtf8(
                                  QJsonDocument(line.attachments).toJson(QJsonDocument::Compact))));
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
