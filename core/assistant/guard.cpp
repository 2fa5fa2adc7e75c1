#include "guard.h"

#include "security/personaldatacipher.h"
#include "storage/contactrepository.h"
#include "verification.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace aiochat::assistant {

Result<QSet<qint64>> othersNamedIn(QSqlDatabase &db, const PersonalDataCipher &cipher,
                                   const QString &text, qint64 self)
{
    QList<std::pair<PersonalField, QString>> values;
    for (const QString &p : assistant::extractClaims(text).policies)
        values.append({PersonalField::PolicyNumber, p});
    static const QRegularExpression email(uR"([\w.+-]+@[\w-]+(\.[\w-]+)+)"_s);
    for (auto m = email.globalMatch(text); m.hasNext();)
        values.append({PersonalField::Email, m.next().captured(0)});
    static const QRegularExpression phone(uR"(\+?\d[\d ().-]{7,}\d)"_s);
    for (auto m = phone.globalMatch(text); m.hasNext();) {
        const QString candidate = m.next().captured(0);
        values.append({PersonalField::Phone, candidate});
        // Local and international forms of Indonesian numbers name the same line.
        QString digits;
        for (const QChar c : candidate)
            if (c.isDigit())
                digits.append(c);
        if (digits.startsWith(u'0'))
            values.append({PersonalField::Phone, u"62"_s + digits.mid(1)});
    }
    QSet<qint64> out;
    ContactRepository contacts(db, cipher);
    for (const auto &[field, value] : values) {
        const Result<QList<Contact>> owners = contacts.findBy(field, value);
        if (!owners.isOk())
            return owners.status();
        for (const Contact &c : owners.value()) {
            if (c.id != self)
                out.insert(c.id);
        }
    }
    return out;
}

} // namespace aiochat::assistant
