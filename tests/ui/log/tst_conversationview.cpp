#include "conversationdelegate.h"
#include "conversationmodel.h"
#include "conversationview.h"

#include <QListView>
#include <QScrollBar>
#include <QTest>

using namespace sockpit;
using sockpit::ui::ConversationDelegate;
using sockpit::ui::ConversationModel;
using sockpit::ui::ConversationView;

// The conversation as painted: the user's own messages on the right, others' on the left, notices in
// the middle, long messages wrapped within the view, peer text laid out as plain text, and the newest
// message kept in view.
class tst_ConversationView : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void sides();
    void longMessagesWrap();
    void shortMessagesShowTheirWholeHeader();
    void markupIsNotInterpreted();
    void hexBlockInFixedLines();
    void followsTheNewest();
    void paintsWithoutMarkup();
    void selectedMessagesAsText();

private:
    QRect bubble(int row) const;
    QString header(int row) const;
    int rowHeight(int row) const;
    void say(Direction dir, const QByteArray &line, const QString &name = {});

    ConversationView *m_view = nullptr;
};

void tst_ConversationView::init()
{
    m_view = new ConversationView;
    m_view->resize(600, 400);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view));
}

void tst_ConversationView::cleanup()
{
    delete m_view;
    m_view = nullptr;
}

QRect tst_ConversationView::bubble(int row) const
{
    QStyleOptionViewItem option;
    option.initFrom(m_view->listView()->viewport());
    const QModelIndex index = m_view->model()->index(row);
    option.rect = m_view->listView()->visualRect(index);
    return m_view->delegate()->bubbleRect(option, index);
}

QString tst_ConversationView::header(int row) const
{
    QStyleOptionViewItem option;
    option.initFrom(m_view->listView()->viewport());
    const QModelIndex index = m_view->model()->index(row);
    option.rect = m_view->listView()->visualRect(index);
    return m_view->delegate()->shownHeader(option, index);
}

int tst_ConversationView::rowHeight(int row) const
{
    return m_view->listView()->visualRect(m_view->model()->index(row)).height();
}

void tst_ConversationView::say(Direction dir, const QByteArray &line, const QString &name)
{
    Event event;
    event.timeUs = 1;
    event.conn = 1;
    event.dir = dir;
    event.peer = QStringLiteral("127.0.0.1:40001");
    event.name = name;
    event.payload = line + '\n';
    event.len = event.payload.size();
    m_view->appendEvents({event});
}

void tst_ConversationView::sides()
{
    say(Direction::In, "theirs", QStringLiteral("alice"));
    say(Direction::Out, "mine");
    Event step;
    step.kind = EventKind::Accept;
    step.text = QStringLiteral("accepted");
    m_view->appendEvents({step});
    QTRY_COMPARE(m_view->listView()->visualRect(m_view->model()->index(2)).isValid(), true);
    const int width = m_view->listView()->viewport()->width();
    const QRect theirs = bubble(0);
    const QRect mine = bubble(1);
    const QRect notice = bubble(2);
    QVERIFY2(theirs.left() < width / 4, qPrintable(QString::number(theirs.left())));
    QVERIFY2(theirs.right() < width / 2, "a short message of theirs sits on the left");
    QVERIFY2(mine.left() > width / 2, "a short message of mine sits on the right");
    QVERIFY(mine.right() > width * 3 / 4);
    QVERIFY2(qAbs(notice.center().x() - width / 2) <= 2, "a notice is centred");
}

void tst_ConversationView::longMessagesWrap()
{
    m_view->model()->setFramedBySession(true); // a message with LFs inside stays one message
    say(Direction::In, "short");
    QByteArray longLine;
    for (int i = 0; i < 100; ++i)
        longLine += "word" + QByteArray::number(i) + ' ';
    say(Direction::In, longLine);
    say(Direction::In, QByteArray(600, 'x')); // one endless word wraps anywhere
    say(Direction::Out, "first line\nsecond line\nthird line");
    QTRY_VERIFY(m_view->listView()->visualRect(m_view->model()->index(3)).isValid());
    const int width = m_view->listView()->viewport()->width();
    for (int row = 1; row < 3; ++row) {
        QVERIFY2(bubble(row).width() <= width * 3 / 4, qPrintable(QString::number(bubble(row).width())));
        QVERIFY2(rowHeight(row) > 3 * rowHeight(0), qPrintable(QString::number(rowHeight(row))));
    }
    QVERIFY(rowHeight(3) > rowHeight(0) + 2 * m_view->fontMetrics().height() - 4);

    // Narrower: laid out again, taller.
    const int before = rowHeight(1);
    m_view->resize(300, 400);
    QTRY_VERIFY(rowHeight(1) > before);
}

void tst_ConversationView::shortMessagesShowTheirWholeHeader()
{
    // A bubble is as wide as the wider of its text and its header: a one-word message's time is whole.
    const QList<QByteArray> words {"/who", "ok", "x", "hi", "yes", "1", "ww", "..."};
    for (const QByteArray &word : words) {
        say(Direction::Out, word);
        say(Direction::In, word, QStringLiteral("bob"));
    }
    const QString time = m_view->model()->timeText(1);
    QTRY_VERIFY(m_view->listView()->visualRect(m_view->model()->index(2 * int(words.size()) - 1)).isValid());
    for (int row = 0; row < 2 * words.size(); row += 2) {
        QCOMPARE(header(row), time);
        QCOMPARE(header(row + 1), QStringLiteral("bob  ") + time);
    }
    // Only a view too narrow for the header elides it.
    say(Direction::In, "x", QString(200, QLatin1Char('n')));
    const int last = 2 * int(words.size());
    QTRY_VERIFY(m_view->listView()->visualRect(m_view->model()->index(last)).isValid());
    QVERIFY2(header(last).endsWith(QChar(0x2026)), qPrintable(header(last)));
}

void tst_ConversationView::markupIsNotInterpreted()
{
    // As markup, "<b>x</b>" would be as wide as a bold "x" and "<img ...>" an image; as plain text
    // every character of the tags takes room.
    say(Direction::In, "a few words in bold", QStringLiteral("a"));
    say(Direction::In, "<b>a few words in bold</b>", QStringLiteral("a"));
    say(Direction::In, "<img src=\"file:///nonexistent.png\" width=\"400\" height=\"300\">",
        QStringLiteral("a"));
    QTRY_VERIFY(m_view->listView()->visualRect(m_view->model()->index(2)).isValid());
    const QFontMetrics metrics(m_view->listView()->font());
    const int tags = metrics.horizontalAdvance(QStringLiteral("<b></b>"));
    QVERIFY2(bubble(1).width() >= bubble(0).width() + tags - 2,
        qPrintable(QStringLiteral("%1 vs %2").arg(bubble(1).width()).arg(bubble(0).width())));
    QCOMPARE(rowHeight(1), rowHeight(0));
    QCOMPARE(rowHeight(2), rowHeight(0)); // one line of text, not a 300-pixel image
    QCOMPARE(m_view->model()->index(1).data().toString(), QStringLiteral("<b>a few words in bold</b>"));
}

void tst_ConversationView::hexBlockInFixedLines()
{
    say(Direction::In, "text");
    say(Direction::In, QByteArray(64, '\x01')); // 64 bytes: four lines of 16
    QTRY_VERIFY(m_view->listView()->visualRect(m_view->model()->index(1)).isValid());
    QVERIFY(m_view->model()->messageAt(1).binary);
    QCOMPARE(m_view->model()->messageAt(1).text.count(QLatin1Char('\n')), 3);
    QVERIFY(rowHeight(1) > rowHeight(0) + 2 * m_view->fontMetrics().height());
}

void tst_ConversationView::followsTheNewest()
{
    EventBatch batch;
    for (int i = 0; i < 200; ++i) {
        Event event;
        event.conn = 1;
        event.dir = Direction::In;
        event.payload = "line " + QByteArray::number(i) + '\n';
        event.len = event.payload.size();
        batch.append(event);
    }
    m_view->appendEvents(batch);
    QScrollBar *bar = m_view->listView()->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());
    QVERIFY(m_view->isFollowing());

    // Scrolled up to read: new messages leave the view where it is.
    bar->setValue(0);
    QVERIFY(!m_view->isFollowing());
    const int before = bar->maximum();
    m_view->appendEvents(batch);
    QTRY_VERIFY(bar->maximum() > before); // the new rows are laid out
    QCOMPARE(bar->value(), 0);
    bar->setValue(bar->maximum());
    QVERIFY(m_view->isFollowing());
}

namespace {

// The rightmost column of a row where text is painted (dark pixels: the body's pen is the palette's
// Text; the bubble's edge and the header are lighter).
int inkRight(const QImage &image, const QRect &row)
{
    int right = -1;
    for (int y = row.top(); y <= row.bottom() && y < image.height(); ++y) {
        for (int x = row.left(); x <= row.right() && x < image.width(); ++x) {
            if (qGray(image.pixel(x, y)) < 60)
                right = std::max(right, x);
        }
    }
    return right;
}

} // namespace

void tst_ConversationView::paintsWithoutMarkup()
{
    // What is painted is the tags themselves: the text's ink reaches as far past a plain "bold" as
    // the tags are wide. Painted as markup it would be a bold word of about the same width.
    QPalette palette = m_view->palette();
    palette.setColor(QPalette::Text, Qt::black);
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::AlternateBase, Qt::white);
    m_view->setPalette(palette);
    say(Direction::In, "a few words in bold", QStringLiteral("a"));
    say(Direction::In, "<b>a few words in bold</b>", QStringLiteral("a"));
    QTRY_VERIFY(m_view->listView()->visualRect(m_view->model()->index(1)).isValid());
    QListView *list = m_view->listView();
    const QImage image = list->viewport()->grab().toImage();
    const int plain = inkRight(image, list->visualRect(m_view->model()->index(0)));
    const int tagged = inkRight(image, list->visualRect(m_view->model()->index(1)));
    QVERIFY(plain > 0);
    const int tags = QFontMetrics(list->font()).horizontalAdvance(QStringLiteral("<b></b>"));
    QVERIFY2(tagged - plain >= tags - 4, qPrintable(QStringLiteral("%1 vs %2").arg(tagged).arg(plain)));
}

void tst_ConversationView::selectedMessagesAsText()
{
    m_view->model()->setFramedBySession(true);
    say(Direction::In, "hello", QStringLiteral("alice"));
    say(Direction::Out, "hi\nthere");
    Event step;
    step.kind = EventKind::Close;
    step.text = QStringLiteral("closed");
    m_view->appendEvents({step});
    QCOMPARE(m_view->selectedText(), QString());
    m_view->listView()->selectAll();
    const QString time = m_view->model()->timeText(1);
    QCOMPARE(m_view->selectedText(),
        time + QStringLiteral(" alice: hello\n") + time + QStringLiteral(" > hi\nthere\n")
            + m_view->model()->timeText(0) + QStringLiteral(" closed"));
}

QTEST_MAIN(tst_ConversationView)
#include "tst_conversationview.moc"
