#pragma once

#include "checksum.h"
#include "composerhistory.h"
#include "payloadencoder.h"
#include "repeatsender.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace sockpit::ui {

// The message box at the bottom of a session tab: the user writes a message, picks how it is read
// (text, hex, escapes), its encoding and line ending, and sends it once, repeatedly, or sends a file.
// It only turns input into bytes; the tab decides where they go.
class Composer final : public QWidget
{
    Q_OBJECT
public:
    explicit Composer(QWidget *parent = nullptr);
    ~Composer() override;

    // False while the session isn't running: sending and repeating are off, editing stays on.
    void setSendEnabled(bool enabled);
    bool isSendEnabled() const { return m_sendEnabled; }

    InputMode inputMode() const;
    void setInputMode(InputMode mode);
    QString encoding() const;
    void setEncoding(const QString &name); // an available encoding not in the list is added to it
    LineEnding lineEnding() const;
    void setLineEnding(LineEnding ending);
    QString text() const;
    void setText(const QString &text);
    // The check value appended to every message sent (after the line ending), and its byte order.
    ChecksumSpec checksum() const;
    void setChecksum(const ChecksumSpec &spec);

    // For saving and restoring settings: most recent last, capped, no consecutive duplicates; each
    // entry keeps its input mode (see ComposerHistory::toStringList()).
    QStringList history() const { return m_history.toStringList(); }
    void setHistory(const QStringList &history) { m_history.setStringList(history); }

    int repeatInterval() const { return m_repeater->interval(); } // ms
    void setRepeatInterval(int ms) { m_repeater->setInterval(ms); }
    int repeatTimes() const { return m_repeater->times(); } // 0: until stopped
    void setRepeatTimes(int times) { m_repeater->setTimes(times); }
    bool isRepeating() const { return m_repeater->isRunning(); }

    QString errorText() const; // the inline error shown now, "" if none

    // Chat: Enter sends and Shift+Enter starts a new line, and a message in a text mode always ends
    // its line (LF when no line ending is chosen), since a chat room or a conversation is said line by
    // line. Otherwise Enter starts a new line and Ctrl+Enter sends, as the message is often several.
    void setChatMode(bool chat);
    bool isChatMode() const { return m_chatMode; }
    // Messages are framed by the transport (WebSocket): chat mode then adds no line end of its own.
    void setMessagesFramed(bool framed) { m_messagesFramed = framed; }

public slots:
    // Encodes the input; on error shows it inline, selects the offending character and emits nothing.
    void send();
    void startRepeat();
    void stopRepeat() { m_repeater->stop(); }
    // Asks for a file (QFileDialog) and then requestSendFile().
    void chooseFileToSend();
    // Emits sendFileRequested(path) when sending is enabled.
    void requestSendFile(const QString &path);

signals:
    void sendRequested(const QByteArray &bytes); // one message, already encoded
    void sendFileRequested(const QString &path);
    void repeatStateChanged(bool repeating);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void updateErrorColour();
    void updateControls();
    void validateLive();
    void showError(const EncodeResult &result, bool selectInEditor);
    void clearError();
    void recall(bool older);
    void onRepeatTick();
    EncodeResult encodeCurrent() const;
    // The encoded message when sending is on and the input is valid (then it joins the history);
    // otherwise nothing, with the error shown.
    std::optional<QByteArray> takeMessage();

    QPlainTextEdit *m_editor;
    QComboBox *m_modeBox;
    QComboBox *m_encodingBox;
    QComboBox *m_lineEndingBox;
    QComboBox *m_checksumBox;
    QComboBox *m_byteOrderBox;
    QPushButton *m_sendButton;
    QPushButton *m_fileButton;
    QLabel *m_errorLabel;
    RepeatSender *m_repeater;
    ComposerHistory m_history;
    QString m_lastFileDir;
    bool m_sendEnabled = true;
    bool m_liveInvalid = false; // the hex typed so far cannot be sent
    bool m_recalling = false; // the editor's text is being replaced from the history
    bool m_chatMode = false;
    bool m_messagesFramed = false;
};

} // namespace sockpit::ui
