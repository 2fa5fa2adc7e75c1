// What a fetched file is, by its bytes: types sniffed from content, programs refused whatever
// they are called, picture sizes read from headers (so a bomb is refused before any decoding),
// and file names made safe to show and to save under.
#include "media/mediacheck.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;

class TestMediaCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void typesComeFromTheContent()
    {
        QCOMPARE(media::sniffMime("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), u"application/pdf"_s);
        QCOMPARE(media::sniffMime(QByteArray::fromHex("89504e470d0a1a0a0000000d49484452")),
                 u"image/png"_s);
        QCOMPARE(media::sniffMime(QByteArray::fromHex("ffd8ffe000104a464946")), u"image/jpeg"_s);
    }

    void claimsMustHoldAndProgramsAreNeverKept()
    {
        QVERIFY(media::checkContent(u"application/pdf"_s, u"a.pdf"_s, u"application/pdf"_s).isOk());
        QVERIFY(media::checkContent(u"image/jpeg"_s, u"IMG_1.JPG"_s, u"image/jpeg"_s).isOk());
        QVERIFY(media::checkContent(u""_s, u"notes.txt"_s, u"text/plain"_s).isOk());
        // Named like a PDF, but a program: refused, saying what it is.
        const Status exe = media::checkContent(u"application/pdf"_s, u"invoice.pdf"_s,
                                               u"application/x-executable"_s);
        QCOMPARE(exe.code(), Status::Code::InvalidArgument);
        QVERIFY2(exe.message().contains(u"program"_s), qPrintable(exe.message()));
        // A program with an honest name is not kept either.
        QVERIFY(!media::checkContent(u"application/octet-stream"_s, u"setup.exe"_s,
                                     u"application/x-msdownload"_s)
                     .isOk());
        // A "PDF" that is text, a "photo" that is a PDF.
        QVERIFY(!media::checkContent(u""_s, u"statement.pdf"_s, u"text/plain"_s).isOk());
        const Status picture =
            media::checkContent(u"image/png"_s, u"receipt.png"_s, u"application/pdf"_s);
        QVERIFY2(picture.message().contains(u"claims to be a picture"_s),
                 qPrintable(picture.message()));
    }

    void pictureSizesFromTheirHeaders()
    {
        QByteArray png = QByteArray::fromHex("89504e470d0a1a0a0000000d49484452");
        png += QByteArray::fromHex("000001e0000002d0"); // 480 × 720
        png += QByteArray(20, '\0');
        QCOMPARE(media::imageSize(png), QSize(480, 720));
        QByteArray gif("GIF89a");
        gif += QByteArray::fromHex("40010002"); // 320 × 512, little endian
        gif += QByteArray(10, '\0');
        QCOMPARE(media::imageSize(gif), QSize(320, 512));
        // JPEG: an APP0 segment, then the baseline frame header with height 600, width 800.
        QByteArray jpeg = QByteArray::fromHex("ffd8ffe000104a46494600010100000100010000");
        jpeg += QByteArray::fromHex("ffc0001108025803200301220002110103110100");
        QCOMPARE(media::imageSize(jpeg), QSize(800, 600));
        QVERIFY(!media::imageSize("not a picture at all, just text").isValid());
        QVERIFY(!media::imageSize(QByteArray::fromHex("ffd8ff")).isValid()); // cut short
    }

    void fileNamesAreMadeSafe_data()
    {
        QTest::addColumn<QString>("given");
        QTest::addColumn<QString>("mime");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << u"polis.pdf"_s << u"application/pdf"_s << u"polis.pdf"_s;
        QTest::newRow("unix path") << u"../../etc/passwd"_s << u"text/plain"_s << u"passwd"_s;
        QTest::newRow("windows path")
            << u"C:\\Users\\x\\scan.jpg"_s << u"image/jpeg"_s << u"scan.jpg"_s;
        QTest::newRow("hidden") << u"..hidden"_s << u"text/plain"_s << u"hidden"_s;
        QTest::newRow("controls") << u"a\u0000b\nc|d?.txt"_s << u"text/plain"_s << u"abcd.txt"_s;
        QTest::newRow("nothing left") << u"../"_s << u"application/pdf"_s << u"file.pdf"_s;
        QTest::newRow("empty") << u""_s << u"image/png"_s << u"file.png"_s;
    }
    void fileNamesAreMadeSafe()
    {
        QFETCH(QString, given);
        QFETCH(QString, mime);
        QFETCH(QString, expected);
        QCOMPARE(media::safeFileName(given, mime), expected);
    }

    void longNamesKeepTheirExtension()
    {
        const QString safe = media::safeFileName(QString(500, u'a') + u".pdf"_s, {});
        QCOMPARE(safe.size(), 120);
        QVERIFY(safe.endsWith(u".pdf"_s));
    }
};

QTEST_GUILESS_MAIN(TestMediaCheck)
#include "tst_mediacheck.moc"
