#pragma once

#include "params.h"
#include "storage/tagrepository.h"

#include <QJsonObject>

namespace aiochat {

/** @brief What conversation.setTags and contact.setTags are asked: whose tags, and which. */
struct TagsRequest
{
    qint64 id = 0;
    QStringList tags; ///< normalised (TagRepository::normalize)
};

/** @brief {id, tags} checked; an error names the parameter or the tag rule. */
[[nodiscard]] inline Result<TagsRequest> tagsRequest(const QJsonObject &params)
{
    Params p(params);
    const qint64 id = p.requiredId(QStringLiteral("id"));
    const QStringList given = p.optionalStringList(QStringLiteral("tags"));
    if (!p.isOk())
        return p.status();
    Result<QStringList> tags = TagRepository::normalize(given);
    if (!tags.isOk())
        return tags.status();
    return TagsRequest{id, std::move(tags).value()};
}

} // namespace aiochat
