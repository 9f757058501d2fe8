#include "appicon.h"

#include <QApplication>
#include <QEvent>
#include <QIcon>
#include <QPointer>
#include <QTimer>
#include <QWidget>

namespace sockpit::ui {

namespace {

// Watches for the first paint event. An event filter runs before the widget paints, so the icon is
// looked up from the event loop afterwards, once the window is on the screen.
class IconAfterFirstPaint final : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint) {
            watched->removeEventFilter(this);
            QTimer::singleShot(0, this, [this] {
                QIcon icon;
                for (int size : {16, 32, 48, 64, 128, 256})
                    icon.addFile(QStringLiteral(":/icons/%1x%1/apps/sockpit.png").arg(size));
                QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("sockpit"), icon));
                deleteLater();
            });
        }
        return false;
    }
};

} // namespace

void setAppIconAfterFirstPaint(QWidget *window)
{
    window->installEventFilter(new IconAfterFirstPaint(window));
}

} // namespace sockpit::ui
