// The knowledge base through the Console API, on both engines: every format read into passages
// with their heading paths and pages, bad files refused with nothing stored, scope isolation (a
// customer's question never reaches another customer's documents, also after a merge), re-upload,
// replace and delete, archived and older text ranked below the current one, and customer
// documents sealed at rest.
#include "fakeembeddingserver.h"
#include "hostfixture.h"
#include "knowledge/documentextractor.h"
#include "storage/storage.h"
#include "testsupport.h"

#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;

namespace {

// A real PDF: one string list per page, drawn as lines of text (or nothing but a rectangle).
QByteArray makePdf(const QList<QStringList> &pages)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"doc.pdf"_s);
    {
        QPdfWriter writer(path);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setResolution(72);
        QPainter painter(&writer);
        QFont font = painter.font();
        font.setPointSize(11);
        painter.setFont(font);
        for (qsizetype p = 0; p < pages.size(); ++p) {
            if (p > 0)
                writer.newPage();
            int y = 60;
            if (pages.at(p).isEmpty())
                painter.fillRect(QRect(50, 50, 200, 200), Qt::gray);
            for (const QString &line : pages.at(p)) {
                painter.drawText(50, y, line);
                y += 20;
            }
        }
    }
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A PDF protected by a user password (standard security handler, RC4 40-bit): the empty password
// does not open it, so a reader must ask for one. Written by hand with a correct xref table.
QByteArray encryptedPdf()
{
    const QList<QByteArray> objects{
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        "<< /Length 0 >>\nstream\n\nendstream",
        "<< /Filter /Standard /V 1 /R 2 /P -4 /O <" + QByteArray(64, 'A') + "> /U <" +
            QByteArray(64, 'B') + "> >>",
    };
    QByteArray pdf = "%PDF-1.4\n";
    QList<qsizetype> offsets;
    for (qsizetype i = 0; i < objects.size(); ++i) {
        offsets.append(pdf.size());
        pdf += QByteArray::number(i + 1) + " 0 obj\n" + objects.at(i) + "\nendobj\n";
    }
    const qsizetype xref = pdf.size();
    pdf += "xref\n0 " + QByteArray::number(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (qsizetype o : offsets)
        pdf += QByteArray::number(o).rightJustified(10, '0') + " 00000 n \n";
    pdf += "trailer\n<< /Size " + QByteArray::number(objects.size() + 1) +
           " /Root 1 0 R /Encrypt 5 0 R /ID [<" + QByteArray(32, 'C') + "> <" +
           QByteArray(32, 'C') + ">] >>\nstartxref\n" + QByteArray::number(xref) + "\n%%EOF\n";
    return pdf;
}

const char *kTermsMarkdown = R"(# Payment terms

## Grace period

### Monthly premiums

A monthly premium that is not paid on its due date stays covered for a grace period of 30 days.
After the grace period the policy lapses.

## Old grace period (archived)

This section is archived and no longer applies: the grace period for monthly premiums was 14 days.

## Premium table

| Plan | Monthly premium | Due day |
|------|-----------------|---------|
| Basic | Rp 250.000 | 5 |
| Family | Rp 450.000 | 10 |
)";

const char *kFaqHtml = R"(<!doctype html><html><head><title>FAQ</title>
<style>body { color: red; } .secret-style {}</style>
<script>var leaked = "script text must not be indexed";</script></head>
<body><nav><a href="/">Home</a> navigation menu entries</nav>
<h1>Claims</h1><p>To file a hospital claim send the invoice and the discharge letter within
30 days of leaving hospital.</p>
<h2>Contact hours</h2><p>Our office is open Monday to Friday, 08:00&ndash;17:00.</p>
<table><tr><th>Day</th><th>Hours</th></tr><tr><td>Saturday</td><td>09:00-12:00</td></tr></table>
<footer>Copyright footer text</footer></body></html>)";

} // namespace

class TestKnowledge : public QObject
{
    Q_OBJECT

    std::unique_ptr<ScratchDatabase> m_db;
    std::unique_ptr<HostFixture> m_fx;

    HostFixture &fx() { return *m_fx; }

    CommandResponse upload(const QString &fileName, const QByteArray &data, qint64 contactId = 0)
    {
        QJsonObject params{{u"fileName"_s, fileName},
                           {u"data"_s, QString::fromLatin1(data.toBase64())},
                           {u"scope"_s, contactId ? u"contact"_s : u"shared"_s}};
        if (contactId)
            params.insert(u"contactId"_s, contactId);
        return fx().call(u"knowledge.upload"_s, params);
    }

    qint64 uploadOk(const QString &fileName, const QByteArray &data, qint64 contactId = 0)
    {
        const CommandResponse r = upload(fileName, data, contactId);
        if (!r.status.isOk())
            qWarning("%s: %s", qPrintable(fileName), qPrintable(r.status.message()));
        return r.result[u"document"_s][u"id"_s].toInteger();
    }

    QJsonArray chunksOf(qint64 id)
    {
        return fx().call(u"knowledge.get"_s, {{u"id"_s, id}}).result[u"chunks"_s].toArray();
    }

    QJsonArray search(const QString &query, qint64 contactId = 0, int limit = 5)
    {
        QJsonObject params{{u"query"_s, query}, {u"limit"_s, limit}};
        if (contactId)
            params.insert(u"contactId"_s, contactId);
        const CommandResponse r = fx().call(u"knowledge.search"_s, params);
        if (!r.status.isOk())
            qWarning("search %s: %s", qPrintable(query), qPrintable(r.status.message()));
        return r.result[u"hits"_s].toArray();
    }

    qint64 customer(const QString &name, const QString &policy)
    {
        const CommandResponse r =
            fx().call(u"contact.create"_s, {{u"displayName"_s, name}, {u"policyNumber"_s, policy}});
        return r.result[u"contact"_s][u"id"_s].toInteger();
    }

    // Restarts the host with an embedding endpoint (same database).
    bool startWithEmbeddings(const QString &baseUrl, int timeoutMs = 60000)
    {
        m_fx.reset();
        m_fx = std::make_unique<HostFixture>(
            QMap<QString, QString>{{u"AIOCHAT_LLM_BASE_URL"_s, baseUrl},
                                   {u"AIOCHAT_LLM_EMBEDDING_MODEL"_s, u"fake-embed"_s},
                                   {u"AIOCHAT_LLM_API_KEY"_s, u"sk-test"_s},
                                   {u"AIOCHAT_LLM_TIMEOUT_MS"_s, QString::number(timeoutMs)}});
        if (m_db) {
            // A fresh database: the new host has new keys.
            m_db = std::make_unique<ScratchDatabase>(Engine::Postgres);
            m_fx->useDatabase(m_db->url());
        }
        const Status s = m_fx->start();
        if (!s.isOk())
            qWarning("%s", qPrintable(s.message()));
        return s.isOk();
    }

    QJsonObject embeddings()
    {
        return fx().call(u"knowledge.status"_s).result[u"embeddings"_s].toObject();
    }

    int documentCount()
    {
        return int(fx().call(u"knowledge.list"_s).result[u"items"_s].toArray().size());
    }

private Q_SLOTS:
    void initTestCase_data() { addEngineColumn(); }
    void init() { AIOCHAT_START_HOST_ON_ENGINE(m_fx, m_db); }
    void cleanup()
    {
        m_fx.reset();
        m_db.reset();
    }

    // How rare a word is weighs in the ranking, and the counts are remembered between questions:
    // after the documents change, the rarer word is the other one, and the ranking follows.
    void wordCountsFollowTheDocuments()
    {
        const auto sections = [](const QString &word) {
            QByteArray md = "# Glossary\n";
            for (int i = 0; i < 10; ++i)
                md += "\n## Term " + QByteArray::number(i) + "\n\nThe " + word.toUtf8() +
                      " entry number " + QByteArray::number(i) + ".\n";
            return md;
        };
        QVERIFY(uploadOk(u"x.md"_s, "# Quartz\n\nalpha alpha alpha quartz lemon river.\n") > 0);
        QVERIFY(uploadOk(u"y.md"_s, "# Violin\n\nbeta beta beta violin copper desert.\n") > 0);
        const qint64 betas = uploadOk(u"betas.md"_s, sections(u"beta"_s));
        QVERIFY(betas > 0);
        QCOMPARE(search(u"alpha beta"_s).first()[u"fileName"_s].toString(), u"x.md"_s);
        QVERIFY(fx().call(u"knowledge.delete"_s, {{u"id"_s, betas}}).status.isOk());
        QVERIFY(uploadOk(u"alphas.md"_s, sections(u"alpha"_s)) > 0);
        QCOMPARE(search(u"alpha beta"_s).first()[u"fileName"_s].toString(), u"y.md"_s);
    }

    void everyFormatBecomesCitablePassages()
    {
        QSignalSpy events(fx().host().consoleApi(), &ConsoleApi::event);
        const qint64 md = uploadOk(u"payment_terms.md"_s, kTermsMarkdown);
        QVERIFY(md > 0);
        QTRY_VERIFY(!events.isEmpty());
        QCOMPARE(events.first().at(0).toString(), u"knowledge.updated"_s);

        const QJsonArray mdChunks = chunksOf(md);
        QStringList headings;
        QString table;
        for (const QJsonValue &c : mdChunks) {
            headings.append(c[u"headingPath"_s].toString());
            if (c[u"headingPath"_s].toString().endsWith(u"Premium table"_s))
                table = c[u"text"_s].toString();
        }
        QVERIFY2(headings.contains(u"Payment terms › Grace period › Monthly premiums"_s),
                 qPrintable(headings.join(u" | "_s)));
        // Table rows read on their own, named by the header.
        QVERIFY2(table.contains(u"Plan: Family; Monthly premium: Rp 450.000; Due day: 10"_s),
                 qPrintable(table));

        const qint64 html = uploadOk(u"faq.html"_s, kFaqHtml);
        QString htmlText;
        for (const QJsonValue &c : chunksOf(html))
            htmlText += c[u"headingPath"_s].toString() + u" / "_s + c[u"text"_s].toString() + u'\n';
        QVERIFY2(htmlText.contains(u"Claims / To file a hospital claim"_s), qPrintable(htmlText));
        QVERIFY(htmlText.contains(u"08:00–17:00"_s));
        QVERIFY(htmlText.contains(u"Day: Saturday; Hours: 09:00-12:00"_s));
        for (const QString &hidden :
             {u"script text"_s, u"color: red"_s, u"navigation menu"_s, u"Copyright footer"_s})
            QVERIFY2(!htmlText.contains(hidden), qPrintable(hidden));

        const qint64 txt =
            uploadOk(u"hours.txt"_s, "Office hours\n\nWe answer the phone on weekdays.\n");
        QCOMPARE(chunksOf(txt).size(), 1);

        const QByteArray pdf =
            makePdf({{u"Policy schedule"_s, u"The insured sum is Rp 100.000.000."_s},
                     {u"Exclusions"_s, u"Injuries from dangerous sports are not covered."_s}});
        QVERIFY(pdf.startsWith("%PDF"));
        const CommandResponse r = upload(u"policy_schedule.pdf"_s, pdf);
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QCOMPARE(r.result[u"document"_s][u"pages"_s].toInt(), 2);
        QCOMPARE(r.result[u"document"_s][u"mimeType"_s].toString(), u"application/pdf"_s);
        const QJsonArray hits = search(u"dangerous sports"_s);
        QVERIFY(!hits.isEmpty());
        QCOMPARE(hits.first()[u"fileName"_s].toString(), u"policy_schedule.pdf"_s);
        QCOMPARE(hits.first()[u"page"_s].toInt(), 2);

        // A brochure without headings: each page is its own passage, so the page cited is the
        // one quoted; typeset ligatures ("ﬁ") come out as the letters a customer types.
        const QByteArray brochure =
            makePdf({{u"Our benefits guide explains what each policy covers."_s},
                     {u"The critical illness benefit pays Rp 100.000.000 once."_s},
                     {u"The hospital cash benefit pays for up to 60 days per year."_s}});
        QVERIFY(upload(u"brochure.pdf"_s, brochure).status.isOk());
        const QJsonArray cash = search(u"hospital cash benefit days"_s);
        QVERIFY(!cash.isEmpty());
        QCOMPARE(cash.first()[u"fileName"_s].toString(), u"brochure.pdf"_s);
        QCOMPARE(cash.first()[u"page"_s].toInt(), 3);
        QVERIFY2(cash.first()[u"text"_s].toString().contains(u"benefit pays for up to 60 days"_s),
                 qPrintable(cash.first()[u"text"_s].toString()));

        // Exact tokens: an amount as written.
        const QJsonArray amount = search(u"Rp 450.000"_s);
        QVERIFY(!amount.isEmpty());
        QVERIFY(amount.first()[u"text"_s].toString().contains(u"Rp 450.000"_s));
    }

    void badFilesAreRefusedAndNothingIsStored()
    {
        const auto refused = [this](const QString &name, const QByteArray &data, const QString &why,
                                    qint64 contact = 0) {
            const CommandResponse r = upload(name, data, contact);
            if (r.status.isOk() || !r.status.message().contains(why)) {
                qWarning("%s: %s", qPrintable(name), qPrintable(r.status.message()));
                return false;
            }
            return true;
        };
        QVERIFY(refused(u"empty.md"_s, {}, u"empty"_s));
        QVERIFY(refused(u"binary.md"_s, QByteArray("\x89PNG\r\n\x1a\n\0\0\0", 11), u"binary"_s));
        QVERIFY(refused(u"latin1.txt"_s, "caf\xe9 au lait", u"not UTF-8"_s));
        QVERIFY(refused(u"scan.pdf"_s, makePdf({{}}), u"no text"_s));
        QVERIFY(refused(u"locked.pdf"_s, encryptedPdf(), u"encrypted or password-protected"_s));
        const QByteArray pdf = makePdf({{u"Some text on page one"_s}});
        QVERIFY(refused(u"truncated.pdf"_s, pdf.left(pdf.size() / 4), u"not a readable PDF"_s));
        QVERIFY(refused(u"photo.jpg"_s, "\xff\xd8\xff\xe0 not really", u"unsupported file type"_s));
        QVERIFY(refused(u"big.txt"_s, QByteArray(21 * 1024 * 1024, 'a'), u"larger than 20 MiB"_s));
        QVERIFY(refused(u"x.md"_s, "# Title\ntext", u"no customer"_s, 999999));
        QCOMPARE(documentCount(), 0);

        // A path is never a path here: only the name is kept.
        const CommandResponse named = upload(u"../../etc/passwd"_s, "root:x:0:0");
        QVERIFY2(named.status.isOk(), qPrintable(named.status.message()));
        QCOMPARE(named.result[u"document"_s][u"fileName"_s].toString(), u"passwd"_s);

        // Deep nesting costs time linear in its size, not a crash.
        QByteArray nested;
        nested.reserve(11 * 1024 * 1024);
        while (nested.size() < 10 * 1024 * 1024)
            nested += "<div><span>";
        nested += "deeply nested answer";
        const CommandResponse deep = upload(u"nested.html"_s, nested);
        QVERIFY2(deep.status.isOk(), qPrintable(deep.status.message()));
        QVERIFY(!search(u"deeply nested"_s).isEmpty());

        // Questions that are too long or say nothing.
        CommandResponse q =
            fx().call(u"knowledge.search"_s, {{u"query"_s, QString(100 * 1024, u'a')}});
        QCOMPARE(q.status.code(), Status::Code::InvalidArgument);
        q = fx().call(u"knowledge.search"_s, {{u"query"_s, u"?!… -- ??"_s}});
        QCOMPARE(q.status.code(), Status::Code::InvalidArgument);
        q = fx().call(u"knowledge.upload"_s, {{u"scope"_s, u"shared"_s},
                                              {u"fileName"_s, u"a.txt"_s},
                                              {u"data"_s, u"***not base64***"_s}});
        QCOMPARE(q.status.code(), Status::Code::InvalidArgument);
        QCOMPARE(documentCount(), 2);
    }

    void aCustomerNeverSeesAnotherCustomersDocuments()
    {
        const qint64 siti = customer(u"Siti Rahayu"_s, u"POL-2024-000111"_s);
        const qint64 budi = customer(u"Budi Santoso"_s, u"POL-2024-000222"_s);
        const qint64 agus = customer(u"Agus Wijaya"_s, u"POL-2024-000333"_s);
        QVERIFY(siti && budi && agus);
        uploadOk(u"faq.md"_s, "# Premiums\n\nPremiums are paid monthly by bank transfer.");
        uploadOk(u"siti_schedule.md"_s,
                 "# Siti's premium\n\nYour premium is Rp 450.000 due on 5 March, policy "
                 "POL-2024-000111.",
                 siti);
        uploadOk(u"budi_schedule.md"_s,
                 "# Budi's premium\n\nYour premium is Rp 900.000 due on 9 March, policy "
                 "POL-2024-000222.",
                 budi);

        const auto files = [](const QJsonArray &hits) {
            QStringList out;
            for (const QJsonValue &h : hits)
                out.append(h[u"fileName"_s].toString());
            return out;
        };
        QStringList sitiSees = files(search(u"premium due policy"_s, siti, 10));
        QVERIFY2(sitiSees.contains(u"siti_schedule.md"_s) && sitiSees.contains(u"faq.md"_s),
                 qPrintable(sitiSees.join(u',')));
        QVERIFY(!sitiSees.contains(u"budi_schedule.md"_s));
        // Naming the other customer's policy number finds nothing of theirs.
        QVERIFY(!files(search(u"POL-2024-000222"_s, siti, 10)).contains(u"budi_schedule.md"_s));
        QCOMPARE(files(search(u"POL-2024-000111"_s, siti)).value(0), u"siti_schedule.md"_s);
        // Without a customer: the shared base only.
        QCOMPARE(files(search(u"premium due policy"_s, 0, 10)), QStringList{u"faq.md"_s});

        // Budi is merged into Agus: his documents follow him, Siti still sees none of them.
        QVERIFY(fx().call(u"contact.merge"_s, {{u"keepId"_s, agus}, {u"mergeId"_s, budi}})
                    .status.isOk());
        QVERIFY(files(search(u"premium"_s, agus, 10)).contains(u"budi_schedule.md"_s));
        QVERIFY(!files(search(u"premium"_s, siti, 10)).contains(u"budi_schedule.md"_s));
        QVERIFY(!files(search(u"premium"_s, budi, 10)).contains(u"budi_schedule.md"_s));
        const CommandResponse toMerged = upload(u"late.md"_s, "# Late\n\nA late letter.", budi);
        QCOMPARE(toMerged.status.code(), Status::Code::FailedPrecondition);
    }

    // Over the HTTP Console API (a remote console, a script): a megabyte-sized document fits its
    // route, where other commands keep their small body limit.
    void uploadOverHttp()
    {
        const Session agent = fx().createOperatorAndLogin(u"agent@example.com"_s, u"agent"_s);
        QVERIFY2(agent.status.isOk(), qPrintable(agent.status.message()));
        QByteArray markdown = "# Big terms\n\n";
        while (markdown.size() < 1024 * 1024)
            markdown += "Every monthly premium is due on the fifth day of the month. ";
        const QByteArray body =
            QJsonDocument(QJsonObject{{u"scope"_s, u"shared"_s},
                                      {u"fileName"_s, u"big_terms.md"_s},
                                      {u"data"_s, QString::fromLatin1(markdown.toBase64())}})
                .toJson(QJsonDocument::Compact);
        const QList<QPair<QByteArray, QByteArray>> headers{
            {"Authorization", "Bearer " + agent.accessToken.toUtf8()},
            {"Content-Type", "application/json"}};
        HttpResult r = fx().request("POST", u"/api/v1/commands/knowledge.upload"_s, body, headers);
        QCOMPARE(r.status, 200);
        QCOMPARE(
            QJsonDocument::fromJson(r.body)[u"result"_s][u"document"_s][u"fileName"_s].toString(),
            u"big_terms.md"_s);
        // Other commands keep the small limit.
        r = fx().request("POST", u"/api/v1/commands/knowledge.search"_s, body, headers);
        QCOMPARE(r.status, 413);
    }

    void reuploadReplaceAndDelete()
    {
        const QByteArray v1 = "# Claims\n\nSend the claim form by post.";
        const qint64 id = uploadOk(u"claims.md"_s, v1);
        CommandResponse again = upload(u"claims.md"_s, v1);
        QVERIFY(again.result[u"duplicate"_s].toBool());
        QCOMPARE(again.result[u"document"_s][u"id"_s].toInteger(), id);
        QCOMPARE(documentCount(), 1);

        again = upload(u"claims.md"_s, "# Claims\n\nSend the claim form through the app.");
        QVERIFY(again.result[u"replaced"_s].toBool());
        QCOMPARE(again.result[u"document"_s][u"id"_s].toInteger(), id);
        QVERIFY(search(u"post"_s).isEmpty());
        QCOMPARE(search(u"app"_s).size(), 1);

        QVERIFY(fx().call(u"knowledge.reindex"_s, {{u"id"_s, id}}).status.isOk());
        QCOMPARE(search(u"app"_s).size(), 1);

        QVERIFY(fx().call(u"knowledge.delete"_s, {{u"id"_s, id}}).status.isOk());
        QCOMPARE(documentCount(), 0);
        QVERIFY(search(u"app claim form"_s).isEmpty());
        Storage &storage = *fx().host().storage();
        int left = -1;
        QVERIFY(storage.writer()
                    .run([&](QSqlDatabase &db) {
                        QSqlQuery q(db);
                        if (!q.exec(u"SELECT COUNT(*) FROM chunks"_s) || !q.next())
                            return Status::internal(u"count"_s);
                        left = q.value(0).toInt();
                        return Status::ok();
                    })
                    .isOk());
        QCOMPARE(left, 0);
    }

    void currentTextOutranksArchivedAndOlderText()
    {
        uploadOk(u"payment_terms.md"_s, kTermsMarkdown);
        const QJsonArray hits = search(u"grace period monthly premiums days"_s);
        QVERIFY(hits.size() >= 2);
        QVERIFY2(hits.first()[u"text"_s].toString().contains(u"30 days"_s),
                 qPrintable(hits.first()[u"text"_s].toString()));
        bool archivedBelow = false;
        for (const QJsonValue &h : hits)
            archivedBelow |= h[u"superseded"_s].toBool();
        QVERIFY(archivedBelow);

        uploadOk(u"terms_2025.md"_s,
                 "# Deductible\n\nThe deductible for outpatient care is Rp 100.000 per visit.");
        uploadOk(u"terms_2026.md"_s,
                 "# Deductible\n\nThe deductible for outpatient care is Rp 150.000 per visit.");
        const QJsonArray deductible = search(u"deductible outpatient care"_s);
        QVERIFY(deductible.size() >= 2);
        QCOMPARE(deductible.first()[u"fileName"_s].toString(), u"terms_2026.md"_s);
    }

    // With an embedding endpoint, passages get vectors in the background and a question finds
    // what shares no word with it (Indonesian words for an English text); the cache spares
    // embedding the same text twice; deleting a document drops its vectors.
    void vectorsFindWhatKeywordsMiss()
    {
        FakeEmbeddingServer fake(u"fake-embed"_s, 64);
        fake.requireKey(u"sk-test"_s);
        QVERIFY(fake.listen());
        QVERIFY(startWithEmbeddings(fake.baseUrl()));
        const qint64 due =
            uploadOk(u"premium_due.md"_s,
                     "# Premium due date\n\nYour monthly premium is due on the 5th of each month.");
        uploadOk(u"claims.md"_s, "# Hospital claim\n\nSend the hospital invoice to file a claim.");
        QTRY_COMPARE(embeddings().value(u"indexed"_s).toInt(), 2);
        QCOMPARE(embeddings().value(u"model"_s).toString(), u"fake-embed"_s);

        const CommandResponse r =
            fx().call(u"knowledge.search"_s, {{u"query"_s, u"kapan premi jatuh tempo"_s}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QVERIFY(r.result[u"vectors"_s].toBool());
        const QJsonArray hits = r.result[u"hits"_s].toArray();
        QVERIFY(!hits.isEmpty());
        QCOMPARE(hits.first()[u"fileName"_s].toString(), u"premium_due.md"_s);
        QVERIFY2(fake.rejections().isEmpty(), qPrintable(fake.rejections().join(u'\n')));

        // A second file with the same section and a new one: only the new one is embedded.
        const int sent = fake.texts();
        uploadOk(u"premium_and_more.md"_s,
                 "# Premium due date\n\nYour monthly premium is due on the 5th of each month."
                 "\n\n# Paying late\n\nA late payment costs nothing within the grace period.");
        QTRY_COMPARE(embeddings().value(u"indexed"_s).toInt(), 4);
        QCOMPARE(fake.texts(), sent + 1);

        QVERIFY(fx().call(u"knowledge.delete"_s, {{u"id"_s, due}}).status.isOk());
        QTRY_COMPARE(embeddings().value(u"indexed"_s).toInt(), 3);
        int vectors = -1;
        QVERIFY(fx().host()
                    .storage()
                    ->writer()
                    .run([&](QSqlDatabase &db) {
                        QSqlQuery q(db);
                        if (!q.exec(u"SELECT COUNT(*) FROM chunk_vectors"_s) || !q.next())
                            return Status::internal(u"count"_s);
                        vectors = q.value(0).toInt();
                        return Status::ok();
                    })
                    .isOk());
        QCOMPARE(vectors, 3);
    }

    // Settings → Assistant: the endpoint set from the console takes effect at once, and choosing
    // another model embeds every passage again with it, in the background.
    void settingsSwitchTheModelAndReembed()
    {
        FakeEmbeddingServer fake(u"fake-embed"_s, 64);
        fake.serveAlso(u"fake-embed-2"_s);
        QVERIFY(fake.listen());
        uploadOk(u"a.md"_s, "# Claims\n\nSend the invoice.");
        uploadOk(u"b.md"_s, "# Hours\n\nOpen on weekdays.");
        QCOMPARE(embeddings().value(u"configured"_s).toBool(), false);
        const auto configure = [this](const QString &key, const QString &value) {
            return fx()
                .call(u"channel.configure"_s, {{u"key"_s, key}, {u"value"_s, value}})
                .status.isOk();
        };
        QVERIFY(configure(u"llm/baseUrl"_s, fake.baseUrl()));
        QVERIFY(configure(u"llm/embeddingModel"_s, u"fake-embed"_s));
        QTRY_COMPARE(embeddings().value(u"indexed"_s).toInt(), 2);
        QVERIFY(configure(u"llm/embeddingModel"_s, u"fake-embed-2"_s));
        QCOMPARE(embeddings().value(u"model"_s).toString(), u"fake-embed-2"_s);
        QTRY_COMPARE(embeddings().value(u"indexed"_s).toInt(), 2);
        const CommandResponse status = fx().call(u"channel.status"_s);
        QCOMPARE(status.result[u"assistant"_s][u"embeddingModel"_s].toString(), u"fake-embed-2"_s);
        int stored = -1;
        QVERIFY(fx().host()
                    .storage()
                    ->writer()
                    .run([&](QSqlDatabase &db) {
                        QSqlQuery q(db);
                        if (!q.exec(u"SELECT COUNT(DISTINCT model) FROM chunk_vectors"_s) ||
                            !q.next())
                            return Status::internal(u"count"_s);
                        stored = q.value(0).toInt();
                        return Status::ok();
                    })
                    .isOk());
        QCOMPARE(stored, 2);
        QVERIFY(fake.rejections().isEmpty());
    }

    // An endpoint that fails in any way leaves keyword search working and says why.
    void endpointTroubleLeavesKeywordSearch_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("delayMs");
        QTest::addColumn<int>("dims");
        QTest::addColumn<bool>("down");
        QTest::addColumn<QString>("reason");
        QTest::newRow("500") << 500 << 0 << 64 << false << u"HTTP 500"_s;
        QTest::newRow("429") << 429 << 0 << 64 << false << u"rate limited"_s;
        QTest::newRow("slow") << 0 << 3000 << 64 << false << u"did not answer in time"_s;
        QTest::newRow("dims") << 0 << 0 << 32 << false << u"32 dimensions"_s;
        QTest::newRow("down") << 0 << 0 << 64 << true << u"unreachable"_s;
    }
    void endpointTroubleLeavesKeywordSearch()
    {
        QFETCH(int, status);
        QFETCH(int, delayMs);
        QFETCH(int, dims);
        QFETCH(bool, down);
        QFETCH(QString, reason);
        FakeEmbeddingServer fake(u"fake-embed"_s, 64);
        QVERIFY(fake.listen());
        QString base = fake.baseUrl();
        if (down) {
            QTcpServer closed; // a port nobody listens on once closed
            QVERIFY(closed.listen(QHostAddress::LocalHost));
            base = u"http://127.0.0.1:"_s + QString::number(closed.serverPort()) + u"/v1"_s;
        }
        QVERIFY(startWithEmbeddings(base, 500));
        if (dims != 64) {
            // The index holds 64-dimension vectors; then the server's model changes.
            uploadOk(u"first.md"_s, "# First\n\nThe first document.");
            QTRY_COMPARE(embeddings().value(u"indexed"_s).toInt(), 1);
            fake.answerWithDims(dims);
        }
        fake.failWith(status);
        fake.delayBy(delayMs);
        uploadOk(u"hours.md"_s, "# Office hours\n\nWe are open on weekdays from eight to five.");
        QTRY_VERIFY2(embeddings().value(u"lastError"_s).toString().contains(reason),
                     qPrintable(embeddings().value(u"lastError"_s).toString()));
        const CommandResponse r =
            fx().call(u"knowledge.search"_s, {{u"query"_s, u"office hours weekdays"_s}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        const QJsonArray hits = r.result[u"hits"_s].toArray();
        QVERIFY(!hits.isEmpty());
        QCOMPARE(hits.first()[u"fileName"_s].toString(), u"hours.md"_s);
    }

    void customerDocumentsAreSealedAtRest()
    {
        QFETCH_GLOBAL(QString, engine);
        if (engine != u"sqlite"_s)
            QSKIP("the raw file is an SQLite check");
        const qint64 siti = customer(u"Siti Rahayu"_s, u"POL-2024-000111"_s);
        uploadOk(u"siti_letter.md"_s,
                 "# Claim decision\n\nYour claim CLM-77-4242 for Rp 12.345.678 was approved on "
                 "the basis of the surgeon's report.",
                 siti);
        QCOMPARE(search(u"CLM-77-4242"_s, siti).size(), 1);
        const QString dir = fx().dataDir();
        fx().stop();
        QByteArray raw;
        for (const QString &suffix : {u""_s, u"-wal"_s}) {
            QFile f(dir + u"/aiochat.db"_s + suffix);
            if (f.open(QIODevice::ReadOnly))
                raw += f.readAll();
        }
        QVERIFY(raw.size() > 4096);
        for (const char *clear :
             {"CLM-77-4242", "4242", "12.345.678", "was approved on", "Claim decision"})
            QVERIFY2(!raw.contains(clear), clear);
    }
};

QTEST_MAIN(TestKnowledge)
#include "tst_knowledge.moc"
