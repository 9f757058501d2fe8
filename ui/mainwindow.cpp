#include "mainwindow.h"

#include "endpoint.h"
#include "payloadrenderer.h"
#include "recorder.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sockpit::ui {

namespace {
constexpr int MaxLogLines = 10000;
constexpr int PreviewBytes = 256;
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_stateLabel(new QLabel(this))
    , m_startButton(new QPushButton(this))
    , m_log(new QPlainTextEdit(this))
{
    m_stateLabel->setTextFormat(Qt::PlainText);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(MaxLogLines);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);

    auto *top = new QHBoxLayout;
    top->addWidget(m_stateLabel, 1);
    top->addWidget(m_startButton);
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->addLayout(top);
    layout->addWidget(m_log, 1);
    setCentralWidget(central);
    resize(900, 600);

    m_session.setDisplayPreviewBytes(PreviewBytes);
    connect(&m_session, &Session::eventsReady, this, &MainWindow::appendEvents);
    connect(&m_session, &Session::stateChanged, this, &MainWindow::updateState);
    connect(m_startButton, &QPushButton::clicked, this, [this] {
        if (m_session.state() == Session::State::Idle)
            startSession();
        else
            m_session.stop();
    });
    retranslate();
}

MainWindow::~MainWindow() = default;

void MainWindow::setSessionConfig(const SessionConfig &config)
{
    m_config = config;
    updateState();
}

bool MainWindow::setRecordPath(const QString &path, QString *error)
{
    auto recorder = std::make_shared<Recorder>();
    if (!recorder->open(path, error))
        return false;
    m_recorder = recorder;
    m_session.setRecorder(m_recorder);
    return true;
}

void MainWindow::startSession()
{
    m_session.start(m_config);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("Sockpit"));
    updateState();
}

void MainWindow::updateState()
{
    const bool idle = m_session.state() == Session::State::Idle;
    m_startButton->setText(idle ? tr("Start") : tr("Stop"));
    QString target;
    if (m_config.mode == SessionMode::TcpClient)
        target = Endpoint {m_config.host, m_config.port}.toString();
    else
        target = formatEndpoint(m_config.bindAddress, idle ? m_config.bindPort : m_session.localPort());
    const QString mode = sessionModeName(m_config.mode);
    m_stateLabel->setText(
        idle ? tr("%1 %2: stopped").arg(mode, target) : tr("%1 %2: running").arg(mode, target));
}

void MainWindow::appendEvents(const EventBatch &events, qint64 notDisplayed)
{
    // Peer bytes are rendered escaped and appended as plain text: never interpreted as markup.
    for (const Event &event : events) {
        const QString time
            = QDateTime::fromMSecsSinceEpoch(event.timeUs / 1000).toString(QStringLiteral("HH:mm:ss.zzz"));
        QString body = event.text;
        if (event.dir == Direction::In || event.dir == Direction::Out)
            body = tr("%n byte(s)", nullptr, int(event.len)) + QStringLiteral("  ")
                + renderPayload(event.payload, RenderMode::Text);
        m_log->appendPlainText(
            QStringLiteral("%1  %2  %3  %4")
                .arg(time, QString::fromLatin1(directionName(event.dir)), event.peer, body));
    }
    if (notDisplayed > 0)
        m_log->appendPlainText(tr("(%n event(s) not shown: too many at once)", nullptr, int(notDisplayed)));
    updateState();
}

} // namespace sockpit::ui
