import QtQuick
import QtTest
import AioChat
import AioChatTest

// The console as an operator meets it: create the first administrator, sign out and in again,
// manage the team, read and verify the audit log, reveal a customer's phone — and as a viewer,
// see the same window without administration and without reveal buttons.
TestCase {
    id: test

    property var window: null

    function findByObjectName(item, name) {
        if (!item)
            return null;
        if (item.objectName === name && (item.visible === undefined || item.visible))
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

    // From the window's root item: the pages and the popup layer (open dialogs) both.
    function find(name) {
        return findByObjectName(window.contentItem.parent, name);
    }

    function shoot(name) {
        if (screenshotDir !== "")
            grabImage(window.contentItem).save(screenshotDir + "/" + name + ".png");
    }

    function signIn(email, password) {
        tryVerify(() => find("loginPage") !== null, 5000, "the sign-in form is shown");
        find("loginEmail").text = email;
        find("loginPassword").text = password;
        mouseClick(find("loginButton"));
    }

    function request(name, params) {
        let answer = null;
        Backend.request(name, params, (result, err) => {
            answer = { result: result, error: err };
        });
        tryVerify(() => answer !== null, 10000, name + " answers");
        return answer;
    }

    name: "SignIn"
    when: windowShown
    width: 1280
    height: 800

    function initTestCase() {
        const component = Qt.createComponent("qrc:/qt/qml/AioChat/qml/Main.qml");
        compare(component.status, Component.Ready, component.errorString());
        window = component.createObject(test);
        verify(window);
        window.show();
        tryVerify(() => window.visible, 5000);
    }

    function cleanupTestCase() {
        if (window)
            window.destroy();
    }

    function test_1_firstStartCreatesTheAdministrator() {
        // (A remote console shows the form while it connects; what it asks for follows.)
        tryVerify(() => find("loginPage") !== null && Backend.client.statusKnown, 10000);
        tryVerify(() => find("loginConfirm") !== null, 5000, "setup asks to repeat the password");
        verify(find("conversationList") === null, "nothing behind the form is loaded");
        shoot("01-setup");

        find("loginEmail").text = "owner@example.com";
        find("loginPassword").text = "correct horse 42";
        find("loginConfirm").text = "correct horse 43";
        mouseClick(find("loginButton"));
        tryVerify(() => find("loginError") !== null);
        compare(find("loginError").text, "The two passwords differ.");

        find("loginPassword").text = "short";
        find("loginConfirm").text = "short";
        mouseClick(find("loginButton"));
        tryVerify(() => find("loginError") !== null && find("loginError").text.indexOf("10 characters") >= 0, 10000);

        find("loginPassword").text = "correct horse 42";
        find("loginConfirm").text = "correct horse 42";
        mouseClick(find("loginButton"));
        tryVerify(() => Backend.client.signedIn, 10000, "signed in after setup");
        compare(Backend.client.role, "admin");
        const list = find("conversationList");
        verify(list);
        tryVerify(() => list.count >= 50, 10000, "the inbox fills");
        shoot("02-inbox");
    }

    function test_1b_workingAConversation() {
        window.currentPage = 0;
        const list = find("conversationList");
        tryVerify(() => list.count > 0, 10000);
        // Straight after signing in the keyboard works the list, and its current row shows.
        tryVerify(() => list.activeFocus, 5000, "the list has the keyboard after sign-in");
        tryCompare(list, "currentIndex", 0);
        Keyboard.click(window, Qt.Key_J);
        compare(list.currentIndex, 1);
        verify(list.currentItem.current, "the current row is framed");
        // After a click on a row too.
        mouseClick(list.itemAtIndex(2));
        Keyboard.click(window, Qt.Key_J);
        compare(list.currentIndex, 3);
        verify(list.currentItem.current);
        list.currentIndex = 0;
        find("conversationsPage").open(0);
        tryVerify(() => find("handlerButton") !== null, 5000, "actions appear for an admin");
        const handler = find("handlerButton");
        const before = handler.text;
        shoot("07b-opened");
        mouseClick(handler);
        tryVerify(() => find("handlerButton").text !== before, 5000, "take over / hand back flips");

        // Resolving the first waiting conversation moves on to the next one waiting.
        const resolve = find("resolveButton");
        const resolved = find("conversationsPage").selectedConversation;
        shoot("07c-taken-over");
        mouseClick(resolve);
        tryVerify(() => request("conversation.get", { id: resolved }).result.conversation.status === "resolved", 5000, "resolved");
        tryVerify(() => find("conversationsPage").selectedConversation !== resolved, 5000, "the next waiting conversation opens");
        tryVerify(() => find("resolveButton") !== null && find("resolveButton").text === "Resolve", 5000);

        const note = find("noteInput");
        verify(note, "the customer pane offers notes");
        note.text = "Asked for the claim form";
        const notes = request("conversation.notes", { conversationId: find("conversationsPage").selectedConversation });
        const count = notes.result.notes.length;
        note.forceActiveFocus();
        const add = findByObjectName(find("customerPane"), "noteInput");
        verify(add);
        shoot("08-conversation");
        Backend.request("conversation.addNote", { conversationId: find("conversationsPage").selectedConversation, body: "Asked for the claim form" }, null);
        tryVerify(() => request("conversation.notes", { conversationId: find("conversationsPage").selectedConversation }).result.notes.length === count + 1, 5000);
    }

    function test_1c_sandboxChatReachesTheConsoleAndBack() {
        mouseClick(find("sandboxButton"));
        const sandbox = window.sandboxWindow;
        verify(sandbox, "the Sandbox window opens");
        tryVerify(() => sandbox.visible, 5000);
        const root = sandbox.contentItem.parent;
        findByObjectName(root, "sandboxInput").text = "Hello, I need help with my claim";
        mouseClick(findByObjectName(root, "sandboxSend"));
        const transcript = findByObjectName(root, "sandboxTranscript");
        tryCompare(transcript, "count", 1);
        // It becomes a conversation in the console, live.
        let conversation = null;
        tryVerify(() => {
            const r = request("conversations.list", { platform: ["sandbox"], search: "claim" });
            conversation = r.result && r.result.items.length > 0 ? r.result.items[0] : null;
            return conversation !== null;
        }, 10000, "the Sandbox message arrives as a conversation");
        compare(conversation.title, "Sandbox tester");
        // An operator's answer comes back to the customer's window.
        const sent = request("message.send", { conversationId: conversation.id, text: "Happy to help — which claim?" });
        compare(sent.error, null);
        tryCompare(transcript, "count", 2, 10000);
        if (screenshotDir !== "")
            grabImage(sandbox.contentItem).save(screenshotDir + "/09-sandbox.png");
        sandbox.close();
        tryVerify(() => window.sandboxWindow === null, 5000, "closing the Sandbox window ends it");
    }

    function rolesOf(list, role) {
        const values = [];
        for (let r = 0; r < list.model.rowCount(); ++r)
            values.push(list.model.data(list.model.index(r, 0), role));
        return values;
    }

    function test_1d_listFiltersByAssigneeAndDate() {
        window.currentPage = 0;
        const list = find("conversationList");

        // The keyboard: j / ↓ move, Enter opens, Ctrl+K goes to the search field.
        list.forceActiveFocus();
        list.currentIndex = 0;
        Keyboard.click(window, Qt.Key_J);
        Keyboard.click(window, Qt.Key_Down);
        compare(list.currentIndex, 2);
        Keyboard.click(window, Qt.Key_Return);
        compare(find("conversationsPage").selectedConversation, list.model.idAt(2));
        // Shortcuts belong to the active window.
        window.requestActivate();
        tryVerify(() => window.active, 5000);
        Keyboard.click(window, Qt.Key_K, Qt.ControlModifier);
        tryVerify(() => window.activeFocusItem && window.activeFocusItem.placeholderText !== undefined && window.activeFocusItem.placeholderText.indexOf("Ctrl+K") >= 0, 5000, "Ctrl+K focuses the search");
        tryVerify(() => list.count >= 50, 10000);

        // Assign one conversation to the operator at the window; "Assigned to me" shows just it.
        const id = list.model.idAt(3);
        compare(request("conversation.assign", { id: id, operatorId: Backend.client.operatorId }).error, null);
        const assignee = find("assigneeFilter");
        assignee.currentIndex = 1;
        tryVerify(() => list.count === 1 && list.model.idAt(0) === id, 10000, "only my conversation is listed");
        assignee.currentIndex = 2;
        tryVerify(() => list.count >= 50 && list.model.indexOfId(id) < 0, 10000, "unassigned hides it");
        verify(rolesOf(list, ConversationListModel.AssigneeIdRole).every(a => !a), "every row is unassigned");
        assignee.currentIndex = 0;

        // "Today" keeps only conversations with activity since local midnight.
        const dates = find("dateFilter");
        dates.currentIndex = 1;
        const midnight = Backend.now();
        midnight.setHours(0, 0, 0, 0);
        tryVerify(() => !list.model.loading, 10000);
        // The list shows the inbox (waiting and open conversations): count the same ones.
        const today = request("conversations.list", { from: midnight.toISOString(), status: ["needs_attention", "open"], limit: 200 }).result.items.length;
        verify(today > 0, "the fixed instant leaves activity today in this time zone");
        tryCompare(list, "count", Math.min(today, 50), 10000);
        verify(rolesOf(list, ConversationListModel.LastMessageAtRole).every(t => t >= midnight), "nothing older than today");

        // A custom range: a wrong date is explained, a range without activity empties the list.
        dates.currentIndex = 4;
        dates.activated(4);
        const dialog = find("conversationsPage").dateRangeDialog;
        verify(dialog, "the range dialog opens");
        tryVerify(() => dialog.opened, 5000);
        findByObjectName(dialog.contentItem, "rangeFrom").text = "2026-02-31";
        dialog.submit();
        verify(findByObjectName(dialog.contentItem, "rangeError").text.indexOf("YYYY-MM-DD") >= 0, "the format is explained");
        verify(dialog.opened, "the dialog stays open");
        shoot("07d-date-range");
        findByObjectName(dialog.contentItem, "rangeFrom").text = "2001-01-01";
        findByObjectName(dialog.contentItem, "rangeTo").text = "2001-01-31";
        dialog.submit();
        tryVerify(() => !dialog.visible, 5000);
        tryCompare(list, "count", 0, 10000);
        const shown = find("dateRangeLabel");
        verify(shown && shown.text.indexOf(new Date(2001, 0, 31).toLocaleDateString(Qt.locale(), Locale.ShortFormat)) >= 0, "the range is shown");
        dates.currentIndex = 0;
        tryVerify(() => list.count >= 50, 10000);
    }

    function test_1e_theCustomerPaneShowsIdentitiesAndOtherConversations() {
        window.currentPage = 0;
        const page = find("conversationsPage");
        const all = request("conversations.list", { limit: 200, status: ["open", "needs_attention", "resolved", "closed"] }).result.items;
        let byContact = {};
        let pair = null;
        for (let i = 0; i < all.length && !pair; ++i) {
            const c = all[i];
            if (!c.contactId)
                continue;
            if (byContact[c.contactId] !== undefined)
                pair = [byContact[c.contactId], c.id];
            byContact[c.contactId] = c.id;
        }
        verify(pair, "the demo has a customer with two conversations");
        page.selectedConversation = pair[0];
        const pane = find("customerPane");
        tryVerify(() => pane.identities.length > 0 && pane.otherConversations.length > 0, 10000, "identities and other conversations load");
        verify(pane.otherConversations.some(c => c.id === pair[1]), "the other conversation is listed");
        verify(pane.otherConversations.every(c => c.id !== pair[0]), "not the open one");
        // Tags on the customer, not only on this conversation.
        const tagsInput = find("customerTagsInput");
        verify(tagsInput, "agents and admins edit the customer's tags");
        tagsInput.text = "VIP, renewal";
        tagsInput.accepted();
        tryVerify(() => pane.customerTags.length === 2, 5000, "the customer's tags are saved");
        compare(request("contact.get", { id: pane.contactId }).result.tags, ["renewal", "vip"]);
        shoot("07e-customer-pane");
        // Another customer's conversation shows that customer's tags, and no leftover draft.
        find("noteInput").text = "draft for this conversation only";
        const tagged = pane.contactId;
        const elsewhere = all.filter(c => c.contactId && c.contactId !== tagged)[0];
        page.selectedConversation = elsewhere.id;
        tryVerify(() => pane.contactId === elsewhere.contactId, 10000);
        const theirs = request("contact.get", { id: elsewhere.contactId }).result.tags.join(", ");
        tryCompare(find("customerTagsInput"), "text", theirs, 5000, "the input follows the customer");
        compare(find("noteInput").text, "", "the draft stayed with its conversation");
        pane.conversationRequested(pair[1]);
        compare(page.selectedConversation, pair[1], "clicking opens it");
    }

    function test_2_administratorsManageTheTeam() {
        window.currentPage = 6;
        tryVerify(() => find("operatorList") !== null, 5000);
        const operators = find("operatorList");
        // The owner and the demo's team of three agents.
        tryCompare(operators, "count", 4, 5000);
        const created = request("operator.create", { email: "vera@example.com", role: "viewer", password: "correct horse 42" });
        compare(created.error, null);
        // The team list reloads when revisited.
        window.currentPage = 0;
        window.currentPage = 6;
        tryVerify(() => find("operatorList") !== null && find("operatorList").count === 5, 5000);
        shoot("03-team");
    }

    function test_2b_channelSecretsAreWriteOnly() {
        window.currentPage = 5;
        tryVerify(() => find("field_telegram-bot-token") !== null, 5000);
        // The public address (here the listener itself, as a tunnel would lead to it) is kept
        // and checked from outside; Telegram is not asked while it has no token.
        const listenerUrl = request("channel.status", {}).result.listener.url;
        find("publicUrlField").text = listenerUrl;
        find("publicUrlField").editingFinished();
        tryVerify(() => request("channel.status", {}).result.listener.publicUrl === listenerUrl, 5000, "the address is stored");
        find("checkReachabilityButton").clicked();
        tryVerify(() => find("channelSetupResult").text.indexOf("✓ ") === 0, 10000, "reached through the public address");
        verify(find("channelSetupResult").text.indexOf("answered through the public address") > 0, find("channelSetupResult").text);
        const token = find("field_telegram-bot-token");
        compare(token.placeholderText, "not set");
        token.text = "123456:AAE-settings-test-token";
        token.accepted();
        tryVerify(() => {
            const status = request("channel.status", {});
            const tg = status.result.channels.filter(c => c.platform === "telegram")[0];
            return tg.missing.indexOf("AIOCHAT_TELEGRAM_BOT_TOKEN") < 0;
        }, 5000, "the token is stored");
        tryVerify(() => find("field_telegram-bot-token").text === "", 5000, "and never shown back");
        tryCompare(find("field_telegram-bot-token"), "placeholderText", "stored — type to replace", 5000);
        shoot("10-settings");
        const audit = request("audit.list", { action: "channel.configure" });
        compare(audit.result.items.map(i => i.targetId).sort(), ["listener/publicUrl", "telegram-bot-token"]);

        // WhatsApp templates: a name Meta would refuse is explained; a right one is offered.
        const before = request("templates.list", {}).result.templates.length;
        find("addTemplateButton").clicked();
        tryVerify(() => find("templateRows").count === before + 1, 5000);
        const rows = find("templateRows");
        const added = rows.itemAt(rows.count - 1);
        findByObjectName(added, "templateName").text = "Renewal Notice";
        findByObjectName(added, "templateName").textEdited();
        findByObjectName(added, "templateBody").text = "Halo {{1}}, polis Anda berakhir {{2}}.";
        findByObjectName(added, "templateBody").textEdited();
        find("saveTemplatesButton").clicked();
        tryVerify(() => find("templatesError") !== null && find("templatesError").text.indexOf("lower-case") >= 0, 5000, "the name rule is explained");
        findByObjectName(added, "templateName").text = "renewal_notice";
        findByObjectName(added, "templateName").textEdited();
        find("saveTemplatesButton").clicked();
        tryVerify(() => find("templatesNotice") !== null, 5000, "saved");
        const templates = request("templates.list", {}).result.templates;
        compare(templates.length, before + 1);
        compare(templates[templates.length - 1].parameterCount, 2);

        // The listener: a wrong limit is refused with the key named; a right one applies.
        tryVerify(() => find("listener_rateLimitApi") !== null, 5000);
        find("listener_rateLimitApi").text = "lots";
        find("saveListenerButton").clicked(); // below the fold of the page
        tryVerify(() => find("listenerError") !== null && find("listenerError").text.indexOf("rateLimit/api") >= 0, 5000, "the bad limit is named");
        find("listener_rateLimitApi").text = "500/900";
        find("saveListenerButton").clicked(); // below the fold of the page
        tryVerify(() => find("listenerNotice") !== null && find("listenerNotice").text === "Saved and applied.", 5000);
        compare(request("listener.settings", {}).result.saved.rateLimitApi, "500/900");
        // Nothing saved for the port: the form shows the one in use, not a default.
        const running = request("listener.settings", {}).result.running;
        verify(find("listener_port").placeholderText.indexOf(String(running.port)) >= 0, find("listener_port").placeholderText);
        verify(find("listener_address").placeholderText.indexOf(running.address) >= 0);
        verify(find("checkBotButton") !== null && find("checkBotButton").enabled, "a stored token can be checked");
        const scroll = find("settingsScroll");
        scroll.contentY = find("listener_address").mapToItem(scroll.contentItem, 0, 0).y - 120;
        shoot("10b-listener");

        // Backups: the daily one switched on (stored), one made on demand and reported.
        tryVerify(() => find("dailyBackup") !== null && find("dailyBackup").enabled, 5000);
        verify(!find("dailyBackup").checked);
        find("dailyBackup").toggle();
        find("dailyBackup").toggled();
        tryVerify(() => request("backup.status", {}).result.enabled === true, 5000);
        find("backupNow").clicked();
        tryVerify(() => request("backup.status", {}).result.last !== undefined, 20000, "the backup was made");
        verify(request("backup.status", {}).result.last.ok, JSON.stringify(request("backup.status", {}).result.last));
        scroll.contentY = find("backupDir").mapToItem(scroll.contentItem, 0, 0).y - 160;
        shoot("10c-backups");
        scroll.contentY = 0;
        window.currentPage = 0;
    }

    function test_3_theAuditLogListsAndVerifies() {
        window.currentPage = 6;
        tryVerify(() => find("auditTab") !== null, 5000);
        mouseClick(find("auditTab"));
        tryVerify(() => find("auditList") !== null && find("auditList").count >= 3, 10000, "setup, login and the new operator are listed");
        mouseClick(find("verifyChainButton"));
        tryVerify(() => find("auditVerdict") !== null && find("auditVerdict").text.indexOf("Chain intact") === 0, 5000);
        shoot("04-audit");
    }

    function test_4_revealingAPhoneIsDeliberate() {
        window.currentPage = 1;
        const customers = find("customerList");
        tryVerify(() => customers.count > 0, 10000);
        customers.currentIndex = 0;
        mouseClick(customers.currentItem);
        tryVerify(() => find("field_phone") !== null && find("field_phone").text !== "", 5000);
        const masked = find("field_phone").text;
        verify(masked.indexOf("•") >= 0 || masked.indexOf("*") >= 0, "masked at first: " + masked);
        mouseClick(find("reveal_phone"));
        tryVerify(() => find("field_phone").text !== masked, 5000, "shown on request");
        verify(/^\+?[0-9 ()-]{8,}$/.test(find("field_phone").text), find("field_phone").text);
        shoot("05-customer");
        const reveals = request("audit.list", { action: "contact.reveal" });
        compare(reveals.result.items.length, 1);
        compare(reveals.result.items[0].operatorEmail, "owner@example.com");
        mouseClick(find("closeCustomerButton"));
        tryVerify(() => find("field_phone") === null, 5000, "the dialog closes");
    }

    function test_4b_customersAreCreatedEditedMergedAndImported() {
        window.currentPage = 1;
        const page = find("customersPage");
        tryVerify(() => find("customerList") !== null && find("customerList").count > 0, 10000);
        const list = find("customerList");

        // The keyboard reaches every customer: ↓ moves, Enter opens.
        list.forceActiveFocus();
        list.currentIndex = 0;
        Keyboard.click(window, Qt.Key_Down);
        compare(list.currentIndex, 1);
        Keyboard.click(window, Qt.Key_Return);
        tryVerify(() => page.detailsDialog.opened, 5000, "Enter opens the customer");
        compare(page.detailsDialog.contactId, list.model.data(list.model.index(1, 0), ContactListModel.IdRole));
        page.detailsDialog.close();
        tryVerify(() => !page.detailsDialog.visible, 5000);

        // A new customer: a wrong phone is explained under its field, and nothing is saved.
        mouseClick(find("newContactButton"));
        const edit = page.editDialog;
        tryVerify(() => edit.opened, 5000);
        const inDialog = name => findByObjectName(edit.contentItem.parent, name);
        inDialog("contactName").text = "Nadia Rahma";
        inDialog("contact_phone").text = "0811 2222 3333";
        mouseClick(inDialog("saveContactButton"));
        tryVerify(() => inDialog("error_phone") !== null && inDialog("error_phone").text.indexOf("country code") >= 0, 5000, "the phone error names the fix");
        shoot("11-new-customer-error");
        inDialog("contact_phone").text = "+62 811 2222 3333";
        mouseClick(inDialog("saveContactButton"));
        tryVerify(() => !edit.visible, 5000, "saved");
        tryVerify(() => page.detailsDialog.opened, 5000, "the new customer is shown");
        const found = request("contacts.list", { search: "+6281122223333" });
        compare(found.result.items.length, 1);
        const nadia = found.result.items[0];
        compare(nadia.displayName, "Nadia Rahma");

        // Editing the name leaves the phone as it was.
        page.detailsDialog.close();
        edit.edit(nadia);
        tryVerify(() => edit.opened, 5000);
        inDialog("contactName").text = "Nadia Rahma Putri";
        mouseClick(inDialog("saveContactButton"));
        tryVerify(() => !edit.visible, 5000);
        compare(request("contacts.list", { search: "+6281122223333" }).result.items[0].displayName, "Nadia Rahma Putri");

        // A second record of the same person is merged into the first.
        const twin = request("contact.create", { displayName: "N. Rahma", email: "nadia@example.com" });
        compare(twin.error, null);
        page.detailsDialog.close();
        const merge = page.mergeDialog;
        merge.show(request("contact.get", { id: nadia.id }).result.contact);
        tryVerify(() => merge.opened, 5000);
        findByObjectName(merge.contentItem.parent, "mergeSearch").text = "nadia@example.com";
        const candidates = findByObjectName(merge.contentItem.parent, "mergeCandidates");
        tryVerify(() => candidates.count === 1, 10000, "the other record is found");
        mouseClick(candidates.itemAtIndex(0));
        shoot("12-merge");
        // Merging cannot be undone: the first press asks, only the second merges.
        const confirm = findByObjectName(merge.contentItem.parent, "confirmMergeButton");
        mouseClick(confirm);
        verify(merge.confirming, "the merge asks to be confirmed");
        verify(merge.visible);
        compare(request("contacts.list", { search: "N. Rahma" }).result.items.length, 1, "nothing merged yet");
        mouseClick(confirm);
        tryVerify(() => !merge.visible, 5000, "merged");
        compare(request("contacts.list", { search: "N. Rahma" }).result.items.length, 0);
        const merged = request("contact.get", { id: nadia.id, reveal: ["email"] }).result.contact;
        compare(merged.email, "nadia@example.com");
        tryVerify(() => page.detailsDialog.opened, 5000, "the kept customer is shown after the merge");
        page.detailsDialog.close();
        tryVerify(() => !page.detailsDialog.visible, 5000);

        // CSV import: a file with a bad row imports nothing; the fixed file imports every row.
        const importer = page.importDialog;
        const file = "file://" + testDataDir + "/customers.csv";
        compare(Backend.saveTextFile(file, "Name;Phone;Email\nAgus Salim;+62 815 1000 2000;agus@example.com\nMaya;0816;maya@example\n"), "");
        importer.load(file);
        tryVerify(() => importer.plan !== null && importer.opened, 10000, "the file is checked");
        compare(importer.plan.invalid, 1);
        const importInDialog = name => findByObjectName(importer.contentItem.parent, name);
        verify(!importInDialog("importButton").enabled, "nothing can be imported while a row is wrong");
        verify(importInDialog("importSummary").text.indexOf("1 of 2 rows") >= 0, importInDialog("importSummary").text);
        shoot("13-import-errors");
        compare(Backend.saveTextFile(file, "Name;Phone;Email\nAgus Salim;+62 815 1000 2000;agus@example.com\nMaya Sari;+62 816 3000 4000;maya@example.com\n"), "");
        importer.load(file);
        tryVerify(() => importer.plan !== null && importer.plan.invalid === 0 && importer.opened, 10000);
        shoot("14-import-preview");
        mouseClick(importInDialog("importButton"));
        tryVerify(() => !importer.visible, 10000, "imported");
        tryVerify(() => request("contacts.list", { search: "Maya Sari" }).result.items.length === 1, 5000);
        window.currentPage = 0;
    }

    function test_4c_metricsChartTheStore() {
        window.currentPage = 4;
        const page = find("metricsPage");
        tryVerify(() => page.history !== null && page.snapshot !== null, 10000, "the page loads its figures");
        const expected = request("metrics.history", { range: "24h", utcOffsetMinutes: -Backend.now().getTimezoneOffset() }).result;
        compare(findByObjectName(find("statNeedsAttention"), "statValue").text, expected.conversations.needs_attention.toLocaleString(Qt.locale(), "f", 0));
        const chart = find("messagesChart");
        verify(chart.count === 1, "one bar series");
        const bars = chart.series(0);
        compare(bars.count, expected.messages.length, "one bar set per platform and direction");
        verify(bars.count > 0, "the demo data has messages today");
        // A week by local day.
        const range = find("metricsRange");
        range.currentIndex = 1;
        range.activated(1);
        tryVerify(() => page.history.range === "7d", 10000);
        compare(page.history.bucketStarts.length, 7);
        shoot("15-metrics");
        range.currentIndex = 0;
        window.currentPage = 0;
    }

    function test_4c2_darkAppearance() {
        window.currentPage = 5;
        tryVerify(() => find("appearanceBox") !== null, 5000);
        const box = find("appearanceBox");
        const dark = box.indexOfValue("dark");
        box.currentIndex = dark;
        box.activated(dark);
        tryVerify(() => Theme.dark, 5000, "the console turns dark");
        window.currentPage = 0;
        find("conversationsPage").open(0);
        tryVerify(() => find("messageList") !== null && find("messageList").count > 0, 10000);
        shoot("18-dark");
        Theme.appearance = "light";
        tryVerify(() => !Theme.dark, 5000);
    }

    function test_4d_theConsoleSpeaksIndonesian() {
        window.currentPage = 5;
        tryVerify(() => find("languageBox") !== null, 5000);
        const box = find("languageBox");
        const indonesian = box.indexOfValue("id");
        verify(indonesian > 0);
        box.currentIndex = indonesian;
        box.activated(indonesian);
        tryVerify(() => window.title.endsWith("AIO-CHAT — data demo"), 5000, "the window title is translated live");
        compare(window.pages[0].name, "Percakapan");
        // The appearance box still shows the appearance in force (light, set in the last test).
        compare(find("appearanceBox").currentValue, Theme.appearance);
        compare(find("appearanceBox").currentValue, "light");
        window.currentPage = 0;
        tryVerify(() => find("assigneeFilter") !== null && find("assigneeFilter").displayText === "Siapa saja", 5000);
        // Longer Indonesian words are shortened with "…", not cut off mid-word.
        const platforms = find("platformFilter");
        verify(platforms.displayText === "Semua platform", platforms.displayText);
        verify(platforms.contentItem.elide === Text.ElideRight);
        shoot("16-indonesian");
        window.currentPage = 4;
        tryVerify(() => find("metricsPage").history !== null, 10000);
        shoot("17-metrics-indonesian");
        Backend.setLanguage("en");
        tryVerify(() => window.title.endsWith("AIO-CHAT — demo data"), 5000);
        window.currentPage = 0;
    }

    function test_5_signOutAndWrongPasswords() {
        Backend.client.logout();
        tryVerify(() => !Backend.client.signedIn, 5000);
        tryVerify(() => find("loginPage") !== null, 5000);
        verify(find("loginConfirm") === null, "an ordinary sign-in form now");
        signIn("owner@example.com", "not the password 1");
        tryVerify(() => find("loginError") !== null && find("loginError").text === "Wrong e-mail or password", 10000);
        shoot("06-signin-error");
    }

    function test_6_viewersSeeNoAdministrationAndNoReveal() {
        find("loginPassword").text = "";
        signIn("vera@example.com", "correct horse 42");
        tryVerify(() => Backend.client.signedIn, 10000);
        compare(Backend.client.role, "viewer");
        compare(window.isAdmin, false);
        compare(window.currentPage, 0);
        window.currentPage = 1;
        const customers = find("customerList");
        tryVerify(() => customers.count > 0, 10000);
        customers.currentIndex = 0;
        mouseClick(customers.currentItem);
        tryVerify(() => find("field_phone") !== null && find("field_phone").text !== "", 5000);
        compare(find("reveal_phone"), null, "no reveal button for viewers");
        // And the backend refuses it regardless of the UI.
        const refused = request("contact.get", { id: 1, reveal: ["phone"] });
        compare(refused.error.code, "permission_denied");
        shoot("07-viewer");
        mouseClick(find("closeCustomerButton"));
        tryVerify(() => find("field_phone") === null, 5000, "the dialog closes");
        compare(WarningLog.messages, [], "no QML warnings");
    }
}
