#pragma once

#include "domain/status.h"

#include <QObject>
#include <QUrl>

class QQmlApplicationEngine;

namespace aiochat {

class ConsoleApi;
class ConsoleClient;

/**
 * @brief The operator console of this process: the in-process Console API client and the QML
 * engine showing Main.qml. GUI thread only.
 */
class ConsoleShell : public QObject
{
    Q_OBJECT
public:
    explicit ConsoleShell(QObject *parent = nullptr);
    ~ConsoleShell() override;

    /** @brief Connects to @p api and shows the main window; fails if QML does not load. */
    [[nodiscard]] Status show(ConsoleApi *api, bool demo);
    /** @brief The console of the instance at @p server, over its WebSocket; no backend here. */
    [[nodiscard]] Status showRemote(const QUrl &server);
    [[nodiscard]] QQmlApplicationEngine *engine() const { return m_engine; }

private:
    [[nodiscard]] Status load(bool demo);

    ConsoleClient *m_client = nullptr;
    QQmlApplicationEngine *m_engine = nullptr;
};

} // namespace aiochat
