#pragma once

#include "tableeditor.h"
#include "valuefield.h"

#include <QDialog>

namespace sockpit::ui {

// The value fields a session's plot draws, edited in a table: a name, how the value is found (a
// regular expression's group in the message's text, or a binary number at a byte offset) and that
// kind's settings. OK is refused, with the reason shown, while a field cannot be used. Fields can be
// imported from and exported to their JSON.
class ValueFieldEditor final : public QDialog
{
    Q_OBJECT
public:
    explicit ValueFieldEditor(QWidget *parent = nullptr);

    ValueFields fields() const;
    void setFields(const ValueFields &fields);
    void addField(const ValueField &field);
    QString errorText() const; // why OK is refused now, "" if it is not
    // The first problem of the fields as the table has them, naming the field; "" when all are usable.
    QString problem() const;

    bool exportTo(const QString &path, QString *error) const;
    bool importFrom(const QString &path, QString *error); // adds the file's fields

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
