#include "planner.h"

#include "channels/whatsapp/whatsappsender.h"
#include "messagetemplate.h"

using namespace Qt::StringLiterals;

namespace aiochat::automation {

Planner::Planner(const RuleDefinition &rule, const FieldCatalog &catalog, QString keyPrefix,
                 QString slotKey, Millis at, QTimeZone zone)
    : m_rule(rule)
    , m_catalog(catalog)
    , m_keyPrefix(std::move(keyPrefix))
    , m_slotKey(std::move(slotKey))
    , m_at(at)
{
    m_context.today = QDateTime::fromMSecsSinceEpoch(at, Qt::UTC).toTimeZone(zone).date();
}

QJsonObject Planner::renderAction(const QJsonObject &action, const Facts &facts) const
{
    const QString type = action.value(u"type"_s).toString();
    const auto render = [&](const QString &text) {
        return MessageTemplate::render(text, facts, m_catalog, m_context, facts.language);
    };
    const auto renderTemplate = [&](const QJsonObject &spec) {
        QJsonArray parameters;
        for (const QJsonValue &p : spec.value(u"parameters"_s).toArray())
            parameters.append(render(p.toString()));
        return QJsonObject{{u"name"_s, spec.value(u"name"_s)},
                           {u"language"_s, variantFor(spec.value(u"language"_s), facts.language)},
                           {u"parameters"_s, parameters}};
    };
    QJsonObject out{{u"type"_s, type}};
    if (type == u"send_message"_s) {
        out.insert(u"text"_s, render(variantFor(action.value(u"text"_s), facts.language)));
        if (action.contains(u"whatsappTemplate"_s))
            out.insert(u"template"_s,
                       renderTemplate(action.value(u"whatsappTemplate"_s).toObject()));
    } else if (type == u"send_whatsapp_template"_s) {
        out.insert(u"template"_s, renderTemplate(action.value(u"template"_s).toObject()));
    } else if (type == u"note"_s) {
        out.insert(u"text"_s, render(action.value(u"text"_s).toString()));
    } else if (type == u"task"_s) {
        out.insert(u"title"_s, render(action.value(u"title"_s).toString()));
        out.insert(u"dueInHours"_s, action.value(u"dueInHours"_s).toInt());
        out.insert(u"assigneeId"_s, action.value(u"assigneeId"_s).toInteger());
    } else if (type == u"assign"_s) {
        out.insert(u"operatorId"_s, action.value(u"operatorId"_s));
    } else if (type == u"tag"_s) {
        out.insert(u"tag"_s, action.value(u"tag"_s));
    } else if (type == u"set_status"_s) {
        out.insert(u"status"_s, action.value(u"status"_s));
    }
    return out;
}

void Planner::consider(const Facts &facts, Plan &plan, int previewLimit, bool wantJobs)
{
    ++plan.considered;
    if (m_rule.conditions && !m_rule.conditions->matches(facts, m_context))
        return;
    ++plan.matched;
    QString note;
    if (facts.conversationId == 0) {
        ++plan.unreachable;
        note = u"no chat with this customer yet: nothing is sent"_s;
    }
    const bool whatsApp = facts.platform == u"whatsapp"_s;
    const bool windowOpen = !whatsApp || WhatsAppSender::windowOpen(facts.lastInboundAt, m_at);

    // The same reminder is the same rule, contact and dedupe value (the due date), whenever and
    // however often the rule runs; without dedupeBy, the same slot.
    QString dedupe = m_slotKey;
    if (!m_rule.dedupeBy.isEmpty()) {
        const QJsonValue v = facts.values.value(m_rule.dedupeBy);
        if (!v.isNull() && !v.isUndefined())
            dedupe = v.isString() ? v.toString() : QString::number(v.toDouble(), 'g', 15);
    }
    const QString keyBase = m_keyPrefix + u":c"_s + QString::number(facts.contactId) +
                            (dedupe.isEmpty() ? QString() : u':' + dedupe);

    QString shownText;
    QString consoleText; // what a rule that sends nothing leaves in the console
    for (qsizetype i = 0; i < m_rule.actions.size(); ++i) {
        const QJsonObject action = m_rule.actions.at(i).toObject();
        const QJsonObject rendered = renderAction(action, facts);
        const QString type = rendered.value(u"type"_s).toString();
        const bool send = type == u"send_message"_s || type == u"send_whatsapp_template"_s;
        if (send && shownText.isEmpty()) {
            const bool asTemplate = type == u"send_whatsapp_template"_s ||
                                    (whatsApp && !windowOpen && rendered.contains(u"template"_s));
            if (asTemplate) {
                const QJsonObject t = rendered.value(u"template"_s).toObject();
                QStringList params;
                for (const QJsonValue &p : t.value(u"parameters"_s).toArray())
                    params.append(p.toString());
                shownText = u"[template "_s + t.value(u"name"_s).toString() + u"] "_s +
                            params.join(u" · "_s);
            } else {
                shownText = rendered.value(u"text"_s).toString();
            }
            if (note.isEmpty() && whatsApp && !windowOpen && !asTemplate &&
                !rendered.contains(u"template"_s))
                note = WhatsAppSender::windowClosedReason();
            else if (note.isEmpty() && type == u"send_whatsapp_template"_s && !whatsApp)
                note = u"templates exist only on WhatsApp: not sent on "_s + facts.platform;
        }
        if (consoleText.isEmpty() && (type == u"task"_s || type == u"note"_s))
            consoleText = (type == u"task"_s ? u"[task] "_s : u"[note] "_s) +
                          rendered.value(type == u"task"_s ? u"title"_s : u"text"_s).toString();
        if (!wantJobs || facts.conversationId == 0)
            continue;
        PlannedJob job;
        job.kind = type;
        job.contactId = facts.contactId;
        job.conversationId = facts.conversationId;
        job.idempotencyKey = keyBase + u":a"_s + QString::number(i);
        job.runAt = m_at;
        if (send) {
            // Throttle: sends spaced evenly; jitter: each moved by a random part of the window.
            if (m_rule.throttlePerMinute > 0)
                job.runAt += qint64(m_sends) * 60'000 / m_rule.throttlePerMinute;
            if (m_rule.jitterMinutes > 0)
                job.runAt += qint64(m_random.bounded(m_rule.jitterMinutes * 60'000));
            ++m_sends;
        }
        job.payload = rendered;
        plan.jobs.push_back(std::move(job));
    }
    if (shownText.isEmpty())
        shownText = consoleText;
    if (plan.preview.size() < previewLimit)
        plan.preview.append(QJsonObject{{u"contactId"_s, facts.contactId},
                                        {u"name"_s, facts.values.value(u"contact.name"_s)},
                                        {u"platform"_s, facts.platform},
                                        {u"language"_s, facts.language},
                                        {u"conversationId"_s, facts.conversationId},
                                        {u"text"_s, shownText},
                                        {u"note"_s, note}});
}

} // namespace aiochat::automation
