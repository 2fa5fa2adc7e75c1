// The Indonesian translation is complete — every string the sources mark for translation has a
// finished translation with the same placeholders — and the compiled one is what the console
// loads. A new qsTr() without a translation fails here.
#include "backend/uilanguage.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;
using namespace aiochat;

namespace {

struct Message
{
    QString context;
    QString source;
    QStringList translations; ///< one per plural form, or one
    bool finished = true;
};

QList<Message> readTs(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<Message> out;
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == u"name")
            context = xml.readElementText();
        else if (xml.name() == u"message")
            current = Message{context, {}, {}, true};
        else if (xml.name() == u"source")
            current.source = xml.readElementText();
        else if (xml.name() == u"translation") {
            current.finished = xml.attributes().value(QStringLiteral("type")).isEmpty();
            // Either text, or <numerusform> children.
            QString text;
            while (!(xml.isEndElement() && xml.name() == u"translation")) {
                xml.readNext();
                if (xml.isCharacters())
                    text += xml.text();
                if (xml.isStartElement() && xml.name() == u"numerusform")
                    current.translations.append(xml.readElementText());
            }
            if (current.translations.isEmpty())
                current.translations.append(text.trimmed());
            out.append(current);
        }
    }
    return out;
}

QStringList placeholders(const QString &text)
{
    QStringList out;
    static const QRegularExpression re(u"%(?:n|\\d+)"_s);
    for (auto it = re.globalMatch(text); it.hasNext();)
        out.append(it.next().captured());
    out.sort();
    return out;
}

const QString kSourceDir = QStringLiteral(AIOCHAT_SOURCE_DIR);

} // namespace

class TranslationsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void indonesianIsCompleteWithTheSamePlaceholders()
    {
        const QList<Message> messages = readTs(kSourceDir + u"/translations/aiochat_id.ts"_s);
        QVERIFY(messages.size() > 300);
        for (const Message &m : messages) {
            QVERIFY2(m.finished, qPrintable(u"unfinished: "_s + m.source));
            for (const QString &t : m.translations) {
                QVERIFY2(!t.isEmpty(), qPrintable(u"empty: "_s + m.source));
                QCOMPARE(placeholders(t), placeholders(m.source));
            }
        }
    }

    void everyStringInTheSourcesIsInTheTranslation()
    {
        QTemporaryDir dir;
        const QString fresh = dir.filePath(u"fresh_id.ts"_s);
        QProcess lupdate;
        lupdate.setWorkingDirectory(kSourceDir);
        lupdate.start(u"/usr/lib/qt6/bin/lupdate"_s,
                      {u"-extensions"_s, u"cpp,h,qml"_s, u"-locations"_s, u"none"_s, u"ui"_s,
                       u"core"_s, u"app"_s, u"-ts"_s, fresh});
        QVERIFY2(lupdate.waitForFinished(120000), "lupdate (qt6-l10n-tools) did not finish");
        QCOMPARE(lupdate.exitCode(), 0);
        QSet<QString> translated;
        for (const Message &m : readTs(kSourceDir + u"/translations/aiochat_id.ts"_s))
            translated.insert(m.context + u'|' + m.source);
        const QList<Message> found = readTs(fresh);
        QVERIFY2(found.size() > 300, "lupdate found the sources' strings");
        QStringList missing;
        for (const Message &m : found) {
            if (!translated.contains(m.context + u'|' + m.source))
                missing.append(m.context + u": "_s + m.source);
        }
        QVERIFY2(missing.isEmpty(),
                 qPrintable(u"not in translations/aiochat_id.ts (run packaging/dev.sh "
                            u"translations, then translate):\n"_s +
                            missing.join(u'\n')));
    }

    void theConsoleLoadsTheChosenLanguage()
    {
        UiLanguage::apply(u"id"_s);
        QCOMPARE(QCoreApplication::translate("Main", "Conversations"), u"Percakapan"_s);
        QCOMPARE(QLocale().language(), QLocale::Indonesian);
        // The backend's messages an operator meets (sign-in, password rules) follow too.
        QCOMPARE(QCoreApplication::translate("QObject", "wrong e-mail or password"),
                 u"email atau kata sandi salah"_s);
        // English carries the plural forms the sources write as "(s)".
        UiLanguage::apply(u"en"_s);
        QCOMPARE(QCoreApplication::translate("Main", "Conversations"), u"Conversations"_s);
        QCOMPARE(QCoreApplication::translate("TeamView", "%n operator(s)", nullptr, 1),
                 u"1 operator"_s);
        QCOMPARE(QCoreApplication::translate("TeamView", "%n operator(s)", nullptr, 3),
                 u"3 operators"_s);
        QCOMPARE(UiLanguage::resolve(u"xx"_s).size(), 2);
    }
};

QTEST_GUILESS_MAIN(TranslationsTest)
#include "tst_translations.moc"
