// aiochat-bench-knowledge: the knowledge base at 100,000 passages (a shared base plus 5,000
// customers' own documents), measured where the bot will use it.
//
//   retrieval   keyword-only top-5 and hybrid top-5 (query vector given), on a reader connection,
//               each for a random customer (their documents + the shared base)
//   ingestion   Markdown MB/s and PDF pages/s (read, split, sealed, indexed, committed)
//   embedding   passages/s against the fake OpenAI-compatible endpoint on loopback
//   memory      the vector index for 100k passages at 768 dimensions
//
// Usage: aiochat-bench-knowledge [--dir DIR] [--customers N] [--samples K]
#include "benchcorpus.h"
#include "benchstats.h"
#include "fakeembeddingserver.h"
#include "knowledge/ingestion.h"
#include "knowledge/retriever.h"
#include "knowledge/vectorindex.h"
#include "llm/embeddingclient.h"
#include "logging/logsetup.h"
#include "storage/connection.h"
#include "storage/storage.h"
#include "testsupport.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QGuiApplication>
#include <QNetworkAccessManager>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <cstdio>
#include <future>

using namespace Qt::StringLiterals;
using namespace aiochat;
using aiochat::bench::Words;

namespace {

constexpr int kDims = 768;

QVector<float> bagOfWords(const QString &text)
{
    QVector<float> v(kDims, 0.0f);
    const QStringList words = text.toLower().split(u' ', Qt::SkipEmptyParts);
    for (const QString &w : words)
        v[int(qHash(w, 11) % uint(kDims))] += 1.0f;
    return v;
}

template <typename Fn>
double millis(Fn fn)
{
    QElapsedTimer t;
    t.start();
    fn();
    return double(t.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv); // QPdfWriter makes the PDF for the ingestion figure
    QCommandLineParser parser;
    parser.addOptions({{u"dir"_s, u"Store directory (reused when it exists)."_s, u"DIR"_s,
                        u"/tmp/aiochat-bench-knowledge"_s},
                       {u"customers"_s, u"Customers with documents."_s, u"N"_s, u"5000"_s},
                       {u"samples"_s, u"Queries per measurement."_s, u"K"_s, u"300"_s}});
    parser.addHelpOption();
    parser.process(app);
    (void)initLogging({QString(), u"warning"_s, true});
    const QString dir = parser.value(u"dir"_s);
    const int customers = parser.value(u"customers"_s).toInt();
    const int samples = parser.value(u"samples"_s).toInt();
    using bench::kCustomerPassages;
    using bench::kSharedDocs;
    using bench::kSharedPassages;

    QDir().mkpath(dir);
    const DatabaseConfig config = DatabaseConfig::sqliteFile(dir + u"/knowledge.db"_s);
    const bool fresh = !QFile::exists(config.sqlitePath);
    // The keys live beside the store, so a second run reads what the first sealed.
    const QString keyFile = dir + u"/keyring.json"_s;
    std::shared_ptr<const PersonalDataCipher> cipher;
    {
        QFile f(keyFile);
        if (!fresh && f.open(QIODevice::ReadOnly)) {
            const Result<DataKeyring> ring = DataKeyring::fromJson(f.readAll());
            if (ring.isOk())
                cipher = std::make_shared<const PersonalDataCipher>(ring.value());
        }
        if (!cipher) {
            QFile::remove(config.sqlitePath);
            cipher = test::makeCipher();
            QFile out(keyFile);
            if (out.open(QIODevice::WriteOnly))
                out.write(cipher->keyring().toJson());
        }
    }
    Storage storage(config, cipher, 2);
    if (const Status s = storage.open(); !s.isOk()) {
        std::fprintf(stderr, "%s\n", qPrintable(s.message()));
        return 1;
    }
    const Words words(6000);

    // 1. The store: the shared base, then each customer's documents, written as uploads are.
    if (fresh || !QFile::exists(dir + u"/generated"_s)) {
        std::printf("generating %d shared and %d customer passages in %s …\n",
                    kSharedDocs * kSharedPassages, customers * kCustomerPassages, qPrintable(dir));
        QElapsedTimer t;
        t.start();
        if (const Result<qint64> written = bench::writeCorpus(storage, customers);
            !written.isOk()) {
            std::fprintf(stderr, "%s\n", qPrintable(written.status().message()));
            return 1;
        }
        QFile marker(dir + u"/generated"_s);
        (void)marker.open(QIODevice::WriteOnly);
        std::printf("  written in %.1f s\n", double(t.elapsed()) / 1000.0);
    }

    // 2. Vectors for every passage (768 dimensions), as the embedder keeps them in memory.
    VectorIndex index;
    index.reset(u"bench"_s, kDims);
    qint64 chunks = 0;
    const double loadMs = millis([&] {
        (void)storage.writer().run([&](QSqlDatabase &db) {
            QSqlQuery q(db);
            q.setForwardOnly(true);
            q.exec(u"SELECT id, namespace, text_enc FROM chunks"_s);
            while (q.next()) {
                const Result<QString> text =
                    cipher->open(PersonalField::DocumentText, q.value(2).toByteArray());
                index.add(q.value(0).toLongLong(), q.value(1).toString(), bagOfWords(text.value()));
                ++chunks;
            }
            return Status::ok();
        });
    });

    // 3. Retrieval, on a reader connection as knowledge.search runs it.
    QRandomGenerator rng(99);
    QList<double> keyword;
    QList<double> hybrid;
    int empty = 0;
    for (int i = 0; i < samples; ++i) {
        const qint64 contact = 1 + rng.bounded(customers);
        QStringList q;
        for (int w = 0; w < 4; ++w)
            q.append(words.pick(rng));
        if (i % 5 == 0)
            q.append(u"POL-"_s + QString::number((kSharedDocs + contact - 1) * 100 + 3));
        const QString query = q.join(u' ');
        const QVector<float> vector = bagOfWords(query);
        for (const bool withVectors : {false, true}) {
            std::promise<double> done;
            storage.readers().submit([&](QSqlDatabase &db) {
                QElapsedTimer t;
                t.start();
                const auto hits =
                    Retriever(db, *cipher)
                        .retrieve(query, contact, 5, withVectors ? vector : QVector<float>(),
                                  withVectors ? &index : nullptr);
                if (!hits.isOk() || hits->isEmpty())
                    ++empty;
                done.set_value(double(t.nsecsElapsed()) / 1e6);
            });
            (withVectors ? hybrid : keyword).append(done.get_future().get());
        }
    }

    // 4. Ingestion speed: a large Markdown file and a PDF of many pages.
    QTemporaryDir scratch;
    // A line of its own per run (the store keeps one copy of identical files): the number of
    // documents already there, so a rerun on the same store differs and a fresh one repeats.
    qint64 runTag = 0;
    (void)storage.writer().run([&](QSqlDatabase &db) {
        QSqlQuery q(db);
        if (q.exec(u"SELECT COUNT(*) FROM documents"_s) && q.next())
            runTag = q.value(0).toLongLong();
        return Status::ok();
    });
    QByteArray markdown = "Run " + QByteArray::number(runTag) + "\n\n";
    {
        QRandomGenerator r(5);
        int section = 0;
        while (markdown.size() < 5 * 1024 * 1024) {
            markdown += "## Section " + QByteArray::number(++section) + "\n\n";
            for (int p = 0; p < 4; ++p)
                markdown +=
                    words.sentence(r, 30).toUtf8() + ' ' + words.sentence(r, 25).toUtf8() + "\n\n";
            markdown += "| Plan | Premium |\n|---|---|\n| Basic | Rp 250.000 |\n\n";
        }
    }
    double markdownMs = 0;
    {
        markdownMs = millis([&] {
            const Result<ingestion::Prepared> p = ingestion::prepare(u"big.md"_s, markdown);
            (void)storage.writer().run([&](QSqlDatabase &db) {
                return ingestion::write(db, *cipher, p.value(), 0, 0).status();
            });
        });
    }
    constexpr int kPdfPages = 200;
    QByteArray pdf;
    {
        const QString path = scratch.filePath(u"big.pdf"_s);
        {
            QPdfWriter writer(path);
            writer.setPageSize(QPageSize(QPageSize::A4));
            writer.setResolution(72);
            QPainter painter(&writer);
            QRandomGenerator r(9);
            for (int p = 0; p < kPdfPages; ++p) {
                if (p > 0)
                    writer.newPage();
                for (int line = 0; line < 45; ++line)
                    painter.drawText(40, 40 + line * 16, words.sentence(r, 12));
                if (p == 0)
                    painter.drawText(40, 800, QString::number(runTag));
            }
        }
        QFile f(path);
        (void)f.open(QIODevice::ReadOnly);
        pdf = f.readAll();
    }
    const double pdfMs = millis([&] {
        const Result<ingestion::Prepared> p = ingestion::prepare(u"big.pdf"_s, pdf);
        if (!p.isOk()) {
            std::fprintf(stderr, "pdf: %s\n", qPrintable(p.status().message()));
            return;
        }
        (void)storage.writer().run([&](QSqlDatabase &db) {
            return ingestion::write(db, *cipher, p.value(), 0, 0).status();
        });
    });

    // 5. Embedding against the fake endpoint on loopback, in the embedder's batches of 32.
    test::FakeEmbeddingServer fake(u"bench-embed"_s, kDims);
    (void)fake.listen();
    QNetworkAccessManager network;
    EmbeddingClient client(network);
    client.configure(fake.baseUrl(), {}, u"bench-embed"_s);
    constexpr int kEmbed = 2048;
    QStringList texts;
    {
        QRandomGenerator r(3);
        for (int i = 0; i < kEmbed; ++i)
            texts.append(passage(words, r, 0, i).text);
    }
    const double embedMs = millis([&] {
        for (int start = 0; start < kEmbed; start += 32) {
            QEventLoop loop;
            client.embed(texts.mid(start, 32), 30000,
                         [&loop](const Result<EmbeddingClient::Vectors> &) { loop.quit(); });
            loop.exec();
        }
    });

    const auto [rss, peak] = bench::rssMiB();
    std::printf("\nAIO-CHAT knowledge benchmark — SQLite, %lld passages (%d shared, %d customers × "
                "%d), %d queries each\n\n",
                chunks, kSharedDocs * kSharedPassages, customers, kCustomerPassages, samples);
    bench::printRow("retrieve top-5, keyword only", bench::percentiles(keyword), "p95 ≤ 15 ms");
    bench::printRow("retrieve top-5, hybrid (query vector given)", bench::percentiles(hybrid),
                    "p95 ≤ 15 ms");
    std::printf("  queries without a hit: %d of %d\n\n", empty, samples * 2);
    std::printf("  ingest Markdown  %6.2f MB in %7.1f ms = %6.2f MB/s     target ≥ 2 MB/s\n",
                double(markdown.size()) / 1e6, markdownMs,
                double(markdown.size()) / 1e6 / (markdownMs / 1000.0));
    std::printf("  ingest PDF       %6d pages in %5.1f ms = %6.1f pages/s   target ≥ 20 pages/s\n",
                kPdfPages, pdfMs, kPdfPages / (pdfMs / 1000.0));
    std::printf(
        "  embed (fake endpoint, loopback, batches of 32): %.0f passages/s (%d in %.0f ms)\n",
        kEmbed / (embedMs / 1000.0), kEmbed, embedMs);
    std::printf("  vectors: %lld × %d dims = %.1f MiB in memory (%.1f MiB per 100k passages); "
                "loaded and opened in %.0f ms\n",
                index.size(), kDims, double(index.memoryBytes()) / (1024.0 * 1024.0),
                double(index.memoryBytes()) / (1024.0 * 1024.0) * 100000.0 / double(index.size()),
                loadMs);
    std::printf("  RSS now %.1f MiB, peak %.1f MiB\n", rss, peak);
    return 0;
}
