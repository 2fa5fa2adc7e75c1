#pragma once

#include "condition.h"
#include "cron.h"

#include <QJsonArray>

#include <optional>

namespace aiochat::automation {

/** @brief What makes a rule run. */
enum class Trigger
{
    Schedule,        ///< a cron slot: every contact the conditions select
    MessageReceived, ///< a customer's message
    ConversationCreated,
    StatusChanged,    ///< conversation.statusChanged
    ContactVerified,  ///< a chat proved it is the customer
    ConversationIdle, ///< the customer's last message has had no reply for N minutes
    Broadcast,        ///< a one-off send to a segment (broadcast.create), never saved as a rule
};

[[nodiscard]] QString toString(Trigger trigger);
[[nodiscard]] std::optional<Trigger> triggerFromString(const QString &name);

/**
 * @brief A rule's definition as saved (JSON) and checked:
 *
 *     {"name", "trigger": {"type": "schedule", "cron": "0 9 * * *", "timeZone": "Asia/Jakarta",
 *                         "jitterMinutes": 30, "throttlePerMinute": 60, "graceHours": 6}
 *                       | {"type": "message.received"} | {"type": "conversation.idle", "minutes"},
 *      "conditions": {"all": [{"field": "attr.payment_due_date", "op": "daysUntil",
 *                              "cmp": "lte", "value": 3}]},
 *      "actions": [{"type": "send_message", "text": {"en": "…", "id": "…"},
 *                   "whatsappTemplate": {"name", "language", "parameters": ["{{contact.name}}"]}},
 *                  {"type": "send_whatsapp_template", "template": {…}},
 *                  {"type": "assign", "operatorId"}, {"type": "tag", "tag"},
 *                  {"type": "set_status", "status"}, {"type": "handoff"},
 *                  {"type": "note", "text"}],
 *      "dedupeBy": "attr.payment_due_date"}
 *
 * `dedupeBy` names the value that makes a reminder "the same": one send per rule, contact and
 * value, however often the rule runs or is edited. Scheduled rules without it send once per slot.
 */
struct RuleDefinition
{
    QString name;
    Trigger trigger = Trigger::Schedule;
    std::optional<CronSchedule> schedule;
    int jitterMinutes = 0;
    int throttlePerMinute = 0; ///< 0: no throttle beyond the platforms'
    int graceHours = 6;        ///< a slot missed while the instance was off runs if this recent
    int idleMinutes = 0;
    std::shared_ptr<const Condition> conditions;
    QJsonArray actions;
    QString dedupeBy;
    QJsonObject json; ///< as saved

    /** @brief Reads and checks; problems go to @p errors with their path ("trigger.cron"). */
    [[nodiscard]] static RuleDefinition parse(const QJsonObject &json, const FieldCatalog &catalog,
                                              QList<FieldError> &errors);
    /** @brief What conditions and placeholders may name under this trigger. */
    [[nodiscard]] FieldScope scope() const;
    /** @brief Sends happen when the customer has not written lately (schedule, idle, broadcast). */
    [[nodiscard]] bool sendsUnprompted() const;
    [[nodiscard]] QString timeZone() const;
    /** @brief One line for the rules list: "Daily 09:00 (Asia/Jakarta)", "When a message arrives".
     */
    [[nodiscard]] QString summary() const;
};

/** @brief The text of a send action for @p language: its variant, else English, else any. */
[[nodiscard]] QString variantFor(const QJsonValue &text, const QString &language);

/** @brief The built-in "Payment due reminder" (disabled until an admin enables it). */
[[nodiscard]] QJsonObject paymentReminderDefinition(const QString &timeZone);

} // namespace aiochat::automation
