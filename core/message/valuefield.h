#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QRegularExpression>
#include <QString>
#include <QVector>

#include <optional>

namespace sockpit {

// A number to watch in received messages: found by a regular expression in the message's text, or read
// at a fixed place of its bytes. The plot draws one line per field.
struct ValueField
{
    enum class Kind { Regex, Binary };
    enum class Type { U8, I8, U16, I16, U32, I32, F32, F64 };

    QString name;
    Kind kind = Kind::Regex;
    // Regex: the expression searched in the text; the number is capture group `group`, or the named
    // group `groupName` when that is set. A decimal ("-21.5", "1e3") or hex ("0x1F") number.
    QString pattern;
    int group = 1;
    QString groupName;
    // Binary: `type` at byte `offset`, in the byte order given.
    int offset = 0;
    Type type = Type::U8;
    bool bigEndian = true;

    bool operator==(const ValueField &other) const;
    bool operator!=(const ValueField &other) const { return !(*this == other); }
};

using ValueFields = QVector<ValueField>;

// The stable names used in JSON: "u8", "i8", "u16", "i16", "u32", "i32", "f32", "f64".
QString valueTypeName(ValueField::Type type);
bool valueTypeFromName(const QString &name, ValueField::Type *type);
int valueTypeSize(ValueField::Type type);

// The fields as JSON, the format the window keeps them in:
//   [{"name": "temp", "kind": "regex", "pattern": "temp=([-\\d.]+)", "group": 1},
//    {"name": "rpm", "kind": "binary", "offset": 3, "type": "u16", "order": "be"}]
// "group" is a number or the name of a named group (default 1); "order" is "be" (default) or "le".
QJsonArray valueFieldsToJson(const ValueFields &fields);
// False with a translated message naming the field (its number and name) and the key at fault.
bool valueFieldsFromJson(const QJsonArray &array, ValueFields *fields, QString *error);
// The same as a JSON document (settings, files); `error` also covers text that is not a JSON array.
QByteArray valueFieldsToJsonText(const ValueFields &fields);
bool valueFieldsFromJsonText(const QByteArray &json, ValueFields *fields, QString *error);

// Empty when the field can be used, else what is wrong with it (translated).
QString validateValueField(const ValueField &field);

// Reads the fields' numbers out of messages, each regular expression compiled once.
class ValueExtractor
{
public:
    explicit ValueExtractor(const ValueFields &fields = {});

    int fieldCount() const { return int(m_fields.size()); }
    // The number field `index` finds in `payload`, if it matches and is finite. A binary field beyond
    // the end of `payload` does not match.
    std::optional<double> extract(int index, const QByteArray &payload, const QString &text) const;
    bool needsText() const { return m_needsText; }
    // The payload as a regular expression sees it: UTF-8, or Latin-1 when it is not valid UTF-8.
    static QString decodeText(const QByteArray &payload);

private:
    struct Compiled
    {
        ValueField field;
        QRegularExpression regex;
    };
    QVector<Compiled> m_fields;
    bool m_needsText = false;
};

// The number in `text`: decimal, or hex with a 0x prefix (and an optional sign); surrounding spaces are
// allowed. Empty when it is not a finite number.
std::optional<double> parseFieldNumber(const QString &text);

} // namespace sockpit
