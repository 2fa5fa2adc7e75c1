#include "status.h"

using namespace Qt::StringLiterals;

namespace aiochat {

Status::Code Status::codeFromName(QStringView name)
{
    for (const Code code : {Code::Ok, Code::InvalidArgument, Code::NotFound, Code::AlreadyExists,
                            Code::PermissionDenied, Code::Unauthenticated, Code::FailedPrecondition,
                            Code::ResourceExhausted, Code::Unavailable}) {
        if (Status(code, {}).codeName() == name)
            return code;
    }
    return Code::Internal;
}

QString Status::codeName() const
{
    switch (m_code) {
    case Code::Ok:
        return u"ok"_s;
    case Code::InvalidArgument:
        return u"invalid_argument"_s;
    case Code::NotFound:
        return u"not_found"_s;
    case Code::AlreadyExists:
        return u"already_exists"_s;
    case Code::PermissionDenied:
        return u"permission_denied"_s;
    case Code::Unauthenticated:
        return u"unauthenticated"_s;
    case Code::FailedPrecondition:
        return u"failed_precondition"_s;
    case Code::ResourceExhausted:
        return u"resource_exhausted"_s;
    case Code::Unavailable:
        return u"unavailable"_s;
    case Code::Internal:
        return u"internal"_s;
    }
    return u"internal"_s;
}

Status Status::prefixed(const QString &context) const
{
    if (isOk())
        return *this;
    return {m_code, context + u": "_s + m_message};
}

} // namespace aiochat
