#include "sessionsettingsbar.h"

#include "endpoint.h"
#include "errorcolor.h"
#include "icmppacket.h"
#include "localaddressbox.h"
#include "modetraits.h"
#include "posixsocket.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <utility>

namespace sockpit::ui {

namespace {

QColor blend(const QColor &a, const QColor &b, qreal amountOfB)
{
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * amountOfB,
        a.greenF() + (b.greenF() - a.greenF()) * amountOfB, a.blueF() + (b.blueF() - a.blueF()) * amountOfB);
}

quint16 portIn(const QLineEdit *edit)
{
    quint16 port = 0;
    parsePort(edit->text(), &port, nullptr, true);
    return port;
}

bool isAny(const QHostAddress &address)
{
    return address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6
        || address == QHostAddress::Any;
}

// The remote port field is there for a host that has a port: not for a ping.
bool hasRemotePort(const ModeTraits &traits)
{
    return traits.remote != RemoteRole::None && traits.remote != RemoteRole::Ping && !traits.unixPaths;
}

QLineEdit *portEdit(const QString &name)
{
    auto *edit = new QLineEdit;
    edit->setObjectName(name);
    edit->setMaximumWidth(edit->fontMetrics().horizontalAdvance(QStringLiteral("0000000")) + 16);
    return edit;
}

} // namespace

SessionSettingsBar::SessionSettingsBar(QWidget *parent)
    : QWidget(parent)
    , m_mode(new QComboBox)
    , m_localLabel(new QLabel)
    , m_local(new LocalAddressBox)
    , m_localPortLabel(new QLabel)
    , m_localPort(portEdit(QStringLiteral("localPort")))
    , m_sourcePortLabel(new QLabel)
    , m_sourcePort(portEdit(QStringLiteral("sourcePort")))
    , m_localPathLabel(new QLabel)
    , m_localPath(new QLineEdit)
    , m_remotePathLabel(new QLabel)
    , m_remotePath(new QLineEdit)
    , m_hostLabel(new QLabel)
    , m_host(new QLineEdit)
    , m_remotePortLabel(new QLabel)
    , m_remotePort(portEdit(QStringLiteral("remotePort")))
    , m_optionsButton(new QToolButton)
    , m_halfCloseButton(new QToolButton)
    , m_halfCloseAction(new QAction(this))
    , m_startButton(new QPushButton)
    , m_errorLabel(new QLabel)
    , m_reachableLabel(new QLabel)
{
    m_mode->setObjectName(QStringLiteral("mode"));
    for (const ModeTraits &traits : allModeTraits())
        m_mode->addItem(QString(), int(traits.mode));

    m_local->setObjectName(QStringLiteral("localAddress"));
    m_host->setObjectName(QStringLiteral("remoteHost"));
    m_localPath->setObjectName(QStringLiteral("localPath"));
    m_remotePath->setObjectName(QStringLiteral("remotePath"));
    for (QLineEdit *edit : {m_localPath, m_remotePath})
        edit->setMinimumWidth(edit->fontMetrics().horizontalAdvance(QStringLiteral("/run/app/app.sock")));
    m_optionsButton->setObjectName(QStringLiteral("options"));
    m_halfCloseButton->setObjectName(QStringLiteral("halfClose"));
    m_halfCloseButton->setDefaultAction(m_halfCloseAction);
    m_startButton->setObjectName(QStringLiteral("start"));
    m_errorLabel->setObjectName(QStringLiteral("errorLabel"));
    m_reachableLabel->setObjectName(QStringLiteral("reachableLabel"));
    for (QLabel *label : {m_errorLabel, m_reachableLabel}) {
        label->setTextFormat(Qt::PlainText); // echoes what the user typed
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->hide();
    }
    m_localLabel->setBuddy(m_local);
    m_localPortLabel->setBuddy(m_localPort);
    m_localPathLabel->setBuddy(m_localPath);
    m_remotePathLabel->setBuddy(m_remotePath);
    m_sourcePortLabel->setBuddy(m_sourcePort);
    m_hostLabel->setBuddy(m_host);
    m_remotePortLabel->setBuddy(m_remotePort);

    auto *row = new QHBoxLayout;
    for (QWidget *widget : std::initializer_list<QWidget *> {m_mode, m_localLabel, m_local, m_localPortLabel,
             m_localPort, m_sourcePortLabel, m_sourcePort, m_localPathLabel, m_localPath, m_remotePathLabel,
             m_remotePath, m_hostLabel, m_host, m_remotePortLabel, m_remotePort})
        row->addWidget(widget);
    row->setStretchFactor(m_host, 1);
    row->setStretchFactor(m_localPath, 1);
    row->setStretchFactor(m_remotePath, 1);
    row->addStretch();
    row->addWidget(m_optionsButton);
    row->addWidget(m_halfCloseButton);
    row->addWidget(m_startButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_reachableLabel);

    connect(m_mode, &QComboBox::currentIndexChanged, this, &SessionSettingsBar::onModeChanged);
    connect(m_local, &QComboBox::editTextChanged, this, &SessionSettingsBar::revalidate);
    for (QLineEdit *edit : {m_localPort, m_sourcePort, m_localPath, m_remotePath, m_host, m_remotePort}) {
        connect(edit, &QLineEdit::textChanged, this, &SessionSettingsBar::revalidate);
        connect(edit, &QLineEdit::returnPressed, this, [this] {
            if (m_state == Session::State::Idle)
                onStartClicked();
        });
    }
    connect(m_startButton, &QPushButton::clicked, this, &SessionSettingsBar::onStartClicked);
    connect(m_optionsButton, &QToolButton::clicked, this, [this] { optionsPopup()->popUp(m_optionsButton); });
    connect(m_halfCloseAction, &QAction::triggered, this, [this] {
        m_halfClosed = true; // a socket's sending side shuts down once
        updateButton();
        emit halfCloseRequested();
    });

    m_localPort->setText(QStringLiteral("9000")); // everything else starts at SessionConfig's defaults
    retranslate();
    onModeChanged();
}

void SessionSettingsBar::retranslate()
{
    // A ping needs a raw socket (or a ping socket): where this process may open neither, the mode is
    // there but disabled, and says why.
    const QString icmpProblem = icmp::unavailableReason();
    auto *model = qobject_cast<QStandardItemModel *>(m_mode->model());
    for (int item = 0; item < m_mode->count(); ++item) {
        const SessionMode itemMode = SessionMode(m_mode->itemData(item).toInt());
        m_mode->setItemText(item, modeText(itemMode));
        if (modeTraits(itemMode).remote != RemoteRole::Ping)
            continue;
        if (QStandardItem *entry = model ? model->item(item) : nullptr)
            entry->setEnabled(icmpProblem.isEmpty());
        m_mode->setItemData(item,
            icmpProblem.isEmpty() ? tr("Send ICMP echo requests (ping) and see each reply's headers decoded")
                                  : tr("Not available: %1").arg(icmpProblem),
            Qt::ToolTipRole);
    }
    m_localLabel->setText(tr("Local"));
    m_localPathLabel->setText(tr("Path"));
    m_localPortLabel->setText(tr("Port"));
    m_sourcePortLabel->setText(tr("Source port"));
    m_remotePortLabel->setText(tr("Port"));
    m_localPort->setPlaceholderText(tr("0 = any"));
    m_sourcePort->setPlaceholderText(tr("any"));
    m_optionsButton->setText(tr("Options"));
    m_halfCloseAction->setText(tr("Shut down sending"));
    m_halfCloseAction->setToolTip(tr("Half-close: tell the server you have finished sending (TCP FIN) and "
                                     "keep receiving its reply"));
    m_mode->setToolTip(tr("TCP server: wait for clients. TCP client: connect to a server. UDP: send and "
                          "receive datagrams. Relay: listen here, pass everything on to the target and "
                          "log both directions"));
    m_toolTips[m_optionsButton] = tr("Timeouts, socket options, echo, client limits and how received data is "
                                     "split into messages");
    m_toolTips[m_local] = tr("The local address: all interfaces, loopback only, or one address of "
                             "this machine (you may type an IP address)");
    m_toolTips[m_localPort] = tr("The port to listen on or bind to; 0 lets the system pick one");
    m_toolTips[m_sourcePort] = tr("The local port to connect from; leave empty to let the system pick");
    m_toolTips[m_host] = tr("A host name or an IP address");
    m_toolTips[m_localPath] = tr("The Unix socket's path, such as /tmp/app.sock, or @name for a name in "
                                 "Linux's abstract namespace (no file)");
    m_toolTips[m_remotePath] = m_toolTips[m_localPath];
    m_toolTips[m_remotePort] = tr("The remote port, 1 to 65535");
    updateTextsForMode();
    revalidate();
    updateReachableText();
}

QString SessionSettingsBar::modeText(SessionMode mode)
{
    switch (mode) {
    case SessionMode::TcpServer:
        return tr("TCP server");
    case SessionMode::TcpClient:
        return tr("TCP client");
    case SessionMode::Udp:
        return tr("UDP");
    case SessionMode::TcpRelay:
        return tr("TCP relay");
    case SessionMode::UdpRelay:
        return tr("UDP relay");
    case SessionMode::Icmp:
        return tr("ICMP (raw)");
    case SessionMode::UnixServer:
        return tr("Unix server");
    case SessionMode::UnixClient:
        return tr("Unix client");
    case SessionMode::UnixDatagram:
        return tr("Unix datagrams");
    }
    return QString();
}

void SessionSettingsBar::updateTextsForMode()
{
    const ModeTraits &traits = modeTraits(mode());
    const RemoteRole remote = traits.remote;
    if (traits.unixPaths) {
        m_remotePathLabel->setText(remote == RemoteRole::DefaultTarget ? tr("Send to") : tr("Path"));
        m_remotePath->setPlaceholderText(remote == RemoteRole::DefaultTarget ? tr("a socket path (optional)")
                                                                             : tr("/tmp/app.sock or @name"));
        m_localPath->setPlaceholderText(remote == RemoteRole::DefaultTarget
                ? tr("empty: a name the system picks")
                : tr("/tmp/app.sock or @name"));
        return;
    }
    const bool target = remote == RemoteRole::DefaultTarget;
    const bool ping = remote == RemoteRole::Ping;
    m_hostLabel->setText(target             ? tr("Send to")
            : remote == RemoteRole::Forward ? tr("Forward to")
            : ping                          ? tr("Ping")
                                            : tr("Remote"));
    m_host->setPlaceholderText(target ? tr("default target (optional)")
            : ping                    ? tr("IPv4 host or address")
                                      : tr("host or address"));
    m_remotePort->setPlaceholderText(target ? tr("optional") : QString());
}

SessionMode SessionSettingsBar::mode() const
{
    return SessionMode(m_mode->currentData().toInt());
}

void SessionSettingsBar::onModeChanged()
{
    const SessionMode current = mode();
    const ModeTraits &traits = modeTraits(current);
    const bool inet = !traits.unixPaths;
    m_localLabel->setVisible(inet && traits.local != LocalRole::None);
    m_local->setVisible(inet && traits.local != LocalRole::None);
    m_localPortLabel->setVisible(inet && traits.local == LocalRole::Listen);
    m_localPort->setVisible(inet && traits.local == LocalRole::Listen);
    m_sourcePortLabel->setVisible(inet && traits.local == LocalRole::Source);
    m_sourcePort->setVisible(inet && traits.local == LocalRole::Source);
    m_localPathLabel->setVisible(!inet && traits.local == LocalRole::Listen);
    m_localPath->setVisible(!inet && traits.local == LocalRole::Listen);
    for (QWidget *widget : std::initializer_list<QWidget *> {m_hostLabel, m_host})
        widget->setVisible(inet && traits.remote != RemoteRole::None);
    for (QWidget *widget : std::initializer_list<QWidget *> {m_remotePathLabel, m_remotePath})
        widget->setVisible(!inet && traits.remote != RemoteRole::None);
    for (QWidget *widget : std::initializer_list<QWidget *> {m_remotePortLabel, m_remotePort})
        widget->setVisible(hasRemotePort(traits));
    m_halfCloseButton->setVisible(traits.halfClose);
    if (m_options)
        m_options->setMode(current);
    updateTextsForMode();
    revalidate();
    emit modeChanged(current);
}

QVector<SessionSettingsBar::Problem> SessionSettingsBar::problems() const
{
    QVector<Problem> list;
    QString error;
    const ModeTraits &traits = modeTraits(mode());
    if (traits.unixPaths) {
        const auto checkPath = [&](QLineEdit *edit, bool required, const QString &missing) {
            const QString path = edit->text().trimmed();
            if (path.isEmpty()) {
                if (required)
                    list.append({edit, missing, true});
                return;
            }
            const QString problem = posix::unixPathError(path);
            if (!problem.isEmpty())
                list.append({edit, problem, false});
        };
        if (traits.local == LocalRole::Listen)
            checkPath(m_localPath, traits.remote == RemoteRole::None, tr("enter the path to listen on"));
        if (traits.remote != RemoteRole::None)
            checkPath(m_remotePath, traits.remote == RemoteRole::Connect, tr("enter the path to connect to"));
        if (const QString options = m_options ? m_options->problem() : QString(); !options.isEmpty())
            list.append({m_optionsButton, options, false});
        return list;
    }
    QHostAddress address;
    if (traits.local != LocalRole::None && !m_local->address(&address, &error))
        list.append({m_local, error, false});
    const auto checkPort = [&](QLineEdit *edit, bool required, bool allowZero) {
        if (edit->text().trimmed().isEmpty()) {
            if (required)
                list.append({edit, tr("port is empty"), true});
        } else if (!parsePort(edit->text(), nullptr, &error, allowZero)) {
            list.append({edit, error, false});
        }
    };
    const auto checkHost = [&](const QString &host, const QString &missing) {
        if (host.isEmpty())
            list.append({m_host, missing, true});
        else if (!validateHost(host, &error))
            list.append({m_host, error, false});
    };
    if (traits.local == LocalRole::Source)
        checkPort(m_sourcePort, false, true);
    else if (traits.local == LocalRole::Listen)
        checkPort(m_localPort, true, true);
    const QString host = m_host->text().trimmed();
    switch (traits.remote) {
    case RemoteRole::None:
        break;
    case RemoteRole::Connect:
        checkHost(host, tr("enter the host to connect to"));
        checkPort(m_remotePort, true, false);
        break;
    case RemoteRole::Forward:
        checkHost(host, tr("enter the host to forward to"));
        checkPort(m_remotePort, true, false);
        break;
    case RemoteRole::DefaultTarget:
        // The default target is optional, but half of one is a mistake.
        if (!host.isEmpty() && !validateHost(host, &error))
            list.append({m_host, error, false});
        else if (host.isEmpty() && !m_remotePort->text().trimmed().isEmpty())
            list.append({m_host, tr("enter the target host too, or clear the target port"), true});
        checkPort(m_remotePort, !host.isEmpty(), false);
        break;
    case RemoteRole::Ping: {
        const int before = int(list.size());
        checkHost(host, tr("enter the host to ping"));
        if (list.size() == before && host.contains(u':'))
            list.append({m_host, tr("ICMP echo here is IPv4 only"), false});
        const QString unavailable = icmp::unavailableReason();
        if (!unavailable.isEmpty())
            list.append({m_host, unavailable, false});
        break;
    }
    }
    const QString options = m_options ? m_options->problem() : QString();
    if (!options.isEmpty())
        list.append({m_optionsButton, options, false});
    return list;
}

bool SessionSettingsBar::isValid() const
{
    optionsPopup(); // the options' own problems count
    return problems().isEmpty();
}

void SessionSettingsBar::revalidate()
{
    const QVector<Problem> list = problems();
    QHash<QWidget *, QString> errors;
    QStringList shown;
    const QHash<QWidget *, QString> names {{m_local, tr("Local address")}, {m_localPort, tr("Local port")},
        {m_sourcePort, tr("Source port")}, {m_host, tr("Remote host")}, {m_remotePort, tr("Remote port")},
        {m_localPath, tr("Local path")}, {m_remotePath, tr("Remote path")}, {m_optionsButton, tr("Options")}};
    // An empty required field needs no red: the button's tooltip says what is missing.
    for (const Problem &problem : list) {
        if (problem.missing)
            continue;
        errors.insert(problem.field, problem.message);
        shown.append(tr("%1: %2").arg(names.value(problem.field), problem.message));
    }
    const QColor error = errorColor(palette());
    for (QWidget *field : std::initializer_list<QWidget *> {m_local, m_localPort, m_sourcePort, m_localPath,
             m_remotePath, m_host, m_remotePort, m_optionsButton}) {
        const QString message = errors.value(field);
        QPalette tinted = palette();
        if (!message.isEmpty()) // a red-ish field, as a frame would be, in any palette
            tinted.setColor(QPalette::Base, blend(tinted.color(QPalette::Base), error, 0.25));
        field->setPalette(tinted);
        field->setToolTip(message.isEmpty() ? m_toolTips.value(field) : message);
    }
    QPalette palette = this->palette();
    palette.setColor(QPalette::WindowText, error);
    m_errorLabel->setPalette(palette);
    m_errorLabel->setText(shown.join(u'\n'));
    m_errorLabel->setVisible(!shown.isEmpty());
    m_firstProblem = list.isEmpty() ? QString() : list.constFirst().message;
    updateButton();
}

void SessionSettingsBar::updateButton()
{
    const ModeTraits &traits = modeTraits(mode());
    const bool idle = m_state == Session::State::Idle;
    if (idle) {
        m_startButton->setText(startText(traits.remote));
        m_startButton->setEnabled(m_firstProblem.isEmpty());
        m_startButton->setToolTip(m_firstProblem);
    } else {
        m_startButton->setText(traits.remote == RemoteRole::Connect ? tr("Disconnect") : tr("Stop"));
        m_startButton->setEnabled(m_state != Session::State::Stopping);
        m_startButton->setToolTip(QString());
    }
    for (QWidget *field : std::initializer_list<QWidget *> {
             m_mode, m_local, m_localPort, m_sourcePort, m_localPath, m_remotePath, m_host, m_remotePort})
        field->setEnabled(idle);
    if (m_options)
        m_options->setSessionRunning(!idle); // locked, but for a UDP session's multicast groups
    m_halfCloseAction->setEnabled(traits.halfClose && m_state == Session::State::Running && !m_halfClosed);
}

QString SessionSettingsBar::startText(RemoteRole remote)
{
    switch (remote) {
    case RemoteRole::None:
        return tr("Listen");
    case RemoteRole::Connect:
        return tr("Connect");
    case RemoteRole::DefaultTarget:
        return tr("Bind");
    case RemoteRole::Forward:
        return tr("Relay");
    case RemoteRole::Ping:
        return tr("Ping");
    }
    return QString();
}

void SessionSettingsBar::setState(Session::State state)
{
    if (state == Session::State::Starting || state == Session::State::Idle)
        m_halfClosed = false;
    m_state = state;
    if (state == Session::State::Idle) {
        setReachableAt({}, false); // whatever was reachable is gone with the socket
        setPortInUse(0);
    }
    updateButton();
}

void SessionSettingsBar::setPortInUse(quint16 port)
{
    if (m_pickedPortField) {
        QLineEdit *field = std::exchange(m_pickedPortField, nullptr);
        field->setText(m_requestedPort);
    }
    const ModeTraits &traits = modeTraits(mode());
    if (port == 0 || m_state == Session::State::Idle
        || (traits.local != LocalRole::Listen && traits.local != LocalRole::Source))
        return;
    QLineEdit *field = traits.local == LocalRole::Source ? m_sourcePort : m_localPort;
    if (portIn(field) != 0)
        return; // a port was asked for, and that is the one in use
    m_requestedPort = field->text();
    m_pickedPortField = field; // before the text changes: config() must not see the picked port
    field->setText(QString::number(port));
}

void SessionSettingsBar::onStartClicked()
{
    if (m_state != Session::State::Idle)
        emit stopRequested(); // the button is disabled while stopping
    else if (isValid())
        emit startRequested();
}

void SessionSettingsBar::setReachableAt(const QStringList &endpoints, bool allInterfaces)
{
    m_reachable = endpoints;
    m_reachableAll = allInterfaces;
    updateReachableText();
}

void SessionSettingsBar::updateReachableText()
{
    bool loopbackOnly = true;
    for (const QString &text : std::as_const(m_reachable)) {
        const std::optional<Endpoint> endpoint = Endpoint::parse(text, nullptr, true);
        loopbackOnly = loopbackOnly && endpoint && QHostAddress(endpoint->host).isLoopback();
    }
    const QString note = m_reachableAll ? tr("Other machines can connect, unless a firewall blocks the port.")
        : loopbackOnly                  ? tr("Loopback only: only this machine can connect.")
                                        : tr("Other machines can connect to this address only.");
    m_reachableLabel->setText(
        tr("Reachable at %1. %2").arg(m_reachable.join(QStringLiteral(" \u00b7 ")), note));
    m_reachableLabel->setVisible(!m_reachable.isEmpty());
}

SessionConfig SessionSettingsBar::config() const
{
    SessionConfig config = fieldsConfig();
    optionsPopup()->applyTo(&config);
    return config;
}

SessionConfig SessionSettingsBar::fieldsConfig() const
{
    SessionConfig config;
    config.mode = mode();
    QHostAddress local;
    QString error;
    if (!m_local->address(&local, &error))
        local = QHostAddress(QHostAddress::AnyIPv4);
    const ModeTraits &traits = modeTraits(config.mode);
    const bool client = traits.local == LocalRole::Source;
    // 0.0.0.0 is the default everywhere; for a client "::" means "any" just the same.
    const bool specific = client ? !isAny(local) : local != QHostAddress(QHostAddress::AnyIPv4);
    config.bindAddressSet = specific;
    config.bindAddress = specific ? local : QHostAddress(QHostAddress::AnyIPv4);
    const QLineEdit *portField = client ? m_sourcePort : m_localPort;
    config.bindPort = portField == m_pickedPortField ? 0 : portIn(portField);
    if (traits.unixPaths) {
        // The address fields keep their values for a switch of mode, but do not apply.
        config.localPath = traits.local == LocalRole::Listen ? m_localPath->text().trimmed() : QString();
        config.remotePath = traits.remote != RemoteRole::None ? m_remotePath->text().trimmed() : QString();
    } else if (traits.remote != RemoteRole::None) {
        config.host = m_host->text().trimmed();
        config.port = config.host.isEmpty() || !hasRemotePort(traits) ? 0 : portIn(m_remotePort);
    }
    return config;
}

SessionConfig SessionSettingsBar::draftConfig() const
{
    if (m_options)
        return config();
    SessionConfig draft = fieldsConfig();
    SessionOptionsPopup::applyShown(m_pendingOptions, &draft);
    return draft;
}

SessionOptionsPopup *SessionSettingsBar::optionsPopup() const
{
    if (!m_options)
        const_cast<SessionSettingsBar *>(this)->buildOptions();
    return m_options;
}

void SessionSettingsBar::buildOptions()
{
    m_options = new SessionOptionsPopup(this);
    m_options->setMode(mode());
    m_options->setFrom(m_pendingOptions);
    m_options->setReconnectEnabled(m_pendingReconnect);
    m_options->setSessionRunning(m_state != Session::State::Idle);
    connect(m_options, &SessionOptionsPopup::changed, this, &SessionSettingsBar::revalidate);
    connect(m_options, &SessionOptionsPopup::liveOptionChanged, this, [this] {
        if (m_state != Session::State::Idle)
            emit liveOptionsChanged();
    });
    emit optionsPopupBuilt(m_options);
    revalidate(); // the options' own problems, if any
}

bool SessionSettingsBar::reconnectEnabled() const
{
    return m_options ? m_options->reconnectEnabled() : m_pendingReconnect;
}

void SessionSettingsBar::setReconnectEnabled(bool enabled)
{
    if (m_options)
        m_options->setReconnectEnabled(enabled);
    else
        m_pendingReconnect = enabled;
}

bool SessionSettingsBar::event(QEvent *event)
{
    // Built once the bar is on the screen, from the event loop: the window's first picture does not
    // wait for it, and a saved option that cannot be used shows its problem right after.
    if (event->type() == QEvent::Paint && !m_options && !m_optionsQueued) {
        m_optionsQueued = true;
        QTimer::singleShot(0, this, [this] { optionsPopup(); });
    }
    return QWidget::event(event);
}

void SessionSettingsBar::setConfig(const SessionConfig &config)
{
    m_pickedPortField = nullptr; // the fields say what the config asks for
    m_mode->setCurrentIndex(m_mode->findData(int(config.mode)));
    if (modeTraits(config.mode).unixPaths) {
        // The address and port fields keep their values, ready for a switch of mode.
        m_localPath->setText(config.localPath);
        m_remotePath->setText(config.remotePath);
        setOptionsFrom(config);
        revalidate();
        return;
    }
    const bool client = modeTraits(config.mode).local == LocalRole::Source;
    // All interfaces (0.0.0.0) unless an address was asked for; a server binds whatever it is given.
    if (config.bindAddressSet || (!client && !isAny(config.bindAddress)))
        m_local->setAddress(config.bindAddress);
    else
        m_local->selectEntry(0);
    // The other modes' port stays as it was, ready for a switch of mode.
    if (client)
        m_sourcePort->setText(config.bindPort != 0 ? QString::number(config.bindPort) : QString());
    else
        m_localPort->setText(QString::number(config.bindPort));
    m_host->setText(config.host);
    m_remotePort->setText(config.port != 0 ? QString::number(config.port) : QString());
    setOptionsFrom(config);
    revalidate();
}

void SessionSettingsBar::setOptionsFrom(const SessionConfig &config)
{
    if (m_options)
        m_options->setFrom(config);
    else
        m_pendingOptions = config;
}

void SessionSettingsBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    else if (event->type() == QEvent::PaletteChange)
        revalidate(); // the error tints derive from the palette
    QWidget::changeEvent(event);
}

} // namespace sockpit::ui
