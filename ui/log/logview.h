#pragma once

#include "event.h"
#include "logfilterproxy.h"
#include "logsaver.h"
#include "payloadrenderer.h"

#include <QTimer>
#include <QWidget>

class QAction;
class QBoxLayout;
class QButtonGroup;
class QHBoxLayout;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace sockpit::ui {

class ConversationView;
class LogColumns;
class LogModel;

// The log's bar: what to show (view, filters) and how to show it and what to do with it (rendering,
// encoding, copy, save, clear), side by side when they fit, one above the other in a narrow log, so
// that no control is cut at 1024 pixels with the clients list beside the log.
class LogBar final : public QWidget
{
public:
    explicit LogBar(QWidget *parent = nullptr);
    QHBoxLayout *filters() const { return m_filters; }
    QHBoxLayout *actions() const { return m_actions; }
    bool isTwoRows() const;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    bool event(QEvent *event) override;

private:
    void arrange();

    QBoxLayout *m_rows;
    QHBoxLayout *m_filters;
    QHBoxLayout *m_actions;
};

// The traffic log of a session: filters, rendering switches, the table, and the follow-the-newest
// behaviour, plus copying and saving what passes the filter. It also shows the same traffic as a
// conversation instead of the table; that view is built from the table's rows when it is shown and
// dropped when it is hidden, so a flood costs it nothing while the table is in front.
class LogView final : public QWidget
{
    Q_OBJECT
public:
    using SaveFormat = LogSaveFormat;

    explicit LogView(QWidget *parent = nullptr);
    ~LogView() override;

    LogModel *model() const { return m_model; }
    LogFilterProxy *filterModel() const { return m_proxy; }
    QTableView *tableView() const { return m_table; }
    bool isFollowing() const { return m_following; }

    // Saves the rows passing the filter, oldest first. Text and JSON Lines are the recording's formats.
    bool saveTo(const QString &path, SaveFormat format, QString *error) const;
    // The selected rows as tab-separated lines, as Copy puts them on the clipboard (with the
    // conversation in front: its selected messages).
    QString selectedRowsText() const;

    void setRenderMode(RenderMode mode);
    void setEncoding(const QString &encoding);
    // Whether a recording is running: the note about dropped rows says where the rest is.
    void setRecordingActive(bool recording);

    bool isConversationShown() const { return m_conversation != nullptr; }
    // The conversation while it is shown, else null.
    ConversationView *conversationView() const { return m_conversation; }
    // How the conversation reads the traffic: see ConversationModel::setChatClient() and
    // setFramedBySession().
    void setConversationOptions(bool chatClient, bool framedBySession);

public slots:
    void appendEvents(const sockpit::EventBatch &events, qint64 notDisplayed);
    void setTextFilter(const QString &text);
    void setDirectionFilter(int filterIndex); // LogFilterProxy::DirectionFilter
    void setPeerFilter(const QString &peer);
    void clear();
    void copySelection();
    void resumeFollowing();
    void saveWithDialog(); // asks for a file name, then saveTo(); reports failures in a message box
    void setConversationShown(bool shown);
    // The table's checksum column: wanted while the session checks received messages. Wanted columns
    // other than the payload may give way while the log is narrow (LogColumns).
    void setChecksumColumnShown(bool shown);
    bool checksumColumnShown() const;
    // The table's system call column (View > System Calls).
    void setSystemCallsShown(bool shown);
    bool systemCallsShown() const;

signals:
    void followingChanged(bool following);
    void conversationShownChanged(bool shown);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildFilterBar(LogBar *bar);
    void retranslate();
    void updateMetrics();
    void updateDisplayChars(int width = -1); // the payload column's width; -1: as the header has it
    void updateNote();
    void setFollowing(bool following);
    void scrollToNewest();
    void onScrollValueChanged(int value);
    void onScrollRangeChanged(int min, int max);
    void afterFilterChange();

    LogModel *m_model = nullptr;
    LogFilterProxy *m_proxy = nullptr;
    QTableView *m_table = nullptr;
    LogColumns *m_columns = nullptr;
    QStackedWidget *m_stack = nullptr;
    ConversationView *m_conversation = nullptr;
    QToolButton *m_viewButtons[2] = {}; // the table, the conversation
    bool m_chatClient = false;
    bool m_framedBySession = false;
    QLineEdit *m_filterEdit = nullptr;
    QComboBox *m_directionCombo = nullptr;
    QLineEdit *m_peerEdit = nullptr;
    QButtonGroup *m_modeGroup = nullptr;
    QToolButton *m_modeButtons[3] = {};
    QComboBox *m_encodingCombo = nullptr;
    QAction *m_copyAction = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_clearAction = nullptr;
    QAction *m_microsecondsAction = nullptr;
    QLabel *m_noteLabel = nullptr;
    QPushButton *m_resumeButton = nullptr;
    QWidget *m_footer = nullptr;
    QTimer m_filterTimer; // typing in the filter re-tests rows once the user pauses
    bool m_following = true;
    bool m_adjustingScroll = false; // scroll changes we make ourselves never change m_following
    bool m_recording = false;
};

} // namespace sockpit::ui
