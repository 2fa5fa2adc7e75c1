// Pure pieces of the outbound path: splitting long texts on natural boundaries without breaking
// UTF-16 surrogate pairs, MarkdownV2 escaping, and the token bucket behind every rate limit.
#include "channels/outbound/tokenbucket.h"
#include "channels/telegram/telegramtext.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;

class TestOutboundUnits : public QObject
{
    Q_OBJECT

    static QString rejoin(const QStringList &parts) { return parts.join(u' ').simplified(); }

private Q_SLOTS:
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
