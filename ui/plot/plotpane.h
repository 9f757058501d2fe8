#pragma once

#include "event.h"
#include "valuefield.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QToolButton;

namespace sockpit::ui {

class PlotWidget;
class ValueFieldEditor;

// A session's values over time: the fields defined for it, the points its received messages give them
// (taken from the batches the log gets), the plot, and its buttons (fields, pause, show all, clear,
// export as CSV).
class PlotPane final : public QWidget
{
    Q_OBJECT
public:
    explicit PlotPane(QWidget *parent = nullptr);

    PlotWidget *plot() const { return m_plot; }
    ValueFields fields() const { return m_fields; }
    // New fields start new lines: the points of the old ones go (unless the fields are the same).
    void setFields(const ValueFields &fields);
    // The payload bytes each event reaching the window keeps: a binary field beyond them is not read.
    void setPreviewBytes(int bytes);

    // Points of every received data event in `events`, one per field that matches.
    void addEvents(const EventBatch &events);
    bool exportCsv(const QString &path, QString *error) const;
    // The editor while it is open (Fields…), else null.
    ValueFieldEditor *fieldEditor() const;

public slots:
    void appendEvents(const sockpit::EventBatch &events, qint64 notDisplayed);
    void editFields(); // opens the field editor; its OK sets the fields and emits fieldsEdited()
    void exportWithDialog();

signals:
    void fieldsEdited(const sockpit::ValueFields &fields);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateNote();

    ValueFields m_fields;
    ValueExtractor m_extractor;
    int m_previewBytes = 4096;
    PlotWidget *m_plot;
    QPushButton *m_fieldsButton;
    QToolButton *m_pauseButton;
    QToolButton *m_resetButton;
    QToolButton *m_clearButton;
    QToolButton *m_exportButton;
    QLabel *m_note;
    // Closed editors delete themselves; a guard, not a destroyed() handler, which would run while this
    // pane's own destructor deletes its children.
    QPointer<ValueFieldEditor> m_editor;
};

} // namespace sockpit::ui
