// The peer list: a model that diffs refreshes by connection id (checked by QAbstractItemModelTester)
// and a view whose selection survives them.

#include "peerlistmodel.h"
#include "peerlistview.h"

#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace sockpit;
using sockpit::ui::PeerListModel;
using sockpit::ui::PeerListView;

Q_DECLARE_METATYPE(QVector<sockpit::ConnId>)

namespace {

PeerInfo peer(ConnId id, qint64 in = 0, qint64 queued = 0, bool finished = false)
{
    PeerInfo info;
    info.id = id;
    info.peer = QStringLiteral("127.0.0.1:%1").arg(50000 + id);
    info.local = QStringLiteral("127.0.0.1:9000");
    info.sinceUs = 1700000000000000LL + qint64(id) * 1000000;
    info.bytesIn = in;
    info.bytesOut = in / 2;
    info.queuedBytes = queued;
    info.peerFinished = finished;
    return info;
}

QVector<ConnId> idsOf(const PeerListModel &model)
{
    QVector<ConnId> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.idAt(row));
    return ids;
}

} // namespace

class tst_PeerList : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void modelDiffs_data();
    void modelDiffs();
    void modelShowsCounters();
    void selectionSurvivesRefresh();
    void disconnectEmitsSelectedIds();
    void titlePerMode();
    void widthFollowsTheFont();
};

void tst_PeerList::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); // fixed number formats
}

void tst_PeerList::modelDiffs_data()
{
    QTest::addColumn<QVector<PeerInfo>>("before");
    QTest::addColumn<QVector<PeerInfo>>("after");
    QTest::addColumn<QVector<ConnId>>("rows"); // the ids by row afterwards
    QTest::addColumn<int>("inserted");
    QTest::addColumn<int>("removed");
    QTest::addColumn<int>("changed"); // dataChanged signals

    const QVector<PeerInfo> three {peer(1), peer(2), peer(3)};
    QTest::newRow("add to empty") << QVector<PeerInfo> {} << three << QVector<ConnId> {1, 2, 3} << 3 << 0
                                  << 0;
    QTest::newRow("same again") << three << three << QVector<ConnId> {1, 2, 3} << 0 << 0 << 0;
    QTest::newRow("update counters") << three << QVector<PeerInfo> {peer(1), peer(2, 500, 10), peer(3)}
                                     << QVector<ConnId> {1, 2, 3} << 0 << 0 << 1;
    QTest::newRow("new order changes nothing")
        << three << QVector<PeerInfo> {peer(3), peer(1), peer(2)} << QVector<ConnId> {1, 2, 3} << 0 << 0 << 0;
    QTest::newRow("remove middle") << three << QVector<PeerInfo> {peer(1), peer(3)} << QVector<ConnId> {1, 3}
                                   << 0 << 1 << 0;
    QTest::newRow("remove, add and update")
        << three << QVector<PeerInfo> {peer(5), peer(2, 1, 0, true), peer(4)} << QVector<ConnId> {2, 5, 4}
        << 2 << 2 << 1;
    QTest::newRow("remove all") << three << QVector<PeerInfo> {} << QVector<ConnId> {} << 0 << 1 << 0;
}

void tst_PeerList::modelDiffs()
{
    QFETCH(QVector<PeerInfo>, before);
    QFETCH(QVector<PeerInfo>, after);
    QFETCH(QVector<ConnId>, rows);
    QFETCH(int, inserted);
    QFETCH(int, removed);
    QFETCH(int, changed);

    PeerListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPeers(before);
    QCOMPARE(model.rowCount(), before.size());
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removes(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    model.setPeers(after);
    QCOMPARE(idsOf(model), rows);
    QCOMPARE(resets.count(), 0);
    int insertedRows = 0;
    for (const QList<QVariant> &args : std::as_const(inserts))
        insertedRows += args.at(2).toInt() - args.at(1).toInt() + 1;
    QCOMPARE(insertedRows, inserted);
    QCOMPARE(removes.count(), removed);
    QCOMPARE(changes.count(), changed);
    // Every row shows the newest counters of its peer.
    for (int row = 0; row < model.rowCount(); ++row) {
        const PeerInfo &shown = model.peerAt(row);
        for (const PeerInfo &fresh : std::as_const(after)) {
            if (fresh.id == shown.id)
                QCOMPARE(shown.bytesIn, fresh.bytesIn);
        }
    }
}

void tst_PeerList::modelShowsCounters()
{
    PeerListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setWarningColor(QColor(Qt::darkYellow));
    model.setPeers({peer(1, 1229, 0), peer(2, 10, 4096, true)});
    const auto at = [&](int row, int column, int role = Qt::DisplayRole) {
        return model.data(model.index(row, column), role);
    };
    QCOMPARE(at(0, PeerListModel::AddressColumn).toString(), QStringLiteral("127.0.0.1:50001"));
    QCOMPARE(at(1, PeerListModel::AddressColumn).toString(), QStringLiteral("127.0.0.1:50002 (half-closed)"));
    QCOMPARE(at(0, PeerListModel::InColumn).toString(), QStringLiteral("1.2 kB"));
    QCOMPARE(
        at(0, PeerListModel::InColumn, Qt::ToolTipRole).toString(), QStringLiteral("1,229 bytes received"));
    const QDateTime since = QDateTime::fromMSecsSinceEpoch(1700000001000LL).toLocalTime();
    QCOMPARE(at(0, PeerListModel::SinceColumn).toString(), since.toString(QStringLiteral("hh:mm:ss")));
    // A peer that does not read stands out, and says how much is waiting.
    QVERIFY(!at(0, PeerListModel::QueuedColumn, Qt::ForegroundRole).isValid());
    QCOMPARE(at(1, PeerListModel::QueuedColumn, Qt::ForegroundRole).value<QColor>(), QColor(Qt::darkYellow));
    QCOMPARE(at(1, PeerListModel::QueuedColumn, Qt::ToolTipRole).toString(),
        QStringLiteral("4,096 bytes waiting to be sent"));
    QCOMPARE(at(1, PeerListModel::QueuedColumn).toString(), QStringLiteral("4.0 kB"));
    QCOMPARE(at(1, PeerListModel::AddressColumn, PeerListModel::IdRole).value<ConnId>(), ConnId(2));
}

void tst_PeerList::selectionSurvivesRefresh()
{
    PeerListView view;
    view.setMode(SessionMode::TcpServer);
    view.resize(500, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setPeers({peer(1), peer(2), peer(3)});
    QSignalSpy selections(&view, &PeerListView::selectionChanged);
    QTableView *table = view.tableView();
    QTest::mouseClick(
        table->viewport(), Qt::LeftButton, {}, table->visualRect(table->model()->index(1, 0)).center());
    QCOMPARE(view.selectedPeers(), QVector<ConnId> {2});
    QCOMPARE(selections.count(), 1);
    QVERIFY(view.disconnectButton()->isEnabled());

    // Counters tick, a peer arrives, another leaves: the selection stays on peer 2.
    view.setPeers({peer(1, 100), peer(2, 200, 5), peer(3, 300)});
    QCOMPARE(view.selectedPeers(), QVector<ConnId> {2});
    view.setPeers({peer(2, 250, 0), peer(3, 300), peer(4)});
    QCOMPARE(view.selectedPeers(), QVector<ConnId> {2});
    QCOMPARE(table->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(table->selectionModel()->selectedRows().constFirst().row(), 0);
    QCOMPARE(selections.count(), 1);

    // When the selected peer goes, the selection is empty and says so.
    view.setPeers({peer(3), peer(4)});
    QVERIFY(view.selectedPeers().isEmpty());
    QCOMPARE(selections.count(), 2);
    QVERIFY(!view.disconnectButton()->isEnabled());
}

void tst_PeerList::disconnectEmitsSelectedIds()
{
    PeerListView view;
    view.setMode(SessionMode::TcpServer);
    view.resize(500, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setPeers({peer(7), peer(8), peer(9)});
    QPushButton *disconnect = view.disconnectButton();
    QVERIFY(disconnect->isVisible());
    QVERIFY(!disconnect->isEnabled());
    QSignalSpy requests(&view, &PeerListView::disconnectRequested);
    QTableView *table = view.tableView();
    const auto rowCenter = [&](int row) { return table->visualRect(table->model()->index(row, 1)).center(); };
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rowCenter(2));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::ControlModifier, rowCenter(0));
    QCOMPARE(view.selectedPeers(), (QVector<ConnId> {7, 9}));
    QVERIFY(disconnect->isEnabled());
    QTest::mouseClick(disconnect, Qt::LeftButton);
    QCOMPARE(requests.count(), 1);
    QCOMPARE(requests.constFirst().constFirst().value<QVector<ConnId>>(), (QVector<ConnId> {7, 9}));
}

void tst_PeerList::titlePerMode()
{
    PeerListView view;
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto *title = view.findChild<QLabel *>(QStringLiteral("peerTitle"));
    QVERIFY(title);
    view.setMode(SessionMode::TcpServer);
    view.setPeers({peer(1), peer(2), peer(3)});
    QCOMPARE(title->text(), QStringLiteral("Clients (3)"));
    view.setMode(SessionMode::Udp);
    QCOMPARE(title->text(), QStringLiteral("Peers (3)"));
    QVERIFY(!view.disconnectButton()->isVisible());
    view.setPeers({peer(2), peer(3)});
    QCOMPARE(title->text(), QStringLiteral("Peers (2)"));
}

// The list's preferred width is kept between layouts and measured again when the font changes.
void tst_PeerList::widthFollowsTheFont()
{
    PeerListView view;
    const int width = view.sizeHint().width();
    QCOMPARE(view.sizeHint().width(), width);
    QFont font = view.font();
    font.setPointSizeF(font.pointSizeF() * 2);
    view.setFont(font);
    const int wider = view.sizeHint().width();
    QVERIFY2(wider > width * 3 / 2, qPrintable(QStringLiteral("%1 -> %2").arg(width).arg(wider)));
    view.setFont(QFont());
    QCOMPARE(view.sizeHint().width(), width);
}

QTEST_MAIN(tst_PeerList)
#include "tst_peerlist.moc"
