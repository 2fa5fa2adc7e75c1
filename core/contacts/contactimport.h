#pragma once

#include "automation/attributes.h"
#include "contactform.h"
#include "domain/contact.h"
#include "domain/enums.h"
#include "domain/status.h"
#include "security/personaldatacipher.h"

#include <QJsonArray>
#include <QList>
#include <QStringList>

#include <functional>

namespace aiochat {

/** @brief A field that identifies one customer: no two customers may share its value. */
struct UniqueField
{
    PersonalField field;
    const char *name;
    QString Contact::*member;
};

/** @brief Phone, e-mail and policy number: verification and lookups depend on them. */
[[nodiscard]] const QList<UniqueField> &uniqueFields();

/** @brief A chat identity a CSV row names for its customer (linked, not verified). */
struct ImportedIdentity
{
    Platform platform = Platform::Telegram;
    QString platformUserId; ///< Telegram user id, WhatsApp wa_id (digits)
};

/** @brief What importing a CSV file would do: the customers to save and every row's problems. */
struct ImportPlan
{
    QList<Contact> contacts;
    QList<QList<ImportedIdentity>> identities; ///< per contact, in the same order
    QList<int> lines;                          ///< per contact: its line in the file
    QJsonArray preview;                        ///< the first rows as they will be saved
    QJsonArray rowErrors;                      ///< [{line, name, errors: [{field, message}]}]
    QStringList ignored;                       ///< header cells that name no field
    /** @brief Columns offered as new attributes: [{column, key, label, type, accepted, error?}]. */
    QJsonArray offeredAttributes;
    QList<automation::AttributeDefinition> newAttributes; ///< defined on commit
    int rows = 0;

    /** @brief As contacts.import answers it (@p imported rows saved). */
    [[nodiscard]] QJsonObject toJson(int imported) const;
};

/** @brief What the import knows and was told about attribute columns. */
struct ImportAttributes
{
    QList<automation::AttributeDefinition> defined; ///< in the store already
    /** @brief Per new key: {type, label, personal, currency, options} or {skip: true}. */
    QJsonObject choices;
    bool acceptNew = true; ///< columns naming no field become attributes (false: ignored)
};

/**
 * @brief Customer CSV imports: reads a file (CsvReader), maps its header to fields in English or
 * Indonesian, checks every row like the customer form does, against the store (through
 * DuplicateCheck) and against the file's earlier rows — without writing anything. A
 * `telegram_user_id` (or `telegram`) and a `whatsapp_wa_id` (or `whatsapp`) column name the
 * customer's chats: the import links them to the customer, unverified until the chat proves it.
 */
class ContactImport
{
public:
    static constexpr int kMaxRows = 10000;
    static constexpr int kPreviewRows = 50;

    /** @brief Another stored customer holding a row's unique values, as form errors. */
    using DuplicateCheck = std::function<Result<QList<FieldError>>(const Contact &)>;

    /** @brief Which contact field a CSV header names ("Nama", "Phone Number", …), or "". */
    [[nodiscard]] static QString fieldForHeader(const QString &header);
    [[nodiscard]] static Result<ImportPlan> plan(const QString &csv,
                                                 const DuplicateCheck &storedDuplicates,
                                                 const ImportAttributes &attributes = {});
};

} // namespace aiochat
