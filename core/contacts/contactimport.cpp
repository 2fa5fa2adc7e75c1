#include "contactimport.h"

#include "automation/attributes.h"

#include "csvreader.h"

#include <QHash>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace aiochat {

const QList<UniqueField> &uniqueFields()
{
    static const QList<UniqueField> fields{
        {PersonalField::Phone, "phone", &Contact::phone},
        {PersonalField::Email, "email", &Contact::email},
        {PersonalField::PolicyNumber, "policyNumber", &Contact::policyNumber},
    };
    return fields;
}

// Which contact field a CSV header names; spreadsheets and CRMs spell them many ways.
QString ContactImport::fieldForHeader(const QString &header)
{
    QString h;
    for (const QChar c : header.toLower()) {
        if (c.isLetterOrNumber())
            h.append(c);
    }
    static const QHash<QString, QString> names{
        {u"name"_s, u"displayName"_s},
        {u"displayname"_s, u"displayName"_s},
        {u"fullname"_s, u"displayName"_s},
        {u"customer"_s, u"displayName"_s},
        {u"customername"_s, u"displayName"_s},
        {u"nama"_s, u"displayName"_s},
        {u"phone"_s, u"phone"_s},
        {u"phonenumber"_s, u"phone"_s},
        {u"mobile"_s, u"phone"_s},
        {u"whatsapp"_s, u"whatsappWaId"_s},
        {u"whatsappwaid"_s, u"whatsappWaId"_s},
        {u"waid"_s, u"whatsappWaId"_s},
        {u"telegram"_s, u"telegramUserId"_s},
        {u"telegramuserid"_s, u"telegramUserId"_s},
        {u"telegramid"_s, u"telegramUserId"_s},
        {u"telepon"_s, u"phone"_s},
        {u"email"_s, u"email"_s},
        {u"emailaddress"_s, u"email"_s},
        {u"mail"_s, u"email"_s},
        {u"policynumber"_s, u"policyNumber"_s},
        {u"policy"_s, u"policyNumber"_s},
        {u"policyno"_s, u"policyNumber"_s},
        {u"polis"_s, u"policyNumber"_s},
        {u"dateofbirth"_s, u"dateOfBirth"_s},
        {u"dob"_s, u"dateOfBirth"_s},
        {u"birthdate"_s, u"dateOfBirth"_s},
        {u"birthday"_s, u"dateOfBirth"_s},
        {u"tanggallahir"_s, u"dateOfBirth"_s},
        {u"language"_s, u"language"_s},
        {u"lang"_s, u"language"_s},
        {u"bahasa"_s, u"language"_s},
    };
    return names.value(h);
}

Result<ImportPlan> ContactImport::plan(const QString &csv, const DuplicateCheck &storedDuplicates,
                                       const ImportAttributes &attributes)
{
    QString parseError;
    const QList<CsvReader::Row> rows = CsvReader::read(csv, &parseError);
    if (!parseError.isEmpty())
        return Status::invalidArgument(parseError);
    if (rows.isEmpty())
        return Status::invalidArgument(QObject::tr("The file is empty."));
    if (rows.size() - 1 > kMaxRows)
        return Status::invalidArgument(
            QObject::tr("The file has %1 rows; import at most %2 at a time.")
                .arg(rows.size() - 1)
                .arg(kMaxRows));
    ImportPlan plan;
    QList<QString> columns;
    // Columns that name no contact field are attributes: one already defined, or a new one
    // offered with the type its values suggest (defined on commit when accepted).
    QHash<qsizetype, automation::AttributeDefinition> attributeColumns;
    for (qsizetype c = 0; c < rows.front().cells.size(); ++c) {
        const QString header = rows.front().cells.at(c).trimmed();
        if (header.isEmpty() || !fieldForHeader(header).isEmpty())
            continue;
        const QString key = automation::attributeKeyFromHeader(header);
        if (key.isEmpty() || automation::isBuiltInContactField(key))
            continue;
        const auto known =
            std::find_if(attributes.defined.begin(), attributes.defined.end(),
                         [&key](const automation::AttributeDefinition &d) { return d.key == key; });
        if (known != attributes.defined.end()) {
            attributeColumns.insert(c, *known);
            continue;
        }
        QStringList values;
        for (qsizetype r = 1; r < rows.size(); ++r)
            values.append(rows.at(r).cells.value(c));
        QJsonObject offered{
            {u"key"_s, key},
            {u"label"_s, header},
            {u"type"_s, automation::toString(automation::inferAttributeType(values))},
            {u"position"_s, int(attributes.defined.size() + c)}};
        // The importer's choices for this column (type, label, personal) override the guess.
        const QJsonObject choice = attributes.choices.value(key).toObject();
        for (auto it = choice.begin(); it != choice.end(); ++it)
            offered.insert(it.key(), it.value());
        const bool accepted = attributes.acceptNew && !choice.value(u"skip"_s).toBool();
        const Result<automation::AttributeDefinition> definition =
            automation::AttributeDefinition::fromJson(offered);
        offered.insert(u"column"_s, header);
        offered.insert(u"accepted"_s, accepted && definition.isOk());
        if (!definition.isOk())
            offered.insert(u"error"_s, definition.status().message());
        plan.offeredAttributes.append(offered);
        if (accepted && definition.isOk()) {
            attributeColumns.insert(c, definition.value());
            plan.newAttributes.append(definition.value());
        }
    }
    for (const QString &cell : rows.front().cells) {
        const QString field = fieldForHeader(cell);
        if (field.isEmpty() || columns.contains(field)) {
            if (!cell.trimmed().isEmpty() && !attributeColumns.contains(columns.size()))
                plan.ignored.append(cell.trimmed());
            columns.append(QString());
        } else {
            columns.append(field);
        }
    }
    if (!columns.contains(u"displayName"_s))
        return Status::invalidArgument(
            QObject::tr("The first line must name the columns, with at least a \"name\" column "
                        "(also: phone, email, policy_number, date_of_birth, telegram_user_id, "
                        "whatsapp_wa_id)."));

    QHash<QString, int> seen; // "phone:+62…" -> line that had it first
    for (qsizetype r = 1; r < rows.size(); ++r) {
        const CsvReader::Row &row = rows.at(r);
        QJsonObject fields;
        for (qsizetype c = 0; c < columns.size() && c < row.cells.size(); ++c) {
            if (!columns.at(c).isEmpty())
                fields.insert(columns.at(c), row.cells.at(c));
        }
        // The chats named for this customer: digits only (a wa_id is the number without "+").
        QList<ImportedIdentity> chats;
        QList<FieldError> chatErrors;
        for (const auto &[key, platform] : {std::pair{u"telegramUserId"_s, Platform::Telegram},
                                            std::pair{u"whatsappWaId"_s, Platform::WhatsApp}}) {
            const QString raw = fields.take(key).toString().trimmed();
            if (raw.isEmpty())
                continue;
            QString digits;
            for (const QChar ch : raw) {
                if (ch.isDigit())
                    digits.append(ch);
                else if (ch != u'+' && ch != u' ' && ch != u'-')
                    digits.clear(), digits.append(u'x');
            }
            const bool valid =
                !digits.contains(u'x') &&
                (platform == Platform::Telegram ? !digits.isEmpty() && digits.size() <= 15
                                                : digits.size() >= 8 && digits.size() <= 15);
            if (!valid) {
                chatErrors.append(
                    {key, platform == Platform::Telegram
                              ? QObject::tr("A Telegram user id is a number such as 123456789.")
                              : QObject::tr("A WhatsApp id is the number with its country code, "
                                            "such as 6281234567890.")});
                continue;
            }
            const QString chatKey = key + u':' + digits;
            if (const int first = seen.value(chatKey); first)
                chatErrors.append({key, QObject::tr("Same as line %1 of this file.").arg(first)});
            else
                seen.insert(chatKey, row.line);
            chats.append({platform, digits});
        }
        const ContactForm form = ContactForm::fromJson(fields);
        QList<FieldError> errors = form.validate(true);
        errors += chatErrors;
        // Attribute cells must read as their type; a row with one that does not is refused whole.
        QJsonObject attributeValues;
        for (auto it = attributeColumns.constBegin(); it != attributeColumns.constEnd(); ++it) {
            const Result<QJsonValue> v =
                automation::parseAttributeValue(it.value(), row.cells.value(it.key()));
            if (!v.isOk())
                errors.append({u"attr."_s + it.value().key, v.status().message()});
            else if (!v->isNull())
                attributeValues.insert(it.value().key, v.value());
        }
        if (row.cells.size() > columns.size())
            errors.append({QString(), QObject::tr("This row has %1 cells; the header has %2.")
                                          .arg(row.cells.size())
                                          .arg(columns.size())});
        Contact c;
        if (errors.isEmpty()) {
            form.applyTo(c);
            c.attributes = attributeValues;
            const Result<QList<FieldError>> dups = storedDuplicates(c);
            if (!dups.isOk())
                return dups.status();
            errors += dups.value();
            for (const UniqueField &u : uniqueFields()) {
                const QString value = PersonalDataCipher::normalize(u.field, c.*u.member);
                if (value.isEmpty())
                    continue;
                const QString key = QString::fromLatin1(u.name) + u':' + value;
                if (const int first = seen.value(key); first)
                    errors.append({QString::fromLatin1(u.name),
                                   QObject::tr("Same as line %1 of this file.").arg(first)});
                else
                    seen.insert(key, row.line);
            }
        }
        ++plan.rows;
        if (!errors.isEmpty()) {
            plan.rowErrors.append(QJsonObject{{u"line"_s, row.line},
                                              {u"name"_s, form.value(u"displayName"_s)},
                                              {u"errors"_s, ContactForm::toJson(errors)}});
            continue;
        }
        // A WhatsApp number is a phone number too, when the row has none.
        for (const ImportedIdentity &chat : chats) {
            if (chat.platform == Platform::WhatsApp && c.phone.isEmpty())
                c.phone = u'+' + chat.platformUserId;
        }
        if (plan.preview.size() < kPreviewRows) {
            QJsonObject shown{{u"line"_s, row.line},
                              {u"name"_s, c.displayName},
                              {u"phone"_s, c.phone},
                              {u"email"_s, c.email},
                              {u"policyNumber"_s, c.policyNumber},
                              {u"dateOfBirth"_s, c.dateOfBirth.isValid()
                                                     ? c.dateOfBirth.toString(Qt::ISODate)
                                                     : QString()}};
            for (const ImportedIdentity &chat : chats)
                shown.insert(chat.platform == Platform::Telegram ? u"telegramUserId"_s
                                                                 : u"whatsappWaId"_s,
                             chat.platformUserId);
            if (!c.language.isEmpty())
                shown.insert(u"language"_s, c.language);
            if (!c.attributes.isEmpty())
                shown.insert(u"attributes"_s, c.attributes);
            plan.preview.append(shown);
        }
        plan.contacts.append(c);
        plan.identities.append(chats);
        plan.lines.append(row.line);
    }
    return plan;
}

QJsonObject ImportPlan::toJson(int imported) const
{
    return {{u"rows"_s, rows},
            {u"valid"_s, contacts.size()},
            {u"invalid"_s, rowErrors.size()},
            {u"preview"_s, preview},
            {u"errors"_s, rowErrors},
            {u"ignoredColumns"_s, QJsonArray::fromStringList(ignored)},
            {u"attributes"_s, offeredAttributes},
            {u"imported"_s, imported}};
}

} // namespace aiochat
