#pragma once

// Answering the window's file choosers and modal dialogs in a widget test, so that none is ever shown
// (nor a platform's native dialog, which a test could not reach): each request is kept for the test
// to look at, and answered at once. Whatever is installed on the machine, a test then never waits
// on a dialog.

#include "dialogrunner.h"
#include "filechooser.h"

#include <QDialog>
#include <QList>
#include <QStringList>

#include <functional>

namespace sockpit::test {

// While it lives, FileChooser's requests are kept and answered with the paths queued by answer(), in
// order; with none left, as a cancelled dialog ("").
class FileChooserAnswers
{
public:
    FileChooserAnswers()
    {
        ui::FileChooser::setAnswer([this](const ui::FileChooser::Request &request, QString *selectedFilter) {
            requests.append(request);
            const QString path = m_paths.isEmpty() ? QString() : m_paths.takeFirst();
            if (selectedFilter && !path.isEmpty())
                *selectedFilter = request.filter.section(QStringLiteral(";;"), 0, 0);
            return path;
        });
    }
    ~FileChooserAnswers() { ui::FileChooser::setAnswer({}); }
    FileChooserAnswers(const FileChooserAnswers &) = delete;
    FileChooserAnswers &operator=(const FileChooserAnswers &) = delete;

    void answer(const QString &path) { m_paths.append(path); }

    QList<ui::FileChooser::Request> requests;

private:
    QStringList m_paths;
};

// While it lives, DialogRunner's dialogs are handed to `look` (which may read them, even show() them)
// and then answered with `result`, rejected by default.
class DialogAnswers
{
public:
    explicit DialogAnswers(std::function<void(QDialog *)> look = {}, int result = QDialog::Rejected)
    {
        ui::DialogRunner::setAnswer([this, look = std::move(look), result](QDialog *dialog) {
            ++count;
            if (look)
                look(dialog);
            return result;
        });
    }
    ~DialogAnswers() { ui::DialogRunner::setAnswer({}); }
    DialogAnswers(const DialogAnswers &) = delete;
    DialogAnswers &operator=(const DialogAnswers &) = delete;

    int count = 0; // dialogs answered
};

} // namespace sockpit::test
