#pragma once

namespace aiochat {

class ConsoleApi;
class EventBus;
class Storage;

namespace automation {
class AutomationService;
}

/**
 * @brief Customer attributes, rules, their runs and jobs, broadcasts (issue 14).
 *
 * attributes.list · attributes.define {key, label, type, currency?, options?, personal} ·
 * attributes.delete {key}; automation.fields (what conditions and templates may name) ·
 * automation.list · automation.get {id} · automation.create {definition, enabled?} ·
 * automation.update {id, definition, enabled?} · automation.delete {id} ·
 * automation.setEnabled {id, enabled} · automation.dryRun {definition | ruleId, at?, limit?} ·
 * automation.runNow {id} · automation.runs {ruleId? | broadcastId?}; jobs.list {state?, runId?} ·
 * jobs.retry {id} · jobs.discard {id}; broadcast.create {name, conditions, actions,
 * throttlePerMinute?} · broadcast.list · broadcast.get {id} · broadcast.cancel {id}.
 *
 * A definition that does not validate is refused with details.fields = [{field, message}]
 * ("trigger.cron", "conditions.all[0].value", "actions[0].text.en"…). Changes are audited and
 * announced as "automation.updated".
 */
void registerAutomationCommands(ConsoleApi &api, Storage &storage, EventBus &events,
                                automation::AutomationService &service);

} // namespace aiochat
