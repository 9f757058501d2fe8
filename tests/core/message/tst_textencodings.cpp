#include "textencodings.h"

#include <QStringDecoder>
#include <QStringEncoder>
#include <QTest>

using namespace sockpit;

// The fixed encoding list: every entry usable both ways, the common ones present.
class tst_TextEncodings : public QObject
{
    Q_OBJECT

private slots:
    void listIsUsable();
    void expectedPresent_data();
    void expectedPresent();
    void available_data();
    void available();
    void label();
};

void tst_TextEncodings::listIsUsable()
{
    const QStringList names = availableEncodings();
    QVERIFY(!names.isEmpty());
    QCOMPARE(names.first(), QStringLiteral("UTF-8"));
    QCOMPARE(QStringList(names).removeDuplicates(), 0);
    for (const QString &name : names) {
        const QByteArray latin = name.toLatin1();
        QVERIFY2(QStringDecoder(latin.constData()).isValid(), latin.constData());
        QVERIFY2(QStringEncoder(latin.constData()).isValid(), latin.constData());
    }
    QCOMPARE(availableEncodings(), names); // computed once, the same every time
}

void tst_TextEncodings::expectedPresent_data()
{
    QTest::addColumn<QString>("name");
    // Qt's own codecs are always there; the rest come from ICU, which Debian's Qt is built with.
    for (const char *name : {"UTF-8", "UTF-16LE", "UTF-16BE", "ISO-8859-1", "GB18030", "GBK", "Big5",
             "Shift_JIS", "EUC-KR", "Windows-1252", "KOI8-R"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void tst_TextEncodings::expectedPresent()
{
    QFETCH(QString, name);
    QVERIFY2(availableEncodings().contains(name), qPrintable(name));
}

void tst_TextEncodings::available_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("available");

    QTest::newRow("UTF-8") << "UTF-8" << true;
    QTest::newRow("lower case") << "utf-8" << true;
    QTest::newRow("alias latin1") << "latin1" << true;
    QTest::newRow("not in list") << "windows-1253" << true;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("made up") << "x-no-such-encoding" << false;
}

void tst_TextEncodings::available()
{
    QFETCH(QString, name);
    QFETCH(bool, available);
    QCOMPARE(isEncodingAvailable(name), available);
}

void tst_TextEncodings::label()
{
    QVERIFY(encodingLabel(QStringLiteral("GB18030")).startsWith(QStringLiteral("GB18030 (")));
    QVERIFY(encodingLabel(QStringLiteral("gb18030")).contains(QStringLiteral("Chinese")));
    QCOMPARE(encodingLabel(QStringLiteral("x-unknown")), QStringLiteral("x-unknown"));
}

QTEST_APPLESS_MAIN(tst_TextEncodings)
#include "tst_textencodings.moc"
