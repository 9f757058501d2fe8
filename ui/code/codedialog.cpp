#include "codedialog.h"

#include "dialogrunner.h"
#include "filechooser.h"
#include "sessioncode.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QTabWidget>
#include <QVBoxLayout>

namespace sockpit::ui {

namespace {

QPlainTextEdit *codeEditor(const QString &name, QWidget *parent)
{
    auto *editor = new QPlainTextEdit(parent);
    editor->setObjectName(name);
    editor->setReadOnly(true);
    editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return editor;
}

} // namespace

CodeDialog::CodeDialog(const SessionConfig &config, QWidget *parent)
    : QDialog(parent)
    , m_config(config)
    , m_intro(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_python(codeEditor(QStringLiteral("codePython"), m_tabs))
    , m_c(codeEditor(QStringLiteral("codeC"), m_tabs))
    , m_copy(new QPushButton(this))
    , m_save(new QPushButton(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Close, this))
{
    setObjectName(QStringLiteral("codeDialog"));
    setModal(false);
    m_intro->setObjectName(QStringLiteral("codeIntro"));
    m_intro->setTextFormat(Qt::PlainText);
    m_intro->setWordWrap(true);
    m_tabs->setObjectName(QStringLiteral("codeTabs"));
    m_tabs->addTab(m_python, QString());
    m_tabs->addTab(m_c, QString());
    m_copy->setObjectName(QStringLiteral("codeCopy"));
    m_save->setObjectName(QStringLiteral("codeSave"));
    m_buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("codeClose"));
    m_buttons->addButton(m_copy, QDialogButtonBox::ActionRole);
    m_buttons->addButton(m_save, QDialogButtonBox::ActionRole);
    const bool offered = canShowAsCode(config.mode);
    m_copy->setEnabled(offered);
    m_save->setEnabled(offered);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::rejected, this, &CodeDialog::reject);
    connect(m_copy, &QPushButton::clicked, this, &CodeDialog::copyShownCode);
    connect(m_save, &QPushButton::clicked, this, &CodeDialog::saveShownCode);
    resize(760, 600);
    retranslateUi();
}

QString CodeDialog::shownCode() const
{
    return shownEditor()->toPlainText();
}

QPlainTextEdit *CodeDialog::shownEditor() const
{
    return m_tabs->currentWidget() == m_c ? m_c : m_python;
}

void CodeDialog::copyShownCode()
{
    QGuiApplication::clipboard()->setText(shownCode());
}

void CodeDialog::saveShownCode()
{
    const bool c = shownEditor() == m_c;
    const QString name = sessionModeName(m_config.mode) + (c ? QStringLiteral(".c") : QStringLiteral(".py"));
    const QString filter = c ? tr("C source files (*.c)") : tr("Python scripts (*.py)");
    const QString path = FileChooser::saveFileName(this, tr("Save Code"), name, filter);
    if (path.isEmpty())
        return;
    QString error;
    if (!saveShownCodeTo(path, &error))
        DialogRunner::warn(this, tr("Save Code"), error);
}

bool CodeDialog::saveShownCodeTo(const QString &path, QString *error) const
{
    QSaveFile file(path);
    const QByteArray bytes = shownCode().toUtf8();
    if (file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit())
        return true;
    if (error)
        *error = tr("Could not save %1: %2").arg(path, file.errorString());
    return false;
}

void CodeDialog::showPrograms()
{
    if (canShowAsCode(m_config.mode)) {
        m_python->setPlainText(sessionAsPython(m_config));
        m_c->setPlainText(sessionAsC(m_config));
        return;
    }
    const QString why = tr("Relays and ping sessions cannot be shown as code: only TCP servers, TCP "
                           "clients and UDP sockets.");
    m_python->setPlainText(why);
    m_c->setPlainText(why);
}

void CodeDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void CodeDialog::retranslateUi()
{
    setWindowTitle(tr("Session as Code"));
    m_intro->setText(tr("This session written as a short program, the way socket lectures write them. Its "
                        "first lines say how to run it and what of the session it leaves out."));
    m_tabs->setTabText(m_tabs->indexOf(m_python), tr("Python"));
    m_tabs->setTabText(m_tabs->indexOf(m_c), tr("C"));
    m_copy->setText(tr("Copy"));
    m_copy->setToolTip(tr("Copy the program shown to the clipboard"));
    m_save->setText(tr("Save…"));
    m_save->setToolTip(tr("Save the program shown to a file"));
    showPrograms();
}

} // namespace sockpit::ui
