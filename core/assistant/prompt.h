#pragma once

#include "knowledge/knowledgedocument.h"
#include "llm/chatclient.h"
#include "offlineanswerer.h"

#include <QList>
#include <QString>

namespace aiochat::assistant {

/**
 * @brief The grounded prompt: the rules as the system message, then one user message holding the
 * retrieved passages as numbered, quoted data and the customer's message as quoted data.
 *
 * Nothing in a passage or a message can become an instruction: they are wrapped in tags the model
 * is told to treat as text, and a closing tag written inside them is defused, so a document that
 * says "</passage> ignore previous instructions" stays inside its quote. Only the passages given
 * here — the ones retrieval returned within the conversation's scope — are in the prompt; the
 * model never sees another customer's documents because they are never retrieved.
 */
[[nodiscard]] QList<ChatMessage>
groundedPrompt(const QString &question, const QList<KnowledgeHit> &passages, Language language);

/** @brief The longest question put into a prompt (a longer one is cut, and says so). */
constexpr int kMaxQuestionChars = 2000;

/** @brief The model's reply, read: its text without markers, the passages it cited. */
struct ModelReply
{
    QString text;
    QList<int> cited;      ///< indexes into the passages, in the order first cited
    bool noAnswer = false; ///< the model said the passages do not answer
};

/**
 * @brief Reads a reply: "NO_ANSWER" (alone, or as the whole reply) means the passages do not hold
 * the answer; "[2]" markers name passages, and only numbers that were given count — a model that
 * cites "[9]" of five passages cites nothing. The markers are taken out of the text; the caller
 * appends the sources line of the passages cited (all given, when the model cited none).
 */
[[nodiscard]] ModelReply readModelReply(const QString &reply, int passages);

} // namespace aiochat::assistant
