#pragma once

#include "rule.h"

#include <QRandomGenerator>

#include <vector>

namespace aiochat::automation {

/** @brief One action for one contact, ready for the jobs table. */
struct PlannedJob
{
    QString kind; ///< the action type: "send_message", "send_whatsapp_template", "assign", "tag",
                  ///< "set_status", "handoff", "note", "task"
    qint64 contactId = 0;
    qint64 conversationId = 0;
    QString idempotencyKey;
    Millis runAt = 0;
    QJsonObject payload; ///< sealed when stored: rendered text, template parameters…
};

/** @brief Who a rule hits and what it would do: counts, jobs and the first rows to show. */
struct Plan
{
    int considered = 0;
    int matched = 0;
    int unreachable = 0; ///< matched but no chat to act in (counted, not queued)
    std::vector<PlannedJob> jobs;
    QJsonArray preview; ///< [{contactId, name, platform, language, conversationId, text, note}]
};

/**
 * @brief Turns a rule and contacts' facts into jobs: checks the conditions, renders every action in
 * the contact's language, gives each job its idempotency key and its time (throttle spacing plus
 * jitter). The same code serves the dry run, scheduled runs, "run now", broadcasts and events, so
 * what the editor previews is what is sent.
 */
class Planner
{
public:
    /**
     * @param keyPrefix what makes the jobs unique besides contact and action: "rule:7" (with the
     *        rule's dedupeBy value or @p slotKey), "broadcast:3", "rule:7:msg:991".
     */
    Planner(const RuleDefinition &rule, const FieldCatalog &catalog, QString keyPrefix,
            QString slotKey, Millis at, QTimeZone zone);

    /** @brief Adds @p facts' jobs to @p plan when the conditions hold. */
    void consider(const Facts &facts, Plan &plan, int previewLimit, bool wantJobs);

private:
    [[nodiscard]] QJsonObject renderAction(const QJsonObject &action, const Facts &facts) const;

    const RuleDefinition &m_rule;
    const FieldCatalog &m_catalog;
    QString m_keyPrefix;
    QString m_slotKey;
    Millis m_at;
    EvalContext m_context;
    int m_sends = 0;
    QRandomGenerator m_random{QRandomGenerator::securelySeeded()};
};

} // namespace aiochat::automation
