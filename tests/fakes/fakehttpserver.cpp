#include "fakehttpserver.h"

namespace aiochat::test {

QList<FakePart> multipartOf(const FakeRequest &request)
{
    const QByteArray type = request.header("content-type");
    const qsizetype at = type.indexOf("boundary=");
    if (!type.startsWith("multipart/form-data") || at < 0)
        return {};
    QByteArray boundary = type.mid(at + 9);
    if (boundary.startsWith('"'))
        boundary = boundary.mid(1, boundary.indexOf('"', 1) - 1);
    const QByteArray delimiter = "--" + boundary;
    QList<FakePart> parts;
    qsizetype pos = request.body.indexOf(delimiter);
    while (pos >= 0) {
        pos += delimiter.size();
        if (request.body.mid(pos, 2) == "--")
            break; // the closing delimiter
        pos += 2;  // CRLF after the delimiter
        const qsizetype headersEnd = request.body.indexOf("\r\n\r\n", pos);
        const qsizetype next = request.body.indexOf(delimiter, pos);
        if (headersEnd < 0 || next < 0)
            break;
        FakePart part;
        for (const QByteArray &line : request.body.mid(pos, headersEnd - pos).split('\n')) {
            const QByteArray l = line.trimmed();
            if (l.toLower().startsWith("content-disposition:")) {
                const auto quoted = [&l](const QByteArray &key) {
                    const qsizetype k = l.indexOf(key + "=\"");
                    if (k < 0)
                        return QByteArray();
                    const qsizetype start = k + key.size() + 2;
                    return l.mid(start, l.indexOf('"', start) - start);
                };
                part.name = quoted("name");
                part.fileName = quoted("filename");
            } else if (l.toLower().startsWith("content-type:")) {
                part.contentType = l.mid(13).trimmed();
            }
        }
        part.body = request.body.mid(headersEnd + 4, next - (headersEnd + 4) - 2); // less CRLF
        parts.append(part);
        pos = next;
    }
    return parts;
}

QByteArray FakeRequest::header(const QByteArray &name) const
{
    for (const auto &[k, v] : headers) {
        if (k == name.toLower())
            return v;
    }
    return {};
}

FakeResponder::FakeResponder(QTcpSocket *socket)
    : m_socket(socket)
{}

bool FakeResponder::isConnected() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

void FakeResponder::send(const FakeResponse &r) const
{
    if (!m_socket)
        return;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(r.status) + " X\r\n";
    out += "Content-Type: " + r.contentType +
           "\r\nContent-Length: " + QByteArray::number(r.body.size()) + "\r\n";
    for (const auto &[k, v] : r.headers)
        out += k + ": " + v + "\r\n";
    out += "\r\n" + r.body;
    m_socket->write(out);
    m_socket->setProperty("busy", false);
    // A pipelined request may already be waiting.
    if (m_socket->bytesAvailable() > 0 || !m_socket->property("pending").toByteArray().isEmpty())
        QMetaObject::invokeMethod(m_socket.data(), "readyRead", Qt::QueuedConnection);
}

FakeHttpServer::FakeHttpServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeHttpServer::onConnection);
}

bool FakeHttpServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QString FakeHttpServer::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:") + QString::number(port());
}

void FakeHttpServer::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            if (socket->property("busy").toBool())
                return;
            QByteArray buffer = socket->property("pending").toByteArray() + socket->readAll();
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0) {
                socket->setProperty("pending", buffer);
                return;
            }
            FakeRequest r;
            const QList<QByteArray> lines = buffer.left(end).split('\n');
            const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
            r.method = requestLine.value(0);
            const QByteArray target = requestLine.value(1);
            const qsizetype q = target.indexOf('?');
            r.path = q < 0 ? target : target.left(q);
            r.query = q < 0 ? QByteArray() : target.mid(q + 1);
            qsizetype length = 0;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon < 0)
                    continue;
                const QByteArray name = lines[i].left(colon).trimmed().toLower();
                const QByteArray value = lines[i].mid(colon + 1).trimmed();
                r.headers.append({name, value});
                if (name == "content-length")
                    length = value.toLongLong();
            }
            if (buffer.size() < end + 4 + length) {
                socket->setProperty("pending", buffer);
                return;
            }
            r.body = buffer.mid(end + 4, length);
            socket->setProperty("pending", buffer.mid(end + 4 + length));
            socket->setProperty("busy", true);
            if (m_handler)
                m_handler(r, FakeResponder(socket));
        });
    }
}

} // namespace aiochat::test
