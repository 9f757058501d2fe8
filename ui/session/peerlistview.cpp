#include "peerlistview.h"

#include "modetraits.h"
#include "peerlistmodel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace sockpit::ui {

namespace {

// Orange, as light or as dark as the palette's text, so it reads on light and dark palettes alike.
QColor warningColor(const QPalette &palette)
{
    const qreal lightness = palette.color(QPalette::Text).lightnessF();
    return QColor::fromHslF(0.08, 0.9, qBound(0.35, lightness, 0.65));
}

} // namespace

PeerListView::PeerListView(QWidget *parent)
    : QWidget(parent)
    , m_model(new PeerListModel(this))
    , m_title(new QLabel)
    , m_table(new QTableView)
    , m_disconnect(new QPushButton)
{
    m_title->setObjectName(QStringLiteral("peerTitle"));
    m_title->setTextFormat(Qt::PlainText);
    m_table->setObjectName(QStringLiteral("peerTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle); // both ends of "[fe80::1%eth0]:5312" matter
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setResizeContentsPrecision(0); // the rows in view: cheap with 10,000 clients
    m_table->horizontalHeader()->setSectionResizeMode(PeerListModel::AddressColumn, QHeaderView::Stretch);
    m_disconnect->setObjectName(QStringLiteral("disconnectPeers"));
    m_disconnect->setEnabled(false);
    m_model->setWarningColor(warningColor(palette()));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_disconnect);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &PeerListView::onSelectionMaybeChanged);
    // Removing selected rows shrinks the selection without a selectionChanged signal.
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &PeerListView::onSelectionMaybeChanged);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &PeerListView::updateTitle);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &PeerListView::updateTitle);
    connect(m_disconnect, &QPushButton::clicked, this, [this] {
        const QVector<ConnId> ids = selectedPeers();
        if (!ids.isEmpty())
            emit disconnectRequested(ids);
    });
    retranslate();
}

QSize PeerListView::sizeHint() const
{
    // Layouts ask for the hint many times while the tab is built and shown; it changes only with the
    // font, the style, the language and the locale (changeEvent()).
    if (m_hintWidth < 0)
        m_hintWidth = hintWidth();
    return {m_hintWidth, QWidget::sizeHint().height()};
}

int PeerListView::hintWidth() const
{
    const QFontMetrics metrics(m_table->font());
    // An item view's text margin: the focus frame's margin and one pixel, on each side.
    const int margin
        = 2 * (m_table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_table) + 1);
    const QLocale locale;
    const QString size = locale.formattedDataSize(999 * 1024 * 1024 + 900 * 1024, 1,
        QLocale::DataSizeTraditionalFormat); // the widest a size gets: "999.9 MiB"
    QString sample[PeerListModel::ColumnCount];
    sample[PeerListModel::AddressColumn] = QStringLiteral("255.255.255.255:65535");
    sample[PeerListModel::SinceColumn] = QStringLiteral("00:00:00");
    sample[PeerListModel::InColumn] = size;
    sample[PeerListModel::OutColumn] = size;
    sample[PeerListModel::QueuedColumn] = size;
    const QHeaderView *header = m_table->horizontalHeader();
    int width = 2 * m_table->frameWidth() + m_table->style()->pixelMetric(QStyle::PM_ScrollBarExtent);
    for (int column = 0; column < PeerListModel::ColumnCount; ++column)
        width
            += std::max(header->sectionSizeHint(column), metrics.horizontalAdvance(sample[column]) + margin);
    return width;
}

void PeerListView::setMode(SessionMode mode)
{
    m_mode = mode;
    // UDP has no connections to close: a peer is just an address heard from.
    m_disconnect->setVisible(modeTraits(mode).peersAreConnections);
    updateTitle();
}

void PeerListView::setPeers(const QVector<PeerInfo> &peers)
{
    m_model->setPeers(peers);
    // The columns sized to their contents follow the counters as they grow (the header alone measures
    // them when rows come and go, not when their values change), from the rows in view only.
    for (int column = 0; column < PeerListModel::ColumnCount; ++column) {
        if (column != PeerListModel::AddressColumn)
            m_table->resizeColumnToContents(column);
    }
}

QVector<ConnId> PeerListView::selectedPeers() const
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
        [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QVector<ConnId> ids;
    ids.reserve(rows.size());
    for (const QModelIndex &index : std::as_const(rows))
        ids.append(m_model->idAt(index.row()));
    return ids;
}

void PeerListView::onSelectionMaybeChanged()
{
    const QVector<ConnId> selection = selectedPeers();
    m_disconnect->setEnabled(!selection.isEmpty());
    if (selection == m_lastSelection)
        return;
    m_lastSelection = selection;
    emit selectionChanged();
}

void PeerListView::updateTitle()
{
    const int count = m_model->rowCount();
    m_title->setText(modeTraits(m_mode).peersAreConnections ? tr("Clients (%n)", nullptr, count)
                                                            : tr("Peers (%n)", nullptr, count));
}

void PeerListView::retranslate()
{
    m_disconnect->setText(tr("Disconnect"));
    m_disconnect->setToolTip(tr("Close the connections of the selected clients"));
    m_model->retranslate();
    updateTitle();
}

void PeerListView::changeEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::LanguageChange:
        retranslate();
        invalidateHint();
        break;
    case QEvent::PaletteChange:
        m_model->setWarningColor(warningColor(palette()));
        break;
    case QEvent::FontChange:
    case QEvent::StyleChange:
    case QEvent::LocaleChange:
        invalidateHint();
        break;
    default:
        break;
    }
    QWidget::changeEvent(event);
}

void PeerListView::invalidateHint()
{
    m_hintWidth = -1;
    updateGeometry();
}

} // namespace sockpit::ui
