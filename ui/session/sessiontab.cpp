#include "sessiontab.h"

#include "appsettings.h"
#include "checksumcheck.h"
#include "composer.h"
#include "endpoint.h"
#include "inputpump.h"
#include "localaddresses.h"
#include "logmodel.h"
#include "logview.h"
#include "messageinspector.h"
#include "modetraits.h"
#include "multicastpanel.h"
#include "peerlistview.h"
#include "plotpane.h"
#include "presetpanel.h"
#include "rawcapture.h"
#include "recorder.h"
#include "sendtargetbox.h"
#include "sessionoptionspopup.h"
#include "sessionsettingsbar.h"
#include "tlstrustprompt.h"

#include <QEvent>
#include <QLocale>
#include <QResizeEvent>
#include <QSplitter>
#include <QThreadPool>
#include <QVBoxLayout>

#include <algorithm>

namespace sockpit::ui {

namespace {
// Closing a recorder writes out what is still queued (up to its 64 MiB bound): never on the GUI thread.
void closeRecorderLater(std::shared_ptr<Recorder> recorder)
{
    if (recorder)
        QThreadPool::globalInstance()->start([recorder = std::move(recorder)] { recorder->close(); });
}

constexpr int PeerRefreshMs = 500;
constexpr int RateIntervalMs = 1000;
constexpr int FirstReconnectMs = 1000;
constexpr int MaxReconnectMs = 30000;
constexpr int LiveOptionsDelayMs = 400;
constexpr qsizetype FileChunk = 64 * 1024;
} // namespace

SessionTab::SessionTab(QWidget *parent)
    : QWidget(parent)
    , m_capture(std::make_shared<RawCapture>())
    , m_settings(new SessionSettingsBar(this))
    , m_peers(new PeerListView(this))
    , m_log(new LogView(this))
    , m_inspector(new MessageInspector(this))
    , m_plot(new PlotPane(this))
    , m_composer(new Composer(this))
    , m_presets(new PresetPanel(this))
    , m_sendTarget(new SendTargetBox(this))
{
    m_trustPrompt = new TlsTrustPrompt(this);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    m_peerSplitter = splitter;
    // The selected row's whole message under the log, as tall as the user drags it.
    m_inspectorSplitter = new QSplitter(Qt::Vertical, this);
    m_inspectorSplitter->setObjectName(QStringLiteral("inspectorSplitter"));
    m_inspectorSplitter->addWidget(m_log);
    m_inspectorSplitter->addWidget(m_inspector);
    m_inspectorSplitter->setStretchFactor(0, 3);
    m_inspectorSplitter->setStretchFactor(1, 1);
    m_inspector->attach(m_log);
    m_inspector->setChecksumSource([this] { return m_composer->checksum(); });
    splitter->addWidget(m_peers);
    splitter->addWidget(m_inspectorSplitter);
    splitter->setStretchFactor(1, 1);
    m_peers->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 24);
    splitter->setSizes({260, 700}); // until the tab knows its width: resizeEvent()
    connect(splitter, &QSplitter::splitterMoved, this, [this] { m_peerSplitterMoved = true; });

    auto *composerArea = new QWidget(this);
    auto *composerLayout = new QVBoxLayout(composerArea);
    composerLayout->setContentsMargins(0, 0, 0, 0);
    composerLayout->addWidget(m_sendTarget);
    composerLayout->addWidget(m_composer);
    // Quick-send presets beside the composer: both make bytes for the same target.
    auto *composerSplitter = new QSplitter(Qt::Horizontal, this);
    composerSplitter->addWidget(composerArea);
    composerSplitter->addWidget(m_presets);
    composerSplitter->setStretchFactor(0, 1);
    composerSplitter->setSizes({700, 300});

    // The log gets the room; the composer can be dragged taller when a message needs it.
    auto *vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(splitter);
    vertical->addWidget(m_plot);
    vertical->addWidget(composerSplitter);
    vertical->setStretchFactor(0, 1);
    vertical->setCollapsible(2, false); // the composer can be made small, never lost
    vertical->setSizes({520, 240, 160});
    m_plot->hide();
    m_plot->setPreviewBytes(LogModel::RenderBytes);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_settings);
    layout->addWidget(vertical, 1);

    // A peer that finished sending and has nothing more coming from us is done: close it once our
    // queued bytes are out, so the client list shows who is really still there. (Half-close
    // towards the peer stays available: Shut Down Sending.)
    m_session.setCloseAfterPeerFinish(true);
    m_session.setDisplayPreviewBytes(LogModel::RenderBytes); // all the log ever shows of a payload
    // Long messages come whole while a batch has room, for the inspector; the log keeps the newest.
    m_session.setDisplayWholeBytes(WholePayloads::DefaultBudget / 2);
    // Received bytes go to a capture file on the I/O thread, when the user asked for one.
    m_session.setDataHandler([capture = m_capture](ConnId conn, const char *data, qsizetype size) {
        capture->write(conn, data, size);
    });
    connect(&m_session, &Session::eventsReady, m_log, &LogView::appendEvents);
    connect(&m_session, &Session::eventsReady, m_plot, &PlotPane::appendEvents);
    connect(m_plot, &PlotPane::fieldsEdited, this,
        [this](const ValueFields &fields) { AppSettings::setValueFields(m_settings->mode(), fields); });
    // UDP multicast: Join/Leave while running go to the session; its events keep the list of groups.
    // The panel is in the options popup, made when first needed (a session starts only after).
    connect(m_settings, &SessionSettingsBar::optionsPopupBuilt, this, [this](SessionOptionsPopup *popup) {
        MulticastPanel *multicast = popup->multicastPanel();
        connect(multicast, &MulticastPanel::joinRequested, &m_session, &Session::joinGroup);
        connect(multicast, &MulticastPanel::leaveRequested, &m_session, &Session::leaveGroup);
        connect(&m_session, &Session::eventsReady, multicast, [multicast](const EventBatch &events) {
            for (const Event &event : events) {
                if ((event.kind == EventKind::Join || event.kind == EventKind::Leave)
                    && event.dir == Direction::Info)
                    multicast->noteMembership(QHostAddress(event.peer), event.kind == EventKind::Join);
            }
        });
    });
    connect(&m_session, &Session::stateChanged, this, &SessionTab::onStateChanged);
    connect(&m_session, &Session::stopped, this, &SessionTab::onStopped);
    connect(&m_session, &Session::failed, this, [this](const QString &reason) { onFailed(reason); });
    connect(&m_session, &Session::started, this, [this] {
        m_reconnectDelayMs = 0;
        m_log->model()->setSessionName(m_session.name()); // saved logs match the recording
        m_settings->setPortInUse(m_session.localPort());
        updateReachable();
        emit titleChanged();
    });
    // A server certificate the user has just trusted: connect again, now accepting it.
    connect(m_trustPrompt, &TlsTrustPrompt::trusted, this, [this] {
        if (m_session.state() == Session::State::Idle)
            start();
    });
    connect(&m_session, &Session::peerOpened, this, &SessionTab::refreshPeers);
    connect(&m_session, &Session::peerClosed, this, &SessionTab::refreshPeers);

    connect(m_settings, &SessionSettingsBar::startRequested, this, &SessionTab::start);
    connect(m_settings, &SessionSettingsBar::stopRequested, this, &SessionTab::stop);
    connect(m_settings, &SessionSettingsBar::halfCloseRequested, this, &SessionTab::halfClose);
    m_liveOptionsTimer.setSingleShot(true);
    m_liveOptionsTimer.setInterval(LiveOptionsDelayMs);
    connect(m_settings, &SessionSettingsBar::liveOptionsChanged, &m_liveOptionsTimer,
        qOverload<>(&QTimer::start));
    connect(&m_liveOptionsTimer, &QTimer::timeout, this, &SessionTab::applyLiveOptions);
    connect(m_settings, &SessionSettingsBar::modeChanged, this, [this](SessionMode mode) {
        // Switching mode brings back what was used last in that mode.
        if (!m_applyingConfig && AppSettings::hasConfig(mode)) {
            m_applyingConfig = true;
            m_settings->setConfig(AppSettings::lastConfig(mode));
            m_applyingConfig = false;
        }
        if (!m_applyingConfig)
            m_plot->setFields(AppSettings::valueFields(mode));
        m_peers->setMode(mode);
        m_peers->setVisible(modeTraits(mode).peerList);
        updateSendTargets();
        updateConversation();
        emit titleChanged();
    });
    connect(m_log, &LogView::conversationShownChanged, this, &SessionTab::updateConversation);
    connect(m_peers, &PeerListView::disconnectRequested, this, [this](const QVector<ConnId> &ids) {
        for (ConnId id : ids)
            m_session.disconnectPeer(id);
    });
    connect(m_peers, &PeerListView::selectionChanged, this, &SessionTab::updateSendTargets);
    connect(m_composer, &Composer::sendRequested, this, &SessionTab::sendBytes);
    connect(m_composer, &Composer::sendFileRequested, this, &SessionTab::sendFile);
    connect(m_presets, &PresetPanel::sendRequested, this, &SessionTab::sendBytes);

    m_peerTimer.setInterval(PeerRefreshMs);
    connect(&m_peerTimer, &QTimer::timeout, this, &SessionTab::refreshPeers);
    m_rateTimer.setInterval(RateIntervalMs);
    connect(&m_rateTimer, &QTimer::timeout, this, &SessionTab::updateRates);
    m_rateTimer.start();
    m_rateClock.start();
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &SessionTab::start);

    setConfig(m_settings->draftConfig());
    onStateChanged(Session::State::Idle);
    retranslate();
}

SessionTab::~SessionTab()
{
    // Stopping first releases a file pump waiting for a client that does not read, so destroying
    // the pump (before the session: members go in reverse order) never waits on the GUI thread.
    // The window may be half destroyed: nobody hears about this stop.
    disconnect();
    m_session.disconnect();
    m_session.stop();
    if (m_filePump)
        m_filePump->requestStop();
}

void SessionTab::setPlotShown(bool shown)
{
    m_plot->setVisible(shown);
}

bool SessionTab::isPlotShown() const
{
    return !m_plot->isHidden();
}

QComboBox *SessionTab::sendTargetBox() const
{
    return m_sendTarget->comboBox();
}

void SessionTab::setConfig(const SessionConfig &config)
{
    m_applyingConfig = true;
    m_settings->setConfig(config);
    m_applyingConfig = false;
    m_plot->setFields(AppSettings::valueFields(config.mode));
    m_peers->setMode(config.mode);
    m_peers->setVisible(modeTraits(config.mode).peerList);
    updateSendTargets();
    updateConversation();
    emit titleChanged();
}

void SessionTab::applyLiveOptions()
{
    if (m_session.state() == Session::State::Idle || !m_settings->isValid())
        return; // a field with a problem says so; nothing changes until it is fixed
    const SessionConfig next = m_settings->config();
    const SessionConfig now = m_session.config();
    QStringList changes;
    if (next.echo != now.echo)
        changes << (next.echo ? tr("echo on") : tr("echo off"));
    if (next.maxClients != now.maxClients)
        changes << (next.maxClients > 0 ? tr("at most %n client(s)", nullptr, next.maxClients)
                                        : tr("no limit on clients"));
    if (next.framing != now.framing)
        changes << tr("messages split anew (from each connection's next read)");
    if (next.autoReplies != now.autoReplies)
        changes << tr("%n auto-reply rule(s)", nullptr, int(next.autoReplies.size()));
    if (next.receiveCheck != now.receiveCheck)
        changes << (next.receiveCheck.enabled()
                ? tr("checksums checked (%1)").arg(checksumCheckText(next.receiveCheck))
                : tr("checksums not checked"));
    if (changes.isEmpty() || !m_session.setLiveOptions(next))
        return;
    logNote(tr("changed while running: %1").arg(changes.join(QStringLiteral(", "))));
    updateConversation(); // reads the framing
}

void SessionTab::updateSystemCalls()
{
    const SessionConfig config = m_settings->draftConfig();
    m_log->model()->setSystemCallContext({config.mode, true, config.bindAddressSet || config.bindPort != 0});
}

void SessionTab::updateConversation()
{
    const SessionConfig config
        = m_session.state() == Session::State::Idle ? m_settings->draftConfig() : m_session.config();
    const bool webSocket = config.webSocket && webSocketApplies(config.mode);
    const bool room = isStreamServer(config.mode) && config.chat && !webSocket;
    // Datagrams are messages already, as are WebSocket messages, frames and a chat room's lines; a
    // client may be in a room.
    const bool messages = room || webSocket || modeTraits(config.mode).datagram;
    const bool framed = messages || config.framing.kind != Framing::Kind::Raw;
    m_log->setConversationOptions(isStreamClient(config.mode) && !webSocket, framed);
    m_log->setChecksumColumnShown(config.receiveCheck.enabled());
    m_inspector->setReceiveFraming(messages ? Framing() : config.framing);
    m_inspector->setReceiveCheck(config.receiveCheck);
    m_composer->setChatMode(room || m_log->isConversationShown());
    m_composer->setMessagesFramed(webSocket); // a WebSocket message needs no line end to end it
}

bool SessionTab::startRecording(const QString &path, QString *error)
{
    auto recorder = std::make_shared<Recorder>();
    if (!recorder->open(path, error))
        return false;
    closeRecorderLater(std::move(m_recorder));
    m_recorder = recorder;
    m_session.setRecorder(m_recorder); // a running session records from this event on
    m_log->setRecordingActive(true);
    logNote(tr("recording every event to %1").arg(path));
    emit statusChanged();
    return true;
}

void SessionTab::stopRecording()
{
    closeRecorderLater(std::move(m_recorder));
    m_recorder.reset();
    m_session.setRecorder(nullptr);
    m_log->setRecordingActive(false);
    emit statusChanged();
}

bool SessionTab::isCapturing() const
{
    return m_capture->isOpen();
}

QString SessionTab::recordingPath() const
{
    return m_recorder && m_recorder->isOpen() ? m_recorder->path() : QString();
}

bool SessionTab::startCapture(const QString &path, ConnId conn, QString *error)
{
    if (!m_capture->open(path, conn, error))
        return false;
    logNote(conn == 0 ? tr("saving every received byte to %1").arg(path)
                      : tr("saving the bytes received on connection %1 to %2").arg(conn).arg(path));
    return true;
}

void SessionTab::stopCapture()
{
    if (!m_capture->isOpen())
        return;
    const qint64 bytes = m_capture->bytesWritten();
    m_capture->close();
    logNote(tr("stopped saving received bytes (%1 bytes saved)").arg(bytes));
}

WorkspaceTab SessionTab::workspaceTab() const
{
    WorkspaceTab tab;
    tab.config = m_settings->config();
    tab.title = m_customTitle;
    tab.presets = m_presets->presets();
    tab.hasPresets = true;
    tab.fields = m_plot->fields();
    tab.hasFields = true;
    return tab;
}

void SessionTab::applyWorkspaceTab(const WorkspaceTab &tab)
{
    setConfig(tab.config);
    if (tab.hasPresets)
        m_presets->setPresets(tab.presets);
    if (tab.hasFields)
        m_plot->setFields(tab.fields);
    setCustomTitle(tab.title);
    for (const QString &problem : tab.problems)
        logNote(tr("workspace: %1").arg(problem), Direction::Error);
    m_workspaceProblems = !tab.problems.isEmpty();
    if (m_workspaceProblems) {
        m_lastError = tab.problems.constFirst();
        emit statusChanged();
    }
}

void SessionTab::startFromWorkspace()
{
    if (m_workspaceProblems) {
        logNote(tr("not started: the workspace's values above need a look first (then press Start)"),
            Direction::Error);
        return;
    }
    start();
}

QString SessionTab::title() const
{
    if (!m_customTitle.isEmpty())
        return m_customTitle;
    const SessionConfig config = m_settings->draftConfig();
    if (config.webSocket && webSocketApplies(config.mode)) {
        // Named as it is addressed: ws://, or wss:// over TLS.
        if (config.mode == SessionMode::TcpServer)
            return tr("WebSocket server :%1")
                .arg(m_session.localPort() ? m_session.localPort() : config.bindPort);
        return config.host.isEmpty() ? tr("WebSocket client") : webSocketUrl(config);
    }
    switch (config.mode) {
    case SessionMode::TcpServer:
        return tr("TCP server :%1").arg(m_session.localPort() ? m_session.localPort() : config.bindPort);
    case SessionMode::TcpClient:
        if (config.host.isEmpty())
            return tr("TCP client");
        return tr("TCP client %1").arg(Endpoint {config.host, config.port}.toString());
    case SessionMode::Udp:
        if (config.tls.enabled && !config.host.isEmpty())
            return tr("DTLS client %1").arg(Endpoint {config.host, config.port}.toString());
        if (config.tls.enabled)
            return tr("DTLS server :%1").arg(m_session.localPort() ? m_session.localPort() : config.bindPort);
        return tr("UDP :%1").arg(m_session.localPort() ? m_session.localPort() : config.bindPort);
    case SessionMode::TcpRelay:
    case SessionMode::UdpRelay:
        return tr("Relay :%1 → %2")
            .arg(m_session.localPort() ? m_session.localPort() : config.bindPort)
            .arg(Endpoint {config.host, config.port}.toString());
    case SessionMode::Icmp:
        return config.host.isEmpty() ? tr("ICMP") : tr("ICMP %1").arg(config.host);
    case SessionMode::UnixServer:
        return tr("Unix server %1").arg(config.localPath);
    case SessionMode::UnixClient:
        return config.remotePath.isEmpty() ? tr("Unix client") : tr("Unix client %1").arg(config.remotePath);
    case SessionMode::UnixDatagram: {
        const QString path = m_session.localPath().isEmpty() ? config.localPath : m_session.localPath();
        return path.isEmpty() ? tr("Unix datagrams") : tr("Unix datagrams %1").arg(path);
    }
    }
    return QString();
}

void SessionTab::setCustomTitle(const QString &title)
{
    m_customTitle = title.trimmed();
    emit titleChanged();
}

QString SessionTab::statusText() const
{
    const SessionCounters c = m_session.counters();
    const QLocale locale;
    QStringList parts;
    parts << tr("↓ %1 msgs %2 (%3/s)")
                 .arg(locale.toString(c.messagesIn), locale.formattedDataSize(c.bytesIn),
                     locale.formattedDataSize(qint64(m_rateIn)));
    parts << tr("↑ %1 msgs %2 (%3/s)")
                 .arg(locale.toString(c.messagesOut), locale.formattedDataSize(c.bytesOut),
                     locale.formattedDataSize(qint64(m_rateOut)));
    if (c.queuedBytes > 0)
        parts << tr("%1 waiting to be sent").arg(locale.formattedDataSize(c.queuedBytes));
    if (modeTraits(m_settings->mode()).peersAreConnections)
        parts << tr("%n client(s)", nullptr, c.connections);
    const QString recording = recordingPath();
    if (!recording.isEmpty())
        parts << tr("recording %1").arg(recording);
    if (!m_lastError.isEmpty())
        parts << tr("last error: %1").arg(m_lastError);
    return parts.join(QStringLiteral(" · "));
}

void SessionTab::start()
{
    m_reconnectTimer.stop();
    if (!m_settings->isValid() || m_session.state() != Session::State::Idle)
        return;
    m_userStopped = false;
    m_lastError.clear();
    const SessionConfig config = m_settings->config();
    QString error;
    QString note;
    const auto tls = m_trustPrompt->transportFor(config, &error, &note);
    if (!error.isEmpty()) {
        logNote(error, Direction::Error);
        onFailed(error);
        return;
    }
    if (!note.isEmpty())
        logNote(note);
    m_session.setTlsTransport(tls);
    updateSystemCalls();
    m_session.start(config);
}

void SessionTab::stop()
{
    m_userStopped = true;
    m_reconnectTimer.stop();
    if (m_filePump)
        m_filePump->requestStop();
    m_session.stop();
    onStateChanged(m_session.state());
}

void SessionTab::halfClose()
{
    m_session.shutdownWrite();
}

bool SessionTab::sendBytes(const QByteArray &bytes)
{
    const QVector<SendTarget> targets = m_sendTarget->targets(m_peers->selectedPeers());
    if (targets.isEmpty())
        logNote(tr("not sent: no client is selected"), Direction::Error);
    bool any = false;
    for (const SendTarget &target : targets)
        any = m_session.send(bytes, target) || any;
    return any;
}

void SessionTab::sendFile(const QString &path)
{
    if (m_session.state() != Session::State::Running)
        return;
    if (m_filePump && m_filePump->isRunning()) {
        logNote(tr("a file is still being sent; wait for it to finish"), Direction::Error);
        return;
    }
    InputPump::Source source;
    source.kind = InputPump::Source::Kind::File;
    source.file = path;
    const QVector<SendTarget> targets = m_sendTarget->targets(m_peers->selectedPeers());
    if (targets.size() != 1) {
        logNote(targets.isEmpty()
                ? tr("not sent: select a client to send the file to")
                : tr("not sent: a file goes to one client or to all, not to several selected ones"),
            Direction::Error);
        return;
    }
    m_filePump = std::make_unique<InputPump>(m_session.feed(), source, targets.constFirst());
    const SessionConfig config = m_settings->config();
    const bool datagrams = modeTraits(config.mode).datagram;
    const bool webSocket = config.webSocket && webSocketApplies(config.mode);
    // A WebSocket message per MiB of the file: a file up to that size is one message.
    m_filePump->setChunkSize(
        datagrams ? largestDatagram(config) : (webSocket ? InputPump::MaxLineBytes : FileChunk));
    connect(m_filePump.get(), &InputPump::inputFailed, this,
        [this](const QString &reason) { logNote(reason, Direction::Error); });
    connect(m_filePump.get(), &InputPump::inputEnded, this,
        [this, path] { logNote(tr("sent the file %1").arg(path)); });
    logNote(tr("sending the file %1").arg(path));
    m_filePump->start();
}

void SessionTab::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void SessionTab::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (m_peerSplitterMoved)
        return;
    // The clients list as wide as its columns need, but the log keeps most of a small window.
    const int total = m_peerSplitter->width();
    const int peers = std::min(m_peers->sizeHint().width(), total * 3 / 8);
    m_peerSplitter->setSizes({peers, total - peers});
}

void SessionTab::retranslate()
{
    emit titleChanged();
}

void SessionTab::onStateChanged(Session::State state)
{
    m_settings->setState(state);
    m_composer->setSendEnabled(state == Session::State::Running);
    m_presets->setSendEnabled(state == Session::State::Running);
    if (state == Session::State::Running)
        m_peerTimer.start();
    if (state == Session::State::Idle)
        m_settings->setReachableAt({}, false);
    updateConversation();
    emit statusChanged();
}

void SessionTab::onStopped()
{
    m_peerTimer.stop();
    refreshPeers();
    emit titleChanged();
    const bool reconnects = modeTraits(m_session.config().mode).reconnect;
    if (reconnects && !m_userStopped && m_settings->reconnectEnabled()) {
        // Back off 1 s, 2 s, 4 s ... up to 30 s, so a server that is down is not hammered.
        m_reconnectDelayMs
            = m_reconnectDelayMs == 0 ? FirstReconnectMs : qMin(m_reconnectDelayMs * 2, MaxReconnectMs);
        logNote(tr("reconnecting in %1 s").arg(m_reconnectDelayMs / 1000.0, 0, 'f', 0));
        m_reconnectTimer.start(m_reconnectDelayMs);
    }
}

void SessionTab::onFailed(const QString &reason)
{
    // Shown in the status line until the next start; the log has the full story.
    m_lastError = reason;
    emit statusChanged();
}

void SessionTab::refreshPeers()
{
    m_peers->setPeers(m_session.peers());
    updateSendTargets();
    emit statusChanged();
}

void SessionTab::updateRates()
{
    const SessionCounters now = m_session.counters();
    const double seconds = qMax<qint64>(1, m_rateClock.restart()) / 1000.0;
    m_rateIn = double(now.bytesIn - m_lastCounters.bytesIn) / seconds;
    m_rateOut = double(now.bytesOut - m_lastCounters.bytesOut) / seconds;
    if (now.bytesIn < m_lastCounters.bytesIn || now.bytesOut < m_lastCounters.bytesOut)
        m_rateIn = m_rateOut = 0; // a new run started from zero
    m_lastCounters = now;
    emit statusChanged();
}

void SessionTab::updateReachable()
{
    const SessionConfig config = m_session.config();
    if (modeTraits(config.mode).local != LocalRole::Listen || modeTraits(config.mode).unixPaths)
        return; // it listens nowhere, or on a path only this machine reaches
    const QHostAddress bound = m_session.localAddress();
    const quint16 port = m_session.localPort();
    const bool any = bound == QHostAddress(QHostAddress::AnyIPv4)
        || bound == QHostAddress(QHostAddress::AnyIPv6) || bound == QHostAddress(QHostAddress::Any);
    QStringList endpoints;
    if (any) {
        const bool v6 = bound.protocol() == QAbstractSocket::IPv6Protocol;
        for (const LocalAddress &local : localAddresses()) {
            if (local.address.protocol() == QAbstractSocket::IPv4Protocol || v6)
                endpoints << formatEndpoint(local.address, port);
        }
    } else {
        endpoints << formatEndpoint(bound, port);
    }
    m_settings->setReachableAt(endpoints, any);
}

void SessionTab::updateSendTargets()
{
    m_sendTarget->setOffer(m_settings->draftConfig(), int(m_peers->selectedPeers().size()));
}

void SessionTab::logNote(const QString &text, Direction dir)
{
    Event event;
    event.timeUs = nowMicroseconds();
    event.dir = dir;
    event.kind = dir == Direction::Error ? EventKind::Error : EventKind::None;
    event.text = text;
    m_log->appendEvents({event}, 0);
}

} // namespace sockpit::ui
