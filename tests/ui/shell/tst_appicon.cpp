// The application's icon is set after the window's first paint, not before it, and then has the
// built-in sizes when the icon theme has no icon of its own.

#include "appicon.h"

#include <QApplication>
#include <QIcon>
#include <QTest>
#include <QWidget>

using namespace sockpit::ui;

namespace {

// Notes whether the application had an icon when this widget painted for the first time.
class PaintProbe final : public QWidget
{
public:
    int paints = 0;
    bool iconAtFirstPaint = false;

protected:
    void paintEvent(QPaintEvent *) override
    {
        if (paints++ == 0)
            iconAtFirstPaint = !QApplication::windowIcon().isNull();
    }
};

} // namespace

class tst_AppIcon : public QObject
{
    Q_OBJECT
private slots:
    void setAfterTheFirstPaint();
};

void tst_AppIcon::setAfterTheFirstPaint()
{
    QVERIFY(QApplication::windowIcon().isNull());
    PaintProbe window;
    window.resize(200, 100);
    setAppIconAfterFirstPaint(&window);
    QCOMPARE(window.findChildren<QObject *>().size(), 1); // the watcher, owned by the window
    window.show();
    QTRY_VERIFY(!QApplication::windowIcon().isNull());
    QVERIFY(window.paints >= 1);
    QVERIFY(!window.iconAtFirstPaint);
    // The built-in icon comes in every size the desktop asks for, unless the theme has its own.
    if (!QIcon::hasThemeIcon(QStringLiteral("sockpit"))) {
        const QList<QSize> sizes = QApplication::windowIcon().availableSizes();
        for (int size : {16, 32, 48, 64, 128, 256})
            QVERIFY2(sizes.contains(QSize(size, size)), qPrintable(QString::number(size)));
    }
    // The watcher is gone once it has done its work.
    QTRY_COMPARE(window.findChildren<QObject *>().size(), 0);
}

QTEST_MAIN(tst_AppIcon)
#include "tst_appicon.moc"
