#include "quicksendpreset.h"

#include "jsonlist.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace sockpit::ui {

namespace {
class Presets
{
    Q_DECLARE_TR_FUNCTIONS(Presets)
};
} // namespace

QByteArray quickSendPresetsToJson(const QuickSendPresets &presets)
{
    QJsonArray array;
    for (const QuickSendPreset &preset : presets) {
        QJsonObject object;
        object.insert(QStringLiteral("name"), preset.name);
        object.insert(QStringLiteral("mode"),
            preset.mode == MacroExpander::Mode::Hex ? QStringLiteral("hex") : QStringLiteral("text"));
        object.insert(QStringLiteral("text"), preset.text);
        array.append(object);
    }
    return jsonListToJson(QStringLiteral("presets"), array);
}

bool quickSendPresetsFromJson(const QByteArray &json, QuickSendPresets *presets, QString *error)
{
    const JsonListErrors errors {Presets::tr("not valid JSON at offset %1: %2"),
        Presets::tr("expected an object with a \"presets\" array")};
    QJsonArray array;
    if (!jsonListFromJson(json, QStringLiteral("presets"), errors, &array, error))
        return false;
    QuickSendPresets result;
    for (int i = 0; i < array.size(); ++i) {
        const QJsonObject object = array.at(i).toObject();
        if (!array.at(i).isObject() || !object.value(QStringLiteral("text")).isString()) {
            *error = Presets::tr("preset %1: \"text\" is missing").arg(i + 1);
            return false;
        }
        QuickSendPreset preset;
        preset.text = object.value(QStringLiteral("text")).toString();
        preset.name = object.value(QStringLiteral("name")).toString(preset.text);
        const QString mode = object.value(QStringLiteral("mode")).toString(QStringLiteral("text"));
        if (mode == QLatin1String("hex")) {
            preset.mode = MacroExpander::Mode::Hex;
        } else if (mode != QLatin1String("text")) {
            *error = Presets::tr("preset %1: \"mode\" is text or hex, not '%2'").arg(i + 1).arg(mode);
            return false;
        }
        result.append(preset);
    }
    *presets = result;
    return true;
}

} // namespace sockpit::ui
