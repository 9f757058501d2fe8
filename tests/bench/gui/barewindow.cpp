// The reference for "window shown after launch": the least a Qt table window takes to appear, built
// with the same Qt and flags as Sockpit. A QMainWindow titled "Bare Window" with an empty
// QTableView as its central widget, nothing else.

#include <QApplication>
#include <QMainWindow>
#include <QStandardItemModel>
#include <QTableView>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.setWindowTitle(QStringLiteral("Bare Window"));
    QStandardItemModel model(0, 5);
    auto *table = new QTableView(&window);
    table->setModel(&model);
    window.setCentralWidget(table);
    window.resize(1000, 700);
    window.show();
    return app.exec();
}
