#pragma once

#include "knowledge/chunker.h"
#include "knowledge/ingestion.h"
#include "storage/connection.h"
#include "storage/storage.h"

#include <QRandomGenerator>
#include <QSqlQuery>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <functional>

/** @brief A synthetic knowledge base for the benchmarks that need 100,000 passages. */
namespace aiochat::bench {

// A vocabulary of made-up but pronounceable words, drawn with a Zipf-like skew so some words are
// everywhere and most are rare, as in real documents.
class Words
{
public:
    explicit Words(int count)
    {
        const QStringList syllables{
            QStringLiteral("ka"),  QStringLiteral("ri"),  QStringLiteral("po"),
            QStringLiteral("lan"), QStringLiteral("ter"), QStringLiteral("mi"),
            QStringLiteral("sa"),  QStringLiteral("den"), QStringLiteral("bu"),
            QStringLiteral("ro"),  QStringLiteral("tan"), QStringLiteral("ve"),
            QStringLiteral("li"),  QStringLiteral("gar"), QStringLiteral("no"),
            QStringLiteral("sim"), QStringLiteral("pe"),  QStringLiteral("da")};
        QRandomGenerator rng(42);
        while (m_words.size() < count) {
            QString w;
            const int n = 2 + rng.bounded(3);
            for (int i = 0; i < n; ++i)
                w += syllables.at(rng.bounded(int(syllables.size())));
            if (!m_words.contains(w))
                m_words.append(w);
        }
    }
    [[nodiscard]] QString pick(QRandomGenerator &rng) const
    {
        // Inverse-power skew: index ~ count^(u^2).
        const double u = rng.generateDouble();
        const int i =
            std::min(int(m_words.size()) - 1, int(std::pow(double(m_words.size()), u * u)) - 1);
        return m_words.at(std::max(0, i));
    }
    [[nodiscard]] QString sentence(QRandomGenerator &rng, int words) const
    {
        QStringList out;
        for (int i = 0; i < words; ++i)
            out.append(pick(rng));
        out.first()[0] = out.first()[0].toUpper();
        return out.join(u' ') + u'.';
    }

private:
    QStringList m_words;
};

/** @brief A ~250-word passage of @p words, ending with a policy number and an amount. */
inline DocumentChunk passage(const Words &words, QRandomGenerator &rng, int ordinal, qint64 tag)
{
    DocumentChunk c;
    c.ordinal = ordinal;
    c.headingPath = words.sentence(rng, 3).chopped(1);
    QStringList sentences;
    int total = 0;
    while (total < 250) {
        const int n = 8 + rng.bounded(12);
        sentences.append(words.sentence(rng, n));
        total += n;
    }
    // A number the way documents carry them: a policy number, an amount.
    sentences.append(QStringLiteral("Policy POL-") + QString::number(tag) +
                     QStringLiteral(" premium Rp ") + QString::number(100 + rng.bounded(900)) +
                     QStringLiteral(".000."));
    c.text = sentences.join(u' ');
    c.words = total;
    return c;
}

/** @brief The synthetic knowledge base: 500 shared documents of 20 passages each. */
constexpr int kSharedDocs = 500;
constexpr int kSharedPassages = 20;
constexpr int kCustomerPassages = 18; ///< per customer, in one document of their own

/**
 * @brief Writes @p customers customers and the knowledge base (the shared documents, then one
 * document per customer) into @p storage as uploads write it, in batches of 200 documents;
 * @p shared sees every shared passage (to make questions from). Returns the first customer's id.
 */
inline Result<qint64> writeCorpus(Storage &storage, int customers,
                                  const std::function<void(const DocumentChunk &)> &shared = {})
{
    const Words words(6000);
    QRandomGenerator rng(7);
    qint64 firstContact = 0;
    Status s = storage.writer().run([&](QSqlDatabase &db) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral(
            "INSERT INTO contacts (display_name, created_at, updated_at) VALUES (?, 0, 0)"));
        for (int c = 0; c < customers; ++c) {
            q.addBindValue(QStringLiteral("Customer ") + QString::number(c));
            if (!q.exec())
                return Status::internal(QStringLiteral("inserting a customer"));
        }
        q.finish();
        if (q.exec(QStringLiteral("SELECT MIN(id) FROM contacts")) && q.next())
            firstContact = q.value(0).toLongLong();
        return Status::ok();
    });
    const int documents = kSharedDocs + customers;
    for (int start = 0; start < documents && s.isOk(); start += 200) {
        QList<std::pair<qint64, ingestion::Prepared>> batch;
        for (int d = start; d < std::min(documents, start + 200); ++d) {
            const bool isShared = d < kSharedDocs;
            ingestion::Prepared p;
            p.document.fileName =
                (isShared ? QStringLiteral("terms_") : QStringLiteral("schedule_")) +
                QString::number(d) + QStringLiteral(".md");
            p.document.mimeType = QStringLiteral("text/markdown");
            p.content = p.document.fileName.toUtf8() + QByteArray::number(d);
            p.sha256 = QString::number(d);
            const int n = isShared ? kSharedPassages : kCustomerPassages;
            for (int i = 0; i < n; ++i) {
                p.chunks.append(passage(words, rng, i, d * 100 + i));
                if (isShared && shared)
                    shared(p.chunks.last());
            }
            batch.append({isShared ? 0 : firstContact + (d - kSharedDocs), p});
        }
        s = storage.writer().run([&](QSqlDatabase &db) -> Status {
            for (const auto &[contact, p] : batch) {
                if (Status e = ingestion::write(db, storage.cipher(), p, contact, 0).status();
                    !e.isOk())
                    return e;
            }
            return Status::ok();
        });
    }
    if (!s.isOk())
        return s;
    return firstContact;
}

} // namespace aiochat::bench
