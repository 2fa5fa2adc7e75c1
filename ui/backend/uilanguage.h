#pragma once

#include <QObject>
#include <QString>
#include <QTranslator>

#include <memory>

namespace aiochat {

/**
 * @brief The console's language: the operator's choice ("en", "id") or, when none is saved, the
 * system's. Installs the compiled translation (":/i18n/aiochat_<code>.qm", built from
 * translations/aiochat_<code>.ts) and makes it the default QLocale, so dates and numbers follow it
 * too. The choice is kept in the console's QSettings under "ui/language".
 */
class UiLanguage
{
public:
    /** @brief The languages the console ships, as code -> name in that language. */
    [[nodiscard]] static QList<QPair<QString, QString>> available();
    /** @brief The saved choice, or "" for the system's language. */
    [[nodiscard]] static QString saved();
    static void save(const QString &code);

    /** @brief "" resolves to the system language when it is one of ours, else English. */
    [[nodiscard]] static QString resolve(const QString &code);

    /** @brief Installs @p code's translator (replacing the previous one) and locale. */
    static void apply(const QString &code);

private:
    static std::unique_ptr<QTranslator> &current();
};

} // namespace aiochat
