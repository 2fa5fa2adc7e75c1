#include "suggestion.h"

#include "guard.h"
#include "knowledge/retriever.h"
#include "offlineanswerer.h"
#include "storage/connection.h"
#include "storage/conversationrepository.h"
#include "storage/identityrepository.h"
#include "storage/messagerepository.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat::assistant {

Result<Suggestion> suggestReply(QSqlDatabase &db, const PersonalDataCipher &cipher,
                                qint64 conversationId)
{
    const Result<std::optional<Conversation>> conversation =
        ConversationRepository(db, cipher).find(conversationId);
    if (!conversation.isOk())
        return conversation.status();
    if (!conversation.value())
        return Status::notFound(u"no conversation with id "_s + QString::number(conversationId));
    QSqlQuery q(db);
    q.prepare(u"SELECT id FROM messages WHERE conversation_id = ? AND direction = 'in' AND kind = "
              u"'text' ORDER BY created_at DESC, id DESC LIMIT 1"_s);
    q.addBindValue(conversationId);
    if (Status s = execute(q, u"finding the customer's last message"_s); !s.isOk())
        return s;
    if (!q.next())
        return Suggestion{{}, u"The customer has not asked anything yet."_s};
    const qint64 messageId = q.value(0).toLongLong();
    q.finish();
    const Result<std::optional<Message>> message = MessageRepository(db, cipher).find(messageId);
    if (!message.isOk())
        return message.status();
    const QString question = message.value() ? message.value()->text : QString();

    qint64 scope = 0;
    const Result<std::optional<ContactIdentity>> identity =
        IdentityRepository(db, cipher).find(conversation.value()->identityId);
    if (!identity.isOk())
        return identity.status();
    if (identity.value() && identity.value()->contactId && identity.value()->verifiedAt > 0 &&
        identity.value()->verificationExpiresAt > nowMillis())
        scope = identity.value()->contactId;

    if (Retriever::keywords(question).isEmpty())
        return Suggestion{{}, u"The last message asks nothing the documents could answer."_s};
    const Result<QList<KnowledgeHit>> hits = Retriever(db, cipher).retrieve(question, scope, 5);
    if (!hits.isOk())
        return hits.status();
    const Extract answer = extractiveAnswer(question, hits.value());
    if (!answer.confident)
        return Suggestion{{}, u"Nothing in the documents answers the last message."_s};
    const Result<QSet<qint64>> others = othersNamedIn(db, cipher, answer.text, scope);
    if (!others.isOk())
        return others.status();
    if (!others->isEmpty())
        return Suggestion{{}, u"The passage found names another customer's details."_s};
    const Language language = detectLanguage(question, Language::English);
    return Suggestion{answer.text + u"\n\n"_s + sourcesLine(hits.value(), answer.used, language),
                      {}};
}

} // namespace aiochat::assistant
