<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AuditView</name>
    <message numerus="yes">
        <source>Chain intact: %n entries check out.</source>
        <translation>
            <numerusform>Chain intact: %n entry checks out.</numerusform>
            <numerusform>Chain intact: %n entries check out.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AutomationsPage</name>
    <message numerus="yes">
        <source>Now it would reach %n customer(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%n without a chat)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConversationDelegate</name>
    <message numerus="yes">
        <source>Waiting %n min</source>
        <translation>
            <numerusform>Waiting %n min</numerusform>
            <numerusform>Waiting %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Waiting %n h</source>
        <translation>
            <numerusform>Waiting %n h</numerusform>
            <numerusform>Waiting %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Waiting %n day(s)</source>
        <translation>
            <numerusform>Waiting %n day</numerusform>
            <numerusform>Waiting %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConversationSidePane</name>
    <message numerus="yes">
        <source>Not verified · %n failed attempt(s)</source>
        <translation>
            <numerusform>Not verified · %n failed attempt</numerusform>
            <numerusform>Not verified · %n failed attempts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CountBadge</name>
    <message numerus="yes">
        <source>%n unread</source>
        <translation>
            <numerusform>%n unread</numerusform>
            <numerusform>%n unread</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message numerus="yes">
        <source>%n customer(s) imported.</source>
        <translation>
            <numerusform>%n customer imported.</numerusform>
            <numerusform>%n customers imported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) exported. The file holds personal data: keep it safe.</source>
        <translation>
            <numerusform>%n customer exported. The file holds personal data: keep it safe.</numerusform>
            <numerusform>%n customers exported. The file holds personal data: keep it safe.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DesktopIntegration</name>
    <message numerus="yes">
        <source>AIO-CHAT — %n conversation(s) need attention</source>
        <translation>
            <numerusform>AIO-CHAT — %n conversation needs attention</numerusform>
            <numerusform>AIO-CHAT — %n conversations need attention</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportContactsDialog</name>
    <message numerus="yes">
        <source>Import %n customer(s)</source>
        <translation>
            <numerusform>Import %n customer</numerusform>
            <numerusform>Import %n customers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Preview (first %n row(s) as they will be saved)</source>
        <translation>
            <numerusform>Preview (the row as it will be saved)</numerusform>
            <numerusform>Preview (first %n rows as they will be saved)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KnowledgePage</name>
    <message numerus="yes">
        <source>Ready: %n passage(s)</source>
        <translation>
            <numerusform>Ready: %n passage</numerusform>
            <numerusform>Ready: %n passages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Vectors for %n passage(s) with %1.</source>
        <translation>
            <numerusform>Vectors for %n passage with %1.</numerusform>
            <numerusform>Vectors for %n passages with %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n page</numerusform>
            <numerusform>%n pages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n passage(s)</source>
        <translation>
            <numerusform>%n passage</numerusform>
            <numerusform>%n passages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n passage(s)</source>
        <translation>
            <numerusform>%1: %n passage</numerusform>
            <numerusform>%1: %n passages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n word(s)</source>
        <translation>
            <numerusform>%n word</numerusform>
            <numerusform>%n words</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message numerus="yes">
        <source>%n row(s) have errors; nothing was imported.</source>
        <translation>
            <numerusform>%n row has errors; nothing was imported.</numerusform>
            <numerusform>%n rows have errors; nothing was imported.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TeamView</name>
    <message numerus="yes">
        <source>%n operator(s)</source>
        <translation>
            <numerusform>%n operator</numerusform>
            <numerusform>%n operators</numerusform>
        </translation>
    </message>
</context>
</TS>
