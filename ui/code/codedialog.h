#pragma once

#include "sessionconfig.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;

namespace sockpit::ui {

// "Session > Show as Code": the session as a Python and a C program (sessioncode.h), a tab each, in
// read-only monospace text, to copy or save. Not modal: the window stays usable beside it (the caller
// shows it, and may set Qt::WA_DeleteOnClose). It shows the settings it was opened with; a language
// change rewrites the programs' comments.
// Widgets: "codeIntro", "codeTabs", "codePython", "codeC", "codeCopy", "codeSave", "codeClose".
class CodeDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit CodeDialog(const SessionConfig &config, QWidget *parent = nullptr);

    QString shownCode() const; // the program of the tab shown
    // Puts the shown program on the clipboard.
    void copyShownCode();
    // Asks for a file (FileChooser) and writes the shown program to it; a failure is shown.
    void saveShownCode();
    // Writes the shown program to `path` (UTF-8); false with a translated `error` when that fails.
    bool saveShownCodeTo(const QString &path, QString *error) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void showPrograms();
    QPlainTextEdit *shownEditor() const;

    const SessionConfig m_config;
    QLabel *m_intro;
    QTabWidget *m_tabs;
    QPlainTextEdit *m_python;
    QPlainTextEdit *m_c;
    QPushButton *m_copy;
    QPushButton *m_save;
    QDialogButtonBox *m_buttons;
};

} // namespace sockpit::ui
