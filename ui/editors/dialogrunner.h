#pragma once

#include <functional>

class QDialog;
class QWidget;
class QString;

namespace sockpit::ui {

// Runs the window's modal dialogs (message boxes, questions): by default QDialog::exec(), or a
// function a test sets, which looks at the dialog and answers it without a nested event loop.
class DialogRunner
{
public:
    // Gets the dialog as it would be shown; returns its result (QDialog::Accepted, a button, ...).
    using Answer = std::function<int(QDialog *dialog)>;

    static int exec(QDialog *dialog);
    // A warning with an OK button; the text is shown as plain text.
    static void warn(QWidget *parent, const QString &title, const QString &text);

    // Answers every later dialog instead of exec(); an empty function brings exec() back.
    static void setAnswer(Answer answer);
};

} // namespace sockpit::ui
