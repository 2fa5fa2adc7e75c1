// Sealed values kept as files beside the database: written whole or not at all, owner-only,
// found again by key, and no key can name a path outside their directory.
#include "storage/blobfiles.h"

#include <QDir>
#include <QFile>
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;

namespace {
const QString kKey = u"0123456789abcdef0123456789abcdef"_s;
}

class TestBlobFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void filesAreWrittenWholeAndReadBack()
    {
        QTemporaryDir dir;
        const BlobFiles files(BlobFiles::directoryFor(dir.filePath(u"aiochat.db"_s)));
        QCOMPARE(files.directory(), dir.filePath(u"aiochat.db-media"_s));
        QVERIFY(!files.contains(kKey));
        QVERIFY(files.write(kKey, "sealed bytes").isOk());
        QVERIFY(files.contains(kKey));
        QCOMPARE(files.read(kKey).value(), QByteArray("sealed bytes"));
        // Under a folder named by the key's first two characters, readable by the owner only.
        const QString path = files.directory() + u"/01/"_s + kKey;
        QVERIFY(QFile::exists(path));
        // (Owner and others' bits only: the "user" ones describe whoever runs the test.)
        const QFile::Permissions ownerAndOthers(0x7077);
        QCOMPARE(QFile::permissions(path) & ownerAndOthers, QFile::ReadOwner | QFile::WriteOwner);
        QCOMPARE(QFile::permissions(files.directory()) & ownerAndOthers,
                 QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        // Replaced whole; nothing else left in the folder (no temporary file).
        QVERIFY(files.write(kKey, "other bytes").isOk());
        QCOMPARE(files.read(kKey).value(), QByteArray("other bytes"));
        QCOMPARE(QDir(files.directory() + u"/01"_s).entryList(QDir::Files), QStringList{kKey});
        QCOMPARE(files.keys(), QStringList{kKey});
        QVERIFY(files.remove(kKey).isOk());
        QVERIFY(!files.contains(kKey));
        QVERIFY(files.remove(kKey).isOk()); // nothing to remove is not an error
        QVERIFY(!files.read(kKey).isOk());
    }

    void keysCannotNameOtherPaths()
    {
        QTemporaryDir dir;
        const BlobFiles files(dir.filePath(u"media"_s));
        for (const QString &key : {u"../../etc/passwd"_s, u"0123456789abcdef/x"_s,
                                   u"0123456789ABCDEF"_s, u""_s, u"abc"_s}) {
            const Status s = files.write(key, "x");
            QVERIFY2(!s.isOk(), qPrintable(key));
            QVERIFY2(s.message().contains(u"not a file key"_s), qPrintable(s.message()));
        }
        QVERIFY(!QFile::exists(dir.filePath(u"etc"_s)));
        // Only well-formed names count as kept files.
        QVERIFY(QDir().mkpath(dir.filePath(u"media/ab"_s)));
        QFile stray(dir.filePath(u"media/ab/abcdef0123456789.x1y2z3"_s));
        QVERIFY(stray.open(QIODevice::WriteOnly));
        stray.close();
        QVERIFY(files.keys().isEmpty());
    }

    // A disk that cannot take the file and still leave the database its room: refused before
    // anything is written, saying how much is free.
    void aFullDiskRefusesBeforeWriting()
    {
        QTemporaryDir dir;
        const BlobFiles files(dir.filePath(u"media"_s));
        const qint64 free = QStorageInfo(dir.path()).bytesAvailable();
        QVERIFY(free > 0);
        const Status s = files.write(kKey, QByteArray(1024, 'x'), free);
        QVERIFY(!s.isOk());
        QVERIFY2(s.message().contains(u"the disk is full"_s), qPrintable(s.message()));
        QVERIFY2(s.message().contains(u"kept free for the database"_s), qPrintable(s.message()));
        QVERIFY(!files.contains(kKey));
        QVERIFY(files.keys().isEmpty());
        QVERIFY(files.write(kKey, QByteArray(1024, 'x'), free / 2).isOk());
    }
};

QTEST_GUILESS_MAIN(TestBlobFiles)
#include "tst_blobfiles.moc"
