#include "rule.h"

#include "messagetemplate.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace aiochat::automation {

namespace {

const QStringList &triggerNames()
{
    static const QStringList names{u"schedule"_s,
                                   u"message.received"_s,
                                   u"conversation.created"_s,
                                   u"conversation.statusChanged"_s,
                                   u"contact.verified"_s,
                                   u"conversation.idle"_s,
                                   u"broadcast"_s};
    return names;
}

const QStringList kActionTypes{u"send_message"_s, u"send_whatsapp_template"_s,
                               u"assign"_s,       u"tag"_s,
                               u"set_status"_s,   u"handoff"_s,
                               u"note"_s,         u"task"_s};

int boundedInt(const QJsonObject &o, const QString &key, int fallback, int min, int max,
               const QString &path, QList<FieldError> &errors)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isDouble() || v.toDouble() != double(v.toInt()) || v.toInt() < min || v.toInt() > max) {
        errors.append({path + u'.' + key, u"a whole number from "_s + QString::number(min) +
                                              u" to "_s + QString::number(max)});
        return fallback;
    }
    return v.toInt();
}

// Whether the conditions keep WhatsApp customers out (so free text can go out unprompted).
bool excludesWhatsApp(const QJsonObject &conditions)
{
    QJsonArray leaves;
    if (conditions.contains(u"field"_s))
        leaves.append(conditions);
    else
        leaves = conditions.value(u"all"_s).toArray();
    for (const QJsonValue &v : leaves) {
        const QJsonObject c = v.toObject();
        const QString field = c.value(u"field"_s).toString();
        if (field != u"contact.platform"_s && field != u"conversation.platform"_s)
            continue;
        const QString op = c.value(u"op"_s).toString();
        const QJsonValue value = c.value(u"value"_s);
        if (op == u"eq"_s && value.toString().toLower() != u"whatsapp"_s)
            return true;
        if (op == u"ne"_s && value.toString().toLower() == u"whatsapp"_s)
            return true;
        if (op == u"in"_s && !value.toArray().contains(QJsonValue(u"whatsapp"_s)))
            return true;
    }
    return false;
}

void checkTemplateSpec(const QJsonValue &spec, const FieldCatalog &catalog, FieldScope scope,
                       const QString &path, QList<FieldError> &errors)
{
    const QJsonObject t = spec.toObject();
    static const QRegularExpression name(u"^[a-z0-9_]{1,512}$"_s);
    if (!name.match(t.value(u"name"_s).toString()).hasMatch())
        errors.append(
            {path + u".name"_s, u"the approved template's name (lower case, digits and _)"_s});
    const QJsonArray parameters = t.value(u"parameters"_s).toArray();
    for (qsizetype i = 0; i < parameters.size(); ++i)
        MessageTemplate::validate(parameters.at(i).toString(), catalog, scope,
                                  path + u".parameters["_s + QString::number(i) + u']', errors);
}

void checkText(const QJsonValue &text, const FieldCatalog &catalog, FieldScope scope,
               const QString &path, QList<FieldError> &errors)
{
    if (text.isString()) {
        if (text.toString().trimmed().isEmpty())
            errors.append({path, u"the message is empty"_s});
        else if (text.toString().size() > 4000)
            errors.append({path, u"at most 4000 characters"_s});
        MessageTemplate::validate(text.toString(), catalog, scope, path, errors);
        return;
    }
    const QJsonObject variants = text.toObject();
    if (variants.isEmpty()) {
        errors.append({path, u"write the message (one text, or {\"en\": …, \"id\": …})"_s});
        return;
    }
    for (auto it = variants.begin(); it != variants.end(); ++it) {
        if (it.key() != u"en"_s && it.key() != u"id"_s)
            errors.append({path + u'.' + it.key(), u"languages are en and id"_s});
        else
            checkText(it.value().toString(), catalog, scope, path + u'.' + it.key(), errors);
    }
}

} // namespace

QString toString(Trigger trigger)
{
    return triggerNames().at(int(trigger));
}

std::optional<Trigger> triggerFromString(const QString &name)
{
    const int i = int(triggerNames().indexOf(name));
    return i < 0 ? std::nullopt : std::optional<Trigger>(Trigger(i));
}

QString variantFor(const QJsonValue &text, const QString &language)
{
    if (text.isString())
        return text.toString();
    const QJsonObject variants = text.toObject();
    if (variants.contains(language))
        return variants.value(language).toString();
    if (variants.contains(u"en"_s))
        return variants.value(u"en"_s).toString();
    return variants.isEmpty() ? QString() : variants.begin()->toString();
}

FieldScope RuleDefinition::scope() const
{
    switch (trigger) {
    case Trigger::Schedule:
    case Trigger::ContactVerified:
    case Trigger::Broadcast:
        return FieldScope::Contact;
    case Trigger::ConversationCreated:
    case Trigger::StatusChanged:
    case Trigger::ConversationIdle:
        return FieldScope::Conversation;
    case Trigger::MessageReceived:
        return FieldScope::Message;
    }
    return FieldScope::Contact;
}

bool RuleDefinition::sendsUnprompted() const
{
    return trigger == Trigger::Schedule || trigger == Trigger::Broadcast ||
           trigger == Trigger::ConversationIdle || trigger == Trigger::StatusChanged;
}

QString RuleDefinition::timeZone() const
{
    return schedule ? QString::fromUtf8(schedule->timeZone().id())
                    : json.value(u"trigger"_s).toObject().value(u"timeZone"_s).toString();
}

QString RuleDefinition::summary() const
{
    switch (trigger) {
    case Trigger::Schedule: {
        if (!schedule)
            return u"On a schedule"_s;
        const QStringList f = schedule->expression().split(u' ');
        bool hourOk = false;
        bool minuteOk = false;
        const int hour = f.at(1).toInt(&hourOk);
        const int minute = f.at(0).toInt(&minuteOk);
        const QString zone = u" ("_s + timeZone() + u')';
        if (hourOk && minuteOk && f.at(2) == u"*"_s && f.at(3) == u"*"_s && f.at(4) == u"*"_s)
            return u"Daily at "_s + QTime(hour, minute).toString(u"HH:mm"_s) + zone;
        return u"Cron "_s + schedule->expression() + zone;
    }
    case Trigger::MessageReceived:
        return u"When a customer writes"_s;
    case Trigger::ConversationCreated:
        return u"When a conversation starts"_s;
    case Trigger::StatusChanged:
        return u"When a conversation's status changes"_s;
    case Trigger::ContactVerified:
        return u"When a customer is verified"_s;
    case Trigger::ConversationIdle:
        return u"When a customer has waited "_s + QString::number(idleMinutes) +
               u" min for a reply"_s;
    case Trigger::Broadcast:
        return u"Broadcast"_s;
    }
    return {};
}

RuleDefinition RuleDefinition::parse(const QJsonObject &json, const FieldCatalog &catalog,
                                     QList<FieldError> &errors)
{
    RuleDefinition r;
    r.json = json;
    r.name = json.value(u"name"_s).toString().trimmed();
    if (r.name.isEmpty() || r.name.size() > 120)
        errors.append({u"name"_s, u"a name of 1 to 120 characters"_s});
    const QJsonObject trigger = json.value(u"trigger"_s).toObject();
    const std::optional<Trigger> type = triggerFromString(trigger.value(u"type"_s).toString());
    if (!type) {
        errors.append({u"trigger.type"_s, u"one of "_s + triggerNames().join(u", "_s)});
        return r;
    }
    r.trigger = *type;
    if (r.trigger == Trigger::Schedule) {
        const Result<CronSchedule> cron = CronSchedule::parse(
            trigger.value(u"cron"_s).toString(), trigger.value(u"timeZone"_s).toString());
        if (cron.isOk())
            r.schedule = cron.value();
        else
            errors.append({cron.status().message().startsWith(u"timeZone"_s) ? u"trigger.timeZone"_s
                                                                             : u"trigger.cron"_s,
                           cron.status().message()});
        r.jitterMinutes = boundedInt(trigger, u"jitterMinutes"_s, 0, 0, 720, u"trigger"_s, errors);
        r.throttlePerMinute =
            boundedInt(trigger, u"throttlePerMinute"_s, 0, 0, 100000, u"trigger"_s, errors);
        r.graceHours = boundedInt(trigger, u"graceHours"_s, 6, 0, 72, u"trigger"_s, errors);
    } else if (r.trigger == Trigger::ConversationIdle) {
        r.idleMinutes = boundedInt(trigger, u"minutes"_s, 0, 1, 7 * 24 * 60, u"trigger"_s, errors);
        if (!trigger.contains(u"minutes"_s))
            errors.append({u"trigger.minutes"_s, u"how long the customer waits, in minutes"_s});
    } else if (r.trigger == Trigger::Broadcast) {
        r.throttlePerMinute =
            boundedInt(trigger, u"throttlePerMinute"_s, 0, 0, 100000, u"trigger"_s, errors);
    }
    const FieldScope scope = r.scope();
    r.conditions = Condition::parse(json.value(u"conditions"_s), catalog, scope, errors);

    r.actions = json.value(u"actions"_s).toArray();
    if (r.actions.isEmpty())
        errors.append({u"actions"_s, u"at least one action"_s});
    if (r.actions.size() > 10)
        errors.append({u"actions"_s, u"at most 10 actions"_s});
    const bool windowMayBeClosed =
        r.sendsUnprompted() && !excludesWhatsApp(json.value(u"conditions"_s).toObject());
    for (qsizetype i = 0; i < r.actions.size(); ++i) {
        const QJsonObject a = r.actions.at(i).toObject();
        const QString path = u"actions["_s + QString::number(i) + u']';
        const QString kind = a.value(u"type"_s).toString();
        if (!kActionTypes.contains(kind)) {
            errors.append({path + u".type"_s, u"one of "_s + kActionTypes.join(u", "_s)});
            continue;
        }
        if (kind == u"send_message"_s) {
            checkText(a.value(u"text"_s), catalog, scope, path + u".text"_s, errors);
            if (a.contains(u"whatsappTemplate"_s))
                checkTemplateSpec(a.value(u"whatsappTemplate"_s), catalog, scope,
                                  path + u".whatsappTemplate"_s, errors);
            else if (windowMayBeClosed)
                errors.append(
                    {path + u".whatsappTemplate"_s,
                     u"WhatsApp accepts free text only within 24 hours of the customer's last "
                     u"message, and this rule sends when they have not written: add an approved "
                     u"template, or limit the rule to other platforms (contact.platform ne "
                     u"whatsapp)"_s});
        } else if (kind == u"send_whatsapp_template"_s) {
            checkTemplateSpec(a.value(u"template"_s), catalog, scope, path + u".template"_s,
                              errors);
        } else if (kind == u"assign"_s) {
            if (!a.value(u"operatorId"_s).isDouble() || a.value(u"operatorId"_s).toInt() < 0)
                errors.append({path + u".operatorId"_s, u"an operator's id (0: unassigned)"_s});
        } else if (kind == u"tag"_s) {
            const QString tag = a.value(u"tag"_s).toString().trimmed();
            if (tag.isEmpty() || tag.size() > 40)
                errors.append({path + u".tag"_s, u"a tag of 1 to 40 characters"_s});
        } else if (kind == u"set_status"_s) {
            static const QStringList statuses{u"open"_s, u"needs_attention"_s, u"resolved"_s,
                                              u"closed"_s};
            if (!statuses.contains(a.value(u"status"_s).toString()))
                errors.append({path + u".status"_s, u"one of "_s + statuses.join(u", "_s)});
        } else if (kind == u"note"_s) {
            checkText(a.value(u"text"_s).toString(), catalog, scope, path + u".text"_s, errors);
        } else if (kind == u"task"_s) {
            const QString title = a.value(u"title"_s).toString();
            if (title.trimmed().isEmpty() || title.size() > 300)
                errors.append({path + u".title"_s, u"a title of 1 to 300 characters"_s});
            else
                checkText(title, catalog, scope, path + u".title"_s, errors);
            (void)boundedInt(a, u"dueInHours"_s, 0, 0, 24 * 90, path, errors);
            if (a.contains(u"assigneeId"_s) &&
                (!a.value(u"assigneeId"_s).isDouble() || a.value(u"assigneeId"_s).toInt() < 0))
                errors.append({path + u".assigneeId"_s, u"an operator's id (0: unassigned)"_s});
        }
    }
    r.dedupeBy = json.value(u"dedupeBy"_s).toString();
    if (!r.dedupeBy.isEmpty()) {
        const FieldInfo *f = catalog.find(r.dedupeBy);
        if (!f || int(f->scope) > int(scope))
            errors.append({u"dedupeBy"_s, u"unknown field \""_s + r.dedupeBy + u'"'});
    }
    return r;
}

QJsonObject paymentReminderDefinition(const QString &timeZone)
{
    const QString due = u"{{attr.payment_due_date | date}}"_s;
    const QString amount = u"{{attr.monthly_premium_idr | money}}"_s;
    return QJsonObject{
        {u"name"_s, u"Payment due reminder"_s},
        {u"trigger"_s, QJsonObject{{u"type"_s, u"schedule"_s},
                                   {u"cron"_s, u"0 9 * * *"_s},
                                   {u"timeZone"_s, timeZone},
                                   {u"jitterMinutes"_s, 0},
                                   {u"throttlePerMinute"_s, 0},
                                   {u"graceHours"_s, 6}}},
        {u"conditions"_s,
         QJsonObject{{u"all"_s, QJsonArray{QJsonObject{{u"field"_s, u"attr.payment_due_date"_s},
                                                       {u"op"_s, u"daysUntil"_s},
                                                       {u"cmp"_s, u"lte"_s},
                                                       {u"value"_s, 3}}}}}},
        {u"actions"_s,
         QJsonArray{QJsonObject{
             {u"type"_s, u"send_message"_s},
             {u"text"_s,
              QJsonObject{
                  {u"en"_s, u"Hello {{contact.name}}, this is a reminder that your premium of "_s +
                                amount + u" is due on "_s + due +
                                u". If you have already paid, please ignore this message."_s},
                  {u"id"_s,
                   u"Halo {{contact.name}}, kami mengingatkan bahwa premi Anda sebesar "_s +
                       amount + u" jatuh tempo pada "_s + due +
                       u". Jika sudah membayar, abaikan pesan ini."_s}}},
             {u"whatsappTemplate"_s,
              QJsonObject{{u"name"_s, u"payment_reminder"_s},
                          {u"language"_s, QJsonObject{{u"en"_s, u"en"_s}, {u"id"_s, u"id"_s}}},
                          {u"parameters"_s, QJsonArray{u"{{contact.name}}"_s, amount, due}}}}}}},
        {u"dedupeBy"_s, u"attr.payment_due_date"_s}};
}

} // namespace aiochat::automation
