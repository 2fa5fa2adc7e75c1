#pragma once

#include "options.h"

#include <QProcessEnvironment>
#include <QStringList>

class QUrl;

namespace aiochat {

/** @brief What main() should do after reading the command line. */
struct CommandLineOutcome
{
    enum class Action
    {
        Run,
        ShowHelp,
        ShowVersion,
        Error
    };
    Action action = Action::Run;
    Options options;
    QString text; ///< help or version text, or the one-line error
};

/**
 * @brief Parses `aiochat [options]`. Each option can also come from AIOCHAT_<NAME> in @p env;
 * the command line wins over the environment. Never exits the process itself.
 */
[[nodiscard]] CommandLineOutcome parseCommandLine(const QStringList &arguments,
                                                  const QProcessEnvironment &env);

/**
 * @brief Whether @p url can be an AIO-CHAT listener a console connects to (--connect, the
 * sign-in page): http(s):// or ws(s):// with a host.
 */
[[nodiscard]] bool isConsoleServerAddress(const QUrl &url);

} // namespace aiochat
