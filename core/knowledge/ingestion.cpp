#include "ingestion.h"

#include "storage/connection.h"

#include <QCryptographicHash>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat::ingestion {

Result<Prepared> prepare(const QString &fileName, const QByteArray &data)
{
    Result<ExtractedDocument> extracted = documentextractor::extract(fileName, data);
    if (!extracted.isOk())
        return extracted.status();
    Prepared out;
    out.document = std::move(extracted).value();
    out.content = data;
    out.sha256 =
        QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
    out.chunks = Chunker().split(out.document.blocks);
    if (out.chunks.isEmpty())
        return Status::invalidArgument(u"the file has no text"_s);
    return out;
}

Result<KnowledgeRepository::Stored> write(QSqlDatabase &db, const PersonalDataCipher &cipher,
                                          const Prepared &prepared, qint64 contactId,
                                          qint64 operatorId)
{
    if (contactId) {
        QSqlQuery q(db);
        q.prepare(u"SELECT merged_into FROM contacts WHERE id = ?"_s);
        q.addBindValue(contactId);
        if (Status s = execute(q, u"checking the customer"_s); !s.isOk())
            return s;
        if (!q.next())
            return Status::notFound(u"contactId: no customer with id "_s +
                                    QString::number(contactId));
        if (!q.value(0).isNull())
            return Status::failedPrecondition(
                u"contactId: this customer was merged into customer "_s +
                QString::number(q.value(0).toLongLong()) + u"; upload to that one"_s);
    }
    KnowledgeDocument d;
    d.contactId = contactId;
    d.fileName = prepared.document.fileName;
    d.mimeType = prepared.document.mimeType;
    d.sizeBytes = prepared.content.size();
    d.sha256 = prepared.sha256;
    d.status = u"ready"_s;
    d.pages = prepared.document.pages;
    d.createdBy = operatorId;
    return KnowledgeRepository(db, cipher).store(d, prepared.content, prepared.chunks);
}

} // namespace aiochat::ingestion
