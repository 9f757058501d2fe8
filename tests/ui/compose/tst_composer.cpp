// The composer driven as a user would: keys typed into the editor, buttons and boxes clicked.
#include "composer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QInputMethodEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include <memory>

using sockpit::InputMode;
using sockpit::LineEnding;
using sockpit::ui::Composer;

namespace {

template<typename T> T *child(const Composer &composer, const char *name)
{
    T *widget = composer.findChild<T *>(QLatin1String(name));
    if (!widget)
        qFatal("no child %s", name);
    return widget;
}

void selectData(QComboBox *box, const QVariant &data)
{
    const int index = box->findData(data);
    QVERIFY2(index >= 0, qPrintable(data.toString()));
    box->setCurrentIndex(index);
}

// Replaces a spin box's number the way a user does.
void typeInto(QSpinBox *box, int value)
{
    box->selectAll();
    QTest::keyClicks(box, QString::number(value));
    QCOMPARE(box->value(), value);
}

// Keys for ASCII, an input method's commit for the rest: that is how Chinese arrives from an IME,
// and QTest::keyClicks() only knows Latin-1 keys.
void typeText(QPlainTextEdit *edit, const QString &text)
{
    for (const QChar ch : text) {
        if (ch.unicode() < 0x80) {
            QTest::keyClicks(edit, QString(ch));
        } else {
            QInputMethodEvent commit;
            commit.setCommitString(QString(ch));
            QCoreApplication::sendEvent(edit, &commit);
        }
    }
}

// The one message sent, or a marker that fails any comparison when there were none or several.
QByteArray onlyMessage(const QSignalSpy &spy)
{
    return spy.count() == 1 ? spy.at(0).at(0).toByteArray()
                            : "<" + QByteArray::number(spy.count()) + " messages>";
}

void ctrlKey(QWidget *widget, Qt::Key key)
{
    QTest::keyClick(widget, key, Qt::ControlModifier);
}

} // namespace

class TestComposer : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_c = std::make_unique<Composer>();
        m_c->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_c.get()));
        m_editor = child<QPlainTextEdit>(*m_c, "composerEditor");
        m_mode = child<QComboBox>(*m_c, "composerMode");
        m_encoding = child<QComboBox>(*m_c, "composerEncoding");
        m_ending = child<QComboBox>(*m_c, "composerLineEnding");
        m_send = child<QPushButton>(*m_c, "composerSend");
        m_repeat = child<QCheckBox>(*m_c, "composerRepeat");
        m_error = child<QLabel>(*m_c, "composerError");
        m_sent = std::make_unique<QSignalSpy>(m_c.get(), &Composer::sendRequested);
        m_state = std::make_unique<QSignalSpy>(m_c.get(), &Composer::repeatStateChanged);
    }
    void cleanup() { m_c.reset(); }

    void sendsBytes_data()
    {
        QTest::addColumn<InputMode>("mode");
        QTest::addColumn<QString>("encoding");
        QTest::addColumn<LineEnding>("ending");
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QByteArray>("hex");
        const QString gb = QStringLiteral("GB18030");
        const QString utf8 = QStringLiteral("UTF-8");
        const QString chinese = QStringLiteral("你好");
        const InputMode text = InputMode::Text;
        // The line ending belongs to text modes: hex spells out every byte, so CR LF is not added.
        const auto hexRow = [&](const char *name, const char *typed, const char *hex) {
            QTest::newRow(name) << InputMode::Hex << utf8 << LineEnding::CRLF << QString::fromLatin1(typed)
                                << QByteArray(hex);
        };
        hexRow("hex spaced", "48 65 6c", "48656c");
        hexRow("hex 0x and commas", "0x48,0x65", "4865");
        hexRow("hex run together", "48656c6c6f", "48656c6c6f");
        QTest::newRow("GB18030") << text << gb << LineEnding::None << chinese << QByteArray("c4e3bac3");
        QTest::newRow("GB18030 CR LF")
            << text << gb << LineEnding::CRLF << chinese << QByteArray("c4e3bac30d0a");
        QTest::newRow("UTF-8") << text << utf8 << LineEnding::None << chinese << QByteArray("e4bda0e5a5bd");
        QTest::newRow("text CR LF") << text << utf8 << LineEnding::CRLF << QStringLiteral("hi")
                                    << QByteArray("68690d0a");
        QTest::newRow("text LF") << text << utf8 << LineEnding::LF << QStringLiteral("hi")
                                 << QByteArray("68690a");
        const InputMode esc = InputMode::Escaped;
        QTest::newRow("escapes CR LF")
            << esc << utf8 << LineEnding::None << QStringLiteral("a\\r\\n") << QByteArray("610d0a");
        QTest::newRow("escaped raw bytes")
            << esc << gb << LineEnding::None << QStringLiteral("\\x00\\xff") << QByteArray("00ff");
        QTest::newRow("escapes and LF")
            << esc << utf8 << LineEnding::LF << QStringLiteral("\\t\\\\") << QByteArray("095c0a");
    }
    void sendsBytes()
    {
        QFETCH(InputMode, mode);
        QFETCH(QString, encoding);
        QFETCH(LineEnding, ending);
        QFETCH(QString, typed);
        QFETCH(QByteArray, hex);
        selectData(m_mode, int(mode));
        selectData(m_encoding, encoding);
        selectData(m_ending, int(ending));
        QCOMPARE(m_c->encoding(), encoding);
        QCOMPARE(m_ending->isEnabled(), mode != InputMode::Hex);
        typeText(m_editor, typed);
        QCOMPARE(m_c->errorText(), QString());
        QTest::mouseClick(m_send, Qt::LeftButton);
        QCOMPARE(onlyMessage(*m_sent).toHex(), hex);
    }

    void badInputShowsErrorAndSendsNothing_data()
    {
        QTest::addColumn<InputMode>("mode");
        QTest::addColumn<QString>("typed");
        QTest::addColumn<int>("position"); // 0-based, as selected in the editor
        QTest::addColumn<bool>("shownWhileTyping"); // only hex is checked live
        QTest::newRow("bad hex digit") << InputMode::Hex << QStringLiteral("48 6g") << 4 << true;
        QTest::newRow("bad first character") << InputMode::Hex << QStringLiteral("z1") << 0 << true;
        QTest::newRow("odd group, then more") << InputMode::Hex << QStringLiteral("486 65") << 0 << true;
        // A half-typed last byte is not flagged while typing, but sending names it.
        QTest::newRow("odd last group") << InputMode::Hex << QStringLiteral("48 656") << 3 << false;
        QTest::newRow("unknown escape") << InputMode::Escaped << QStringLiteral("ab\\q") << 2 << false;
    }
    void badInputShowsErrorAndSendsNothing()
    {
        QFETCH(InputMode, mode);
        QFETCH(QString, typed);
        QFETCH(int, position);
        QFETCH(bool, shownWhileTyping);
        m_c->setInputMode(mode);
        typeText(m_editor, typed);
        QCOMPARE(!m_c->errorText().isEmpty(), shownWhileTyping);
        QCOMPARE(m_send->isEnabled(), !shownWhileTyping);

        ctrlKey(m_editor, Qt::Key_Return);
        QCOMPARE(m_sent->count(), 0);
        const QString named = QStringLiteral("position %1").arg(position + 1);
        QVERIFY2(m_c->errorText().contains(named), qPrintable(m_c->errorText()));
        QVERIFY(m_error->isVisible());
        QCOMPARE(m_editor->textCursor().selectionStart(), position);
        QCOMPARE(m_editor->textCursor().selectedText().size(), 1);
        if (!shownWhileTyping) { // then taking the last character away makes it valid
            QTest::keyClick(m_editor, Qt::Key_End);
            QTest::keyClick(m_editor, Qt::Key_Backspace);
            QCOMPARE(m_c->errorText(), QString());
            QVERIFY(!m_error->isVisible());
        }
    }

    void checksumAppended()
    {
        auto *checksum = child<QComboBox>(*m_c, "composerChecksum");
        auto *order = child<QComboBox>(*m_c, "composerByteOrder");
        QCOMPARE(checksum->currentData().toInt(), int(sockpit::ChecksumKind::None));
        QVERIFY(!order->isEnabled());
        selectData(m_mode, int(InputMode::Hex));
        typeText(m_editor, QStringLiteral("01 03 00 00 00 0a"));
        // The first choice after "none" is CRC-16/MODBUS, which starts low byte first.
        QTest::keyClick(checksum, Qt::Key_Down);
        QCOMPARE(checksum->currentData().toInt(), int(sockpit::ChecksumKind::Crc16Modbus));
        QVERIFY(order->isEnabled());
        QCOMPARE(order->currentData().toInt(), int(sockpit::ByteOrder::LittleEndian));
        QTest::mouseClick(m_send, Qt::LeftButton);
        QCOMPARE(onlyMessage(*m_sent).toHex(), QByteArray("01030000000ac5cd"));

        m_sent->clear();
        selectData(order, int(sockpit::ByteOrder::BigEndian));
        QTest::mouseClick(m_send, Qt::LeftButton);
        QCOMPARE(onlyMessage(*m_sent).toHex(), QByteArray("01030000000acdc5"));

        // Text with a line ending: the check value covers the line ending and comes after it.
        m_sent->clear();
        selectData(m_mode, int(InputMode::Text));
        selectData(m_ending, int(LineEnding::None));
        m_c->setText(QStringLiteral("123456789"));
        selectData(checksum, int(sockpit::ChecksumKind::Crc32));
        QTest::mouseClick(m_send, Qt::LeftButton);
        QCOMPARE(onlyMessage(*m_sent), QByteArray("123456789") + QByteArray::fromHex("cbf43926"));

        m_sent->clear();
        selectData(checksum, int(sockpit::ChecksumKind::Xor8));
        QVERIFY(!order->isEnabled());
        QTest::mouseClick(m_send, Qt::LeftButton);
        QCOMPARE(onlyMessage(*m_sent), QByteArray("123456789\x31"));
        m_c->setChecksum({sockpit::ChecksumKind::Crc16Kermit, sockpit::ByteOrder::LittleEndian});
        QCOMPARE(m_c->checksum(),
            (sockpit::ChecksumSpec {sockpit::ChecksumKind::Crc16Kermit, sockpit::ByteOrder::LittleEndian}));
    }

    void ctrlEnterSends()
    {
        typeText(m_editor, QStringLiteral("ping"));
        QTest::keyClick(m_editor, Qt::Key_Return); // a plain Return is a new line
        QCOMPARE(m_sent->count(), 0);
        ctrlKey(m_editor, Qt::Key_Return);
        QTest::keyClick(m_editor, Qt::Key_Enter, Qt::ControlModifier | Qt::KeypadModifier);
        QCOMPARE(m_sent->count(), 2);
        for (const QList<QVariant> &args : *m_sent)
            QCOMPARE(args.at(0).toByteArray(), QByteArray("ping\n"));
        QCOMPARE(m_c->text(), QStringLiteral("ping\n")); // kept for sending again
    }

    void chatEnterSendsShiftEnterBreaksTheLine()
    {
        m_c->setChatMode(true);
        QVERIFY(m_c->isChatMode());
        typeText(m_editor, QStringLiteral("hello"));
        QTest::keyClick(m_editor, Qt::Key_Return, Qt::ShiftModifier); // a new line, not sent
        QCOMPARE(m_sent->count(), 0);
        typeText(m_editor, QStringLiteral("there"));
        QCOMPARE(m_c->text(), QStringLiteral("hello\nthere"));
        QTest::keyClick(m_editor, Qt::Key_Return);
        // The line ending is None: a chat still ends the line it says.
        QCOMPARE(onlyMessage(*m_sent), QByteArray("hello\nthere\n"));
        QCOMPARE(m_c->text(), QString()); // ready for the next line
        typeText(m_editor, QStringLiteral("again"));
        QTest::keyClick(m_editor, Qt::Key_Enter, Qt::KeypadModifier);
        ctrlKey(m_editor, Qt::Key_Up);
        QCOMPARE(m_c->text(), QStringLiteral("again")); // the history has it
        ctrlKey(m_editor, Qt::Key_Return); // Ctrl+Enter still sends too
        QCOMPARE(m_sent->count(), 3);
        QCOMPARE(m_sent->at(1).at(0).toByteArray(), QByteArray("again\n"));
        QCOMPARE(m_sent->at(2).at(0).toByteArray(), QByteArray("again\n"));

        // A chosen line ending stays; hex spells out every byte, so nothing is added.
        selectData(m_ending, int(LineEnding::CRLF));
        typeText(m_editor, QStringLiteral("crlf"));
        QTest::keyClick(m_editor, Qt::Key_Return);
        QCOMPARE(m_sent->last().at(0).toByteArray(), QByteArray("crlf\r\n"));
        selectData(m_mode, int(InputMode::Hex));
        typeText(m_editor, QStringLiteral("41 42"));
        QTest::keyClick(m_editor, Qt::Key_Return);
        QCOMPARE(m_sent->last().at(0).toByteArray(), QByteArray("AB"));

        // Back out of chat: Enter is a new line again, and nothing is added.
        m_c->setChatMode(false);
        selectData(m_mode, int(InputMode::Text));
        selectData(m_ending, int(LineEnding::None));
        m_c->setText(QStringLiteral("x"));
        QTest::keyClick(m_editor, Qt::Key_End);
        QTest::keyClick(m_editor, Qt::Key_Return);
        QCOMPARE(m_sent->count(), 5);
        QCOMPARE(m_c->text(), QStringLiteral("x\n"));
        m_c->setText(QStringLiteral("x"));
        ctrlKey(m_editor, Qt::Key_Return);
        QCOMPARE(m_sent->last().at(0).toByteArray(), QByteArray("x"));
    }

    void historyRecall()
    {
        typeText(m_editor, QStringLiteral("one"));
        ctrlKey(m_editor, Qt::Key_Return);
        ctrlKey(m_editor, Qt::Key_A); // typing replaces the selection
        typeText(m_editor, QStringLiteral("two"));
        ctrlKey(m_editor, Qt::Key_Return);
        QCOMPARE(m_sent->count(), 2);

        ctrlKey(m_editor, Qt::Key_Up);
        QCOMPARE(m_c->text(), QStringLiteral("one"));
        ctrlKey(m_editor, Qt::Key_Up); // the oldest: stays
        QCOMPARE(m_c->text(), QStringLiteral("one"));
        ctrlKey(m_editor, Qt::Key_Down);
        QCOMPARE(m_c->text(), QStringLiteral("two"));
        QCOMPARE(m_c->history(), QStringList({QStringLiteral("text:one"), QStringLiteral("text:two")}));

        // The mode comes back with the text, and the unsent draft is kept at the end of the walk.
        m_c->setInputMode(InputMode::Hex);
        m_c->setText(QStringLiteral("41 42"));
        m_c->send();
        m_c->setInputMode(InputMode::Text);
        m_c->setText(QStringLiteral("draft"));
        ctrlKey(m_editor, Qt::Key_Up);
        QCOMPARE(m_c->inputMode(), InputMode::Hex);
        QCOMPARE(m_c->text(), QStringLiteral("41 42"));
        ctrlKey(m_editor, Qt::Key_Down);
        QCOMPARE(m_c->inputMode(), InputMode::Text);
        QCOMPARE(m_c->text(), QStringLiteral("draft"));
    }

    void historyForSettings()
    {
        m_c->setHistory(QStringLiteral("text:a|hex:41|hex:41|escapes:x\\n|plain").split(QLatin1Char('|')));
        QCOMPARE(
            m_c->history(), QStringLiteral("text:a|hex:41|escapes:x\\n|text:plain").split(QLatin1Char('|')));
        QStringList many;
        for (int i = 0; i < 150; ++i)
            many.append(QStringLiteral("text:%1").arg(i));
        m_c->setHistory(many);
        QCOMPARE(m_c->history(), many.mid(50));
        m_c->setText(QStringLiteral("149"));
        m_c->send();
        m_c->send(); // sent twice, recorded once
        QCOMPARE(m_c->history(), many.mid(50));
    }

    void sendDisabled()
    {
        QSignalSpy files(m_c.get(), &Composer::sendFileRequested);
        m_c->setSendEnabled(false);
        typeText(m_editor, QStringLiteral("hi"));
        QCOMPARE(m_c->text(), QStringLiteral("hi")); // editing still works
        ctrlKey(m_editor, Qt::Key_Return);
        QVERIFY(!m_send->isEnabled());
        QVERIFY(!child<QPushButton>(*m_c, "composerSendFile")->isEnabled());
        QVERIFY(!m_repeat->isEnabled());
        QTest::mouseClick(m_send, Qt::LeftButton);
        m_c->startRepeat();
        m_c->requestSendFile(QStringLiteral("/tmp/x"));
        QCOMPARE(m_sent->count() + files.count() + m_state->count(), 0);

        m_c->setSendEnabled(true);
        ctrlKey(m_editor, Qt::Key_Return);
        m_c->requestSendFile(QStringLiteral("/tmp/x"));
        QCOMPARE(m_sent->count(), 1);
        QCOMPARE(files.value(0).value(0).toString(), QStringLiteral("/tmp/x"));
    }

    void repeatSendsExactly()
    {
        typeText(m_editor, QStringLiteral("tick"));
        typeInto(child<QSpinBox>(*m_c, "composerRepeatInterval"), 5);
        typeInto(child<QSpinBox>(*m_c, "composerRepeatTimes"), 7);
        QTest::mouseClick(m_repeat, Qt::LeftButton);
        QCOMPARE(m_sent->count(), 1); // the first goes at once
        QTRY_COMPARE_WITH_TIMEOUT(m_state->count(), 2, 10000);
        QCOMPARE(m_state->at(0).at(0).toBool(), true);
        QCOMPARE(m_state->at(1).at(0).toBool(), false);
        QCOMPARE(m_sent->count(), 7);
        for (const QList<QVariant> &args : *m_sent)
            QCOMPARE(args.at(0).toByteArray(), QByteArray("tick"));
        QVERIFY(!m_repeat->isChecked());
        QCOMPARE(child<QLabel>(*m_c, "composerRepeatStatus")->text(), QStringLiteral("7 of 7 sent"));
    }

    void repeatStopsEarly_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("stopRepeat()") << QStringLiteral("slot");
        QTest::newRow("checkbox") << QStringLiteral("checkbox");
        QTest::newRow("session stopped") << QStringLiteral("disable");
    }
    void repeatStopsEarly()
    {
        QFETCH(QString, how);
        m_c->setText(QStringLiteral("x"));
        m_c->setRepeatInterval(5);
        m_c->setRepeatTimes(0); // until stopped
        m_c->startRepeat();
        QVERIFY(m_c->isRepeating());
        QVERIFY(m_repeat->isChecked());
        QTRY_VERIFY(m_sent->count() >= 3);
        if (how == QLatin1String("slot"))
            m_c->stopRepeat();
        else if (how == QLatin1String("checkbox"))
            QTest::mouseClick(m_repeat, Qt::LeftButton);
        else
            m_c->setSendEnabled(false);
        QVERIFY(!m_c->isRepeating());
        QVERIFY(!m_repeat->isChecked());
        QCOMPARE(m_state->count(), 2);
        const int count = int(m_sent->count());
        QVERIFY(!m_sent->wait(50)); // the timer is really stopped
        QCOMPARE(m_sent->count(), count);
    }

    void repeatNeedsValidText()
    {
        m_c->setInputMode(InputMode::Hex);
        typeText(m_editor, QStringLiteral("4"));
        m_c->setRepeatInterval(5);
        QTest::mouseClick(m_repeat, Qt::LeftButton); // a half byte: never starts
        QVERIFY(!m_c->isRepeating());
        QVERIFY(!m_repeat->isChecked());
        QVERIFY(!m_c->errorText().isEmpty());
        QCOMPARE(m_sent->count() + m_state->count(), 0);

        QTest::keyClick(m_editor, Qt::Key_End); // the error selected the "4"
        typeText(m_editor, QStringLiteral("1"));
        QTest::mouseClick(m_repeat, Qt::LeftButton);
        QVERIFY(m_c->isRepeating());
        QTRY_VERIFY(m_sent->count() >= 2);
        typeText(m_editor, QStringLiteral(" zz"));
        QTRY_VERIFY(!m_c->isRepeating());
        QCOMPARE(m_state->count(), 2);
        QVERIFY(m_c->errorText().contains(QStringLiteral("position 4")));
        for (const QList<QVariant> &args : *m_sent)
            QCOMPARE(args.at(0).toByteArray(), QByteArray("A"));
    }

    void retranslationKeepsSelections()
    {
        selectData(m_mode, int(InputMode::Escaped));
        selectData(m_encoding, QStringLiteral("GB18030"));
        selectData(m_ending, int(LineEnding::CRLF));
        m_c->setRepeatTimes(3);
        const QString modeText = m_mode->currentText();

        QEvent change(QEvent::LanguageChange);
        QCoreApplication::sendEvent(m_c.get(), &change);

        QCOMPARE(m_c->inputMode(), InputMode::Escaped);
        QCOMPARE(m_c->encoding(), QStringLiteral("GB18030"));
        QCOMPARE(m_c->lineEnding(), LineEnding::CRLF);
        QCOMPARE(m_c->repeatTimes(), 3);
        QCOMPARE(m_mode->currentText(), modeText);
        QVERIFY(m_encoding->currentText().startsWith(QStringLiteral("GB18030")));
    }

    void errorIsPlainTextInAPaletteColour()
    {
        QCOMPARE(m_error->textFormat(), Qt::PlainText);
        m_c->setInputMode(InputMode::Hex);
        typeText(m_editor, QStringLiteral("zz"));
        QVERIFY(m_error->isVisible());
        for (const bool dark : {true, false}) {
            QPalette palette = m_c->palette();
            palette.setColor(QPalette::Window, dark ? Qt::black : Qt::white);
            palette.setColor(QPalette::WindowText, dark ? Qt::white : Qt::black);
            m_c->setPalette(palette);
            const QColor error = m_error->palette().color(QPalette::WindowText);
            QCOMPARE(error.lightness() > 128, dark); // readable on either
            QVERIFY(error != palette.color(QPalette::WindowText));
        }
    }

private:
    std::unique_ptr<Composer> m_c;
    QPlainTextEdit *m_editor = nullptr;
    QComboBox *m_mode = nullptr;
    QComboBox *m_encoding = nullptr;
    QComboBox *m_ending = nullptr;
    QPushButton *m_send = nullptr;
    QCheckBox *m_repeat = nullptr;
    QLabel *m_error = nullptr;
    std::unique_ptr<QSignalSpy> m_sent; // sendRequested
    std::unique_ptr<QSignalSpy> m_state; // repeatStateChanged
};

QTEST_MAIN(TestComposer)
#include "tst_composer.moc"
