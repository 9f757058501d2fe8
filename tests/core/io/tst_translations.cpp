#include "translations.h"

#include <QCoreApplication>
#include <QFile>
#include <QLocale>
#include <QTest>

using namespace sockpit;

// The program's translations as the command line installs them: without a GUI application, from the
// resource the sockpit_translations library embeds, for the language the system prefers among ours.
class tst_Translations : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void embedded();
    void systemLanguage_data();
    void systemLanguage();
    void installSwitchesTheMessages();
    void unknownLanguageFallsBackToEnglish();
};

void tst_Translations::cleanup()
{
    QVERIFY(Translations::install(Translations::English));
}

void tst_Translations::embedded()
{
    QVERIFY(QFile::exists(QStringLiteral(":/i18n/sockpit_zh_CN.qm")));
    QVERIFY(QFile::exists(QStringLiteral(":/i18n/sockpit_en.qm")));
}

void tst_Translations::systemLanguage_data()
{
    QTest::addColumn<QStringList>("uiLanguages");
    QTest::addColumn<QString>("expected");
    const QString zh = QStringLiteral("zh_CN");
    const QString en = QStringLiteral("en");
    QTest::newRow("zh-CN") << QStringList {QStringLiteral("zh-CN")} << zh;
    QTest::newRow("zh-Hans-CN") << QStringList {QStringLiteral("zh-Hans-CN"), QStringLiteral("zh")} << zh;
    QTest::newRow("zh-SG") << QStringList {QStringLiteral("zh-SG")} << zh;
    QTest::newRow("zh-TW") << QStringList {QStringLiteral("zh-Hant-TW"), QStringLiteral("zh-TW")} << en;
    QTest::newRow("zh-HK") << QStringList {QStringLiteral("zh-HK")} << en;
    QTest::newRow("en-US") << QStringList {QStringLiteral("en-US"), QStringLiteral("zh-CN")} << en;
    QTest::newRow("de then zh") << QStringList {QStringLiteral("de-DE"), QStringLiteral("zh-CN")} << zh;
    QTest::newRow("fr only") << QStringList {QStringLiteral("fr-FR")} << en;
    QTest::newRow("none") << QStringList {} << en;
}

void tst_Translations::systemLanguage()
{
    QFETCH(QStringList, uiLanguages);
    QFETCH(QString, expected);
    QCOMPARE(Translations::systemLanguage(uiLanguages), expected);
}

void tst_Translations::installSwitchesTheMessages()
{
    const char *source = "cannot seek to byte %1: %2";
    QVERIFY(Translations::install(Translations::SimplifiedChinese));
    QCOMPARE(Translations::current(), Translations::SimplifiedChinese);
    QCOMPARE(QCoreApplication::translate("RecordReader", source), QStringLiteral("无法定位到第 %1 字节：%2"));
    QCOMPARE(QLocale().language(), QLocale::Chinese);
    QVERIFY(Translations::install(Translations::English));
    QCOMPARE(Translations::current(), Translations::English);
    QCOMPARE(QCoreApplication::translate("RecordReader", source), QString::fromLatin1(source));
}

void tst_Translations::unknownLanguageFallsBackToEnglish()
{
    QVERIFY(Translations::install(Translations::SimplifiedChinese));
    QVERIFY(!Translations::install(QStringLiteral("xx")));
    QCOMPARE(Translations::current(), Translations::English);
    QCOMPARE(QCoreApplication::translate("RecordReader", "cannot seek to byte %1: %2"),
        QStringLiteral("cannot seek to byte %1: %2"));
}

QTEST_GUILESS_MAIN(tst_Translations)
#include "tst_translations.moc"
