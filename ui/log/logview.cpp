#include "logview.h"

#include "conversationmodel.h"
#include "conversationview.h"
#include "logcolumns.h"
#include "logmodel.h"
#include "textencodings.h"

#include <QAction>
#include <QButtonGroup>
#include <QClipboard>
#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace sockpit::ui {

namespace {

constexpr int FilterDelayMs = 150;
constexpr RenderMode Modes[3] = {RenderMode::Text, RenderMode::Hex, RenderMode::Both};
// The newest rows of the table a conversation is built from when it is shown: enough for its cap of
// messages in most traffic, few enough to build at once.
constexpr int ConversationSeedRows = 20000;

// A line edit's clear button only shows while it holds text, and its icon is the first one taken from
// the icon theme, which reads the theme's index files: several milliseconds of the window's start. The
// button is therefore made when the field first gets text.
void enableClearButtonOnFirstText(QLineEdit *edit)
{
    QObject::connect(
        edit, &QLineEdit::textChanged, edit, [edit] { edit->setClearButtonEnabled(true); },
        Qt::SingleShotConnection);
}

} // namespace

LogView::LogView(QWidget *parent)
    : QWidget(parent)
    , m_model(new LogModel(this))
    , m_proxy(new LogFilterProxy(m_model, this))
    , m_table(new QTableView(this))
{
    auto *bar = new LogBar(this);
    buildFilterBar(bar);

    m_table->setModel(m_proxy);
    m_columns = new LogColumns(m_table);
    m_columns->setWanted(LogModel::CheckColumn, false); // until the session checks checksums
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerItem); // scroll values are rows
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setShowGrid(false);
    m_table->setCornerButtonEnabled(false);
    m_table->verticalHeader()->hide();
    // Every row the same height: the view then finds rows by arithmetic, whatever the row count.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    // The payload cell gets only as many characters as its column can show: a repaint lays out every
    // character it is given, so 30 rows of 1 KiB payloads as hex would cost over 100 ms each time.
    // The header tells of a stretched last section before sectionSize() returns its new width.
    connect(
        m_table->horizontalHeader(), &QHeaderView::sectionResized, this, [this](int section, int, int width) {
            if (section == LogModel::PayloadColumn)
                updateDisplayChars(width);
        });
    m_table->installEventFilter(this);

    m_copyAction = new QAction(this);
    m_copyAction->setShortcut(QKeySequence::Copy);
    m_copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_saveAction = new QAction(this);
    m_clearAction = new QAction(this);
    connect(m_copyAction, &QAction::triggered, this, &LogView::copySelection);
    connect(m_saveAction, &QAction::triggered, this, &LogView::saveWithDialog);
    connect(m_clearAction, &QAction::triggered, this, &LogView::clear);
    m_microsecondsAction = new QAction(this);
    m_microsecondsAction->setCheckable(true);
    connect(m_microsecondsAction, &QAction::toggled, m_model, &LogModel::setTimePrecision);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->addActions({m_copyAction, m_saveAction, m_clearAction, m_microsecondsAction});
    for (QAction *action : {m_copyAction, m_saveAction, m_clearAction}) {
        auto *button = new QToolButton(bar);
        button->setDefaultAction(action);
        bar->actions()->addWidget(button);
    }

    m_footer = new QWidget(this);
    m_noteLabel = new QLabel(m_footer);
    m_noteLabel->setTextFormat(Qt::PlainText);
    m_noteLabel->setWordWrap(true);
    m_resumeButton = new QPushButton(m_footer);
    m_resumeButton->hide();
    connect(m_resumeButton, &QPushButton::clicked, this, &LogView::resumeFollowing);
    auto *footerLayout = new QHBoxLayout(m_footer);
    footerLayout->setContentsMargins(0, 0, 0, 0);
    footerLayout->addWidget(m_noteLabel, 1);
    footerLayout->addWidget(m_resumeButton);
    m_footer->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_table);
    layout->addWidget(bar);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_footer);

    QScrollBar *scrollBar = m_table->verticalScrollBar();
    connect(scrollBar, &QScrollBar::valueChanged, this, &LogView::onScrollValueChanged);
    connect(scrollBar, &QScrollBar::rangeChanged, this, &LogView::onScrollRangeChanged);
    connect(m_model, &LogModel::countersChanged, this, &LogView::updateNote);

    m_filterTimer.setSingleShot(true);
    m_filterTimer.setInterval(FilterDelayMs);
    connect(&m_filterTimer, &QTimer::timeout, this, [this] {
        m_proxy->setText(m_filterEdit->text());
        afterFilterChange();
    });

    m_model->setPalette(palette());
    retranslate(); // also sizes rows and columns for the texts
}

LogView::~LogView()
{
    // QWidget's destructor hides the table, whose scroll bar and header then report to a LogView that
    // is gone.
    m_table->verticalScrollBar()->disconnect(this);
    m_table->horizontalHeader()->disconnect(this);
}

void LogView::buildFilterBar(LogBar *bar)
{
    m_filterEdit = new QLineEdit(bar);
    enableClearButtonOnFirstText(m_filterEdit);
    connect(m_filterEdit, &QLineEdit::textChanged, this, [this] { m_filterTimer.start(); });

    m_directionCombo = new QComboBox(bar);
    m_directionCombo->setObjectName(QStringLiteral("directionFilter"));
    for (int i = 0; i < LogFilterProxy::DirectionFilterCount; ++i)
        m_directionCombo->addItem(QString()); // texts in retranslate()
    connect(m_directionCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_proxy->setDirection(LogFilterProxy::DirectionFilter(index));
        afterFilterChange();
    });

    m_peerEdit = new QLineEdit(bar);
    enableClearButtonOnFirstText(m_peerEdit);
    connect(m_peerEdit, &QLineEdit::textChanged, this, [this](const QString &peer) {
        m_proxy->setPeer(peer);
        afterFilterChange();
    });

    auto *viewGroup = new QButtonGroup(bar);
    viewGroup->setExclusive(true);
    for (int i = 0; i < 2; ++i) {
        m_viewButtons[i] = new QToolButton(bar);
        m_viewButtons[i]->setCheckable(true);
        m_viewButtons[i]->setAutoRaise(true);
        viewGroup->addButton(m_viewButtons[i], i);
    }
    m_viewButtons[0]->setObjectName(QStringLiteral("showTable"));
    m_viewButtons[1]->setObjectName(QStringLiteral("showConversation"));
    m_viewButtons[0]->setChecked(true);
    connect(viewGroup, &QButtonGroup::idClicked, this, [this](int id) { setConversationShown(id == 1); });

    m_modeGroup = new QButtonGroup(bar);
    m_modeGroup->setExclusive(true);
    for (int i = 0; i < 3; ++i) {
        m_modeButtons[i] = new QToolButton(bar);
        m_modeButtons[i]->setCheckable(true);
        m_modeButtons[i]->setAutoRaise(true);
        m_modeGroup->addButton(m_modeButtons[i], i);
    }
    m_modeButtons[0]->setChecked(true);
    connect(m_modeGroup, &QButtonGroup::idClicked, this, [this](int id) { setRenderMode(Modes[id]); });

    m_encodingCombo = new QComboBox(bar);
    for (const QString &name : availableEncodings())
        m_encodingCombo->addItem(encodingLabel(name), name);
    connect(m_encodingCombo, &QComboBox::currentIndexChanged, this,
        [this](int index) { m_model->setEncoding(m_encodingCombo->itemData(index).toString()); });

    // Long encoding labels must not squeeze the filter fields in a 1024-pixel window.
    m_encodingCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_encodingCombo->setMinimumContentsLength(12);
    m_filterEdit->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 16);
    m_peerEdit->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 10);

    QHBoxLayout *filters = bar->filters();
    for (QToolButton *button : m_viewButtons)
        filters->addWidget(button);
    filters->addWidget(m_filterEdit, 3);
    filters->addWidget(m_directionCombo);
    filters->addWidget(m_peerEdit, 1);
    QHBoxLayout *actions = bar->actions();
    for (QToolButton *button : m_modeButtons)
        actions->addWidget(button);
    actions->addWidget(m_encodingCombo);
    // Takes the filters' room when the conversation hides them, or when the bar is two rows, so the
    // buttons stay packed.
    actions->addStretch(0);
}

LogBar::LogBar(QWidget *parent)
    : QWidget(parent)
    , m_rows(new QBoxLayout(QBoxLayout::LeftToRight, this))
    , m_filters(new QHBoxLayout)
    , m_actions(new QHBoxLayout)
{
    m_rows->setContentsMargins(0, 0, 0, 0);
    // The bar's minimum is its two-row minimum (minimumSizeHint()), not the current row's.
    m_rows->setSizeConstraint(QLayout::SetNoConstraint);
    m_rows->addLayout(m_filters, 1);
    m_rows->addLayout(m_actions);
}

bool LogBar::isTwoRows() const
{
    return m_rows->direction() == QBoxLayout::TopToBottom;
}

QSize LogBar::minimumSizeHint() const
{
    const QMargins margins = contentsMargins();
    return {std::max(m_filters->minimumSize().width(), m_actions->minimumSize().width()) + margins.left()
            + margins.right(),
        m_rows->minimumSize().height()};
}

void LogBar::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    arrange();
}

bool LogBar::event(QEvent *event)
{
    if (event->type() == QEvent::LayoutRequest)
        arrange(); // controls shown or hidden: one row may fit now, or no longer
    return QWidget::event(event);
}

void LogBar::arrange()
{
    const int oneRow = m_filters->minimumSize().width() + std::max(0, m_rows->spacing())
        + m_actions->minimumSize().width() + contentsMargins().left() + contentsMargins().right();
    const auto direction = width() >= oneRow ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
    if (direction == m_rows->direction())
        return;
    m_rows->setDirection(direction);
    m_rows->setStretchFactor(m_filters, direction == QBoxLayout::LeftToRight ? 1 : 0);
    updateGeometry(); // two rows are taller
}

void LogView::retranslate()
{
    m_filterEdit->setPlaceholderText(tr("Filter payload, peer, message\u2026"));
    m_filterEdit->setToolTip(
        tr("Shows only the rows whose payload (as displayed), peer or message contains this text"));
    m_directionCombo->setItemText(LogFilterProxy::AllDirections, tr("All"));
    m_directionCombo->setItemText(LogFilterProxy::InOnly, tr("In"));
    m_directionCombo->setItemText(LogFilterProxy::OutOnly, tr("Out"));
    m_directionCombo->setItemText(LogFilterProxy::EventsOnly, tr("Events"));
    m_directionCombo->setItemText(LogFilterProxy::BadChecksums, tr("Bad checksum"));
    m_directionCombo->setToolTip(
        tr("Which rows to show: received, sent, connection events, or messages with a wrong checksum"));
    m_peerEdit->setPlaceholderText(tr("Peer\u2026"));
    m_peerEdit->setToolTip(tr("Shows only the rows of peers whose address contains this text"));
    m_viewButtons[0]->setText(tr("Table"));
    m_viewButtons[0]->setToolTip(tr("Every event as a row: time, direction, peer, length and payload"));
    m_viewButtons[1]->setText(tr("Conversation"));
    m_viewButtons[1]->setToolTip(tr("Messages line by line under who said them, your own on the right"));
    m_modeButtons[0]->setText(tr("Text"));
    m_modeButtons[1]->setText(tr("Hex"));
    m_modeButtons[2]->setText(tr("Both"));
    m_encodingCombo->setToolTip(tr("How payload bytes are decoded for display"));
    for (int i = 0; i < m_encodingCombo->count(); ++i)
        m_encodingCombo->setItemText(i, encodingLabel(m_encodingCombo->itemData(i).toString()));
    m_copyAction->setText(tr("Copy"));
    m_copyAction->setToolTip(tr("Copy the selected rows as tab-separated text"));
    m_saveAction->setText(tr("Save\u2026"));
    m_saveAction->setToolTip(tr("Save the rows passing the filter as text, CSV or JSON Lines"));
    m_clearAction->setText(tr("Clear"));
    m_clearAction->setToolTip(tr("Remove every row from the view (a recording is not affected)"));
    m_microsecondsAction->setText(tr("Show microseconds"));
    m_resumeButton->setText(tr("Resume following"));
    m_resumeButton->setToolTip(tr("Scroll to the newest row and keep it in view"));
    m_model->retranslate();
    updateNote();
    updateMetrics();
}

void LogView::updateMetrics()
{
    // Row height from the fonts in use, fixed so no row is ever measured.
    const QFontMetrics text(m_table->font());
    const QFontMetrics fixed(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    const int height = std::max(text.height(), fixed.height()) + 4;
    QHeaderView *rows = m_table->verticalHeader();
    rows->setMinimumSectionSize(1);
    rows->setDefaultSectionSize(height);
    const int pad = 2 * text.horizontalAdvance(u'M');
    const auto setWidth = [this, &text, pad](int column, const QString &sample) {
        m_columns->setWidth(column, text.horizontalAdvance(sample) + pad);
    };
    setWidth(LogModel::TimeColumn, m_model->timeText(0) + QStringLiteral("000"));
    setWidth(LogModel::DeltaColumn, LogModel::deltaText(999999) + QLatin1Char('0'));
    QString dir;
    for (Direction d : {Direction::In, Direction::Out, Direction::Info, Direction::Error}) {
        if (text.horizontalAdvance(m_model->directionText(d)) > text.horizontalAdvance(dir))
            dir = m_model->directionText(d);
    }
    setWidth(LogModel::DirectionColumn, dir);
    setWidth(LogModel::PeerColumn, QStringLiteral("255.255.255.255:65535"));
    setWidth(LogModel::LengthColumn, QStringLiteral("000000"));
    QString check = m_model->headerData(LogModel::CheckColumn, Qt::Horizontal).toString();
    for (const QString &result :
        {LogModel::checkText(CheckResult::Ok), LogModel::checkText(CheckResult::Bad)}) {
        if (text.horizontalAdvance(result) > text.horizontalAdvance(check))
            check = result;
    }
    setWidth(LogModel::CheckColumn, check);
    // Wide enough for most calls; longer ones (a bind row's socket() and bind(), accept4()) are elided,
    // whole in the tool tip of the row.
    setWidth(LogModel::CallColumn, QStringLiteral("listen(SOMAXCONN)"));
    m_columns->fit();
    updateDisplayChars();
}

void LogView::updateDisplayChars(int width)
{
    // The payload font is fixed-width; a margin of characters so the style still elides (and shows
    // the ellipsis) rather than the cut falling exactly at the column's edge.
    const QFontMetrics fixed(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    const int glyph = std::max(1, fixed.horizontalAdvance(u'0'));
    if (width < 0)
        width = m_table->horizontalHeader()->sectionSize(LogModel::PayloadColumn);
    m_model->setDisplayChars(std::max(64, width / glyph + 16));
}

void LogView::changeEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::LanguageChange:
        retranslate();
        break;
    case QEvent::PaletteChange:
        m_model->setPalette(palette());
        break;
    case QEvent::FontChange:
        updateMetrics();
        break;
    default:
        break;
    }
    QWidget::changeEvent(event);
}

bool LogView::eventFilter(QObject *watched, QEvent *event)
{
    // The table's own Ctrl+C copies one cell; a window-wide Copy shortcut would take it elsewhere.
    const bool list = watched == m_table || (m_conversation && watched == m_conversation->listView());
    if (list && (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->matches(QKeySequence::Copy)) {
            event->accept();
            if (event->type() == QEvent::KeyPress)
                copySelection();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void LogView::appendEvents(const EventBatch &events, qint64 notDisplayed)
{
    if (events.isEmpty() && notDisplayed <= 0)
        return;
    // Not following: the row at the top stays at the top, even as older rows are dropped above it.
    qint64 anchor = -1;
    if (!m_following) {
        const QModelIndex top = m_table->indexAt(QPoint(0, 0));
        if (top.isValid())
            anchor = top.data(LogModel::EventRole).toLongLong();
    }
    m_adjustingScroll = true;
    m_model->appendEvents(events, notDisplayed);
    if (m_conversation)
        m_conversation->appendEvents(events);
    if (m_following) {
        m_table->scrollToBottom();
    } else if (anchor >= 0) {
        const int row = m_model->rowForSequence(anchor);
        const int proxyRow = row < 0 ? 0 : m_proxy->mapFromSource(m_model->index(row, 0)).row();
        m_table->verticalScrollBar()->setValue(std::max(0, proxyRow));
    }
    m_adjustingScroll = false;
}

void LogView::onScrollValueChanged(int value)
{
    if (m_adjustingScroll)
        return;
    // The user scrolled: away from the bottom stops following, back to the bottom resumes it.
    setFollowing(value >= m_table->verticalScrollBar()->maximum());
}

void LogView::onScrollRangeChanged(int, int max)
{
    if (!m_following)
        return;
    m_adjustingScroll = true;
    m_table->verticalScrollBar()->setValue(max);
    m_adjustingScroll = false;
}

void LogView::setFollowing(bool following)
{
    if (following == m_following)
        return;
    m_following = following;
    m_resumeButton->setVisible(!following);
    m_footer->setVisible(!following || !m_noteLabel->text().isEmpty());
    emit followingChanged(following);
}

void LogView::scrollToNewest()
{
    m_adjustingScroll = true;
    m_table->scrollToBottom();
    m_adjustingScroll = false;
}

void LogView::resumeFollowing()
{
    setFollowing(true);
    scrollToNewest();
}

void LogView::afterFilterChange()
{
    if (m_following)
        scrollToNewest();
}

void LogView::setTextFilter(const QString &text)
{
    if (m_filterEdit->text() != text) {
        const QSignalBlocker blocker(m_filterEdit);
        m_filterEdit->setText(text);
    }
    m_filterTimer.stop();
    m_proxy->setText(text);
    afterFilterChange();
}

void LogView::setDirectionFilter(int filterIndex)
{
    m_directionCombo->setCurrentIndex(std::clamp(filterIndex, 0, m_directionCombo->count() - 1));
}

void LogView::setPeerFilter(const QString &peer)
{
    m_peerEdit->setText(peer);
}

void LogView::setRenderMode(RenderMode mode)
{
    const int id = int(std::find(std::begin(Modes), std::end(Modes), mode) - std::begin(Modes));
    m_modeButtons[id]->setChecked(true);
    m_encodingCombo->setEnabled(mode != RenderMode::Hex); // hex needs no decoding
    m_model->setRenderMode(mode);
    afterFilterChange();
}

void LogView::setEncoding(const QString &encoding)
{
    const int index = m_encodingCombo->findData(encoding);
    if (index >= 0)
        m_encodingCombo->setCurrentIndex(index);
    else
        m_model->setEncoding(encoding); // a name outside the offered list still renders
}

void LogView::setRecordingActive(bool recording)
{
    m_recording = recording;
    updateNote();
}

void LogView::clear()
{
    m_model->clear();
    if (m_conversation)
        m_conversation->clear();
    setFollowing(true);
    updateNote();
}

void LogView::setConversationOptions(bool chatClient, bool framedBySession)
{
    m_chatClient = chatClient;
    m_framedBySession = framedBySession;
    m_model->setMessagesWhole(framedBySession);
    if (m_conversation) {
        m_conversation->model()->setChatClient(chatClient);
        m_conversation->model()->setFramedBySession(framedBySession);
    }
}

void LogView::setConversationShown(bool shown)
{
    if (shown == isConversationShown())
        return;
    m_viewButtons[shown ? 1 : 0]->setChecked(true);
    if (shown) {
        m_conversation = new ConversationView(this);
        m_conversation->model()->setChatClient(m_chatClient);
        m_conversation->model()->setFramedBySession(m_framedBySession);
        const LogStore &rows = m_model->rows();
        EventBatch seed;
        const size_t first
            = rows.size() > size_t(ConversationSeedRows) ? rows.size() - ConversationSeedRows : 0;
        seed.reserve(qsizetype(rows.size() - first));
        for (size_t row = first; row < rows.size(); ++row)
            seed.append(m_model->eventAt(int(row))); // as the table shows it (a recording reads it again)
        m_conversation->model()->appendEvents(seed, m_conversation->model()->capacity());
        m_conversation->listView()->installEventFilter(this);
        m_conversation->listView()->setContextMenuPolicy(Qt::ActionsContextMenu);
        m_conversation->listView()->addActions({m_copyAction, m_clearAction});
        m_stack->addWidget(m_conversation);
        m_stack->setCurrentWidget(m_conversation);
        m_conversation->setFocus();
    } else {
        m_stack->setCurrentWidget(m_table);
        // Rebuilt from the table's rows when shown again. Forgotten before it goes: its list view sends
        // events through our filter while it is being destroyed.
        ConversationView *gone = std::exchange(m_conversation, nullptr);
        gone->listView()->removeEventFilter(this);
        delete gone;
    }
    // The filters and the rendering are the table's.
    for (QWidget *tableOnly : std::initializer_list<QWidget *> {m_filterEdit, m_directionCombo, m_peerEdit,
             m_modeButtons[0], m_modeButtons[1], m_modeButtons[2], m_encodingCombo})
        tableOnly->setVisible(!shown);
    emit conversationShownChanged(shown);
}

void LogView::updateNote()
{
    const QString note = m_model->lossNote(m_recording);
    m_noteLabel->setText(note);
    m_footer->setVisible(!m_following || !note.isEmpty());
}

bool LogView::saveTo(const QString &path, SaveFormat format, QString *error) const
{
    return saveLogRows(*m_model, m_proxy->sourceRows(), path, format, error);
}

QString LogView::selectedRowsText() const
{
    if (m_conversation)
        return m_conversation->selectedText();
    return logRowsAsText(
        *m_model, m_proxy->sourceRows(m_table->selectionModel()->selectedRows()), checksumColumnShown());
}

void LogView::copySelection()
{
    const QString text = selectedRowsText();
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

void LogView::saveWithDialog()
{
    saveLogWithDialog(this, [this](const QString &path, SaveFormat format, QString *error) {
        return saveTo(path, format, error);
    });
}

void LogView::setChecksumColumnShown(bool shown)
{
    m_columns->setWanted(LogModel::CheckColumn, shown);
}

bool LogView::checksumColumnShown() const
{
    return m_columns->isWanted(LogModel::CheckColumn);
}

void LogView::setSystemCallsShown(bool shown)
{
    m_columns->setWanted(LogModel::CallColumn, shown);
}

bool LogView::systemCallsShown() const
{
    return m_columns->isWanted(LogModel::CallColumn);
}

} // namespace sockpit::ui
