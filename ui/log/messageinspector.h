#pragma once

#include "bytemarks.h"
#include "checksumspec.h"
#include "event.h"
#include "framing.h"
#include "messagecopy.h"

#include <QPointer>
#include <QStringDecoder>
#include <QWidget>
#include <functional>

class QLabel;
class QMenu;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QToolButton;

namespace sockpit::ui {

class HexDumpView;
class LogModel;
class LogView;

// The pane under the log that shows the selected row's message whole: a hex dump and the decoded
// text, its frame header and delimiter marked, and ways to copy it. It holds the message it shows (a
// shared QByteArray), so the log may let the row go meanwhile.
class MessageInspector final : public QWidget
{
    Q_OBJECT
public:
    // Bytes decoded into the text tab at a time: laying out text costs per character, so a long
    // message shows its beginning and offers the rest a part at a time.
    static constexpr qsizetype TextChunkBytes = 128 * 1024;

    explicit MessageInspector(QWidget *parent = nullptr);

    // Follows the view's current row (its table), its encoding, and clears with it.
    void attach(LogView *view);
    // Shows the model's row: its whole payload if the log still has it.
    void inspectRow(const LogModel *model, int row);
    // Shows `event` (its payload as whole as known; event.len is the whole length) under `summary`.
    void inspect(const Event &event, const QString &summary);
    void clearMessage();

    // How the session splits what it receives: received messages get their header or delimiter marked.
    void setReceiveFraming(const Framing &framing);
    // The session's check of received messages: a checked message has its check value marked where
    // the check found it, whether it was right or wrong.
    void setReceiveCheck(const ChecksumCheck &check);
    // The check value messages carry (the composer's): asked as each message is shown, and marked where
    // it agrees with the message's bytes.
    void setChecksumSource(std::function<ChecksumSpec()> source) { m_checksumSource = std::move(source); }
    void setEncoding(const QString &encoding);
    QString encoding() const { return m_encoding; }

    const QByteArray &bytes() const { return m_event.payload; }
    const Event &message() const { return m_event; }
    QString copyText(CopyFormat format) const;
    // The marks on the hex dump. A later feature (a checksum check) can add its range here.
    ByteMarks marks() const;
    void setMarks(const ByteMarks &marks);

    HexDumpView *hexView() const { return m_hex; }
    QPlainTextEdit *textView() const { return m_text; }
    // Bytes of the message decoded into the text tab so far.
    qsizetype decodedBytes() const { return m_decoded; }

public slots:
    void showMoreText();

protected:
    void changeEvent(QEvent *event) override;

private:
    ByteMarks receiveCheckMarks(const Event &event, const ByteMarks &frame) const;
    void retranslate();
    // The time, direction, peer and length of a row's message, as its log says them.
    static QString summaryOf(const LogModel *model, const Event &event);
    void updateNote();
    void updateLegend();
    void resetText();
    void ensureText(); // decodes the first part once the text tab is seen
    void copy(CopyFormat format);

    Event m_event;
    bool m_hasMessage = false;
    QPointer<const LogModel> m_summaryModel; // the model of the row shown, if it came from one
    Framing m_framing;
    ChecksumCheck m_receiveCheck;
    std::function<ChecksumSpec()> m_checksumSource;
    QString m_encoding = QStringLiteral("UTF-8");
    QStringDecoder m_decoder;
    qsizetype m_decoded = 0;
    bool m_textStarted = false;
    int m_chosenTab = 0; // the tab the user last chose, for the next message
    bool m_switchingTabs = false;

    QLabel *m_summary;
    QLabel *m_note;
    QLabel *m_legend[3] = {};
    QToolButton *m_copyButton;
    QMenu *m_copyMenu;
    QAction *m_copyActions[5] = {};
    QTabWidget *m_tabs;
    HexDumpView *m_hex;
    QWidget *m_textPage;
    QPlainTextEdit *m_text;
    QLabel *m_textNote;
    QPushButton *m_moreText;
};

} // namespace sockpit::ui
