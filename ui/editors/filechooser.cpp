#include "filechooser.h"

#include <QFileDialog>

namespace sockpit::ui {

namespace {
FileChooser::Answer &answerInUse()
{
    static FileChooser::Answer answer;
    return answer;
}
} // namespace

QString FileChooser::openFileName(QWidget *parent, const QString &title, const QString &path,
    const QString &filter, QString *selectedFilter)
{
    return choose({Mode::Open, parent, title, path, filter}, selectedFilter);
}

QString FileChooser::saveFileName(QWidget *parent, const QString &title, const QString &path,
    const QString &filter, QString *selectedFilter)
{
    return choose({Mode::Save, parent, title, path, filter}, selectedFilter);
}

void FileChooser::setAnswer(Answer answer)
{
    answerInUse() = std::move(answer);
}

QString FileChooser::choose(const Request &request, QString *selectedFilter)
{
    if (const Answer &answer = answerInUse())
        return answer(request, selectedFilter);
    if (request.mode == Mode::Open)
        return QFileDialog::getOpenFileName(
            request.parent, request.title, request.path, request.filter, selectedFilter);
    return QFileDialog::getSaveFileName(
        request.parent, request.title, request.path, request.filter, selectedFilter);
}

} // namespace sockpit::ui
