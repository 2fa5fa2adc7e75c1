#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace aiochat {

class PersonalDataCipher;

/**
 * @brief How a message's text is kept at rest and found again.
 *
 * The text itself is sealed (PersonalField::MessageText). What the search index may know of it
 * is its set of terms: ordinary words in clear, and every token that could identify someone —
 * anything with a digit or an "@" (policy numbers, phones, dates, e-mails, amounts) — only as a
 * keyed hash, so an exact lookup of "POL-2024-00123" or "0812 3456 7890" still finds the
 * message while the index alone tells nobody the number. The terms are stored sorted and
 * without repeats: a bag of words, not the text.
 *
 * Tokens: runs of letters, digits and the joiners @ . - / + _ ' (trimmed at the ends). A token
 * with a digit is compared by its letters and digits only ("12/03/1985" = "12-03-1985",
 * "POL-2024-00123" = "pol202400123"); an e-mail by its lower-case form. A phone or date written
 * in groups ("+62 812 3456 7890") is also indexed as its digits joined, so typing it either way
 * finds it.
 */
namespace messagetext {

struct Sealed
{
    QByteArray text;     ///< the sealed text (empty for an empty text)
    QString searchTerms; ///< what the search index holds
};

[[nodiscard]] Sealed seal(const PersonalDataCipher &cipher, const QString &text);

/**
 * @brief The text of a stored row: @p sealed opened, or @p clear for a row written before texts
 * were sealed that the start-up sealer has not reached yet. A value that does not open reads as
 * a marker, never as an error that would hide the whole conversation.
 */
[[nodiscard]] QString open(const PersonalDataCipher &cipher, const QByteArray &sealed,
                           const QString &clear);

/** @brief The terms of @p text as the index stores them (space separated, sorted). */
enum class Repeats
{
    Drop, ///< a set: message search only asks whether a term is there
    Keep  ///< with their counts, for ranking (BM25 weighs how often a term occurs)
};
[[nodiscard]] QString searchTerms(const PersonalDataCipher &cipher, const QString &text,
                                  Repeats repeats = Repeats::Drop);

/**
 * @brief What an operator typed as an SQLite FTS5 expression: every term required, each quoted
 * (no syntax can be injected), the last word as a prefix so results follow the typing; hashed
 * terms match under every key a rotation may still have in the index. Empty when nothing
 * searchable was typed.
 */
[[nodiscard]] QString ftsQuery(const PersonalDataCipher &cipher, const QString &typed);
/** @brief The same as a PostgreSQL tsquery in to_tsquery('simple', …) syntax. */
[[nodiscard]] QString tsQuery(const PersonalDataCipher &cipher, const QString &typed);

/** @brief @p term as one quoted FTS5 string (no syntax can be injected). */
[[nodiscard]] QString ftsQuoted(const QString &term);
/** @brief @p term as one quoted lexeme of a PostgreSQL tsquery. */
[[nodiscard]] QString tsQuoted(const QString &term);

/** @brief The tokens of @p text as the index sees them before hashing (for tests and tools). */
struct Token
{
    QString text;   ///< lower case; for a sensitive token its normalised form
    bool sensitive; ///< indexed only as a keyed hash
};
[[nodiscard]] QList<Token> tokens(const QString &text);
/** @brief The tokens of what someone typed, numbers written in groups joined into one. */
[[nodiscard]] QList<Token> queryTokens(const QString &typed);
/**
 * @brief How the index may hold @p token: the word itself, or its hash under each key a
 * rotation may still have in the index (current first).
 */
[[nodiscard]] QStringList indexedForms(const PersonalDataCipher &cipher, const Token &token);

} // namespace messagetext
} // namespace aiochat
