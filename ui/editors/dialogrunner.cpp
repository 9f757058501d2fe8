#include "dialogrunner.h"

#include <QDialog>
#include <QMessageBox>

namespace sockpit::ui {

namespace {
DialogRunner::Answer &answerInUse()
{
    static DialogRunner::Answer answer;
    return answer;
}
} // namespace

int DialogRunner::exec(QDialog *dialog)
{
    if (const Answer &answer = answerInUse())
        return answer(dialog);
    return dialog->exec();
}

void DialogRunner::warn(QWidget *parent, const QString &title, const QString &text)
{
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Ok, parent);
    box.setTextFormat(Qt::PlainText); // a message may hold a file name, which is not markup either
    exec(&box);
}

void DialogRunner::setAnswer(Answer answer)
{
    answerInUse() = std::move(answer);
}

} // namespace sockpit::ui
