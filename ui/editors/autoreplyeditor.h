#pragma once

#include "autoreply.h"
#include "tableeditor.h"

#include <QDialog>

namespace sockpit::ui {

// The auto-reply rules of a session, edited in a table: on or off, how a received message is matched
// (exact, prefix, contains, regular expression, hex), the pattern, the reply (text or hex) and its
// delay. OK is refused, with the reason shown, while a rule does not compile. Rules can be imported
// from and exported to the JSON `sockpit listen --rules` reads.
class AutoReplyEditor final : public QDialog
{
    Q_OBJECT
public:
    explicit AutoReplyEditor(QWidget *parent = nullptr);

    AutoReplyRules rules() const;
    void setRules(const AutoReplyRules &rules);
    void addRule(const AutoReplyRule &rule);
    QString errorText() const; // why OK is refused now, "" if it is not

    bool exportTo(const QString &path, QString *error) const;
    bool importFrom(const QString &path, QString *error); // adds the file's rules

public slots:
    void accept() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    TableEditor::FileErrors fileErrors() const;

    TableEditor m_tableEditor;
    QTableWidget *const m_table;
};

} // namespace sockpit::ui
