#include "uilanguage.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace aiochat {

QList<QPair<QString, QString>> UiLanguage::available()
{
    return {{u"en"_s, u"English"_s}, {u"id"_s, u"Bahasa Indonesia"_s}};
}

QString UiLanguage::saved()
{
    return QSettings().value(u"ui/language"_s).toString();
}

void UiLanguage::save(const QString &code)
{
    QSettings settings;
    if (code.isEmpty())
        settings.remove(u"ui/language"_s);
    else
        settings.setValue(u"ui/language"_s, code);
}

QString UiLanguage::resolve(const QString &code)
{
    for (const auto &[c, name] : available()) {
        if (c == code)
            return c;
    }
    // The system's first preferred language that we ship.
    for (const QString &ui : QLocale::system().uiLanguages()) {
        const QString lang = ui.section(u'-', 0, 0).toLower();
        for (const auto &[c, name] : available()) {
            if (c == lang)
                return c;
        }
    }
    return u"en"_s;
}

std::unique_ptr<QTranslator> &UiLanguage::current()
{
    static std::unique_ptr<QTranslator> translator;
    return translator;
}

void UiLanguage::apply(const QString &code)
{
    const QString lang = resolve(code);
    if (current()) {
        QCoreApplication::removeTranslator(current().get());
        current().reset();
    }
    // English is the source language; its file only carries plural forms ("1 customer").
    auto translator = std::make_unique<QTranslator>();
    if (translator->load(u":/i18n/aiochat_"_s + lang + u".qm"_s)) {
        QCoreApplication::installTranslator(translator.get());
        current() = std::move(translator);
    }
    // The system's own locale when it speaks this language (its date order, say), else the
    // language's default.
    const QLocale system = QLocale::system();
    QLocale::setDefault(system.language() == QLocale(lang).language() ? system : QLocale(lang));
}

} // namespace aiochat
