#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace aiochat {

/**
 * @brief Reads RFC 4180 CSV as spreadsheets write it: quoted fields with doubled quotes and line
 * breaks inside, CRLF or LF, an optional UTF-8 byte-order mark, and "," or ";" as the separator
 * (chosen from the header line, since spreadsheets in many locales write ";").
 */
class CsvReader
{
public:
    struct Row
    {
        int line = 0; ///< 1-based line where the record starts, for error messages
        QStringList cells;
    };

    /** @brief All records; error() says why when the text is not valid CSV. */
    [[nodiscard]] static QList<Row> read(const QString &text, QString *error);
};

} // namespace aiochat
