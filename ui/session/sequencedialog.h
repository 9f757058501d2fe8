#pragma once

#include "sequencerunner.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace sockpit {
class Session;
}

namespace sockpit::ui {

// "Session > Run Sequence": edits a sequence (the JSON of `sockpit run`, README "Sequence format"),
// opens and saves it, and runs it on the session of the tab it was opened for, one table row per
// step with its result and time. Not modal: the session's log goes on beside it.
// Widgets: "sequenceText", "sequenceOpen", "sequenceSave", "sequenceRun", "sequenceStop",
// "sequenceStatus", "sequenceResults".
class SequenceDialog final : public QDialog
{
    Q_OBJECT
public:
    enum Column { StepColumn, ResultColumn, TimeColumn, WhatColumn, DetailColumn, ColumnCount };

    explicit SequenceDialog(Session *session, QWidget *parent = nullptr);

    QString sequenceText() const;
    void setSequenceText(const QString &text);
    // Parses the text and starts it; false (with the reason in the status line) when the text is not
    // a valid sequence or the session is not running.
    bool run();
    void stop();
    // Asks for a file (FileChooser) and reads it into the editor, or writes the editor to one.
    void openFile();
    void saveFile();
    bool isRunning() const { return m_runner.isRunning(); }
    QString statusText() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void addResult(const SequenceStepResult &result);
    void onFinished(bool passed);
    void setStatus(const QString &text, bool error);

    SequenceRunner m_runner;
    QString m_baseDirectory; // the folder of the file opened or saved last: where send files are found
    QPlainTextEdit *m_text;
    QPushButton *m_open;
    QPushButton *m_save;
    QPushButton *m_run;
    QPushButton *m_stop;
    QLabel *m_status;
    QTableWidget *m_results;
    int m_failedRow = -1;
};

} // namespace sockpit::ui
