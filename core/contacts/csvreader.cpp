#include "csvreader.h"

#include <QObject>

using namespace Qt::StringLiterals;

namespace aiochat {

QList<CsvReader::Row> CsvReader::read(const QString &input, QString *error)
{
    QString text = input;
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    // The separator is whichever of , and ; the header line uses more (outside quotes).
    const qsizetype firstBreak = text.indexOf(u'\n');
    const QString header = text.left(firstBreak < 0 ? text.size() : firstBreak);
    const QChar separator = header.count(u';') > header.count(u',') ? u';' : u',';

    QList<Row> rows;
    Row row;
    QString cell;
    bool quoted = false;
    bool cellStarted = false;
    int line = 1;
    row.line = 1;
    auto endCell = [&] {
        row.cells.append(cell);
        cell.clear();
        cellStarted = false;
    };
    auto endRow = [&] {
        endCell();
        // A blank line is no record.
        if (!(row.cells.size() == 1 && row.cells.front().trimmed().isEmpty()))
            rows.append(row);
        row = Row{};
        row.line = line;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    cell.append(u'"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == u'\n')
                    ++line;
                cell.append(c);
            }
            continue;
        }
        if (c == u'"' && !cellStarted) {
            quoted = true;
            cellStarted = true;
        } else if (c == separator) {
            endCell();
        } else if (c == u'\r') {
            continue;
        } else if (c == u'\n') {
            ++line;
            endRow();
        } else {
            cell.append(c);
            cellStarted = true;
        }
    }
    if (quoted) {
        if (error)
            *error = QObject::tr("Line %1: a quoted field is never closed.").arg(row.line);
        return {};
    }
    if (cellStarted || !cell.isEmpty() || !row.cells.isEmpty())
        endRow();
    return rows;
}

} // namespace aiochat
