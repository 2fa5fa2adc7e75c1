// Checking what operators type for a customer, and reading the CSV files spreadsheets write.
#include "contacts/contactform.h"
#include "contacts/csvreader.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;

namespace {

QStringList fieldsOf(const QList<FieldError> &errors)
{
    QStringList out;
    for (const FieldError &e : errors)
        out.append(e.field);
    return out;
}

} // namespace

class ContactFormTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aValidFormIsNormalised()
    {
        const ContactForm form = ContactForm::fromJson({{u"displayName"_s, u"  Rina Putri "_s},
                                                        {u"phone"_s, u"+62 812-3456-7890"_s},
                                                        {u"email"_s, u"Rina@Example.COM"_s},
                                                        {u"policyNumber"_s, u"pol-2024/17"_s},
                                                        {u"dateOfBirth"_s, u"1990-04-01"_s}});
        QVERIFY(form.validate(true).isEmpty());
        Contact c;
        form.applyTo(c);
        QCOMPARE(c.displayName, u"Rina Putri"_s);
        QCOMPARE(c.phone, u"+6281234567890"_s);
        QCOMPARE(c.email, u"rina@example.com"_s);
        QCOMPARE(c.policyNumber, u"POL-2024/17"_s);
        QCOMPARE(c.dateOfBirth, QDate(1990, 4, 1));
    }

    void everyWrongFieldIsNamed_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("hint");
        QTest::newRow("no country code") << u"phone"_s << u"0812 3456 7890"_s << u"country code"_s;
        QTest::newRow("letters in phone") << u"phone"_s << u"+62 812 CALL ME"_s << u"digits"_s;
        QTest::newRow("short phone") << u"phone"_s << u"+62 12"_s << u"7 to 15"_s;
        QTest::newRow("email without domain") << u"email"_s << u"rina@"_s << u"e-mail"_s;
        QTest::newRow("policy with symbols") << u"policyNumber"_s << u"#1"_s << u"policy"_s;
        QTest::newRow("impossible date")
            << u"dateOfBirth"_s << u"1990-13-45"_s << u"is not a date"_s;
        QTest::newRow("no such day") << u"dateOfBirth"_s << u"1990-02-30"_s << u"is not a date"_s;
        QTest::newRow("other format") << u"dateOfBirth"_s << u"30/01/1990"_s << u"YYYY-MM-DD"_s;
        QTest::newRow("future birth") << u"dateOfBirth"_s << u"2999-01-01"_s << u"today"_s;
        QTest::newRow("blank name") << u"displayName"_s << u"   "_s << u"name"_s;
        QTest::newRow("long name") << u"displayName"_s << QString(121, u'x') << u"120"_s;
    }

    void everyWrongFieldIsNamed()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, hint);
        QJsonObject json{{u"displayName"_s, u"Rina"_s}};
        json.insert(field, value);
        const QList<FieldError> errors = ContactForm::fromJson(json).validate(true);
        QCOMPARE(fieldsOf(errors), QStringList{field});
        QVERIFY2(errors.front().message.contains(hint, Qt::CaseInsensitive),
                 qPrintable(errors.front().message));
    }

    void creatingNeedsANameButEditingDoesNot()
    {
        QCOMPARE(
            fieldsOf(ContactForm::fromJson({{u"phone"_s, u"+6281234567890"_s}}).validate(true)),
            QStringList{u"displayName"_s});
        QVERIFY(
            ContactForm::fromJson({{u"phone"_s, u"+6281234567890"_s}}).validate(false).isEmpty());
    }

    void onlyPresentFieldsChangeAndEmptyClears()
    {
        Contact c;
        c.displayName = u"Rina"_s;
        c.phone = u"+6281234567890"_s;
        c.email = u"rina@example.com"_s;
        ContactForm::fromJson({{u"email"_s, u""_s}}).applyTo(c);
        QCOMPARE(c.displayName, u"Rina"_s);
        QCOMPARE(c.phone, u"+6281234567890"_s);
        QVERIFY(c.email.isEmpty());
    }

    void internationalPrefixesBecomePlus()
    {
        QCOMPARE(ContactForm::normalizedPhone(u"0062 812 3456 7890"_s), u"+6281234567890"_s);
        QCOMPARE(ContactForm::normalizedPhone(u"(+62) 812.3456.7890"_s), u"+6281234567890"_s);
    }

    void csvQuotesLineBreaksAndSeparators()
    {
        QString error;
        const QList<CsvReader::Row> rows = CsvReader::read(
            u"\uFEFFname,note\r\n\"Putri, Rina\",\"said \"\"hi\"\"\nthen left\"\r\n\r\nBudi,ok\n"_s,
            &error);
        QVERIFY(error.isEmpty());
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[0].cells, (QStringList{u"name"_s, u"note"_s}));
        QCOMPARE(rows[1].cells, (QStringList{u"Putri, Rina"_s, u"said \"hi\"\nthen left"_s}));
        QCOMPARE(rows[1].line, 2);
        QCOMPARE(rows[2].cells, (QStringList{u"Budi"_s, u"ok"_s}));
        QCOMPARE(rows[2].line, 5); // the quoted break and the blank line are counted

        const QList<CsvReader::Row> semicolons =
            CsvReader::read(u"name;phone\nRina;+62 812\n"_s, &error);
        QCOMPARE(semicolons[1].cells, (QStringList{u"Rina"_s, u"+62 812"_s}));
    }

    void anUnclosedQuoteIsAnError()
    {
        QString error;
        QVERIFY(CsvReader::read(u"name\n\"Rina\nBudi\n"_s, &error).isEmpty());
        QVERIFY2(error.contains(u"Line 2"_s), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(ContactFormTest)
#include "tst_contactform.moc"
