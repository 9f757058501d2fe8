<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ValueField</name>
    <message numerus="yes">
        <location filename="../../core/message/valuefield.cpp" line="262"/>
        <source>the expression has no group %1 (it has %n group(s))</source>
        <translation>
            <numerusform>the expression has no group %1 (it has %n group)</numerusform>
            <numerusform>the expression has no group %1 (it has %n groups)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sockpit::Recorder</name>
    <message numerus="yes">
        <location filename="../../core/record/recorder.cpp" line="281"/>
        <source>%n event(s) not recorded (%1 bytes): the disk could not keep up</source>
        <translation>
            <numerusform>%n event not recorded (%1 bytes): the disk could not keep up</numerusform>
            <numerusform>%n events not recorded (%1 bytes): the disk could not keep up</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sockpit::TcpListener</name>
    <message numerus="yes">
        <location filename="../../core/io/tcplistener.cpp" line="163"/>
        <source>refused: %n client(s) already connected (the maximum)</source>
        <translation>
            <numerusform>refused: %n client already connected (the maximum)</numerusform>
            <numerusform>refused: %n clients already connected (the maximum)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sockpit::WebSocketLink</name>
    <message numerus="yes">
        <location filename="../../core/io/websocketlink.cpp" line="120"/>
        <source>ping (%n byte(s)), answered with a pong</source>
        <translation>
            <numerusform>ping (%n byte), answered with a pong</numerusform>
            <numerusform>ping (%n bytes), answered with a pong</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../core/io/websocketlink.cpp" line="126"/>
        <source>pong (%n byte(s))</source>
        <translation>
            <numerusform>pong (%n byte)</numerusform>
            <numerusform>pong (%n bytes)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sockpit::ui::CodeText</name>
    <message numerus="yes">
        <location filename="../../ui/code/codeplan.cpp" line="49"/>
        <source>the limit of %n client(s) at once</source>
        <translation>
            <numerusform>the limit of %n client at once</numerusform>
            <numerusform>the limit of %n clients at once</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/code/codeplan.cpp" line="63"/>
        <source>%n auto-reply rule(s)</source>
        <translation>
            <numerusform>%n auto-reply rule</numerusform>
            <numerusform>%n auto-reply rules</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sockpit::ui::ConversationModel</name>
    <message numerus="yes">
        <location filename="../../ui/log/conversationmodel.cpp" line="274"/>
        <source>%n message(s) not shown: too many at once</source>
        <translation>
            <numerusform>%n message not shown: too many at once</numerusform>
            <numerusform>%n messages not shown: too many at once</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/log/conversationmodel.cpp" line="328"/>
        <source>… %n more byte(s)</source>
        <translation>
            <numerusform>… %n more byte</numerusform>
            <numerusform>… %n more bytes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sockpit::ui::LogModel</name>
    <message numerus="yes">
        <location filename="../../ui/log/logmodel.cpp" line="531"/>
        <source>%1 older row(s) were dropped from the view (the recording has everything)</source>
        <translation>
            <numerusform>%1 older row was dropped from the view (the recording has everything)</numerusform>
            <numerusform>%1 older rows were dropped from the view (the recording has everything)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/log/logmodel.cpp" line="532"/>
        <source>%1 older row(s) were dropped from the view (record to a file to keep everything)</source>
        <translation>
            <numerusform>%1 older row was dropped from the view (record to a file to keep everything)</numerusform>
            <numerusform>%1 older rows were dropped from the view (record to a file to keep everything)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/log/logmodel.cpp" line="538"/>
        <source>%1 event(s) arrived too fast to be displayed (the counters include them)</source>
        <translation>
            <numerusform>%1 event arrived too fast to be displayed (the counters include it)</numerusform>
            <numerusform>%1 events arrived too fast to be displayed (the counters include them)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sockpit::ui::PeerListView</name>
    <message numerus="yes">
        <location filename="../../ui/session/peerlistview.cpp" line="146"/>
        <source>Peers (%n)</source>
        <translation>
            <numerusform>Peers (%n)</numerusform>
            <numerusform>Peers (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/session/peerlistview.cpp" line="145"/>
        <source>Clients (%n)</source>
        <translation>
            <numerusform>Clients (%n)</numerusform>
            <numerusform>Clients (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sockpit::ui::SessionTab</name>
    <message numerus="yes">
        <location filename="../../ui/session/sessiontab.cpp" line="251"/>
        <source>at most %n client(s)</source>
        <translation>
            <numerusform>at most %n client</numerusform>
            <numerusform>at most %n clients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/session/sessiontab.cpp" line="256"/>
        <source>%n auto-reply rule(s)</source>
        <translation>
            <numerusform>%n auto-reply rule</numerusform>
            <numerusform>%n auto-reply rules</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/session/sessiontab.cpp" line="445"/>
        <source>%n client(s)</source>
        <translation>
            <numerusform>%n client</numerusform>
            <numerusform>%n clients</numerusform>
        </translation>
    </message>
</context>
</TS>
