// Value fields: every binary type in both byte orders, regular expression groups (numbered and
// named), decimal and hex numbers, messages that do not match or are too short, and the JSON format
// with its errors.

#include "valuefield.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <optional>

using namespace sockpit;
using Type = ValueField::Type;

Q_DECLARE_METATYPE(Type)
Q_DECLARE_METATYPE(std::optional<double>)

namespace {
ValueField binaryField(Type type, int offset, bool bigEndian)
{
    ValueField field;
    field.name = QStringLiteral("b");
    field.kind = ValueField::Kind::Binary;
    field.type = type;
    field.offset = offset;
    field.bigEndian = bigEndian;
    return field;
}

ValueField regexField(const QString &pattern, int group = 1, const QString &groupName = QString())
{
    ValueField field;
    field.name = QStringLiteral("r");
    field.pattern = pattern;
    field.group = group;
    field.groupName = groupName;
    return field;
}

std::optional<double> extractOne(const ValueField &field, const QByteArray &payload)
{
    const ValueExtractor extractor({field});
    return extractor.extract(0, payload, ValueExtractor::decodeText(payload));
}
} // namespace

class TestValueField : public QObject
{
    Q_OBJECT
private slots:
    void binaryTypes_data();
    void binaryTypes();
    void binaryBeyondThePayload();
    void regexGroups_data();
    void regexGroups();
    void latin1Text();
    void numbers_data();
    void numbers();
    void jsonRoundTrip();
    void jsonFormat();
    void badJson_data();
    void badJson();
};

void TestValueField::binaryTypes_data()
{
    QTest::addColumn<Type>("type");
    QTest::addColumn<bool>("bigEndian");
    QTest::addColumn<QByteArray>("bytes"); // the field's bytes, at offset 2 after two others
    QTest::addColumn<double>("expected");
    QTest::newRow("u8") << Type::U8 << true << QByteArray::fromHex("fe") << 254.0;
    QTest::newRow("u8 le") << Type::U8 << false << QByteArray::fromHex("fe") << 254.0;
    QTest::newRow("i8") << Type::I8 << true << QByteArray::fromHex("fe") << -2.0;
    QTest::newRow("i8 le") << Type::I8 << false << QByteArray::fromHex("80") << -128.0;
    QTest::newRow("u16 be") << Type::U16 << true << QByteArray::fromHex("1234") << double(0x1234);
    QTest::newRow("u16 le") << Type::U16 << false << QByteArray::fromHex("1234") << double(0x3412);
    QTest::newRow("i16 be") << Type::I16 << true << QByteArray::fromHex("fffe") << -2.0;
    QTest::newRow("i16 le") << Type::I16 << false << QByteArray::fromHex("feff") << -2.0;
    QTest::newRow("u32 be") << Type::U32 << true << QByteArray::fromHex("fffffffe") << 4294967294.0;
    QTest::newRow("u32 le") << Type::U32 << false << QByteArray::fromHex("01020304") << double(0x04030201);
    QTest::newRow("i32 be") << Type::I32 << true << QByteArray::fromHex("80000000") << -2147483648.0;
    QTest::newRow("i32 le") << Type::I32 << false << QByteArray::fromHex("d6ffffff") << -42.0;
    QTest::newRow("f32 be") << Type::F32 << true << QByteArray::fromHex("41ac0000") << 21.5;
    QTest::newRow("f32 le") << Type::F32 << false << QByteArray::fromHex("0000acc1") << -21.5;
    QTest::newRow("f64 be") << Type::F64 << true << QByteArray::fromHex("4035800000000000") << 21.5;
    QTest::newRow("f64 le") << Type::F64 << false << QByteArray::fromHex("0000000000803540") << 21.5;
}

void TestValueField::binaryTypes()
{
    QFETCH(Type, type);
    QFETCH(bool, bigEndian);
    QFETCH(QByteArray, bytes);
    QFETCH(double, expected);
    const QByteArray payload = QByteArray("\xaa\xbb", 2) + bytes + QByteArray("\xcc", 1);
    const std::optional<double> value = extractOne(binaryField(type, 2, bigEndian), payload);
    QVERIFY(value.has_value());
    QCOMPARE(*value, expected);
    QCOMPARE(valueTypeSize(type), int(bytes.size()));
}

void TestValueField::binaryBeyondThePayload()
{
    // Exactly long enough, then one byte short: the field is read whole or not at all.
    QCOMPARE(extractOne(binaryField(Type::U16, 3, true), QByteArray::fromHex("0000000102")),
        std::optional<double>(258.0));
    QVERIFY(!extractOne(binaryField(Type::U16, 4, true), QByteArray::fromHex("0000000102")).has_value());
    QVERIFY(!extractOne(binaryField(Type::F64, 0, true), QByteArray::fromHex("00112233445566")).has_value());
    QVERIFY(!extractOne(binaryField(Type::U8, 0, true), QByteArray()).has_value());
    // A float that is not a number gives no point.
    QVERIFY(!extractOne(binaryField(Type::F32, 0, true), QByteArray::fromHex("7fc00000")).has_value());
}

void TestValueField::regexGroups_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<int>("group");
    QTest::addColumn<QString>("groupName");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<std::optional<double>>("expected");
    const auto some = [](double v) { return std::optional<double>(v); };
    const std::optional<double> none;
    QTest::newRow("group 1") << "temp=([-\\d.]+)" << 1 << "" << QByteArray("temp=21.5\r\n") << some(21.5);
    QTest::newRow("negative") << "temp=([-\\d.]+)" << 1 << "" << QByteArray("t temp=-3.25;") << some(-3.25);
    QTest::newRow("group 2") << "(\\w+)=(\\S+)" << 2 << "" << QByteArray("rpm=1200 x") << some(1200);
    QTest::newRow("group 0") << "\\d+" << 0 << "" << QByteArray("abc 42 def") << some(42);
    QTest::newRow("named") << "v=(?<volts>[\\d.]+)V" << 1 << "volts" << QByteArray("v=3.30V") << some(3.3);
    QTest::newRow("hex") << "id=(\\S+)" << 1 << "" << QByteArray("id=0x1F") << some(31);
    QTest::newRow("no match") << "temp=([-\\d.]+)" << 1 << "" << QByteArray("humidity=40") << none;
    QTest::newRow("not a number") << "temp=(\\S+)" << 1 << "" << QByteArray("temp=hot") << none;
    QTest::newRow("empty group") << "temp=(\\d*)" << 1 << "" << QByteArray("temp=") << none;
    QTest::newRow("utf-8 text") << "温度=([\\d.]+)" << 1 << "" << QByteArray("温度=18.5") << some(18.5);
}

void TestValueField::regexGroups()
{
    QFETCH(QString, pattern);
    QFETCH(int, group);
    QFETCH(QString, groupName);
    QFETCH(QByteArray, message);
    QFETCH(std::optional<double>, expected);
    const ValueField field = regexField(pattern, group, groupName);
    QCOMPARE(validateValueField(field), QString());
    QCOMPARE(extractOne(field, message), expected);
}

void TestValueField::latin1Text()
{
    // Not UTF-8: read as Latin-1, so the bytes around the number do not hide it.
    const QByteArray message("\xb0"
                             "C=12.5",
        7);
    QCOMPARE(ValueExtractor::decodeText(message), QStringLiteral("\u00b0C=12.5"));
    QCOMPARE(extractOne(regexField(QStringLiteral("C=([\\d.]+)")), message), std::optional<double>(12.5));
}

void TestValueField::numbers_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<std::optional<double>>("expected");
    QTest::newRow("integer") << "42" << std::optional<double>(42);
    QTest::newRow("spaces") << "  7.5 " << std::optional<double>(7.5);
    QTest::newRow("plus") << "+1e3" << std::optional<double>(1000);
    QTest::newRow("hex") << "0xff" << std::optional<double>(255);
    QTest::newRow("hex upper") << "0XFF" << std::optional<double>(255);
    QTest::newRow("negative hex") << "-0x10" << std::optional<double>(-16);
    QTest::newRow("bad hex") << "0xg1" << std::optional<double>();
    QTest::newRow("empty") << "" << std::optional<double>();
    QTest::newRow("word") << "abc" << std::optional<double>();
    QTest::newRow("infinite") << "inf" << std::optional<double>();
    QTest::newRow("nan") << "nan" << std::optional<double>();
}

void TestValueField::numbers()
{
    QFETCH(QString, text);
    QFETCH(std::optional<double>, expected);
    QCOMPARE(parseFieldNumber(text), expected);
}

void TestValueField::jsonRoundTrip()
{
    ValueFields fields;
    fields << regexField(QStringLiteral("temp=([-\\d.]+)"));
    fields.last().name = QStringLiteral("temp");
    fields << regexField(QStringLiteral("v=(?<volts>\\d+)"), 1, QStringLiteral("volts"));
    fields.last().name = QStringLiteral("volts");
    for (Type type : {Type::U8, Type::I8, Type::U16, Type::I16, Type::U32, Type::I32, Type::F32, Type::F64}) {
        fields << binaryField(type, 3, type == Type::U16);
        fields.last().name = valueTypeName(type);
    }
    ValueFields read;
    QString error;
    QVERIFY2(valueFieldsFromJsonText(valueFieldsToJsonText(fields), &read, &error), qPrintable(error));
    QCOMPARE(read, fields);
}

void TestValueField::jsonFormat()
{
    const QByteArray json = R"j([{"name":"temp","kind":"regex","pattern":"temp=([-\\d.]+)","group":1},
        {"name":"rpm","kind":"binary","offset":3,"type":"u16","order":"le"},
        {"name":"v","kind":"regex","pattern":"v=(?<volts>\\d+)","group":"volts"},
        {"name":"defaults","kind":"binary","type":"i8"}])j";
    ValueFields fields;
    QString error;
    QVERIFY2(valueFieldsFromJsonText(json, &fields, &error), qPrintable(error));
    QCOMPARE(fields.size(), 4);
    QCOMPARE(fields[0].pattern, QStringLiteral("temp=([-\\d.]+)"));
    QCOMPARE(fields[0].group, 1);
    QCOMPARE(fields[1].kind, ValueField::Kind::Binary);
    QCOMPARE(fields[1].offset, 3);
    QCOMPARE(fields[1].type, Type::U16);
    QCOMPARE(fields[1].bigEndian, false);
    QCOMPARE(fields[2].groupName, QStringLiteral("volts"));
    QCOMPARE(fields[3].offset, 0);
    QCOMPARE(fields[3].bigEndian, true);
    // Written back as the documented keys.
    const QJsonDocument written = QJsonDocument::fromJson(valueFieldsToJsonText(fields));
    const QJsonObject rpm = written.array().at(1).toObject();
    QCOMPARE(rpm.value(QStringLiteral("order")).toString(), QStringLiteral("le"));
    QCOMPARE(rpm.value(QStringLiteral("type")).toString(), QStringLiteral("u16"));
    QCOMPARE(
        written.array().at(2).toObject().value(QStringLiteral("group")).toString(), QStringLiteral("volts"));
}

void TestValueField::badJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error"); // a part the message must hold
    const auto row = [](const char *tag, const char *json, const char *error) {
        QTest::newRow(tag) << QByteArray(json) << error;
    };
    row("not json", "[{", "not valid JSON");
    row("not a list", R"j({"name":"x"})j", "list of fields");
    row("not an object", "[1]", "field 1: not an object");
    row("no name", R"j([{"kind":"regex","pattern":"(\\d+)"}])j", "field 1: \"name\"");
    row("bad kind", R"j([{"name":"a","kind":"text"}])j", "field 1 (a): \"kind\"");
    row("bad regex",
        R"j([{"name":"ok","kind":"binary","type":"u8"},{"name":"t","kind":"regex","pattern":"(\\d"}])j",
        "field 2 (t): \"pattern\"");
    row("no pattern", R"j([{"name":"t","kind":"regex"}])j", "field 1 (t): \"pattern\"");
    row("no such group", R"j([{"name":"t","kind":"regex","pattern":"(\\d+)","group":2}])j",
        "field 1 (t): \"group\"");
    row("no such named group", R"j([{"name":"t","kind":"regex","pattern":"(\\d+)","group":"x"}])j",
        "field 1 (t): \"group\"");
    row("bad group", R"j([{"name":"t","kind":"regex","pattern":"(\\d+)","group":1.5}])j",
        "field 1 (t): \"group\"");
    row("bad type", R"j([{"name":"b","kind":"binary","type":"u24"}])j", "field 1 (b): \"type\"");
    row("bad order", R"j([{"name":"b","kind":"binary","type":"u8","order":"middle"}])j",
        "field 1 (b): \"order\"");
    row("negative offset", R"j([{"name":"b","kind":"binary","type":"u8","offset":-1}])j",
        "field 1 (b): \"offset\"");
}

void TestValueField::badJson()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    ValueFields fields {regexField(QStringLiteral("(\\d)"))};
    const ValueFields before = fields;
    QString message;
    QVERIFY(!valueFieldsFromJsonText(json, &fields, &message));
    QVERIFY2(message.contains(error), qPrintable(message));
    QCOMPARE(fields, before); // left as it was
}

QTEST_GUILESS_MAIN(TestValueField)
#include "tst_valuefield.moc"
