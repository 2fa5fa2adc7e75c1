// Pure pieces of the outbound path: splitting long texts on natural boundaries without breaking
// UTF-16 surrogate pairs, MarkdownV2 escaping, and the token bucket behind every rate limit.
#include "channels/outbound/tokenbucket.h"
#include "channels/telegram/telegramtext.h"
#include "channels/whatsapp/whatsappclient.h"
#include "channels/whatsapp/whatsappsender.h"
#include "channels/whatsapp/whatsapptemplates.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;

class TestOutboundUnits : public QObject
{
    Q_OBJECT

    static QString rejoin(const QStringList &parts) { return parts.join(u' ').simplified(); }

private Q_SLOTS:
    // Meta's pair limit is about one message per 6 s to one customer: the back-off starts there
    // and doubles; a temporary outage is worded as one, not as "slow down".
    void whatsAppRateLimitsBackOffAsMetaAdvises()
    {
        const WhatsAppSender::Pacing pacing;
        WhatsAppReply pair;
        pair.httpStatus = 400;
        pair.errorCode = 131056;
        pair.errorMessage = u"(#131056) pair rate limit hit"_s;
        SendResult r = WhatsAppSender::classify(pair, 0, pacing);
        QCOMPARE(r.outcome, SendResult::Outcome::Retry);
        QCOMPARE(r.retryAfterMs, 6000);
        QVERIFY(r.error.contains(u"this customer"_s));
        QCOMPARE(WhatsAppSender::classify(pair, 1, pacing).retryAfterMs, 12000);
        QCOMPARE(WhatsAppSender::classify(pair, 20, pacing).retryAfterMs, 5 * 60'000);

        WhatsAppReply throughput = pair;
        throughput.errorCode = 130429;
        QCOMPARE(WhatsAppSender::classify(throughput, 0, pacing).retryAfterMs, 10000);

        WhatsAppReply outage = pair;
        outage.errorCode = 2;
        outage.errorMessage = u"(#2) Service temporarily unavailable"_s;
        r = WhatsAppSender::classify(outage, 0, pacing);
        QCOMPARE(r.outcome, SendResult::Outcome::Retry);
        QVERIFY(r.error.contains(u"temporarily unavailable"_s));
        QVERIFY(!r.error.contains(u"slow down"_s));
    }

    void whatsAppTemplateRules()
    {
        using namespace whatsapptemplates;
        QCOMPARE(checkPlaceholders(u"Halo {{1}}, premi {{2}}"_s), QString());
        QVERIFY(checkPlaceholders(u"Hi {{1}}, due {{3}}"_s).contains(u"{{2}}"_s));
        QVERIFY(!checkPlaceholders(u"Hi {{0}}"_s).isEmpty());
        QCOMPARE(placeholderCount(u"{{1}} and {{2}} and {{1}} again"_s), 2);
        QCOMPARE(checkParameter(u"Ana Putri"_s, 1), QString());
        for (const QString &bad : {u""_s, u"  "_s, u"a\nb"_s, u"a\tb"_s, u"a     b"_s})
            QVERIFY2(!checkParameter(bad, 2).isEmpty(), qPrintable(bad));
        QCOMPARE(checkParameter(u"a    b"_s, 1), QString()); // four spaces are fine
    }

    void shortTextsStayWhole()
    {
        QCOMPARE(telegramtext::split(u"Halo 👋"_s), QStringList{u"Halo 👋"_s});
        const QString exact(4096, u'a');
        QCOMPARE(telegramtext::split(exact).size(), 1);
    }

    void splitsOnParagraphsFirst()
    {
        const QString a = QString(3000, u'a');
        const QString b = QString(3000, u'b');
        const QStringList parts = telegramtext::split(a + u"\n\n"_s + b);
        QCOMPARE(parts, (QStringList{a, b}));
    }

    void splitsOnSentencesThenWords()
    {
        QString text;
        while (text.size() < 9000)
            text += u"Premi bulan ini sudah kami terima. Terima kasih atas pembayarannya! "_s;
        const QStringList parts = telegramtext::split(text);
        QCOMPARE(parts.size(), 3);
        for (const QString &p : parts) {
            QVERIFY(p.size() <= 4096);
            QVERIFY2(p.endsWith(u'.') || p.endsWith(u'!') || p == parts.last(),
                     qPrintable(p.right(20)));
        }
        QCOMPARE(rejoin(parts), text.simplified());
        // No sentence end: words stay whole.
        QString words;
        while (words.size() < 5000)
            words += u"kata "_s;
        for (const QString &p : telegramtext::split(words))
            QVERIFY(!p.endsWith(u"ka"_s) && !p.startsWith(u"ta"_s));
    }

    void neverCutsASurrogatePair()
    {
        // 4095 ASCII then emoji: a cut at 4096 would land between the two halves of 😀.
        QString text = QString(4095, u'x') + u"😀😀😀"_s + QString(100, u'y');
        const QStringList parts = telegramtext::split(text);
        QCOMPARE(parts.size(), 2);
        for (const QString &p : parts) {
            QVERIFY(p.size() <= 4096);
            QVERIFY(!p.front().isLowSurrogate());
            QVERIFY(!p.back().isHighSurrogate());
        }
        QCOMPARE(parts.join(QString()), text);
        // Only emoji (two UTF-16 units each): every part holds whole characters.
        QString emoji;
        for (int i = 0; i < 3000; ++i)
            emoji += u"🙏"_s;
        const QStringList eparts = telegramtext::split(emoji);
        QCOMPARE(eparts.join(QString()), emoji);
        for (const QString &p : eparts) {
            QVERIFY(p.size() <= 4096 && p.size() % 2 == 0);
        }
    }

    void escapesEveryMarkdownV2Special()
    {
        QCOMPARE(
            telegramtext::escapeMarkdownV2(
                u"Total: 10.50 EUR (paid) - 100% #1 *bold* _it_ [a](b) ~s~ `c` > | {x} = + !"_s),
            u"Total: 10\\.50 EUR \\(paid\\) \\- 100% \\#1 \\*bold\\* \\_it\\_ \\[a\\]\\(b\\) \\~s\\~ \\`c\\` \\> \\| \\{x\\} \\= \\+ \\!"_s);
        QCOMPARE(telegramtext::escapeMarkdownV2(u"a\\b"_s), u"a\\\\b"_s);
        QCOMPARE(telegramtext::escapeMarkdownV2(u"Café 😀"_s), u"Café 😀"_s);
        QCOMPARE(telegramtext::escapeMarkdownV2Code(u"x = `y` \\ z.!"_s),
                 u"x = \\`y\\` \\\\ z.!"_s);
    }

    void tokenBucketEnforcesRateAndBurst()
    {
        TokenBucket perChat(1.0, 1.0); // 1/s, no burst
        const Millis t0 = 1'000'000;
        QVERIFY(perChat.take(t0));
        QVERIFY(!perChat.take(t0 + 10));
        QVERIFY(perChat.nextAvailable(t0 + 10) >= t0 + 1000);
        QVERIFY(!perChat.take(t0 + 999));
        QVERIFY(perChat.take(t0 + 1001));

        TokenBucket global(30.0, 30.0);
        int taken = 0;
        for (int i = 0; i < 100; ++i)
            taken += global.take(t0) ? 1 : 0;
        QCOMPARE(taken, 30); // the burst
        taken = 0;
        for (Millis t = t0; t <= t0 + 10'000; t += 5)
            taken += global.take(t) ? 1 : 0;
        QVERIFY2(taken >= 299 && taken <= 301,
                 qPrintable(QString::number(taken))); // 30/s over 10 s

        TokenBucket unlimited;
        QVERIFY(unlimited.isUnlimited());
        for (int i = 0; i < 1000; ++i)
            QVERIFY(unlimited.take(t0));
    }
};

QTEST_GUILESS_MAIN(TestOutboundUnits)
#include "tst_outboundunits.moc"
