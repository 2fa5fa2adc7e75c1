#pragma once

#include "knowledge/knowledgedocument.h"

#include <QList>
#include <QString>

namespace aiochat::assistant {

enum class Language
{
    English,
    Indonesian
};

/** @brief What a customer's message asks of the bot, decided in code (never by a model). */
enum class Intent
{
    Handoff,  ///< a person, please (or a complaint)
    Greeting, ///< hello and nothing else
    Question
};

/** @brief Indonesian or English, by the function words the text uses; @p fallback when unclear. */
[[nodiscard]] Language detectLanguage(const QString &text, Language fallback);
[[nodiscard]] Intent classify(const QString &text);

/** @brief An answer quoted from the passages, with the passages it quotes. */
struct Extract
{
    QString text;           ///< the chosen sentences, as the documents write them
    QList<int> used;        ///< indexes into the hits quoted
    double coverage = 0;    ///< share of the question's words the chosen sentences hold (0–1)
    bool confident = false; ///< good enough to send; otherwise "I don't know" and a person
};

/**
 * @brief The offline answer: the best one or two sentences (or table rows) of the best passages.
 * Sentences score by the question's words they hold (rarer among the candidates weigh more), a
 * bonus when the question asks for a number, amount, date or duration and the sentence has one,
 * a bonus for a heading that matches, and the passage's rank. Passages marked archived are used
 * only when nothing current matches. Amounts and dates stay exactly as written.
 */
[[nodiscard]] Extract extractiveAnswer(const QString &question, const QList<KnowledgeHit> &hits);

/** @brief "Source: terms.pdf, p. 2" (or "Sumber: …, hlm. 2"), each document once. */
[[nodiscard]] QString sourcesLine(const QList<KnowledgeHit> &hits, const QList<int> &used,
                                  Language language);

/** @brief The bot's fixed sentences in the customer's language. */
[[nodiscard]] QString dontKnow(Language language);
[[nodiscard]] QString handoff(Language language);
[[nodiscard]] QString greeting(Language language);

} // namespace aiochat::assistant
