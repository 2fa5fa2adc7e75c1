#include "offlineanswerer.h"

#include "knowledge/chunker.h"
#include "knowledge/retriever.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace aiochat::assistant {

namespace {

QStringList wordsOf(const QString &text)
{
    static const QRegularExpression split(u"[^\\p{L}\\p{N}]+"_s);
    return text.toLower().split(split, Qt::SkipEmptyParts);
}

// The forms a question word may take in a sentence: itself, and with or without a final "s".
QSet<QString> formsOf(const QString &word)
{
    QSet<QString> out{word};
    if (word.size() >= 4) {
        if (word.endsWith(u's') && !word.endsWith(u"ss"_s))
            out.insert(word.chopped(1));
        else if (!word.endsWith(u's'))
            out.insert(word + u's');
    }
    return out;
}

bool asksForAQuantity(const QString &question)
{
    static const QRegularExpression asks(
        u"\\b(how (much|many|long|soon|often)|when|what time|which day|what date|berapa|kapan|"
        u"tanggal berapa|jam berapa|sampai kapan)\\b"_s,
        QRegularExpression::CaseInsensitiveOption);
    return asks.match(question).hasMatch();
}

bool hasAQuantity(const QString &sentence)
{
    static const QRegularExpression quantity(u"\\d"_s);
    return quantity.match(sentence).hasMatch();
}

struct Candidate
{
    int hit = 0;
    int order = 0; ///< position in the passage (adjacent sentences read together)
    QString text;
    double score = 0;
    QSet<QString> matched;
};

} // namespace

Language detectLanguage(const QString &text, Language fallback)
{
    static const QSet<QString> indonesian{
        u"saya"_s,   u"apa"_s,   u"apakah"_s, u"bagaimana"_s, u"berapa"_s, u"kapan"_s, u"yang"_s,
        u"dan"_s,    u"di"_s,    u"ke"_s,     u"tidak"_s,     u"ini"_s,    u"itu"_s,   u"untuk"_s,
        u"dengan"_s, u"bisa"_s,  u"mau"_s,    u"tolong"_s,    u"mohon"_s,  u"halo"_s,  u"selamat"_s,
        u"terima"_s, u"kasih"_s, u"sudah"_s,  u"belum"_s,     u"ada"_s,    u"kak"_s,   u"pak"_s,
        u"bu"_s,     u"polis"_s, u"premi"_s,  u"klaim"_s,     u"jatuh"_s,  u"tempo"_s};
    static const QSet<QString> english{
        u"i"_s,   u"my"_s,   u"what"_s,   u"how"_s,     u"when"_s,  u"is"_s,     u"are"_s,
        u"the"_s, u"and"_s,  u"to"_s,     u"of"_s,      u"for"_s,   u"with"_s,   u"can"_s,
        u"do"_s,  u"does"_s, u"please"_s, u"hello"_s,   u"hi"_s,    u"thanks"_s, u"thank"_s,
        u"you"_s, u"want"_s, u"policy"_s, u"premium"_s, u"claim"_s, u"due"_s};
    int id = 0;
    int en = 0;
    for (const QString &w : wordsOf(text)) {
        id += indonesian.contains(w) ? 1 : 0;
        en += english.contains(w) ? 1 : 0;
    }
    if (id == en)
        return fallback;
    return id > en ? Language::Indonesian : Language::English;
}

Intent classify(const QString &text)
{
    // A person, please — in English and Indonesian; complaints go to a person too.
    static const QRegularExpression person(
        u"\\b(human|real person|a person|agent|operator|representative|customer service|"
        u"talk to (someone|somebody)|speak to (someone|somebody)|complaint|complain|"
        u"petugas|manusia|orang asli|operator|cs|customer service|komplain|keluhan|"
        u"bicara dengan (orang|petugas|cs)|hubungkan)\\b"_s,
        QRegularExpression::CaseInsensitiveOption);
    if (person.match(text).hasMatch())
        return Intent::Handoff;
    static const QRegularExpression hello(
        u"^\\s*(hi|hello|hey|good (morning|afternoon|evening)|halo|hai|hallo|selamat "
        u"(pagi|siang|sore|malam)|assalamualaikum|permisi)[\\s!.,]*(there|kak|min|admin|pak|"
        u"bu)?[\\s!.,]*$"_s,
        QRegularExpression::CaseInsensitiveOption);
    if (hello.match(text).hasMatch())
        return Intent::Greeting;
    return Intent::Question;
}

Extract extractiveAnswer(const QString &question, const QList<KnowledgeHit> &hits)
{
    Extract out;
    const QStringList keywords = Retriever::keywords(question);
    if (keywords.isEmpty() || hits.isEmpty())
        return out;
    QList<QSet<QString>> forms;
    for (const QString &k : keywords)
        forms.append(formsOf(k));
    const bool wantsQuantity = asksForAQuantity(question);

    // Sentences and table rows of the leading passages; archived ones only if nothing else.
    bool anyCurrent = false;
    for (const KnowledgeHit &h : hits)
        anyCurrent |= !h.superseded;
    QList<Candidate> candidates;
    for (int i = 0; i < std::min<int>(int(hits.size()), 3); ++i) {
        const KnowledgeHit &h = hits.at(i);
        if (h.superseded && anyCurrent)
            continue;
        int order = 0;
        for (const QString &line : h.text.split(u'\n', Qt::SkipEmptyParts)) {
            for (const QString &sentence : Chunker::sentences(line))
                candidates.append({i, order++, sentence, 0, {}});
        }
    }
    // Rarer words among the candidates weigh more.
    QHash<int, int> holders;
    QList<QSet<QString>> sentenceWords;
    for (const Candidate &c : std::as_const(candidates)) {
        const QStringList w = wordsOf(c.text);
        sentenceWords.append(QSet<QString>(w.cbegin(), w.cend()));
    }
    for (qsizetype k = 0; k < forms.size(); ++k) {
        for (const QSet<QString> &words : std::as_const(sentenceWords)) {
            if (words.intersects(forms.at(k)))
                ++holders[int(k)];
        }
    }
    for (qsizetype s = 0; s < candidates.size(); ++s) {
        Candidate &c = candidates[s];
        const QString heading = hits.at(c.hit).headingPath.toLower();
        for (qsizetype k = 0; k < forms.size(); ++k) {
            if (!sentenceWords.at(s).intersects(forms.at(k)))
                continue;
            c.matched.insert(keywords.at(k));
            c.score += 1.0 + 1.0 / double(std::max(1, holders.value(int(k))));
        }
        for (qsizetype k = 0; k < forms.size(); ++k) {
            for (const QString &f : forms.at(k)) {
                if (heading.contains(f)) {
                    c.score += 0.5;
                    break;
                }
            }
        }
        if (wantsQuantity && hasAQuantity(c.text))
            c.score += 1.5;
        c.score += 0.6 / double(1 + c.hit);
    }
    if (candidates.isEmpty())
        return out;
    qsizetype best = 0;
    for (qsizetype s = 1; s < candidates.size(); ++s) {
        if (candidates.at(s).score > candidates.at(best).score)
            best = s;
    }
    const Candidate &top = candidates.at(best);
    QSet<QString> covered = top.matched;
    QString text = top.text;
    // The sentence after it, from the same passage, when it adds something asked for.
    if (best + 1 < candidates.size()) {
        const Candidate &next = candidates.at(best + 1);
        if (next.hit == top.hit && next.order == top.order + 1 && next.score >= 0.6 * top.score &&
            !(next.matched - covered).isEmpty()) {
            text += u' ' + next.text;
            covered.unite(next.matched);
        }
    }
    // Words the heading supplies count as covered: "How long is the grace period?" answered
    // under "Grace period" need not repeat it.
    const QString heading = hits.at(top.hit).headingPath.toLower();
    for (qsizetype k = 0; k < forms.size(); ++k) {
        for (const QString &f : forms.at(k)) {
            if (heading.contains(f))
                covered.insert(keywords.at(k));
        }
    }
    out.text = text;
    out.used = {top.hit};
    out.coverage = double(covered.size()) / double(keywords.size());
    // Confident when most of what was asked is there, or a number was asked and given with at
    // least half of it.
    out.confident =
        !top.matched.isEmpty() &&
        (out.coverage >= 0.6 || (wantsQuantity && hasAQuantity(text) && out.coverage >= 0.5));
    return out;
}

QString sourcesLine(const QList<KnowledgeHit> &hits, const QList<int> &used, Language language)
{
    QStringList parts;
    QSet<QString> seen;
    for (int i : used) {
        const KnowledgeHit &h = hits.at(i);
        const QString part =
            h.fileName + (h.page > 0
                              ? (language == Language::Indonesian ? u", hlm. "_s : u", p. "_s) +
                                    QString::number(h.page)
                              : QString());
        if (!seen.contains(part)) {
            seen.insert(part);
            parts.append(part);
        }
    }
    return (language == Language::Indonesian ? u"Sumber: "_s : u"Source: "_s) + parts.join(u"; "_s);
}

QString dontKnow(Language language)
{
    return language == Language::Indonesian
               ? u"Maaf, saya tidak menemukan jawabannya di dokumen kami. Pertanyaan Anda sudah "
                 u"saya teruskan ke rekan kami, yang akan membalas di sini."_s
               : u"I'm sorry, I couldn't find the answer in our documents. I've passed your "
                 u"question to a colleague, who will reply here."_s;
}

QString handoff(Language language)
{
    return language == Language::Indonesian
               ? u"Baik, rekan kami akan membalas Anda di sini secepatnya."_s
               : u"Of course. A colleague will reply to you here as soon as possible."_s;
}

QString greeting(Language language)
{
    return language == Language::Indonesian
               ? u"Halo! Saya asisten virtual. Silakan tanyakan apa saja tentang produk dan "
                 u"layanan kami; ketik \"petugas\" untuk berbicara dengan rekan kami."_s
               : u"Hello! I'm the virtual assistant. Ask me anything about our products and "
                 u"services; write \"human\" to talk to a colleague."_s;
}

} // namespace aiochat::assistant
