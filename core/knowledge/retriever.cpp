#include "retriever.h"

#include "knowledgerepository.h"
#include "security/personaldatacipher.h"
#include "storage/connection.h"
#include "storage/messagetext.h"
#include "vectorindex.h"

#include <QHash>
#include <QMutex>
#include <QSet>
#include <QSqlQuery>
#include <QVarLengthArray>

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

// Words that say nothing about what is asked, in English and Indonesian. Short on purpose:
// "not", "no", "tidak" and "belum" stay, as they change what a question means.
const QSet<QString> &stopWords()
{
    static const QSet<QString> words{
        // English
        u"a"_s,
        u"an"_s,
        u"the"_s,
        u"is"_s,
        u"are"_s,
        u"was"_s,
        u"were"_s,
        u"be"_s,
        u"been"_s,
        u"am"_s,
        u"do"_s,
        u"does"_s,
        u"did"_s,
        u"i"_s,
        u"me"_s,
        u"my"_s,
        u"you"_s,
        u"your"_s,
        u"we"_s,
        u"our"_s,
        u"it"_s,
        u"its"_s,
        u"of"_s,
        u"to"_s,
        u"in"_s,
        u"on"_s,
        u"at"_s,
        u"for"_s,
        u"from"_s,
        u"by"_s,
        u"with"_s,
        u"and"_s,
        u"or"_s,
        u"if"_s,
        u"so"_s,
        u"this"_s,
        u"that"_s,
        u"these"_s,
        u"those"_s,
        u"can"_s,
        u"could"_s,
        u"would"_s,
        u"should"_s,
        u"will"_s,
        u"please"_s,
        u"hi"_s,
        u"hello"_s,
        u"what"_s,
        u"which"_s,
        u"who"_s,
        u"how"_s,
        u"there"_s,
        u"about"_s,
        u"any"_s,
        u"have"_s,
        u"has"_s,
        u"had"_s,
        // Indonesian
        u"yang"_s,
        u"dan"_s,
        u"di"_s,
        u"ke"_s,
        u"dari"_s,
        u"ini"_s,
        u"itu"_s,
        u"untuk"_s,
        u"dengan"_s,
        u"saya"_s,
        u"aku"_s,
        u"anda"_s,
        u"kamu"_s,
        u"apa"_s,
        u"apakah"_s,
        u"bagaimana"_s,
        u"ada"_s,
        u"adalah"_s,
        u"atau"_s,
        u"juga"_s,
        u"akan"_s,
        u"bisa"_s,
        u"pada"_s,
        u"dalam"_s,
        u"mohon"_s,
        u"tolong"_s,
        u"halo"_s,
        u"kak"_s,
        u"min"_s,
        u"ya"_s,
        u"sih"_s,
        u"dong"_s,
        u"nya"_s,
        u"kah"_s,
        u"mau"_s,
        u"ingin"_s,
        u"tanya"_s,
    };
    return words;
}

// The same words in UTF-8, as passages' terms are read.
const QSet<QByteArray> &utf8StopWords()
{
    static const QSet<QByteArray> words = [] {
        QSet<QByteArray> out;
        for (const QString &w : stopWords())
            out.insert(w.toUtf8());
        return out;
    }();
    return words;
}

// How many passages hold a term (and how many there are), remembered between questions:
// counting a common word walks thousands of postings, and a question's words repeat from one
// customer to the next. The counts belong to one database at one knowledge_state.generation,
// which every upload, re-index, deletion and merge advances in its own transaction: then the
// counts are taken afresh.
// Shared by the reader threads (hence the mutex); the terms are index forms — words, and keyed
// hashes for numbers — never a customer's clear personal data.
struct DfCache
{
    static constexpr qsizetype kMaxTerms = 50'000;
    QMutex mutex;
    QString version;
    double total = -1; ///< passages in all, -1 until counted
    QHash<QString, double> counts;
};

DfCache &dfCache()
{
    static DfCache cache;
    return cache;
}

// The space-separated terms of a passage as views into its UTF-8 bytes, without a copy.
class PassageTerms
{
public:
    explicit PassageTerms(QByteArrayView all)
        : m_all(all)
    {}
    class Iterator
    {
    public:
        Iterator(QByteArrayView all, qsizetype at)
            : m_all(all)
            , m_at(at)
        {
            settle();
        }
        QByteArrayView operator*() const { return m_all.sliced(m_at, m_end - m_at); }
        Iterator &operator++()
        {
            m_at = m_end;
            settle();
            return *this;
        }
        bool operator!=(const Iterator &other) const { return m_at != other.m_at; }

    private:
        // Skips spaces to the next term and finds its end.
        void settle()
        {
            while (m_at < m_all.size() && m_all.at(m_at) == ' ')
                ++m_at;
            const void *space = m_at < m_all.size() ? std::memchr(m_all.data() + m_at, ' ',
                                                                  size_t(m_all.size() - m_at))
                                                    : nullptr;
            m_end = space ? static_cast<const char *>(space) - m_all.data() : m_all.size();
        }
        QByteArrayView m_all;
        qsizetype m_at = 0;
        qsizetype m_end = 0;
    };
    [[nodiscard]] Iterator begin() const { return {m_all, 0}; }
    [[nodiscard]] Iterator end() const { return {m_all, m_all.size()}; }

private:
    QByteArrayView m_all;
};

// The distinct terms of a passage that carry meaning (no scope token, no stop word), sorted, as
// views into @p all: what the recency rule compares, without a set of strings per passage.
QList<QByteArrayView> meaningfulTerms(QByteArrayView all)
{
    QList<QByteArrayView> out;
    for (const QByteArrayView term : PassageTerms(all)) {
        if (!term.startsWith("zscope") &&
            !utf8StopWords().contains(QByteArray::fromRawData(term.data(), term.size())))
            out.append(term);
    }
    // Stored sorted (searchTerms sorts them); sorted here only when an older row was not.
    if (!std::is_sorted(out.begin(), out.end()))
        std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// Jaccard similarity of two sorted, distinct term lists.
double overlap(const QList<QByteArrayView> &a, const QList<QByteArrayView> &b)
{
    if (a.isEmpty() || b.isEmpty())
        return 0;
    qsizetype common = 0;
    for (auto i = a.cbegin(), j = b.cbegin(); i != a.cend() && j != b.cend();) {
        if (*i < *j) {
            ++i;
        } else if (*j < *i) {
            ++j;
        } else {
            ++common;
            ++i;
            ++j;
        }
    }
    return double(common) / double(a.size() + b.size() - common);
}

} // namespace

Retriever::Retriever(QSqlDatabase db, const PersonalDataCipher &cipher)
    : m_db(std::move(db))
    , m_cipher(cipher)
{}

QStringList Retriever::keywords(const QString &query)
{
    QStringList out;
    for (const messagetext::Token &t : messagetext::queryTokens(query.left(kMaxQueryChars))) {
        if (!t.sensitive && (stopWords().contains(t.text) || t.text.size() < 2))
            continue;
        if (!out.contains(t.text))
            out.append(t.text);
    }
    return out;
}

Result<QList<qint64>> Retriever::keywordCandidates(const QString &query, qint64 contactId,
                                                   int limit)
{
    const bool pg = isPostgres(m_db);
    // One group per word of the question: the forms the index may hold it under.
    QList<QStringList> groups;
    QList<bool> sensitive;
    for (const messagetext::Token &t : messagetext::queryTokens(query.left(kMaxQueryChars))) {
        if (!t.sensitive && (stopWords().contains(t.text) || t.text.size() < 2))
            continue;
        QStringList forms = messagetext::indexedForms(m_cipher, t);
        // Nothing is stemmed (an English stemmer mangles Indonesian), but a question's
        // "premium" should find "premiums": the word with and without a final "s" is looked
        // for. A made-up form ("kela" from "kelas") simply matches nothing.
        if (!t.sensitive && t.text.size() >= 4) {
            if (t.text.endsWith(u's') && !t.text.endsWith(u"ss"_s))
                forms.append(t.text.chopped(1));
            else if (!t.text.endsWith(u's'))
                forms.append(t.text + u's');
        }
        bool seen = false;
        for (const QStringList &g : std::as_const(groups))
            seen |= g.first() == forms.first();
        if (seen)
            continue;
        groups.append(forms);
        sensitive.append(t.sensitive);
        if (groups.size() >= 24)
            break;
    }
    if (groups.isEmpty())
        return QList<qint64>();

    // How many passages hold each term, and how many there are (the IDF of BM25 below).
    // Counting a word found in every passage means walking all its postings, so counts stop at
    // a cap (5 % of the passages, at least 1,000): a word that common is weak evidence whatever
    // its exact count, and is taken as found in half of them.
    double total = 0;
    QHash<QString, double> df;
    {
        QSqlQuery q(m_db);
        if (!q.exec(u"SELECT generation FROM knowledge_state WHERE id = 1"_s) || !q.next())
            return queryError(q, u"reading the knowledge base's generation"_s);
        // The counts of this very set of passages, kept between questions (see DfCache).
        const QString version = m_db.driverName() + u'|' + m_db.databaseName() + u'|' +
                                m_db.hostName() + u':' + QString::number(m_db.port()) + u'|' +
                                q.value(0).toString();
        q.finish();
        DfCache &cache = dfCache();
        QStringList missing;
        {
            const QMutexLocker lock(&cache.mutex);
            if (cache.version != version) {
                cache.version = version;
                cache.counts.clear();
                cache.total = -1;
            }
            total = cache.total;
            for (const QStringList &g : std::as_const(groups)) {
                for (const QString &form : g) {
                    const auto known = cache.counts.constFind(form);
                    if (known != cache.counts.cend())
                        df.insert(form, known.value());
                    else
                        missing.append(form);
                }
            }
        }
        if (total < 0) {
            if (!q.exec(u"SELECT COUNT(*) FROM chunks"_s) || !q.next())
                return queryError(q, u"counting passages"_s);
            total = q.value(0).toDouble();
            q.finish();
            const QMutexLocker lock(&cache.mutex);
            if (cache.version == version)
                cache.total = total;
        }
        const int cap = std::max(1000, int(total / 20));
        q.prepare(pg ? u"SELECT COUNT(*) FROM (SELECT 1 FROM chunks WHERE search @@ "
                       u"to_tsquery('simple', ?) LIMIT "_s +
                           QString::number(cap) + u") t"_s
                     : u"SELECT COUNT(*) FROM (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? "
                       u"LIMIT "_s +
                           QString::number(cap) + u')');
        for (const QString &form : std::as_const(missing)) {
            q.addBindValue(pg ? messagetext::tsQuoted(form) : messagetext::ftsQuoted(form));
            if (Status s = execute(q, u"counting a term"_s); !s.isOk())
                return s;
            const double n = q.next() ? q.value(0).toDouble() : 0;
            df.insert(form, n >= cap ? std::max(double(cap), total / 2) : n);
            q.finish();
        }
        if (!missing.isEmpty()) {
            const QMutexLocker lock(&cache.mutex);
            if (cache.version == version) {
                if (cache.counts.size() > DfCache::kMaxTerms)
                    cache.counts.clear();
                for (const QString &form : std::as_const(missing))
                    cache.counts.insert(form, df.value(form));
            }
        }
    }
    const auto groupDf = [&df](const QStringList &g) {
        double n = 0;
        for (const QString &form : g)
            n = std::max(n, df.value(form));
        return n;
    };

    // The index is asked for passages with the discriminating terms only: ranking every passage
    // that holds a word found in a twentieth of them costs tens of milliseconds for little.
    // Common words still count in the scores below. When every word is that common, the
    // rarest one alone picks candidates, newest first, without the index ranking them.
    const double common = std::max(1000.0, total / 20);
    QStringList alternatives;
    qsizetype rarest = -1;
    for (qsizetype g = 0; g < groups.size(); ++g) {
        const double n = groupDf(groups.at(g));
        if (n == 0)
            continue; // in no passage at all
        if (rarest < 0 || n < groupDf(groups.at(rarest)))
            rarest = g;
        if (!sensitive.at(g) && n >= common)
            continue;
        for (const QString &form : groups.at(g))
            alternatives.append(pg ? messagetext::tsQuoted(form) : messagetext::ftsQuoted(form));
    }
    if (rarest < 0)
        return QList<qint64>();
    const bool ranked = !alternatives.isEmpty();
    if (!ranked) {
        for (const QString &form : groups.at(rarest))
            alternatives.append(pg ? messagetext::tsQuoted(form) : messagetext::ftsQuoted(form));
    }
    QStringList scopes{KnowledgeRepository::scopeToken(0)};
    if (contactId)
        scopes.append(KnowledgeRepository::scopeToken(contactId));
    for (QString &s : scopes)
        s = pg ? messagetext::tsQuoted(s) : messagetext::ftsQuoted(s);
    const QString match =
        pg ? u"("_s + scopes.join(u" | "_s) + u") & ("_s + alternatives.join(u" | "_s) + u')'
           : u"("_s + scopes.join(u" OR "_s) + u") AND ("_s + alternatives.join(u" OR "_s) + u')';

    // Candidates: the index's own best 100 within the scope.
    // The question's forms, each once, and each word's forms by index: a candidate's counts are
    // an array, not a hash of strings.
    QStringList forms;
    QList<QList<int>> formsOf;
    for (const QStringList &g : std::as_const(groups)) {
        QList<int> indexes;
        for (const QString &form : g) {
            qsizetype i = forms.indexOf(form);
            if (i < 0) {
                i = forms.size();
                forms.append(form);
            }
            indexes.append(int(i));
        }
        formsOf.append(indexes);
    }
    // The forms as UTF-8, the passages' terms are read as bytes: SQLite keeps them in UTF-8 and
    // converting a hundred passages' terms to QString was a fifth of a question's retrieval.
    QList<QByteArray> utf8Forms;
    for (const QString &form : std::as_const(forms))
        utf8Forms.append(form.toUtf8());
    // Which lengths any form has: most of a passage's terms are rejected by length alone.
    quint64 lengths = 0;
    for (const QByteArray &form : std::as_const(utf8Forms))
        lengths |= quint64(1) << std::min<qsizetype>(form.size(), 63);
    struct Candidate
    {
        qint64 id = 0;
        QVarLengthArray<int, 64> tf;
        int length = 0;
        double score = 0;
    };
    QList<Candidate> candidates;
    {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        const QString sql =
            pg ? (ranked ? u"SELECT id, convert_to(terms, 'UTF8') FROM chunks WHERE search @@ "
                           u"to_tsquery('simple', ?) ORDER BY ts_rank(search, "
                           u"to_tsquery('simple', ?)) DESC, id DESC LIMIT 100"_s
                         : u"SELECT id, convert_to(terms, 'UTF8') FROM chunks WHERE search @@ "
                           u"to_tsquery('simple', ?) ORDER BY id DESC LIMIT 200"_s)
               : (ranked ? u"SELECT c.id, CAST(c.terms AS BLOB) FROM chunks_fts f JOIN chunks c "
                           u"ON c.id = f.rowid WHERE chunks_fts MATCH ? ORDER BY f.rank LIMIT 100"_s
                         : u"SELECT c.id, CAST(c.terms AS BLOB) FROM chunks_fts f JOIN chunks c "
                           u"ON c.id = f.rowid WHERE chunks_fts MATCH ? ORDER BY f.rowid DESC "
                           u"LIMIT 200"_s);
        if (!q.prepare(sql))
            return queryError(q, u"preparing the knowledge search"_s);
        q.addBindValue(match);
        if (pg && ranked)
            q.addBindValue(match);
        if (Status s = execute(q, u"searching the knowledge base"_s); !s.isOk())
            return s;
        while (q.next()) {
            Candidate c;
            c.id = q.value(0).toLongLong();
            c.tf.resize(forms.size());
            std::fill(c.tf.begin(), c.tf.end(), 0);
            // The passage's terms, walked in place (a passage has hundreds; splitting them into
            // strings was most of a question's retrieval time).
            const QByteArray terms = q.value(1).toByteArray();
            for (const QByteArrayView term : PassageTerms(terms)) {
                ++c.length;
                if (!(lengths & (quint64(1) << std::min<qsizetype>(term.size(), 63))))
                    continue;
                for (qsizetype i = 0; i < utf8Forms.size(); ++i) {
                    const QByteArray &form = utf8Forms.at(i);
                    if (form.size() == term.size() && form.front() == term.front() && term == form)
                        ++c.tf[i];
                }
            }
            candidates.append(c);
        }
    }
    if (candidates.isEmpty())
        return QList<qint64>();

    // BM25 with Lucene's IDF, ln(1 + (N - n + 0.5) / (n + 0.5)), which stays positive: in a
    // customer's few passages most words occur in most of them, and FTS5's IDF (clamped at
    // zero there) would leave the order to chance.
    double averageLength = 0;
    for (const Candidate &c : std::as_const(candidates))
        averageLength += c.length;
    averageLength = std::max(1.0, averageLength / double(candidates.size()));
    constexpr double k1 = 1.2;
    constexpr double b = 0.75;
    for (Candidate &c : candidates) {
        for (qsizetype gi = 0; gi < groups.size(); ++gi) {
            const QStringList &g = groups.at(gi);
            double tf = 0;
            for (int i : formsOf.at(gi))
                tf += c.tf.at(i);
            const double n = groupDf(g);
            if (tf == 0)
                continue;
            const double idf = std::log(1.0 + (total - n + 0.5) / (n + 0.5));
            c.score +=
                idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * double(c.length) / averageLength));
        }
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate &x, const Candidate &y) { return x.score > y.score; });
    QList<qint64> out;
    for (const Candidate &c : std::as_const(candidates)) {
        if (out.size() == limit)
            break;
        out.append(c.id);
    }
    return out;
}

Result<QList<KnowledgeHit>> Retriever::retrieve(const QString &query, qint64 contactId, int k,
                                                const QVector<float> &queryVector,
                                                const VectorIndex *vectors)
{
    k = std::clamp(k, 1, 50);
    // Without vectors the keyword order is the final order: only the leading rows can reach
    // the answer (the recency rule looks at 3k; a few more stand in for archived ones).
    const bool fusing = vectors && !queryVector.isEmpty();
    const Result<QList<qint64>> keyword =
        keywordCandidates(query, contactId, fusing ? 50 : 3 * k + 10);
    if (!keyword.isOk())
        return keyword.status();
    // Reciprocal rank fusion: each list adds 1 / (60 + rank). With vectors configured their
    // list joins here; alone, the keyword order is kept.
    QHash<qint64, double> fused;
    for (qsizetype i = 0; i < keyword->size(); ++i)
        fused[keyword->at(i)] += 1.0 / (60.0 + double(i + 1));
    if (vectors && !queryVector.isEmpty()) {
        QStringList namespaces{knowledgeNamespace(0)};
        if (contactId)
            namespaces.append(knowledgeNamespace(contactId));
        const QList<VectorIndex::Hit> near = vectors->search(queryVector, namespaces, 50);
        for (qsizetype i = 0; i < near.size(); ++i)
            fused[near.at(i).chunkId] += 1.0 / (60.0 + double(i + 1));
    }
    if (fused.isEmpty())
        return QList<KnowledgeHit>();

    QString sql =
        u"SELECT c.id, c.document_id, c.namespace, c.page, c.heading_enc, c.text_enc, "
        u"c.superseded, "_s +
        (isPostgres(m_db) ? u"convert_to(c.terms, 'UTF8')"_s : u"CAST(c.terms AS BLOB)"_s) +
        u", d.file_name, d.contact_id, d.updated_at "
        u"FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id IN ("_s;
    QVariantList binds;
    for (auto it = fused.cbegin(); it != fused.cend(); ++it) {
        sql += binds.isEmpty() ? u"?"_s : u", ?"_s;
        binds << it.key();
    }
    sql += u')';
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return queryError(q, u"reading passages"_s);
    for (const QVariant &b : std::as_const(binds))
        q.addBindValue(b);
    if (Status s = execute(q, u"reading passages"_s); !s.isOk())
        return s;

    struct Row
    {
        KnowledgeHit hit;
        QByteArray heading;
        QByteArray text;
        QString ns;
        Millis documentTime = 0;
        QByteArray termsText;
        QList<QByteArrayView> terms; ///< made only for the rows the recency rule compares
    };
    const QString shared = knowledgeNamespace(0);
    const QString own = contactId ? knowledgeNamespace(contactId) : QString();
    QList<Row> rows;
    while (q.next()) {
        Row r;
        r.ns = q.value(2).toString();
        // Checked again on what was read: nothing outside the scope gets through, whatever the
        // index said.
        if (r.ns != shared && (own.isEmpty() || r.ns != own))
            continue;
        r.hit.chunkId = q.value(0).toLongLong();
        r.hit.documentId = q.value(1).toLongLong();
        r.hit.page = q.value(3).toInt();
        r.heading = q.value(4).toByteArray();
        r.text = q.value(5).toByteArray();
        r.hit.superseded = q.value(6).toBool();
        r.termsText = q.value(7).toByteArray();
        r.hit.fileName = q.value(8).toString();
        r.hit.contactId = q.value(9).toLongLong();
        r.documentTime = q.value(10).toLongLong();
        r.hit.score = fused.value(r.hit.chunkId);
        // What says it no longer applies ranks below what does.
        if (r.hit.superseded)
            r.hit.score *= 0.25;
        rows.append(r);
    }
    q.finish();
    const auto byScore = [](const Row &a, const Row &b) {
        return a.hit.score != b.hit.score ? a.hit.score > b.hit.score
                                          : a.hit.chunkId > b.hit.chunkId;
    };
    std::sort(rows.begin(), rows.end(), byScore);
    // Only the leading rows can reach the answer: the recency rule looks at three times k.
    if (rows.size() > 3 * k)
        rows.resize(3 * k);
    for (Row &r : rows)
        r.terms = meaningfulTerms(r.termsText);
    // A newer document in the same scope that covers the same ground (shared terms) outranks an
    // older one: an endorsement after a schedule, this year's terms after last year's.
    for (Row &older : rows) {
        for (const Row &newer : std::as_const(rows)) {
            // Newer: stored later (same millisecond: the later id).
            const bool isNewer = std::pair(newer.documentTime, newer.hit.documentId) >
                                 std::pair(older.documentTime, older.hit.documentId);
            if (newer.ns != older.ns || newer.hit.documentId == older.hit.documentId || !isNewer)
                continue;
            if (older.hit.score >= newer.hit.score && overlap(older.terms, newer.terms) >= 0.2)
                older.hit.score = newer.hit.score * 0.99;
        }
    }
    std::sort(rows.begin(), rows.end(), byScore);
    if (rows.size() > k)
        rows.resize(k);
    QList<KnowledgeHit> out;
    for (Row &r : rows) {
        const Result<QString> heading = m_cipher.open(PersonalField::DocumentText, r.heading);
        const Result<QString> text = m_cipher.open(PersonalField::DocumentText, r.text);
        if (!heading.isOk() || !text.isOk())
            return (heading.isOk() ? text.status() : heading.status()).prefixed(u"passage"_s);
        r.hit.headingPath = heading.value();
        r.hit.text = text.value();
        out.append(r.hit);
    }
    return out;
}

} // namespace aiochat
