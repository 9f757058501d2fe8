#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace sockpit::ui {

// Asks the user for a file's path. The window's file dialogs all go through it, so a test can answer
// them with a function of its own and no modal dialog (nor a platform's native one) is ever shown.
class FileChooser
{
public:
    enum class Mode { Open, Save };
    // What a dialog would be shown with.
    struct Request
    {
        Mode mode = Mode::Open;
        QWidget *parent = nullptr;
        QString title;
        QString path; // the folder or file the dialog starts at
        QString filter; // name filters, ";;"-separated
    };
    // The chosen path ("" when cancelled); `selectedFilter`, when set, gets the filter chosen with it.
    using Answer = std::function<QString(const Request &request, QString *selectedFilter)>;

    static QString openFileName(QWidget *parent, const QString &title, const QString &path,
        const QString &filter = QString(), QString *selectedFilter = nullptr);
    static QString saveFileName(QWidget *parent, const QString &title, const QString &path,
        const QString &filter = QString(), QString *selectedFilter = nullptr);

    // Answers every later request instead of QFileDialog; an empty function brings the dialogs back.
    static void setAnswer(Answer answer);

private:
    static QString choose(const Request &request, QString *selectedFilter);
};

} // namespace sockpit::ui
