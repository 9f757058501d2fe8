#pragma once

#include "macroexpander.h"
#include "quicksendpreset.h"
#include "tableeditor.h"

#include <QWidget>

class QLabel;

namespace sockpit::ui {

// Named messages sent with one click, next to the composer: a table of presets (a Send button, the
// name, Text or Hex, the text with macros), edited in place, imported from and exported to JSON.
// Each preset keeps its own {counter}. Like the composer it only makes bytes; the tab sends them.
class PresetPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit PresetPanel(QWidget *parent = nullptr);
    ~PresetPanel() override;

    QuickSendPresets presets() const;
    void setPresets(const QuickSendPresets &presets); // counters start again at 1
    void addPreset(const QuickSendPreset &preset);
    void setSendEnabled(bool enabled);

    // Expands preset `row` and emits sendRequested(); on error shows it and emits nothing.
    void sendPreset(int row);
    bool exportTo(const QString &path, QString *error) const;
    // Adds the file's presets after the ones there are.
    bool importFrom(const QString &path, QString *error);
    QString errorText() const;
    // Shown over the table while it has no presets: what the panel is for and how to fill it.
    QLabel *emptyHint() const { return m_emptyHint; }

signals:
    void sendRequested(const QByteArray &bytes);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslateUi();
    void insertRow(const QuickSendPreset &preset);
    int rowOf(QWidget *cellWidget) const;
    void updateEmptyHint();
    TableEditor::FileErrors fileErrors() const;

    TableEditor m_tableEditor;
    QTableWidget *const m_table;
    QLabel *const m_emptyHint;
    QVector<MacroExpander> m_expanders; // one per row, for its {counter}
    bool m_sendEnabled = true;
};

} // namespace sockpit::ui
