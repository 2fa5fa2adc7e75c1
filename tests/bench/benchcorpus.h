#pragma once

#include "knowledge/chunker.h"

#include <QRandomGenerator>
#include <QStringList>

#include <algorithm>
#include <cmath>

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

} // namespace aiochat::bench
