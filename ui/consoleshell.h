#pragma once

#include "domain/status.h"

#include <QObject>

class QQmlApplicationEngine;

namespace aiochat {

class ConsoleApi;
class LocalConsoleClient;

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
    [[nodiscard]] QQmlApplicationEngine *engine() const { return m_engine; }

private:
    LocalConsoleClient *m_client = nullptr;
    QQmlApplicationEngine *m_engine = nullptr;
};

} // namespace aiochat
