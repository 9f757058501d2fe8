// The core must build with Qt Core + Network only: no source in core/ may include a widget header.

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

class tst_CoreLayering : public QObject
{
    Q_OBJECT
private slots:
    void coreIncludesNoWidgets();
    void coreIncludesNoTlsLibrary();
};

void tst_CoreLayering::coreIncludesNoWidgets()
{
    const QDir core(QStringLiteral(SOCKPIT_SOURCE_DIR "/core"));
    const QStringList files = core.entryList({QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files);
    QVERIFY2(files.size() > 10, "core/ sources not found");
    const QRegularExpression widgetInclude(
        QStringLiteral(
            R"(^\s*#\s*include\s*[<"](QtWidgets|QtGui|QWidget|QApplication|QMainWindow|QGuiApplication)\b)"),
        QRegularExpression::MultilineOption);
    for (const QString &name : files) {
        QFile file(core.filePath(name));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(name));
        const QString text = QString::fromUtf8(file.readAll());
        const QRegularExpressionMatch match = widgetInclude.match(text);
        QVERIFY2(!match.hasMatch(), qPrintable(name + QStringLiteral(": ") + match.captured(0)));
    }
}

// TLS lives in sockpit_tls behind core/tlstransport.h: the core itself uses neither OpenSSL nor Qt's
// TLS classes, so it links no TLS library.
void tst_CoreLayering::coreIncludesNoTlsLibrary()
{
    const QDir core(QStringLiteral(SOCKPIT_SOURCE_DIR "/core"));
    const QStringList files = core.entryList({QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files);
    QVERIFY2(files.contains(QStringLiteral("tlstransport.h")), "core/tlstransport.h not found");
    const QRegularExpression tlsInclude(
        QStringLiteral(R"(^\s*#\s*include\s*[<"](openssl/|QSsl|qssl))"), QRegularExpression::MultilineOption);
    for (const QString &name : files) {
        QFile file(core.filePath(name));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(name));
        const QRegularExpressionMatch match = tlsInclude.match(QString::fromUtf8(file.readAll()));
        QVERIFY2(!match.hasMatch(), qPrintable(name + QStringLiteral(": ") + match.captured(0)));
    }
}

QTEST_APPLESS_MAIN(tst_CoreLayering)
#include "tst_corelayering.moc"
