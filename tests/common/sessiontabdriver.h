#pragma once

// Driving a session tab as a user does, for the session tab's widget tests
// (tests/ui/session/tst_sessiontab*.cpp): a click on Start, a message typed and sent, and the rows of
// its log counted.

#include "composer.h"
#include "logmodel.h"
#include "sessionsettingsbar.h"
#include "sessiontab.h"

#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

namespace sockpit::test {

using ui::LogModel;
using ui::SessionTab;

// Rows of a log holding a data event of direction `dir` whose payload column shows `text`.
inline int countRows(LogModel *model, Direction dir, const QString &text)
{
    int found = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex payload = model->index(row, LogModel::PayloadColumn);
        if (model->index(row, 0).data(LogModel::DirectionRole).toInt() == int(dir)
            && payload.data().toString().contains(text))
            ++found;
    }
    return found;
}

inline void typeAndSend(SessionTab *tab, const QString &text)
{
    auto *editor = tab->composer()->findChild<QPlainTextEdit *>(QStringLiteral("composerEditor"));
    QVERIFY(editor);
    editor->clear();
    QTest::keyClicks(editor, text);
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
}

inline SessionConfig serverConfig()
{
    SessionConfig config;
    config.mode = SessionMode::TcpServer;
    config.bindAddress = QHostAddress::LocalHost;
    config.bindAddressSet = true;
    config.bindPort = 0;
    return config;
}

// Starts the tab's session by clicking its start button, as a user would.
inline bool clickStart(SessionTab *tab, int timeoutMs = 10000)
{
    QSignalSpy started(tab->session(), &Session::started);
    if (!tab->settingsBar()->startButton()->isEnabled())
        return false;
    QTest::mouseClick(tab->settingsBar()->startButton(), Qt::LeftButton);
    return started.count() > 0 || started.wait(timeoutMs);
}

} // namespace sockpit::test
