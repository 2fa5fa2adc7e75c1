import QtQuick
import QtQuick.Controls
import QtTest
import AioChat
import AioChatTest

// Loads the real main window offscreen against a demo backend and walks its pages.
TestCase {
    id: test

    name: "MainWindow"

    function findByObjectName(item, name) {
        if (!item)
            return null;
        if (item.objectName === name)
            return item;
        const kids = item.children || [];
        for (let i = 0; i < kids.length; ++i) {
            const found = findByObjectName(kids[i], name);
            if (found)
                return found;
        }
        if (item.contentItem && item.contentItem !== item) {
            const found = findByObjectName(item.contentItem, name);
            if (found)
                return found;
        }
        return null;
    }

    // Every object called `name` under `root`, popups and loaded pages included (a popup is not
    // among its page's visual children).
    function findAll(root, name) {
        const found = [];
        const seen = new Set();
        const walk = obj => {
            if (!obj || typeof obj !== "object" || seen.has(obj))
                return;
            seen.add(obj);
            if (obj.objectName === name)
                found.push(obj);
            for (const list of ["data", "children", "contentData"]) {
                const kids = obj[list];
                if (kids && kids.length !== undefined)
                    for (let i = 0; i < kids.length; ++i)
                        walk(kids[i]);
            }
            for (const single of ["contentItem", "item", "header", "footer"])
                if (obj[single] && obj[single] !== obj)
                    walk(obj[single]);
        };
        walk(root);
        return found;
    }

    function openAndClose(dialog, open, label) {
        open();
        tryVerify(() => dialog.opened === undefined ? dialog.visible : dialog.opened, 5000, label + " opens");
        dialog.close();
        tryVerify(() => !dialog.visible, 5000, label + " closes");
    }

    // Opens every dialog of the application, the file dialogs included: a missing QML runtime
    // module (as Qt's own file dialog needs) fails here instead of in an operator's session.
    function test_everyDialogOpens() {
        const component = Qt.createComponent("qrc:/qt/qml/AioChat/qml/Main.qml");
        compare(component.status, Component.Ready, component.errorString());
        const window = createTemporaryObject(component, test);
        window.show();
        tryVerify(() => window.visible, 5000);
        const list = findByObjectName(window.contentItem, "conversationList");
        tryVerify(() => list.count >= 50, 10000);

        const conversations = findByObjectName(window.contentItem, "conversationsPage");
        openAndClose(conversations.dateRangeDialog, () => conversations.dateRangeDialog.open(), "date range");
        conversations.open(0);

        window.currentPage = 1;
        const customers = findByObjectName(window.contentItem, "customerList");
        tryVerify(() => customers.count > 0, 10000);
        const contact = customers.itemAtIndex(0).contactId;
        verify(contact > 0, "a customer to open");
        const details = findAll(window.contentItem, "customerDialog");
        compare(details.length, 2, "the Customers page's and the conversation pane's");
        for (const d of details)
            openAndClose(d, () => d.show(contact), "customer details");
        const edit = findAll(window.contentItem, "contactEditDialog")[0];
        openAndClose(edit, () => edit.create(), "new customer");
        const merge = findAll(window.contentItem, "mergeDialog")[0];
        openAndClose(merge, () => merge.show({ id: contact, displayName: "Test" }), "merge");
        const importDialog = findAll(window.contentItem, "importDialog")[0];
        openAndClose(importDialog, () => importDialog.open(), "import preview");

        window.currentPage = 5;
        // No bot token in this backend: nothing to check, so the button says so by being off.
        tryVerify(() => findAll(window.contentItem, "checkBotButton").length === 1, 5000);
        verify(!findAll(window.contentItem, "checkBotButton")[0].enabled, "no bot token, no check");
        window.currentPage = 6;
        tryVerify(() => findAll(window.contentItem, "addOperatorDialog").length === 1, 5000);
        const add = findAll(window.contentItem, "addOperatorDialog")[0];
        openAndClose(add, () => add.open(), "add operator");
        const password = findAll(window.contentItem, "changePasswordDialog")[0];
        openAndClose(password, () => password.open(), "change password");

        // The file dialogs: the real one must open (not the typed-path fallback).
        const pickers = ["importPicker", "exportPicker", "pemPicker", "knowledgePicker"];
        for (const name of pickers) {
            const found = findAll(window.contentItem, name);
            compare(found.length, 1, name);
            const picker = found[0];
            picker.open();
            compare(picker.shown, "system", name + ": " + Backend.fileDialogProblem());
            tryVerify(() => picker.dialogVisible, 5000, name + " opens");
            picker.close();
            tryVerify(() => !picker.dialogVisible, 5000, name + " closes");
        }

        window.openSandbox();
        tryVerify(() => window.sandboxWindow !== null && window.sandboxWindow.visible, 5000, "the Sandbox opens");
        window.closeSandbox();
        tryVerify(() => window.sandboxWindow === null, 5000, "the Sandbox closes");

        compare(WarningLog.messages, [], "no QML warnings");
    }

    // Reading a conversation is opening it: the unread badge clears without a reply.
    function test_openingAConversationClearsItsUnreadCount() {
        const component = Qt.createComponent("qrc:/qt/qml/AioChat/qml/Main.qml");
        const window = createTemporaryObject(component, test);
        window.show();
        const list = findByObjectName(window.contentItem, "conversationList");
        tryVerify(() => list.count >= 50, 10000);
        const unread = r => list.model.data(list.model.index(r, 0), ConversationListModel.UnreadCountRole);
        let row = -1;
        for (let r = 0; r < list.count && row < 0; ++r)
            if (unread(r) > 0)
                row = r;
        verify(row >= 0, "the demo inbox has unread conversations");
        const id = list.model.idAt(row);
        findByObjectName(window.contentItem, "conversationsPage").open(row);
        tryVerify(() => unread(list.model.indexOfId(id)) === 0, 10000, "the unread count clears on opening");
    }

    // A waiting customer's row says why and for how long; waiting rows come first.
    function test_waitingRowsSayWhyAndHowLong() {
        const component = Qt.createComponent("qrc:/qt/qml/AioChat/qml/Main.qml");
        const window = createTemporaryObject(component, test);
        window.show();
        const list = findByObjectName(window.contentItem, "conversationList");
        tryVerify(() => list.count >= 50, 10000);
        tryVerify(() => list.itemAtIndex(0) !== null, 5000);
        const first = list.itemAtIndex(0);
        compare(first.status, "needs_attention");
        const reason = findByObjectName(first, "attentionReason");
        verify(reason.visible);
        verify(["Asked for a human", "Bot had no answer", "Customer waiting", "Send failed"].indexOf(reason.text) >= 0, reason.text);
        verify(findByObjectName(first, "rowTime").text.startsWith("Waiting"), findByObjectName(first, "rowTime").text);
        verify(first.Accessible.name.indexOf(reason.text) >= 0, first.Accessible.name);
    }

    // Typing where the bot answers takes over (with Undo); Resolve moves to the next waiting
    // conversation; a finished conversation does not claim the bot is answering.
    function test_typingTakesOverAndResolveMovesOn() {
        const component = Qt.createComponent("qrc:/qt/qml/AioChat/qml/Main.qml");
        const window = createTemporaryObject(component, test);
        window.show();
        const list = findByObjectName(window.contentItem, "conversationList");
        tryVerify(() => list.count >= 50, 10000);
        const page = findByObjectName(window.contentItem, "conversationsPage");
        const role = (r, which) => list.model.data(list.model.index(r, 0), which);
        let botRow = -1;
        for (let r = 0; r < list.count && botRow < 0; ++r)
            if (role(r, ConversationListModel.HandlerRole) === "bot" && role(r, ConversationListModel.StatusRole) === "open")
                botRow = r;
        verify(botRow >= 0, "an open conversation the bot handles");
        page.open(botRow);
        const view = findByObjectName(window.contentItem, "conversationView");
        tryVerify(() => view.conversation !== null && view.conversation.handler === "bot", 10000);
        compare(findByObjectName(window.contentItem, "handlerLabel").text, "The bot is answering");
        findByObjectName(window.contentItem, "composerInput").text = "Hello, I can help";
        tryVerify(() => view.conversation.handler === "human", 10000, "typing took the conversation over");
        const notice = findByObjectName(window.contentItem, "takeOverNotice");
        // The conversation.updated event may show the new handler before the command's own
        // answer, which is what announces the take-over.
        tryVerify(() => notice.visible, 5000, "the take-over is announced");
        findByObjectName(window.contentItem, "undoTakeOver").clicked();
        tryVerify(() => view.conversation.handler === "bot", 10000, "Undo hands it back");
        verify(!notice.visible);
        findByObjectName(window.contentItem, "composerInput").text = "";

        // Resolve the longest waiting conversation: the next waiting one opens.
        page.open(0);
        tryVerify(() => view.conversation !== null && view.conversation.status === "needs_attention", 10000);
        const resolvedId = page.selectedConversation;
        findByObjectName(window.contentItem, "resolveButton").clicked();
        tryVerify(() => page.selectedConversation !== resolvedId, 10000, "Resolve moved on");
        tryVerify(() => view.conversation !== null && view.conversation.status === "needs_attention", 10000, "to a waiting conversation");
        page.selectedConversation = resolvedId;
        tryVerify(() => view.conversation !== null && view.conversation.id === resolvedId, 10000);
        verify(findByObjectName(window.contentItem, "handlerLabel").text.startsWith("Finished"));
    }

    // One formatter names every moment: today's and tomorrow's by name, others with their date.
    // "Verified until" a month ahead used to show only a time, and read as expired.
    function test_momentsCarryTheirDay() {
        const now = Backend.now();
        verify(Dates.moment(now).startsWith("Today "), Dates.moment(now));
        const tomorrow = new Date(now.getTime() + 86400000);
        verify(Dates.moment(tomorrow).startsWith("Tomorrow "), Dates.moment(tomorrow));
        const later = new Date(now.getTime() + 29 * 86400000);
        verify(Dates.moment(later).startsWith(Dates.calendarDay(later) + " "), Dates.moment(later));
        verify(Dates.preciseMoment(later).length > Dates.moment(later).length, "seconds when asked");

        const component = Qt.createComponent("qrc:/qt/qml/AioChat/qml/Main.qml");
        const window = createTemporaryObject(component, test);
        window.show();
        const list = findByObjectName(window.contentItem, "conversationList");
        tryVerify(() => list.count >= 50, 10000);
        const page = findByObjectName(window.contentItem, "conversationsPage");
        const view = findByObjectName(window.contentItem, "conversationView");
        let verified = null;
        for (let r = 0; r < 40 && verified === null; ++r) {
            page.open(r);
            tryVerify(() => view.details !== null && view.details.conversation.id === list.model.idAt(r), 10000);
            if (view.details.identity && view.details.identity.verified)
                verified = view.details.identity;
        }
        verify(verified !== null, "a verified customer in the demo");
        const expiry = new Date(verified.verificationExpiresAt);
        const label = findByObjectName(window.contentItem, "verificationLabel");
        tryVerify(() => label.text.indexOf(Dates.moment(expiry)) >= 0, 5000, label.text);
    }

    // WCAG 2.1 relative luminance and contrast ratio.
    function luminance(c) {
        const f = v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
    }
    function contrast(a, b) {
        const x = luminance(a), y = luminance(b);
        return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
    }

    // Every text/background pair the console draws reaches WCAG AA (4.5:1; these are all small
    // text) in the light and in the dark appearance.
    function test_themeColoursMeetContrast() {
        const component = Qt.createComponent("qrc:/qt/qml/AioChat/qml/Main.qml");
        const window = createTemporaryObject(component, test);
        window.show();
        const saved = Theme.appearance;
        const avatar = createTemporaryObject(Qt.createComponent("qrc:/qt/qml/AioChat/qml/components/Avatar.qml"), test);
        const avatarColours = avatar.palette;
        verify(avatarColours.length >= 8);
        const white = Qt.color("#FFFFFF");
        let failures = [];
        for (const appearance of ["light", "dark"]) {
            Theme.appearance = appearance;
            tryCompare(Theme, "dark", appearance === "dark");
            // The backgrounds assumed are the ones Material really draws.
            verify(Qt.colorEqual(window.Material.background, Theme.windowBackground), appearance + ": " + window.Material.background);
            const pages = [Theme.windowBackground, Theme.selection, Theme.conversationBackground];
            const bubbles = [Theme.customerBubble, Theme.botBubble, Theme.operatorBubble];
            const pairs = [];
            for (const bg of pages.concat(bubbles, [Theme.errorBackground]))
                pairs.push(["text", Theme.text, bg], ["muted", Theme.mutedText, bg], ["failed", Theme.failed, bg]);
            for (const bg of pages)
                pairs.push(["attention", Theme.attention, bg], ["open", Theme.open, bg], ["resolved", Theme.resolved, bg], ["closed", Theme.closed, bg], ["accent text", Theme.accentText, bg], ["system", Theme.systemText, bg]);
            pairs.push(["bot name", Theme.open, Theme.botBubble], ["operator name", Theme.operatorText, Theme.operatorBubble], ["system", Theme.systemText, Theme.conversationBackground]);
            for (const bg of [Theme.accent, Theme.telegram, Theme.whatsapp, Theme.sandbox].concat(avatarColours))
                pairs.push(["white on " + bg, white, bg]);
            pairs.push(["highlighted button", white, window.Material.accentColor]);
            for (const [name, fg, bg] of pairs) {
                const ratio = contrast(Qt.color(fg), Qt.color(bg));
                if (ratio < 4.5)
                    failures.push(appearance + " " + name + " " + fg + " on " + bg + ": " + ratio.toFixed(2));
            }
        }
        Theme.appearance = saved;
        compare(failures, [], "pairs below 4.5:1");
    }

    // Outside WhatsApp's 24-hour window with no approved templates: the composer says where they
    // are added and takes the operator there.
    function test_closedWindowWithoutTemplatesPointsToSettings() {
        const component = Qt.createComponent("qrc:/qt/qml/AioChat/qml/Main.qml");
        const window = createTemporaryObject(component, test);
        window.show();
        const list = findByObjectName(window.contentItem, "conversationList");
        tryVerify(() => list.count >= 50, 10000);
        const page = findByObjectName(window.contentItem, "conversationsPage");
        const view = findByObjectName(window.contentItem, "conversationView");
        const composer = findByObjectName(window.contentItem, "composer");
        let found = false;
        for (let r = 0; r < list.count && !found; ++r) {
            if (list.model.data(list.model.index(r, 0), ConversationListModel.PlatformRole) !== "whatsapp")
                continue;
            page.open(r);
            tryVerify(() => view.conversation !== null && view.conversation.id === list.model.idAt(r), 10000);
            found = composer.windowClosed;
        }
        verify(found, "a WhatsApp conversation whose window has closed");
        const notice = findByObjectName(window.contentItem, "noTemplatesNotice");
        tryVerify(() => notice.visible, 5000);
        findByObjectName(window.contentItem, "openTemplateSettings").clicked();
        compare(window.currentPage, 5, "Settings opened");
    }

    function request(name, params) {
        let answer = null;
        Backend.request(name, params, (result, err) => {
            answer = { result: result, error: err };
        });
        tryVerify(() => answer !== null, 10000, name + " answers");
        return answer;
    }

    // A row says who answers (the bot, the assigned operator, nobody yet); a search result shows
    // the part of the message that matched, not the latest message.
    function test_rowsShowWhoAnswersAndWhatMatched() {
        const component = Qt.createComponent("qrc:/qt/qml/AioChat/qml/Main.qml");
        const window = createTemporaryObject(component, test);
        window.show();
        const list = findByObjectName(window.contentItem, "conversationList");
        tryVerify(() => list.count >= 50, 10000);
        const role = (r, which) => list.model.data(list.model.index(r, 0), which);
        let botRow = -1;
        for (let r = 0; r < list.count && botRow < 0; ++r)
            if (role(r, ConversationListModel.HandlerRole) === "bot" && role(r, ConversationListModel.StatusRole) === "open")
                botRow = r;
        verify(botRow >= 0);
        list.positionViewAtIndex(botRow, ListView.Center);
        tryVerify(() => list.itemAtIndex(botRow) !== null, 5000);
        compare(findByObjectName(list.itemAtIndex(botRow), "ownerLabel").text, "Bot");

        const id = list.model.idAt(botRow);
        const created = request("operator.create", { email: "maya@example.com", displayName: "Maya Sari", role: "agent", password: "correct horse 42" });
        compare(created.error, null);
        compare(request("conversation.setHandler", { id: id, handler: "human" }).error, null);
        compare(request("conversation.assign", { id: id, operatorId: created.result.id }).error, null);
        tryVerify(() => list.model.data(list.model.index(list.model.indexOfId(id), 0), ConversationListModel.AssigneeNameRole) === "Maya Sari", 10000);
        const row = list.model.indexOfId(id);
        list.positionViewAtIndex(row, ListView.Center);
        tryVerify(() => list.itemAtIndex(row) !== null, 5000);
        compare(findByObjectName(list.itemAtIndex(row), "ownerLabel").text, "Maya");

        // Search for a word that is rarely the latest message.
        findByObjectName(window.contentItem, "conversationSearch").text = "refund";
        tryVerify(() => list.count > 0 && !list.model.loading, 10000);
        tryVerify(() => list.itemAtIndex(0) !== null, 5000);
        const shown = findByObjectName(list.itemAtIndex(0), "previewLabel").text;
        verify(shown.toLowerCase().indexOf("refund") >= 0, shown);
        findByObjectName(window.contentItem, "conversationSearch").text = "";
    }

    // Edit… and Merge… in the customer details opened from a conversation's pane do what they do
    // on the Customers page; the New customer dialog starts in the name field.
    function test_customerActionsWorkFromTheConversation() {
        const component = Qt.createComponent("qrc:/qt/qml/AioChat/qml/Main.qml");
        const window = createTemporaryObject(component, test);
        window.show();
        const list = findByObjectName(window.contentItem, "conversationList");
        tryVerify(() => list.count >= 50, 10000);
        const page = findByObjectName(window.contentItem, "conversationsPage");
        const view = findByObjectName(window.contentItem, "conversationView");
        let row = -1;
        for (let r = 0; r < list.count && row < 0; ++r)
            if (list.model.data(list.model.index(r, 0), ConversationListModel.ContactIdRole) > 0)
                row = r;
        verify(row >= 0);
        page.open(row);
        tryVerify(() => view.details !== null && view.details.contact !== undefined && view.details.contact !== null, 10000);
        const pane = findByObjectName(window.contentItem, "customerPane");
        const details = findAll(pane, "customerDialog")[0];
        const contact = view.details.contact.id;
        for (const [button, dialogName] of [["editCustomerButton", "contactEditDialog"], ["mergeCustomerButton", "mergeDialog"]]) {
            details.show(contact);
            tryVerify(() => details.opened, 5000);
            tryVerify(() => findAll(details, button).length === 1 && findAll(details, button)[0].visible, 5000);
            findAll(details, button)[0].clicked();
            const opened = findAll(pane, dialogName)[0];
            tryVerify(() => opened.opened, 5000, button + " opens " + dialogName);
            opened.close();
            tryVerify(() => !opened.visible, 5000);
        }

        window.currentPage = 1;
        const edit = findAll(findByObjectName(window.contentItem, "customersPage") || window.contentItem, "contactEditDialog")[0];
        edit.create();
        tryVerify(() => edit.opened, 5000);
        tryVerify(() => findAll(edit, "contactName")[0].activeFocus, 5000, "typing starts in the name field");
        edit.close();
    }

    // A follow-up task typed in the pane is stored with its due time and owner, and ticking it
    // off marks it done by whoever ticked it.
    function test_followUpTasksFromThePane() {
        const component = Qt.createComponent("qrc:/qt/qml/AioChat/qml/Main.qml");
        const window = createTemporaryObject(component, test);
        window.show();
        const list = findByObjectName(window.contentItem, "conversationList");
        tryVerify(() => list.count >= 50, 10000);
        const page = findByObjectName(window.contentItem, "conversationsPage");
        const view = findByObjectName(window.contentItem, "conversationView");
        page.open(3);
        tryVerify(() => view.details !== null, 10000);
        const pane = findByObjectName(window.contentItem, "customerPane");
        tryCompare(pane, "conversationId", view.details.conversation.id);
        const before = pane.tasks.length;
        const input = findByObjectName(pane, "taskInput");
        const due = findByObjectName(pane, "taskDue");
        verify(input.visible, "an operator who may write sees the task field");
        input.text = "Call back about the claim";
        due.currentIndex = due.indexOfValue("4");
        input.accepted();
        tryVerify(() => pane.tasks.length === before + 1, 5000, "the task appears");
        const task = pane.tasks.find(t => t.title === "Call back about the claim");
        verify(task !== undefined);
        compare(task.status, "open");
        compare(task.assigneeId, Backend.client.operatorId);
        const hours = (new Date(task.dueAt) - Dates.now()) / 3600000;
        verify(hours > 3.9 && hours <= 4.01, "due in four hours, not " + hours);
        compare(input.text, "", "the field is ready for the next task");

        const boxes = findAll(pane, "taskDone");
        const box = boxes.find(b => b.Accessible.name.indexOf("Call back about the claim") >= 0);
        verify(box !== undefined);
        box.toggle();
        box.toggled();
        tryVerify(() => pane.tasks.find(t => t.id === task.id).status === "done", 5000);
        verify(pane.tasks.find(t => t.id === task.id).completedAt !== "");
        compare(findAll(pane, "taskDone").find(b => b.Accessible.name.indexOf("Call back about the claim") >= 0).checked, true);
    }

    // A photo a customer sent shows as a thumbnail (decoded off the GUI thread, at most the
    // size asked), opens larger in the viewer, and offers "Save as…".
    function test_picturesShowAsThumbnailsAndOpenLarger() {
        const component = Qt.createComponent("qrc:/qt/qml/AioChat/qml/Main.qml");
        const window = createTemporaryObject(component, test);
        window.show();
        const list = findByObjectName(window.contentItem, "conversationList");
        tryVerify(() => list.count >= 50, 10000);
        let info = null;
        Backend.request("attachment.get", {
            "id": 1
        }, (result, err) => info = err ? err : result.attachment);
        tryVerify(() => info !== null, 5000);
        compare(info.state, "ready", JSON.stringify(info));
        let row = -1;
        for (let r = 0; r < list.count && row < 0; ++r)
            if (list.model.data(list.model.index(r, 0), ConversationListModel.IdRole) === info.conversationId)
                row = r;
        verify(row >= 0, "the photo's conversation is listed");
        findByObjectName(window.contentItem, "conversationsPage").open(row);
        const view = findByObjectName(window.contentItem, "conversationView");
        let thumbnail = null;
        tryVerify(() => {
            thumbnail = findAll(view, "attachmentThumbnail").find(t => t.visible);
            return thumbnail !== undefined;
        }, 10000, "the photo shows as a picture, not as a file row");
        tryCompare(thumbnail, "status", Image.Ready, 10000);
        // Decoded to the size shown (240 px at this screen's density), not the photo's 640 × 480.
        compare(thumbnail.implicitWidth, 240 * Screen.devicePixelRatio);
        compare(thumbnail.implicitHeight, 180 * Screen.devicePixelRatio);
        const saves = findAll(view, "saveAttachmentButton").filter(b => b.visible);
        verify(saves.length >= 1, "a kept file can be saved");
        if (screenshotDir !== "")
            grabImage(window.contentItem).save(screenshotDir + "/pictures.png");

        const viewer = findAll(view, "pictureViewer")[0];
        tryVerify(() => thumbnail.width > 0 && thumbnail.height > 0, 5000);
        mouseClick(thumbnail);
        tryVerify(() => viewer.opened, 5000, "a tap opens the picture larger");
        compare(viewer.file.id, info.id);
        viewer.close();
        tryVerify(() => !viewer.visible, 5000);

        // A picture is not a document: asking to add it to the customer's knowledge says why.
        verify(findAll(view, "addToKnowledgeButton").filter(b => b.visible).length === 0, "no knowledge button on a picture");
        const knowledge = findAll(view, "addToKnowledgeDialog")[0];
        knowledge.ask(info);
        tryVerify(() => knowledge.opened, 5000);
        if (knowledge.verified) {
            tryVerify(() => knowledge.outcome !== "", 5000);
            verify(knowledge.failed, knowledge.outcome);
        }
        knowledge.close();
        tryVerify(() => !knowledge.visible, 5000);
    }

    // A file attached in the composer (picked, dropped or pasted) goes with the message: the
    // chip shows it, Send works without text, and the sent message carries the file.
    function test_composerSendsAnAttachedFile() {
        const component = Qt.createComponent("qrc:/qt/qml/AioChat/qml/Main.qml");
        const window = createTemporaryObject(component, test);
        window.show();
        const list = findByObjectName(window.contentItem, "conversationList");
        tryVerify(() => list.count >= 50, 10000);
        let row = -1;
        for (let r = 0; r < list.count && row < 0; ++r)
            if (list.model.data(list.model.index(r, 0), ConversationListModel.PlatformRole) === "telegram")
                row = r;
        verify(row >= 0);
        findByObjectName(window.contentItem, "conversationsPage").open(row);
        const view = findByObjectName(window.contentItem, "conversationView");
        const composer = findByObjectName(view, "composer");
        tryVerify(() => composer.platform === "telegram", 10000);
        verify(findByObjectName(composer, "attachButton").enabled);
        const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
        composer.attach({
            "fileName": "scan.png",
            "data": png,
            "size": 70
        });
        verify(findByObjectName(composer, "attachmentChip").visible, "the attached file is shown");
        verify(findByObjectName(composer, "sendButton").enabled, "a file alone can be sent");
        if (screenshotDir !== "")
            grabImage(window.contentItem).save(screenshotDir + "/composer-attachment.png");
        const conversation = view.conversationId;
        composer.send();
        tryVerify(() => composer.attachment === null && !composer.sending, 10000, composer.error);
        compare(composer.error, "");
        let newest = null;
        Backend.request("conversation.messages", {
            "conversationId": conversation,
            "limit": 1
        }, (result, err) => newest = err ? err : result.items[0]);
        tryVerify(() => newest !== null, 5000);
        compare(newest.kind, "photo");
        compare(newest.files[0].fileName, "scan.png");
        compare(newest.files[0].mimeType, "image/png");
        // A file that cannot be read says why instead of attaching nothing silently.
        composer.attach({
            "fileName": "gone.pdf",
            "error": "Cannot read gone.pdf"
        });
        compare(composer.attachment, null);
        compare(composer.error, "Cannot read gone.pdf");
    }

    function test_mainWindowLoadsAndShowsData() {
        const component = Qt.createComponent("qrc:/qt/qml/AioChat/qml/Main.qml");
        compare(component.status, Component.Ready, component.errorString());
        const window = createTemporaryObject(component, test);
        verify(window);
        window.show();
        tryVerify(() => window.visible, 5000);

        const list = findByObjectName(window.contentItem, "conversationList");
        verify(list, "the conversation list exists");
        tryVerify(() => list.count >= 50, 10000, "the inbox fills from the backend");

        // Opening the first conversation fills the message view.
        list.currentIndex = 0;
        const page = findByObjectName(window.contentItem, "conversationsPage");
        page.open(0);
        const messages = findByObjectName(window.contentItem, "messageList");
        verify(messages);
        tryVerify(() => messages.count > 0, 10000, "messages load");

        // Every page opens.
        for (let i = 0; i < window.pages.length; ++i) {
            window.currentPage = i;
            compare(window.currentPage, i);
        }
        const customers = findByObjectName(window.contentItem, "customerList");
        verify(customers);
        tryVerify(() => customers.count >= 50, 10000, "customers load");

        compare(WarningLog.messages, [], "no QML warnings");
    }

    function test_windowRemembersItsGeometryAndPanes() {
        const component = Qt.createComponent("qrc:/qt/qml/AioChat/qml/Main.qml");
        let window = component.createObject(test);
        window.show();
        tryVerify(() => findByObjectName(window.contentItem, "conversationListPane") !== null, 10000);
        window.width = 1100;
        window.height = 700;
        const pane = findByObjectName(window.contentItem, "conversationListPane");
        pane.SplitView.preferredWidth = 420;
        tryCompare(pane, "width", 420);
        window.close(); // saves, as when the operator closes it
        window.destroy();
        // The settings reach the file when their owner goes (or half a second later).
        tryVerify(() => window === null || window.width === undefined, 5000, "the first window is gone");

        window = createTemporaryObject(component, test);
        window.show();
        compare(window.width, 1100, "the width is remembered");
        compare(window.height, 700, "the height is remembered");
        tryVerify(() => findByObjectName(window.contentItem, "conversationListPane") !== null, 10000);
        tryCompare(findByObjectName(window.contentItem, "conversationListPane"), "width", 420, 5000, "the list pane keeps its width");
        compare(WarningLog.messages, [], "no QML warnings");
    }

    function test_liveUpdatesDoNotMoveWhatTheOperatorReads() {
        const component = Qt.createComponent("qrc:/qt/qml/AioChat/qml/Main.qml");
        const window = createTemporaryObject(component, test);
        window.show();
        const list = findByObjectName(window.contentItem, "conversationList");
        tryVerify(() => list.count >= 50, 10000);
        // Far enough down that new conversations (open ones sort after those needing attention)
        // are inserted above the rows in view.
        list.positionViewAtIndex(42, ListView.Beginning);
        list.contentY += 13;
        // Scrolling there fetches the next page: let it land before counting rows.
        tryVerify(() => !list.model.loading, 10000);
        const top = () => list.model.idAt(list.indexAt(10, list.contentY + 1));
        const reading = top();
        const offset = () => list.itemAtIndex(list.model.indexOfId(reading)).y - list.contentY;
        const before = offset();
        const count = list.count;
        // New customers write in: their conversations go on top of the list.
        for (let i = 0; i < 3; ++i)
            Backend.request("sandbox.send", { user: "anchor-" + i, name: "Anchor " + i, text: "Hello " + i }, null);
        tryVerify(() => list.count === count + 3, 10000, "the new conversations arrive");
        compare(top(), reading, "the same conversation is still first in view");
        compare(offset(), before, "at the same place");
        // At the top, new rows simply appear above.
        list.contentY = list.originY;
        Backend.request("sandbox.send", { user: "anchor-top", name: "Anchor top", text: "Hi" }, null);
        tryVerify(() => list.count === count + 4, 10000);
        compare(list.contentY, list.originY, "the top stays the top");
        compare(WarningLog.messages, [], "no QML warnings");
    }

    // Every control a screen reader reaches has a name: its text, its placeholder, or an
    // explicit Accessible.name.
    function unnamedControls(item, out) {
        if (!item || !item.visible)
            return out;
        const isInput = item.placeholderText !== undefined && item.echoMode !== undefined;
        const isCombo = item.displayText !== undefined && item.currentIndex !== undefined && item.popup !== undefined;
        const isButton = item.checkable !== undefined && item.autoRepeat !== undefined;
        if (isInput || isCombo || isButton) {
            const named = (item.Accessible.name || "") !== "" || (isButton && (item.text || "") !== "") || (isInput && (item.placeholderText || "") !== "");
            if (!named)
                out.push(item.toString() + " " + (item.objectName || "") + " in " + (item.parent ? item.parent.toString() : ""));
            if (isCombo)
                return out; // its text field is the combo's own display, not another control
        }
        const kids = item.children || [];
        for (let i = 0; i < kids.length; ++i)
            unnamedControls(kids[i], out);
        return out;
    }

    // The Knowledge page: a file goes in (as a drop or the file dialog hands it over), its
    // passages show, a question finds it; a customer's "Documents…" opens the page for them.
    function test_knowledgeUploadSearchAndCustomerDocuments() {
        const component = Qt.createComponent("qrc:/qt/qml/AioChat/qml/Main.qml");
        const window = createTemporaryObject(component, test);
        window.show();
        tryVerify(() => findByObjectName(window.contentItem, "conversationList").count > 0, 10000);
        const file = Backend.fileUrl(testDataDir + "/grace_period.md");
        compare(Backend.saveTextFile(file, "# Grace period\n\nA monthly premium stays covered for 30 days after its due date.\n"), "");

        window.currentPage = 2;
        const page = findByObjectName(window.contentItem, "knowledgePage");
        const documents = findByObjectName(page, "documentList");
        page.upload([file]);
        tryVerify(() => documents.count === 1, 10000, "the uploaded file is listed");
        compare(page.documents[0].fileName, "grace_period.md");
        compare(page.documents[0].status, "ready");
        tryVerify(() => page.uploads.count === 1 && page.uploads.get(0).phase === "done", 5000);
        page.select(page.documents[0]);
        tryVerify(() => page.passages.length === 1, 5000, "its passage shows");
        compare(page.passages[0].headingPath, "Grace period");

        page.questionField.text = "how long is the grace period after the due date?";
        page.ask();
        tryVerify(() => page.hits.length === 1, 5000, "the question finds it");
        compare(page.hits[0].fileName, "grace_period.md");
        verify(findByObjectName(page, "embeddingStatus").text.length > 0);

        // A file that is not a document is refused with the reason, and nothing is listed.
        const bad = Backend.fileUrl(testDataDir + "/empty.md");
        compare(Backend.saveTextFile(bad, ""), "");
        page.upload([bad]);
        tryVerify(() => page.uploads.count === 2 && page.uploads.get(1).phase === "failed", 5000);
        compare(page.uploads.get(1).message, "the file is empty");
        compare(documents.count, 1);

        window.currentPage = 1;
        const customers = findByObjectName(window.contentItem, "customerList");
        tryVerify(() => customers.count > 0, 10000);
        const contact = customers.itemAtIndex(0).contactId;
        const details = findAll(findByObjectName(window.contentItem, "customersPage"), "customerDialog")[0];
        details.show(contact);
        tryVerify(() => details.opened && findAll(details, "customerDocumentsButton").length === 1, 5000);
        findAll(details, "customerDocumentsButton")[0].clicked();
        compare(window.currentPage, 2, "the Knowledge page opens");
        compare(page.contactId, contact);
        tryVerify(() => documents.count === 0, 5000, "the customer has no documents of their own yet");
        compare(WarningLog.messages, [], "no QML warnings");
    }

    // Automations: the demo's payment reminder is listed and on; its editor previews who it
    // reaches with each rendered message; a bad cron is named by field before anything is saved;
    // the attributes it uses are listed.
    function test_automationsPreviewAndCheckRules() {
        const component = Qt.createComponent("qrc:/qt/qml/AioChat/qml/Main.qml");
        const window = createTemporaryObject(component, test);
        window.show();
        tryVerify(() => findByObjectName(window.contentItem, "conversationList").count > 0, 10000);
        window.currentPage = 3;
        const page = findByObjectName(window.contentItem, "automationsPage");
        verify(page !== null);
        tryVerify(() => page.ruleList.count === 1, 10000, "the built-in rule is listed");
        compare(page.rules[0].builtin, "payment_reminder");
        verify(page.rules[0].enabled);
        verify(page.rules[0].nextRunAt !== "");

        page.edit(page.rules[0]);
        compare(page.nameField.text, "Payment due reminder");
        tryVerify(() => page.preview !== null, 10000, "the dry run answers");
        verify(page.preview.matched > 0);
        tryVerify(() => page.previewList.count > 0);
        verify(page.preview.recipients[0].text.length > 20);
        verify(page.preview.recipients[0].text.indexOf("{{") < 0, "placeholders are filled in");

        page.newRule();
        page.nameField.text = "Broken";
        findByObjectName(page, "ruleCron").text = "61 * * * *";
        page.runPreview();
        tryVerify(() => page.fieldErrors.length > 0, 5000);
        compare(page.fieldErrors[0].field, "trigger.cron");

        tryVerify(() => page.attributes.length === 3, 5000);
        compare(page.attributes.map(a => a.key).sort(), ["monthly_premium_idr", "payment_due_date", "plan"]);
        compare(WarningLog.messages, [], "no QML warnings");
    }

    // The bot answers a Sandbox customer from an uploaded FAQ; its reply in the conversation
    // opens how it was answered: the outcome, the passage it found (with its text), the timings.
    function test_botRepliesOpenHowTheyWereAnswered() {
        const component = Qt.createComponent("qrc:/qt/qml/AioChat/qml/Main.qml");
        const window = createTemporaryObject(component, test);
        window.show();
        const list = findByObjectName(window.contentItem, "conversationList");
        tryVerify(() => list.count >= 50, 10000);
        let steps = 0;
        const step = (result, err) => {
            verify(!err, err ? err.message : "");
            ++steps;
        };
        let documentId = 0;
        Backend.request("knowledge.upload", {
            fileName: "office_hours.md",
            scope: "shared",
            data: Qt.btoa("# Office hours\n\nOur office is open Monday to Friday from 08:00 to 17:00.\n")
        }, test, (result, err) => {
            documentId = err ? 0 : result.document.id;
            step(result, err);
        });
        Backend.request("channel.configure", { key: "assistant/enabled", value: "on" }, test, step);
        tryVerify(() => steps === 2, 5000);
        Backend.request("sandbox.send", { user: "qml-bot-tester", text: "When is your office open?" }, test, step);
        let row = -1;
        tryVerify(() => {
            for (let r = 0; r < list.count; ++r) {
                const index = list.model.index(r, 0);
                if (list.model.data(index, ConversationListModel.PlatformRole) === "sandbox" && String(list.model.data(index, ConversationListModel.PreviewRole)).indexOf("08:00") >= 0) {
                    row = r;
                    return true;
                }
            }
            return false;
        }, 10000, "the bot's answer arrives");
        findByObjectName(window.contentItem, "conversationsPage").open(row);
        const view = findByObjectName(window.contentItem, "conversationView");
        tryVerify(() => findAll(view, "howAnsweredLink").some(l => l.visible), 10000);
        const link = findAll(view, "howAnsweredLink").filter(l => l.visible)[0];
        mouseClick(link);
        const dialog = findAll(view, "botTurnDialog")[0];
        tryVerify(() => dialog.opened, 5000);
        tryCompare(findAll(dialog, "interactionOutcome")[0], "text", "Answered from the documents", 5000);
        const passages = findAll(dialog, "interactionPassages")[0];
        tryVerify(() => passages.count === 1, 5000);
        tryVerify(() => passages.model.get(0).passage.indexOf("08:00 to 17:00") >= 0, 5000, "the passage's text is shown");
        compare(passages.model.get(0).fileName, "office_hours.md");
        verify(passages.model.get(0).cited);
        dialog.close();
        steps = 0;
        // What the next tests see is the demo as it was: the bot off, no documents.
        Backend.request("channel.configure", { key: "assistant/enabled", value: "off" }, test, step);
        Backend.request("knowledge.delete", { id: documentId }, test, step);
        tryVerify(() => steps === 2, 5000);
        compare(WarningLog.messages, [], "no QML warnings");
    }

    function test_everyControlIsNamed() {
        const component = Qt.createComponent("qrc:/qt/qml/AioChat/qml/Main.qml");
        const window = createTemporaryObject(component, test);
        window.show();
        const list = findByObjectName(window.contentItem, "conversationList");
        tryVerify(() => list.count > 0, 10000);
        findByObjectName(window.contentItem, "conversationsPage").open(0);
        tryVerify(() => findByObjectName(window.contentItem, "messageList").count > 0, 10000);
        let unnamed = [];
        for (let page = 0; page < window.pages.length; ++page) {
            window.currentPage = page; // pages show synchronously (the admin page's loader too)
            unnamed = unnamedControls(window.contentItem, unnamed);
        }
        compare(unnamed, [], "controls without an accessible name");
    }
}
