#pragma once

#include <QDateTime>
#include <QHash>
#include <QJSValue>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QtQmlIntegration>

#include <optional>

#include "backend/consoleclient.h"

class QJSEngine;
class QQmlEngine;

namespace aiochat {

/**
 * @brief QML's entry point to the backend: the Console API client plus a generic request()
 * for simple views. The application sets the client before loading QML.
 */
class Backend : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(aiochat::ConsoleClient *client READ client CONSTANT)
    Q_PROPERTY(bool demo READ isDemo CONSTANT)
    Q_PROPERTY(QString language READ language NOTIFY languageChanged)
    Q_PROPERTY(QVariantList languages READ languages CONSTANT)
    Q_PROPERTY(QString rememberedServer READ rememberedServer CONSTANT)
public:
    static Backend *create(QQmlEngine *qmlEngine, QJSEngine *jsEngine);
    /** @brief Call before the QML engine loads anything. */
    static void setClient(ConsoleClient *client, bool demo = false);

    [[nodiscard]] ConsoleClient *client() const { return m_client; }
    [[nodiscard]] bool isDemo() const { return m_demo; }

    /**
     * @brief Sends a command; @p callback(result, error) is called with the result, or with
     * null and an error object {code, message}.
     */
    Q_INVOKABLE void request(const QString &name, const QVariantMap &params,
                             const QJSValue &callback);
    /**
     * @brief The same, with the item that asks: if it is destroyed before the answer (a page
     * unloaded, a dialog closed for good), the callback is dropped instead of running against
     * objects that are gone. Views use this form.
     */
    Q_INVOKABLE void request(const QString &name, const QVariantMap &params, QObject *owner,
                             const QJSValue &callback);

    /**
     * @brief Writes @p text to the local file @p url (owner-only permissions: exports hold
     * personal data). Returns an empty string, or what went wrong.
     */
    Q_INVOKABLE QString saveTextFile(const QUrl &url, const QString &text);
    /**
     * @brief Reads the UTF-8 text file @p url (an import): {text} or {error} when it cannot be
     * read, is larger than @p maxBytes or is not text.
     */
    Q_INVOKABLE QVariantMap readTextFile(const QUrl &url, int maxBytes);
    /**
     * @brief Reads any file @p url for an upload: {fileName, data (base64), size} or {fileName,
     * error} when it cannot be read or is larger than @p maxBytes.
     */
    Q_INVOKABLE QVariantMap readFileBase64(const QUrl &url, int maxBytes);
    /**
     * @brief The picture on the clipboard as a PNG to attach: {fileName, data (base64), size},
     * or an empty map when the clipboard holds no picture.
     */
    Q_INVOKABLE QVariantMap pastedImage() const;

    /**
     * @brief A file a customer sent, for the operator: @p action "save" writes it to @p url,
     * "open" hands a private copy to the system's viewer. @p callback(error) gets "" on success.
     * Every read is audited by the backend (attachment.download).
     */
    Q_INVOKABLE void fetchAttachment(double attachmentId, const QString &action, const QUrl &url,
                                     QObject *owner, const QJSValue &callback);

    /**
     * @brief The instant the backend believes it is (aiochat::Clock). Views use it instead of
     * `new Date()`, so "today", windows and relative times agree with the stored timestamps.
     */
    Q_INVOKABLE QDateTime now() const;

    /**
     * @brief Why a file dialog cannot be shown here ("" when it can): the QML modules Qt's own
     * file dialog needs, checked before it is opened because Qt crashes without them.
     */
    Q_INVOKABLE QString fileDialogProblem();
    /** @brief A typed local path as a file URL (~ is the home folder). */
    Q_INVOKABLE QUrl fileUrl(const QString &path) const;

    /** @brief The last server address a console was opened for ("" if none). */
    [[nodiscard]] static QString rememberedServer();
    /**
     * @brief The instance this console should open at start: the remembered server when the
     * operator chose one on the sign-in page, or "" for this computer's own.
     */
    [[nodiscard]] static QString startupServer();
    /**
     * @brief Opens the console of the instance at @p address, or of this computer's own with
     * "": the choice is remembered and the application starts again into it. Returns why the
     * address cannot be used ("" when it is switching).
     */
    Q_INVOKABLE QString switchServer(const QString &address);

    /** @brief The saved language choice ("" = the system's). */
    [[nodiscard]] QString language() const;
    /** @brief [{code, name}] of the shipped languages, for the Settings page. */
    [[nodiscard]] QVariantList languages() const;
    /** @brief Switches the console's language now and remembers it ("" = the system's). */
    Q_INVOKABLE void setLanguage(const QString &code);

    /**
     * @brief Asks the window to show the Knowledge page for customer @p contactId (the customer
     * pane's "Documents…"): dialogs deep in a page need not know the window.
     */
    Q_INVOKABLE void showKnowledge(qint64 contactId, const QString &name)
    {
        Q_EMIT knowledgeRequested(contactId, name);
    }

Q_SIGNALS:
    void languageChanged();
    void knowledgeRequested(qint64 contactId, const QString &name);

private:
    explicit Backend(QQmlEngine *engine);

    void answer(quint64 ticket, const CommandResponse &response);

    QQmlEngine *m_engine = nullptr;
    std::optional<QString> m_fileDialogProblem; ///< checked once, on first use

    /**
     * A QJSValue belongs to the JS engine's thread: copying or dropping one anywhere else
     * corrupts the engine's persistent values. The reply closure travels to the core and reader
     * threads, so it carries a ticket number; the callbacks stay here, on the GUI thread.
     */
    struct Pending
    {
        QPointer<QObject> owner;
        QJSValue callback;
    };
    QHash<quint64, Pending> m_pending;
    quint64 m_nextTicket = 0;

    QPointer<ConsoleClient> m_client;
    bool m_demo = false;
};

} // namespace aiochat
