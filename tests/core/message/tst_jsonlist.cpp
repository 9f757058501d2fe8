// A JSON list document: the array under its key written and read back, and each way a document can be
// wrong reported with the caller's message, leaving the result untouched.

#include "jsonlist.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace sockpit;

namespace {
const JsonListErrors Errors {QStringLiteral("bad JSON at %1 (%2)"), QStringLiteral("no list")};

QJsonObject item(const QString &name, int value)
{
    return QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("value"), value}};
}
} // namespace

class tst_JsonList : public QObject
{
    Q_OBJECT
private slots:
    void writesTheArrayUnderTheKey();
    void roundTrips();
    void readsAnEmptyList();
    void otherKeysAreIgnored();
    void notJsonNamesTheOffset();
    void noListUnderTheKey_data();
    void noListUnderTheKey();
};

void tst_JsonList::writesTheArrayUnderTheKey()
{
    const QJsonArray items {item(QStringLiteral("a"), 1), item(QStringLiteral("b"), 2)};
    const QByteArray json = jsonListToJson(QStringLiteral("things"), items);
    QVERIFY2(json.contains('\n'), json.constData()); // indented, for people to read and edit
    const QJsonDocument document = QJsonDocument::fromJson(json);
    QVERIFY(document.isObject());
    QCOMPARE(document.object().keys(), QStringList {QStringLiteral("things")});
    QCOMPARE(document.object().value(QStringLiteral("things")).toArray(), items);
}

void tst_JsonList::roundTrips()
{
    const QJsonArray items {item(QStringLiteral("x"), 7), QJsonValue(QStringLiteral("not an object"))};
    QJsonArray back;
    QString error;
    QVERIFY2(jsonListFromJson(jsonListToJson(QStringLiteral("rules"), items), QStringLiteral("rules"), Errors,
                 &back, &error),
        qPrintable(error));
    QCOMPARE(back, items); // the items are the caller's to check
    QVERIFY(error.isEmpty());
}

void tst_JsonList::readsAnEmptyList()
{
    QJsonArray back {1, 2};
    QString error;
    QVERIFY(jsonListFromJson(R"({"presets": []})", QStringLiteral("presets"), Errors, &back, &error));
    QVERIFY(back.isEmpty());
}

void tst_JsonList::otherKeysAreIgnored()
{
    QJsonArray back;
    QString error;
    QVERIFY(jsonListFromJson(R"({"version": 2, "rules": [{"a": 1}], "extra": [3]})", QStringLiteral("rules"),
        Errors, &back, &error));
    QCOMPARE(back, (QJsonArray {QJsonObject {{QStringLiteral("a"), 1}}}));
}

void tst_JsonList::notJsonNamesTheOffset()
{
    const QByteArray json("{\"rules\": [}");
    QJsonParseError parseError;
    QVERIFY(QJsonDocument::fromJson(json, &parseError).isNull());
    QVERIFY(parseError.offset > 0);
    const QJsonArray before {QStringLiteral("kept")};
    QJsonArray items = before;
    QString error;
    QVERIFY(!jsonListFromJson(json, QStringLiteral("rules"), Errors, &items, &error));
    QCOMPARE(
        error, QStringLiteral("bad JSON at %1 (%2)").arg(parseError.offset).arg(parseError.errorString()));
    QCOMPARE(items, before);
}

void tst_JsonList::noListUnderTheKey_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("array at the root") << QByteArray(R"([{"pattern": "x"}])");
    QTest::newRow("key missing") << QByteArray(R"({"presets": []})");
    QTest::newRow("key holds an object") << QByteArray(R"({"rules": {"pattern": "x"}})");
    QTest::newRow("key holds a string") << QByteArray(R"({"rules": "x"})");
    QTest::newRow("key holds null") << QByteArray(R"({"rules": null})");
}

void tst_JsonList::noListUnderTheKey()
{
    QFETCH(QByteArray, json);
    const QJsonArray before {QStringLiteral("kept")};
    QJsonArray items = before;
    QString error;
    QVERIFY(!jsonListFromJson(json, QStringLiteral("rules"), Errors, &items, &error));
    QCOMPARE(error, QStringLiteral("no list"));
    QCOMPARE(items, before);
}

QTEST_APPLESS_MAIN(tst_JsonList)
#include "tst_jsonlist.moc"
