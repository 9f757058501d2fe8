#include "valuefield.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>
#include <QtEndian>

#include <array>
#include <cmath>
#include <cstring>
#include <utility>

namespace sockpit {

namespace {

class ValueFieldText
{
    Q_DECLARE_TR_FUNCTIONS(ValueField)
};

constexpr int MaxOffset = 1 << 20;

const std::array<std::pair<ValueField::Type, const char *>, 8> TypeNames {{
    {ValueField::Type::U8, "u8"},
    {ValueField::Type::I8, "i8"},
    {ValueField::Type::U16, "u16"},
    {ValueField::Type::I16, "i16"},
    {ValueField::Type::U32, "u32"},
    {ValueField::Type::I32, "i32"},
    {ValueField::Type::F32, "f32"},
    {ValueField::Type::F64, "f64"},
}};

template<typename T> T readAt(const char *data, bool bigEndian)
{
    return bigEndian ? qFromBigEndian<T>(data) : qFromLittleEndian<T>(data);
}

double readBinary(const char *data, ValueField::Type type, bool bigEndian)
{
    switch (type) {
    case ValueField::Type::U8:
        return double(quint8(data[0]));
    case ValueField::Type::I8:
        return double(qint8(data[0]));
    case ValueField::Type::U16:
        return double(readAt<quint16>(data, bigEndian));
    case ValueField::Type::I16:
        return double(readAt<qint16>(data, bigEndian));
    case ValueField::Type::U32:
        return double(readAt<quint32>(data, bigEndian));
    case ValueField::Type::I32:
        return double(readAt<qint32>(data, bigEndian));
    case ValueField::Type::F32: {
        const quint32 bits = readAt<quint32>(data, bigEndian);
        float value;
        std::memcpy(&value, &bits, sizeof value);
        return double(value);
    }
    case ValueField::Type::F64: {
        const quint64 bits = readAt<quint64>(data, bigEndian);
        double value;
        std::memcpy(&value, &bits, sizeof value);
        return value;
    }
    }
    return 0;
}

} // namespace

bool ValueField::operator==(const ValueField &other) const
{
    return name == other.name && kind == other.kind && pattern == other.pattern && group == other.group
        && groupName == other.groupName && offset == other.offset && type == other.type
        && bigEndian == other.bigEndian;
}

QString valueTypeName(ValueField::Type type)
{
    for (const auto &[value, name] : TypeNames) {
        if (value == type)
            return QLatin1String(name);
    }
    return QString();
}

bool valueTypeFromName(const QString &name, ValueField::Type *type)
{
    for (const auto &[value, text] : TypeNames) {
        if (name == QLatin1String(text)) {
            *type = value;
            return true;
        }
    }
    return false;
}

int valueTypeSize(ValueField::Type type)
{
    switch (type) {
    case ValueField::Type::U8:
    case ValueField::Type::I8:
        return 1;
    case ValueField::Type::U16:
    case ValueField::Type::I16:
        return 2;
    case ValueField::Type::U32:
    case ValueField::Type::I32:
    case ValueField::Type::F32:
        return 4;
    case ValueField::Type::F64:
        return 8;
    }
    return 1;
}

QJsonArray valueFieldsToJson(const ValueFields &fields)
{
    QJsonArray array;
    for (const ValueField &field : fields) {
        QJsonObject object;
        object.insert(QStringLiteral("name"), field.name);
        if (field.kind == ValueField::Kind::Regex) {
            object.insert(QStringLiteral("kind"), QStringLiteral("regex"));
            object.insert(QStringLiteral("pattern"), field.pattern);
            if (field.groupName.isEmpty())
                object.insert(QStringLiteral("group"), field.group);
            else
                object.insert(QStringLiteral("group"), field.groupName);
        } else {
            object.insert(QStringLiteral("kind"), QStringLiteral("binary"));
            object.insert(QStringLiteral("offset"), field.offset);
            object.insert(QStringLiteral("type"), valueTypeName(field.type));
            object.insert(
                QStringLiteral("order"), field.bigEndian ? QStringLiteral("be") : QStringLiteral("le"));
        }
        array.append(object);
    }
    return array;
}

bool valueFieldsFromJson(const QJsonArray &array, ValueFields *fields, QString *error)
{
    ValueFields result;
    for (int i = 0; i < array.size(); ++i) {
        const QJsonObject object = array.at(i).toObject();
        const QString name = object.value(QStringLiteral("name")).toString();
        const auto fail = [&](const QString &key, const QString &what) {
            *error = name.isEmpty()
                ? ValueFieldText::tr("field %1: \"%2\" %3").arg(i + 1).arg(key, what)
                : ValueFieldText::tr("field %1 (%2): \"%3\" %4").arg(i + 1).arg(name, key, what);
            return false;
        };
        if (!array.at(i).isObject()) {
            *error = ValueFieldText::tr("field %1: not an object").arg(i + 1);
            return false;
        }
        ValueField field;
        if (!object.value(QStringLiteral("name")).isString() || name.trimmed().isEmpty())
            return fail(QStringLiteral("name"), ValueFieldText::tr("must be a name (text)"));
        field.name = name;
        const QString kind = object.value(QStringLiteral("kind")).toString();
        if (kind == QLatin1String("regex")) {
            field.kind = ValueField::Kind::Regex;
            if (!object.value(QStringLiteral("pattern")).isString())
                return fail(
                    QStringLiteral("pattern"), ValueFieldText::tr("must be a regular expression (text)"));
            field.pattern = object.value(QStringLiteral("pattern")).toString();
            const QJsonValue group = object.value(QStringLiteral("group"));
            if (group.isString()) {
                field.groupName = group.toString();
            } else if (!group.isUndefined()) {
                const double number = group.toDouble(-1);
                if (!group.isDouble() || number < 0 || number > 99 || number != double(int(number)))
                    return fail(QStringLiteral("group"),
                        ValueFieldText::tr("must be a group number from 0 to 99 or a group's name"));
                field.group = int(number);
            }
        } else if (kind == QLatin1String("binary")) {
            field.kind = ValueField::Kind::Binary;
            const QJsonValue offset = object.value(QStringLiteral("offset"));
            const double number = offset.toDouble(-1);
            if (!offset.isUndefined()) {
                if (!offset.isDouble() || number < 0 || number > MaxOffset || number != double(int(number)))
                    return fail(QStringLiteral("offset"),
                        ValueFieldText::tr("must be a whole number from 0 to %1").arg(MaxOffset));
                field.offset = int(number);
            }
            const QString type = object.value(QStringLiteral("type")).toString();
            if (!valueTypeFromName(type, &field.type))
                return fail(QStringLiteral("type"),
                    ValueFieldText::tr("must be u8, i8, u16, i16, u32, i32, f32 or f64, not '%1'").arg(type));
            const QString order = object.value(QStringLiteral("order")).toString(QStringLiteral("be"));
            if (order != QLatin1String("be") && order != QLatin1String("le"))
                return fail(
                    QStringLiteral("order"), ValueFieldText::tr("must be be or le, not '%1'").arg(order));
            field.bigEndian = order == QLatin1String("be");
        } else {
            return fail(
                QStringLiteral("kind"), ValueFieldText::tr("must be regex or binary, not '%1'").arg(kind));
        }
        const QString problem = validateValueField(field);
        if (!problem.isEmpty()) {
            const bool patternUsable
                = !field.pattern.isEmpty() && QRegularExpression(field.pattern).isValid();
            return fail(field.kind == ValueField::Kind::Binary ? QStringLiteral("offset")
                    : patternUsable                            ? QStringLiteral("group")
                                                               : QStringLiteral("pattern"),
                problem);
        }
        result.append(field);
    }
    *fields = result;
    return true;
}

QByteArray valueFieldsToJsonText(const ValueFields &fields)
{
    return QJsonDocument(valueFieldsToJson(fields)).toJson(QJsonDocument::Indented);
}

bool valueFieldsFromJsonText(const QByteArray &json, ValueFields *fields, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (document.isNull()) {
        *error = ValueFieldText::tr("not valid JSON at offset %1: %2")
                     .arg(parseError.offset)
                     .arg(parseError.errorString());
        return false;
    }
    if (!document.isArray()) {
        *error = ValueFieldText::tr("expected a list of fields");
        return false;
    }
    return valueFieldsFromJson(document.array(), fields, error);
}

QString validateValueField(const ValueField &field)
{
    if (field.name.trimmed().isEmpty())
        return ValueFieldText::tr("a field needs a name");
    if (field.kind == ValueField::Kind::Binary) {
        if (field.offset < 0 || field.offset > MaxOffset)
            return ValueFieldText::tr("the offset must be from 0 to %1").arg(MaxOffset);
        return QString();
    }
    if (field.pattern.isEmpty())
        return ValueFieldText::tr("the regular expression is empty");
    const QRegularExpression regex(field.pattern);
    if (!regex.isValid())
        return ValueFieldText::tr("bad regular expression at position %1: %2")
            .arg(regex.patternErrorOffset() + 1)
            .arg(regex.errorString());
    if (!field.groupName.isEmpty()) {
        if (!regex.namedCaptureGroups().contains(field.groupName))
            return ValueFieldText::tr("the expression has no group named '%1'").arg(field.groupName);
    } else if (field.group < 0 || field.group > regex.captureCount()) {
        return ValueFieldText::tr(
            "the expression has no group %1 (it has %n group(s))", nullptr, regex.captureCount())
            .arg(field.group);
    }
    return QString();
}

std::optional<double> parseFieldNumber(const QString &text)
{
    QString s = text.trimmed();
    if (s.isEmpty())
        return std::nullopt;
    bool negative = false;
    QStringView digits(s);
    if (digits.startsWith(QLatin1Char('-')) || digits.startsWith(QLatin1Char('+'))) {
        negative = digits.front() == QLatin1Char('-');
        digits = digits.mid(1);
    }
    bool ok = false;
    double value = 0;
    if (digits.startsWith(QLatin1String("0x"), Qt::CaseInsensitive)) {
        const qulonglong hex = digits.mid(2).toULongLong(&ok, 16);
        value = negative ? -double(hex) : double(hex);
    } else {
        value = s.toDouble(&ok);
    }
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
}

ValueExtractor::ValueExtractor(const ValueFields &fields)
{
    for (const ValueField &field : fields) {
        Compiled compiled {field, {}};
        if (field.kind == ValueField::Kind::Regex) {
            compiled.regex = QRegularExpression(field.pattern);
            compiled.regex.optimize();
            m_needsText = true;
        }
        m_fields.append(compiled);
    }
}

std::optional<double> ValueExtractor::extract(int index, const QByteArray &payload, const QString &text) const
{
    const Compiled &compiled = m_fields.at(index);
    const ValueField &field = compiled.field;
    if (field.kind == ValueField::Kind::Binary) {
        const int size = valueTypeSize(field.type);
        if (field.offset < 0 || qsizetype(field.offset) + size > payload.size())
            return std::nullopt;
        const double value = readBinary(payload.constData() + field.offset, field.type, field.bigEndian);
        if (!std::isfinite(value))
            return std::nullopt;
        return value;
    }
    if (!compiled.regex.isValid())
        return std::nullopt;
    const QRegularExpressionMatch match = compiled.regex.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const QString captured
        = field.groupName.isEmpty() ? match.captured(field.group) : match.captured(field.groupName);
    return parseFieldNumber(captured);
}

QString ValueExtractor::decodeText(const QByteArray &payload)
{
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = utf8.decode(payload);
    if (!utf8.hasError())
        return text;
    return QString::fromLatin1(payload);
}

} // namespace sockpit
