#include "messageinspector.h"

#include "checksumcheck.h"

#include "hexdumpview.h"
#include "logfilterproxy.h"
#include "logmodel.h"
#include "logview.h"

#include <QAction>
#include <QClipboard>
#include <QEvent>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTextCursor>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace sockpit::ui {

namespace {

constexpr CopyFormat CopyFormats[] = {CopyFormat::Hex, CopyFormat::CArray, CopyFormat::PythonBytes,
    CopyFormat::Base64, CopyFormat::EscapedText};
constexpr ByteMarkKind MarkKinds[]
    = {ByteMarkKind::FrameHeader, ByteMarkKind::Delimiter, ByteMarkKind::Checksum};

bool isData(Direction dir)
{
    return dir == Direction::In || dir == Direction::Out;
}

// Control characters written as the log writes them (\r, \0, \x1b, and \\ for a backslash), so a
// CR, a NUL or an escape sequence in peer bytes is seen rather than obeyed, whatever glyphs the font
// has; line feeds and tabs keep laying out the text.
QString showControls(const QString &text)
{
    static const char digits[] = "0123456789abcdef";
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (((u >= 0x20 && u != 0x7f) || u == u'\n' || u == u'\t') && u != u'\\') {
            out += c;
        } else if (u == u'\\') {
            out += QLatin1String("\\\\"); // doubled, so a shown \r is always a CR
        } else if (u == u'\r') {
            out += QLatin1String("\\r");
        } else if (u == 0) {
            out += QLatin1String("\\0");
        } else {
            out += QLatin1String("\\x");
            out += QLatin1Char(digits[u >> 4]);
            out += QLatin1Char(digits[u & 0xf]);
        }
    }
    return out;
}

} // namespace

MessageInspector::MessageInspector(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_note(new QLabel(this))
    , m_copyButton(new QToolButton(this))
    , m_copyMenu(new QMenu(this))
    , m_tabs(new QTabWidget(this))
    , m_hex(new HexDumpView(this))
    , m_textPage(new QWidget(this))
    , m_text(new QPlainTextEdit(m_textPage))
    , m_textNote(new QLabel(m_textPage))
    , m_moreText(new QPushButton(m_textPage))
{
    setObjectName(QStringLiteral("messageInspector"));
    m_summary->setObjectName(QStringLiteral("inspectorSummary"));
    m_summary->setTextFormat(Qt::PlainText); // a peer's address or an error text is never markup
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->setObjectName(QStringLiteral("inspectorNote"));
    m_note->setTextFormat(Qt::PlainText);
    m_note->setWordWrap(true);
    m_note->hide();
    m_copyButton->setObjectName(QStringLiteral("inspectorCopy"));
    m_copyButton->setPopupMode(QToolButton::InstantPopup);
    m_copyButton->setMenu(m_copyMenu);
    static const char *const copyNames[] = {"inspectorCopyHex", "inspectorCopyC", "inspectorCopyPython",
        "inspectorCopyBase64", "inspectorCopyEscaped"};
    for (int i = 0; i < 5; ++i) {
        m_copyActions[i] = m_copyMenu->addAction(QString());
        m_copyActions[i]->setObjectName(QLatin1String(copyNames[i]));
        const CopyFormat format = CopyFormats[i];
        connect(m_copyActions[i], &QAction::triggered, this, [this, format] { copy(format); });
    }
    static const char *const legendNames[]
        = {"inspectorLegendHeader", "inspectorLegendDelimiter", "inspectorLegendChecksum"};
    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_summary, 1);
    for (int i = 0; i < 3; ++i) {
        m_legend[i] = new QLabel(this);
        m_legend[i]->setObjectName(QLatin1String(legendNames[i]));
        m_legend[i]->setAutoFillBackground(true);
        m_legend[i]->setContentsMargins(4, 0, 4, 0);
        m_legend[i]->hide();
        top->addWidget(m_legend[i]);
    }
    top->addWidget(m_copyButton);

    m_tabs->setObjectName(QStringLiteral("inspectorTabs"));
    m_tabs->setDocumentMode(true);
    m_hex->setObjectName(QStringLiteral("inspectorHex"));
    m_text->setObjectName(QStringLiteral("inspectorText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_text->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_text->setFont(m_hex->font());
    m_textNote->setObjectName(QStringLiteral("inspectorTextNote"));
    m_textNote->setTextFormat(Qt::PlainText);
    m_moreText->setObjectName(QStringLiteral("inspectorMoreText"));
    connect(m_moreText, &QPushButton::clicked, this, &MessageInspector::showMoreText);
    auto *textLayout = new QVBoxLayout(m_textPage);
    textLayout->setContentsMargins(0, 0, 0, 0);
    textLayout->addWidget(m_text, 1);
    auto *more = new QHBoxLayout;
    more->addWidget(m_textNote, 1);
    more->addWidget(m_moreText);
    textLayout->addLayout(more);
    m_tabs->addTab(m_hex, QString());
    m_tabs->addTab(m_textPage, QString());
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (!m_switchingTabs)
            m_chosenTab = index;
        ensureText();
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_note);
    layout->addWidget(m_tabs, 1);
    retranslate();
    clearMessage();
}

void MessageInspector::attach(LogView *view)
{
    LogFilterProxy *proxy = view->filterModel();
    LogModel *model = view->model();
    connect(view->tableView()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this, proxy, model](const QModelIndex &current) {
            if (current.isValid())
                inspectRow(model, proxy->mapToSource(current).row());
        });
    connect(model, &QAbstractItemModel::modelReset, this, &MessageInspector::clearMessage);
    connect(model, &LogModel::encodingChanged, this, [this, model] { setEncoding(model->encoding()); });
    setEncoding(model->encoding());
}

void MessageInspector::inspectRow(const LogModel *model, int row)
{
    if (row < 0 || row >= model->rowCount())
        return;
    Event event = model->eventAt(row);
    event.timeUs = model->rows().timeUs(size_t(row));
    if (isData(event.dir))
        event.payload = model->payloadAt(row);
    inspect(event, summaryOf(model, event));
    m_summaryModel = model; // to say it again in another language
}

QString MessageInspector::summaryOf(const LogModel *model, const Event &event)
{
    QString summary = model->timeText(event.timeUs) + QStringLiteral("  ") + model->directionText(event.dir);
    if (!event.peer.isEmpty())
        summary += QStringLiteral("  ") + event.peer;
    if (isData(event.dir)) {
        // Not a %n plural: the English text must read right without a translation loaded.
        summary += QStringLiteral("  ")
            + (event.len == 1 ? tr("1 byte") : tr("%1 bytes").arg(QLocale().toString(event.len)));
    }
    return summary;
}

void MessageInspector::inspect(const Event &event, const QString &summary)
{
    m_event = event;
    m_hasMessage = true;
    m_summaryModel = nullptr;
    m_summary->setText(summary);
    const bool data = isData(event.dir);
    m_hex->setBytes(data ? event.payload : QByteArray());
    if (data) {
        ByteMarks marks;
        if (event.dir == Direction::In)
            marks = framingMarks(m_framing, event.payload, event.len);
        if (event.dir == Direction::In && event.check != CheckResult::None) {
            // The session checked it: its value sits where the check says, right or wrong.
            marks += receiveCheckMarks(event, marks);
        } else if (m_checksumSource) {
            marks += checksumMarks(m_checksumSource(), event.payload, event.len, marks);
        }
        m_hex->setMarks(marks);
    }
    for (QAction *action : m_copyActions)
        action->setEnabled(data);
    m_copyButton->setEnabled(data);
    // An info or error row is its text; the next message opens in the tab the user chose.
    m_switchingTabs = true;
    m_tabs->setCurrentIndex(data ? m_chosenTab : m_tabs->indexOf(m_textPage));
    m_switchingTabs = false;
    updateNote();
    updateLegend();
    resetText();
}

void MessageInspector::clearMessage()
{
    m_event = Event();
    m_hasMessage = false;
    m_summaryModel = nullptr;
    m_hex->setBytes({});
    for (QAction *action : m_copyActions)
        action->setEnabled(false);
    m_copyButton->setEnabled(false);
    retranslate();
    resetText();
}

void MessageInspector::setReceiveFraming(const Framing &framing)
{
    m_framing = framing;
}

void MessageInspector::setReceiveCheck(const ChecksumCheck &check)
{
    m_receiveCheck = check;
}

ByteMarks MessageInspector::receiveCheckMarks(const Event &event, const ByteMarks &frame) const
{
    qint64 trailer = 0;
    for (const ByteMark &mark : frame) {
        if (mark.kind == ByteMarkKind::Delimiter && mark.start + mark.length == event.len)
            trailer = mark.length;
    }
    const ChecksumLayout layout = checksumLayout(m_receiveCheck, event.len, trailer);
    if (!layout.fits || layout.valueEnd > event.payload.size())
        return {};
    return {{layout.coveredEnd, layout.valueEnd - layout.coveredEnd, ByteMarkKind::Checksum}};
}

void MessageInspector::setEncoding(const QString &encoding)
{
    if (encoding == m_encoding)
        return;
    m_encoding = encoding;
    resetText();
}

ByteMarks MessageInspector::marks() const
{
    return m_hex->marks();
}

void MessageInspector::setMarks(const ByteMarks &marks)
{
    m_hex->setMarks(marks);
    updateLegend();
}

QString MessageInspector::copyText(CopyFormat format) const
{
    return messageCopyText(m_event.payload, format, m_encoding);
}

void MessageInspector::copy(CopyFormat format)
{
    QGuiApplication::clipboard()->setText(copyText(format));
}

void MessageInspector::updateNote()
{
    const qint64 kept = m_event.payload.size();
    if (m_hasMessage && isData(m_event.dir) && kept < m_event.len) {
        const QLocale locale;
        m_note->setText(tr("First %1 of %2 bytes kept; record the session to keep everything.")
                            .arg(locale.toString(kept), locale.toString(m_event.len)));
        m_note->show();
    } else {
        m_note->hide();
    }
}

void MessageInspector::updateLegend()
{
    for (int i = 0; i < 3; ++i) {
        bool present = false;
        for (const ByteMark &mark : m_hex->marks())
            present = present || mark.kind == MarkKinds[i];
        QPalette palette = m_legend[i]->palette();
        QColor color = HexDumpView::markColor(MarkKinds[i], this->palette());
        palette.setColor(QPalette::Window, color);
        m_legend[i]->setPalette(palette);
        m_legend[i]->setVisible(present);
    }
}

void MessageInspector::resetText()
{
    m_text->clear();
    m_decoded = 0;
    m_textStarted = false;
    m_decoder = QStringDecoder(m_encoding.toLatin1().constData());
    if (!m_decoder.isValid())
        m_decoder = QStringDecoder(QStringDecoder::Utf8);
    m_textNote->clear();
    m_moreText->hide();
    ensureText();
}

void MessageInspector::ensureText()
{
    if (m_textStarted || m_tabs->currentWidget() != m_textPage || !m_hasMessage)
        return;
    m_textStarted = true;
    if (!isData(m_event.dir)) {
        m_text->setPlainText(m_event.text);
        return;
    }
    showMoreText();
}

void MessageInspector::showMoreText()
{
    const QByteArray &bytes = m_event.payload;
    if (!m_hasMessage || !isData(m_event.dir) || m_decoded >= bytes.size()) {
        m_moreText->hide();
        return;
    }
    const qsizetype count = std::min(TextChunkBytes, bytes.size() - m_decoded);
    const QString text = showControls(m_decoder.decode(QByteArrayView(bytes.constData() + m_decoded, count)));
    m_decoded += count;
    QTextCursor cursor(m_text->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(text);
    const bool more = m_decoded < bytes.size();
    m_moreText->setVisible(more);
    if (more) {
        const QLocale locale;
        m_textNote->setText(
            tr("Showing %1 of %2 bytes as text.")
                .arg(locale.toString(qint64(m_decoded)), locale.toString(qint64(bytes.size()))));
    } else {
        m_textNote->clear();
    }
}

void MessageInspector::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    else if (event->type() == QEvent::PaletteChange)
        updateLegend();
}

void MessageInspector::retranslate()
{
    if (!m_hasMessage)
        m_summary->setText(tr("Select a row of the log to see its whole message here."));
    else if (m_summaryModel)
        m_summary->setText(summaryOf(m_summaryModel, m_event));
    m_copyButton->setText(tr("Copy As"));
    m_copyButton->setToolTip(tr("Copy the whole message in a format to paste elsewhere"));
    m_copyActions[0]->setText(tr("&Hex"));
    m_copyActions[1]->setText(tr("&C Array"));
    m_copyActions[2]->setText(tr("&Python Bytes"));
    m_copyActions[3]->setText(tr("&Base64"));
    m_copyActions[4]->setText(tr("&Escaped Text"));
    m_legend[0]->setText(tr("Frame header"));
    m_legend[1]->setText(tr("Delimiter"));
    m_legend[2]->setText(tr("Checksum"));
    m_tabs->setTabText(0, tr("Hex"));
    m_tabs->setTabText(1, tr("Text"));
    m_moreText->setText(tr("Show More"));
    updateNote();
    if (!m_moreText->isHidden())
        m_textNote->setText(tr("Showing %1 of %2 bytes as text.")
                                .arg(QLocale().toString(qint64(m_decoded)),
                                    QLocale().toString(qint64(m_event.payload.size()))));
}

} // namespace sockpit::ui
