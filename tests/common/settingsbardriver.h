#pragma once

// Drives a SessionSettingsBar through its real widgets, found by their object names, for the bar's tests.

#include "sessionsettingsbar.h"

#include <QComboBox>
#include <QLineEdit>
#include <QTest>

class SettingsBarDriver
{
public:
    explicit SettingsBarDriver(sockpit::ui::SessionSettingsBar *bar)
        : m_bar(bar)
    { }

    template<typename T> T *child(const char *name) const
    {
        T *found = m_bar->findChild<T *>(QString::fromLatin1(name));
        if (!found)
            qFatal("no child %s", name);
        return found;
    }
    QLineEdit *edit(const char *name) const
    {
        if (qstrcmp(name, "localAddress") == 0)
            return child<QComboBox>(name)->lineEdit();
        return child<QLineEdit>(name);
    }
    void selectMode(sockpit::SessionMode mode) const
    {
        QComboBox *box = child<QComboBox>("mode");
        box->setCurrentIndex(box->findData(int(mode)));
        QCOMPARE(m_bar->config().mode, mode);
    }
    static void retype(QLineEdit *edit, const QString &text)
    {
        edit->setFocus();
        QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(edit, Qt::Key_Backspace);
        QTest::keyClicks(edit, text);
        QCOMPARE(edit->text(), text);
    }
    // A valid starting point for each mode, so a test changes one field at a time.
    void fillValid(sockpit::SessionMode mode) const
    {
        selectMode(mode);
        if (mode == sockpit::SessionMode::UnixClient) {
            retype(edit("remotePath"), QStringLiteral("/tmp/sockpit-test.sock"));
            return;
        }
        if (mode == sockpit::SessionMode::UnixServer || mode == sockpit::SessionMode::UnixDatagram) {
            retype(edit("localPath"), QStringLiteral("/tmp/sockpit-test.sock"));
            return;
        }
        if (mode == sockpit::SessionMode::TcpClient) {
            retype(edit("remoteHost"), QStringLiteral("127.0.0.1"));
            retype(edit("remotePort"), QStringLiteral("9000"));
        } else {
            retype(edit("localPort"), QStringLiteral("9000"));
        }
        if (sockpit::isRelayMode(mode)) {
            retype(edit("remoteHost"), QStringLiteral("127.0.0.1"));
            retype(edit("remotePort"), QStringLiteral("9100"));
        }
    }

private:
    sockpit::ui::SessionSettingsBar *m_bar;
};
