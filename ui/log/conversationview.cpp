#include "conversationview.h"

#include "conversationdelegate.h"
#include "conversationmodel.h"

#include <QEvent>
#include <QItemSelectionModel>
#include <QListView>
#include <QScrollBar>
#include <QVBoxLayout>

#include <algorithm>

namespace sockpit::ui {

ConversationView::ConversationView(QWidget *parent)
    : QWidget(parent)
    , m_model(new ConversationModel(this))
    , m_delegate(new ConversationDelegate(this))
    , m_list(new QListView(this))
{
    m_list->setObjectName(QStringLiteral("conversationList"));
    m_list->setModel(m_model);
    m_list->setItemDelegate(m_delegate);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setUniformItemSizes(false);
    // Laid out in batches, so a long conversation never holds the window while it is measured.
    m_list->setLayoutMode(QListView::Batched);
    m_list->setBatchSize(200);
    m_list->setWordWrap(true);
    m_list->viewport()->installEventFilter(this);
    m_delegate->setWidth(m_list->viewport()->width());
    ConversationDelegate::prepareFonts(m_list->font());

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list);

    QScrollBar *scrollBar = m_list->verticalScrollBar();
    connect(scrollBar, &QScrollBar::valueChanged, this, [this, scrollBar](int value) {
        if (!m_adjustingScroll)
            m_following = value >= scrollBar->maximum();
    });
    connect(scrollBar, &QScrollBar::rangeChanged, this, [this] {
        if (m_following)
            scrollToNewest();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_following)
            scrollToNewest();
    });
}

bool ConversationView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_list->viewport() && event->type() == QEvent::Resize
        && m_delegate->width() != m_list->viewport()->width()) {
        m_delegate->setWidth(m_list->viewport()->width());
        m_list->doItemsLayout(); // every message is measured again for the new width
        if (m_following)
            scrollToNewest();
    }
    return QWidget::eventFilter(watched, event);
}

void ConversationView::appendEvents(const EventBatch &events)
{
    m_model->appendEvents(events);
}

void ConversationView::clear()
{
    m_model->clear();
    m_following = true;
}

QString ConversationView::selectedText() const
{
    QModelIndexList selected = m_list->selectionModel()->selectedIndexes();
    std::sort(selected.begin(), selected.end(),
        [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList lines;
    for (const QModelIndex &index : std::as_const(selected)) {
        const ConversationModel::Message &message = m_model->messageAt(index.row());
        QString line = m_model->timeText(message.timeUs) + QLatin1Char(' ');
        if (!message.speaker.isEmpty())
            line += message.speaker + QStringLiteral(": ");
        else if (message.side == ConversationModel::Side::Mine)
            line += QStringLiteral("> ");
        lines.append(line + message.text);
    }
    return lines.join(QLatin1Char('\n'));
}

void ConversationView::scrollToNewest()
{
    m_adjustingScroll = true;
    m_list->scrollToBottom();
    m_adjustingScroll = false;
}

} // namespace sockpit::ui
