#include "verification.h"

#include <QHash>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace aiochat::assistant {

namespace {

int monthOf(const QString &name)
{
    static const QHash<QString, int> months{
        {u"january"_s, 1},   {u"jan"_s, 1},       {u"januari"_s, 1},   {u"february"_s, 2},
        {u"feb"_s, 2},       {u"februari"_s, 2},  {u"peb"_s, 2},       {u"march"_s, 3},
        {u"mar"_s, 3},       {u"maret"_s, 3},     {u"april"_s, 4},     {u"apr"_s, 4},
        {u"may"_s, 5},       {u"mei"_s, 5},       {u"june"_s, 6},      {u"jun"_s, 6},
        {u"juni"_s, 6},      {u"july"_s, 7},      {u"jul"_s, 7},       {u"juli"_s, 7},
        {u"august"_s, 8},    {u"aug"_s, 8},       {u"agustus"_s, 8},   {u"agu"_s, 8},
        {u"agt"_s, 8},       {u"september"_s, 9}, {u"sep"_s, 9},       {u"sept"_s, 9},
        {u"october"_s, 10},  {u"oct"_s, 10},      {u"oktober"_s, 10},  {u"okt"_s, 10},
        {u"november"_s, 11}, {u"nov"_s, 11},      {u"nopember"_s, 11}, {u"december"_s, 12},
        {u"dec"_s, 12},      {u"desember"_s, 12}, {u"des"_s, 12}};
    return months.value(name.toLower(), 0);
}

} // namespace

Claims extractClaims(const QString &text)
{
    Claims out;
    static const QRegularExpression policy(
        uR"((?<![\p{L}\p{N}])\p{L}[\p{L}\p{N}]*(?:[-/][\p{L}\p{N}]+)+(?![\p{L}\p{N}]))"_s);
    QRegularExpressionMatchIterator it = policy.globalMatch(text);
    while (it.hasNext()) {
        const QString token = it.next().captured(0);
        int digits = 0;
        for (const QChar c : token)
            digits += c.isDigit() ? 1 : 0;
        if (digits >= 3)
            out.policies.append(token);
    }
    struct Found
    {
        qsizetype at;
        QDate date;
    };
    QList<Found> dates;
    static const QRegularExpression iso(uR"((?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d))"_s);
    static const QRegularExpression dayFirst(
        uR"((?<![\d\p{L}-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d))"_s);
    static const QRegularExpression spelled(
        uR"((?<!\d)(\d{1,2})\s+(\p{L}{3,9})\.?,?\s+(\d{4})(?!\d))"_s);
    for (auto m = iso.globalMatch(text); m.hasNext();) {
        const auto x = m.next();
        dates.append({x.capturedStart(),
                      QDate(x.captured(1).toInt(), x.captured(2).toInt(), x.captured(3).toInt())});
    }
    for (auto m = dayFirst.globalMatch(text); m.hasNext();) {
        const auto x = m.next();
        dates.append({x.capturedStart(),
                      QDate(x.captured(3).toInt(), x.captured(2).toInt(), x.captured(1).toInt())});
    }
    for (auto m = spelled.globalMatch(text); m.hasNext();) {
        const auto x = m.next();
        const int month = monthOf(x.captured(2));
        if (month > 0)
            dates.append(
                {x.capturedStart(), QDate(x.captured(3).toInt(), month, x.captured(1).toInt())});
    }
    std::sort(dates.begin(), dates.end(),
              [](const Found &a, const Found &b) { return a.at < b.at; });
    for (const Found &f : std::as_const(dates)) {
        if (f.date.isValid())
            out.dates.append(f.date);
    }
    return out;
}

bool isPersonalQuestion(const QString &text)
{
    // Whose: "my …" in English; in Indonesian the owner follows the noun ("premi saya", "polisku").
    static const QRegularExpression mine(
        u"\\b(my|mine)\\b|\\b(polis|premi|tagihan|klaim|ahli waris|pembayaran|rekening|saldo)"
        u"\\s*(saya|aku|ku)\\b|\\b(polisku|premiku|tagihanku|klaimku)\\b"_s,
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression topic(
        u"\\b(polic(y|ies)|premiums?|payments?|pay|paid|due|bills?|invoices?|claims?|"
        u"beneficiar(y|ies)|coverage|covered|insured|sum|schedule|statements?|balance|account|"
        u"polis|premi|pembayaran|bayar|tagihan|jatuh tempo|klaim|ahli waris|tanggungan|saldo|"
        u"rekening|polisku|premiku|tagihanku|klaimku)\\b"_s,
        QRegularExpression::CaseInsensitiveOption);
    // "How can I pay my premium?" asks how things work, which the shared base answers.
    static const QRegularExpression howTo(
        u"^\\s*(how (can|do|should|to)|can i|where can i|bagaimana cara|gimana cara|cara)\\b"_s,
        QRegularExpression::CaseInsensitiveOption);
    return mine.match(text).hasMatch() && topic.match(text).hasMatch() &&
           !howTo.match(text).hasMatch();
}

QString askToVerify(Language language)
{
    return language == Language::Indonesian
               ? u"Untuk menjawab pertanyaan tentang polis Anda, saya perlu memastikan identitas "
                 u"Anda dulu. Mohon kirim nomor polis dan tanggal lahir Anda (misalnya "
                 u"NMA-LIFE-123456, 29/11/1982)."_s
               : u"To answer questions about your own policy I first need to confirm it's you. "
                 u"Please send your policy number and your date of birth (for example "
                 u"NMA-LIFE-123456, 29/11/1982)."_s;
}

QString askForDateOfBirth(Language language)
{
    return language == Language::Indonesian
               ? u"Terima kasih. Mohon kirim juga tanggal lahir Anda."_s
               : u"Thank you. Please send your date of birth too."_s;
}

QString askForPolicyNumber(Language language)
{
    return language == Language::Indonesian ? u"Terima kasih. Mohon kirim juga nomor polis Anda."_s
                                            : u"Thank you. Please send your policy number too."_s;
}

QString verified(Language language)
{
    return language == Language::Indonesian ? u"Terima kasih, identitas Anda sudah terverifikasi."_s
                                            : u"Thank you, you're verified."_s;
}

QString verificationFailed(Language language)
{
    // Never says which of the two did not match: that would tell whether a policy exists.
    return language == Language::Indonesian
               ? u"Maaf, data tersebut tidak cocok dengan catatan kami. Mohon periksa nomor polis "
                 u"dan tanggal lahir lalu coba lagi."_s
               : u"Sorry, those details don't match our records. Please check the policy number "
                 u"and date of birth and try again."_s;
}

QString verificationLocked(Language language)
{
    return language == Language::Indonesian
               ? u"Terlalu banyak percobaan yang gagal. Rekan kami akan membantu Anda di sini."_s
               : u"Too many attempts didn't match. A colleague will help you here."_s;
}

QString declineOthers(Language language)
{
    return language == Language::Indonesian
               ? u"Maaf, saya hanya dapat membahas polis Anda sendiri. Pemegang polis lain dapat "
                 u"menghubungi kami langsung."_s
               : u"I'm sorry, I can only discuss your own policy. The other policyholder can "
                 u"contact us directly."_s;
}

} // namespace aiochat::assistant
