#pragma once

#include "macroexpander.h"

#include <QByteArray>
#include <QString>
#include <QVector>

namespace sockpit::ui {

// One named message of the quick-send panel; its text may hold macros (see MacroExpander).
struct QuickSendPreset
{
    QString name;
    MacroExpander::Mode mode = MacroExpander::Mode::Text;
    QString text;

    bool operator==(const QuickSendPreset &other) const
    {
        return name == other.name && mode == other.mode && text == other.text;
    }
    bool operator!=(const QuickSendPreset &other) const { return !(*this == other); }
};

using QuickSendPresets = QVector<QuickSendPreset>;

// The JSON the panel exports and imports, and the settings keep:
//   {"presets": [{"name": "Ping", "mode": "text", "text": "PING {counter}\\r\\n"},
//                {"name": "Read", "mode": "hex", "text": "01 03 00 00 00 0a"}]}
// "mode" is "text" (the default) or "hex"; "text" is required, "name" defaults to the text.
QByteArray quickSendPresetsToJson(const QuickSendPresets &presets);
// False with a translated message naming the preset (1-based) on error; `presets` is then unchanged.
bool quickSendPresetsFromJson(const QByteArray &json, QuickSendPresets *presets, QString *error);

} // namespace sockpit::ui
