#include "sessionoptionspopup.h"

#include "autoreplyeditor.h"
#include "checksumcheckrow.h"
#include "errorcolor.h"
#include "icmppacket.h"
#include "modetraits.h"
#include "multicastpanel.h"
#include "payloadencoder.h"
#include "payloadrenderer.h"
#include "tlsoptions.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QSpinBox>
#include <QVBoxLayout>

namespace sockpit::ui {

namespace {
// The Messages choices; lines are delimiters the user need not spell.
enum FramingChoice { Chunks, LinesLf, LinesCrLf, Delimiter, LengthHeader, FixedLength, IdleGap };
} // namespace

SessionOptionsPopup::SessionOptionsPopup(QWidget *parent)
    : QFrame(parent, Qt::Popup)
    , m_form(new QFormLayout)
    , m_tailForm(new QFormLayout)
    , m_timeoutLabel(new QLabel)
    , m_connectTimeout(new QSpinBox)
    , m_reconnect(new QCheckBox)
    , m_noDelay(new QCheckBox)
    , m_keepAlive(new QCheckBox)
    , m_proxyLabel(new QLabel)
    , m_proxy(new QLineEdit)
    , m_webSocket(new QCheckBox)
    , m_webSocketResourceLabel(new QLabel)
    , m_webSocketResource(new QLineEdit)
    , m_echo(new QCheckBox)
    , m_maxClientsLabel(new QLabel)
    , m_maxClients(new QSpinBox)
    , m_chat(new QCheckBox)
    , m_chatNameLabel(new QLabel)
    , m_chatName(new QLineEdit)
    , m_framingLabel(new QLabel)
    , m_framing(new QComboBox)
    , m_delimiterLabel(new QLabel)
    , m_delimiter(new QLineEdit)
    , m_prefixLabel(new QLabel)
    , m_prefixRow(new QWidget)
    , m_prefixSize(new QComboBox)
    , m_bigEndian(new QCheckBox)
    , m_includesHeader(new QCheckBox)
    , m_fixedLabel(new QLabel)
    , m_fixedLength(new QSpinBox)
    , m_gapLabel(new QLabel)
    , m_idleGap(new QSpinBox)
    , m_maxFrameLabel(new QLabel)
    , m_maxFrame(new QSpinBox)
    , m_framingError(new QLabel)
    , m_checkLabel(new QLabel)
    , m_check(new ChecksumCheckRow)
    , m_tls(new TlsOptions)
    , m_autoReplyButton(new QPushButton)
{
    setObjectName(QStringLiteral("optionsPopup"));
    setFrameShape(QFrame::StyledPanel);
    m_connectTimeout->setObjectName(QStringLiteral("connectTimeout"));
    m_connectTimeout->setRange(100, 600000);
    m_connectTimeout->setSingleStep(500);
    m_reconnect->setObjectName(QStringLiteral("reconnect"));
    m_noDelay->setObjectName(QStringLiteral("noDelay"));
    m_keepAlive->setObjectName(QStringLiteral("keepAlive"));
    m_echo->setObjectName(QStringLiteral("echo"));
    m_maxClients->setObjectName(QStringLiteral("maxClients"));
    m_maxClients->setRange(0, 1000000);
    m_timeoutLabel->setBuddy(m_connectTimeout);
    m_maxClientsLabel->setBuddy(m_maxClients);
    m_form->addRow(m_timeoutLabel, m_connectTimeout);
    m_form->addRow(m_reconnect);
    m_form->addRow(m_noDelay);
    m_form->addRow(m_keepAlive);
    m_proxy->setObjectName(QStringLiteral("proxy"));
    m_proxyLabel->setBuddy(m_proxy);
    m_form->addRow(m_proxyLabel, m_proxy);
    connect(m_proxy, &QLineEdit::textChanged, this, &SessionOptionsPopup::changed);
    m_webSocket->setObjectName(QStringLiteral("webSocket"));
    m_webSocketResource->setObjectName(QStringLiteral("webSocketResource"));
    m_webSocketResourceLabel->setBuddy(m_webSocketResource);
    m_form->addRow(m_webSocket);
    m_form->addRow(m_webSocketResourceLabel, m_webSocketResource);
    connect(m_webSocket, &QCheckBox::toggled, this, [this] {
        updateFramingRows(); // a WebSocket message is a message: no framing, no chat room's lines
        emit changed();
    });
    connect(m_webSocketResource, &QLineEdit::textChanged, this, &SessionOptionsPopup::changed);
    m_form->addRow(m_echo);
    m_form->addRow(m_maxClientsLabel, m_maxClients);
    m_chat->setObjectName(QStringLiteral("chat"));
    m_chatName->setObjectName(QStringLiteral("chatName"));
    m_chatName->setMaxLength(32);
    m_chatNameLabel->setBuddy(m_chatName);
    m_form->addRow(m_chat);
    m_form->addRow(m_chatNameLabel, m_chatName);
    connect(m_chat, &QCheckBox::toggled, this, [this] {
        updateChatRows();
        emit changed();
    });
    connect(m_chatName, &QLineEdit::textChanged, this, &SessionOptionsPopup::changed);
    m_autoReplyButton->setObjectName(QStringLiteral("autoReplyRules"));
    m_form->addRow(m_autoReplyButton);
    connect(m_autoReplyButton, &QPushButton::clicked, this, &SessionOptionsPopup::editAutoReplies);

    m_framing->setObjectName(QStringLiteral("framing"));
    for (int i = Chunks; i <= IdleGap; ++i)
        m_framing->addItem(QString(), i);
    m_delimiter->setObjectName(QStringLiteral("delimiter"));
    m_prefixSize->setObjectName(QStringLiteral("prefixSize"));
    for (int size : {1, 2, 4})
        m_prefixSize->addItem(QString(), size);
    m_bigEndian->setObjectName(QStringLiteral("bigEndian"));
    m_includesHeader->setObjectName(QStringLiteral("includesHeader"));
    auto *prefixLayout = new QHBoxLayout(m_prefixRow);
    prefixLayout->setContentsMargins(0, 0, 0, 0);
    prefixLayout->addWidget(m_prefixSize);
    prefixLayout->addWidget(m_bigEndian);
    prefixLayout->addWidget(m_includesHeader);
    m_fixedLength->setObjectName(QStringLiteral("fixedLength"));
    m_idleGap->setObjectName(QStringLiteral("idleGap"));
    m_idleGap->setRange(1, 3600000);
    m_maxFrame->setObjectName(QStringLiteral("maxFrame"));
    m_maxFrame->setRange(1, 16 * 1024 * 1024);
    m_fixedLength->setRange(1, 16 * 1024 * 1024);
    m_framingError->setObjectName(QStringLiteral("framingError"));
    m_framingError->setWordWrap(true);
    m_framingLabel->setBuddy(m_framing);
    m_delimiterLabel->setBuddy(m_delimiter);
    m_prefixLabel->setBuddy(m_prefixSize);
    m_fixedLabel->setBuddy(m_fixedLength);
    m_gapLabel->setBuddy(m_idleGap);
    m_maxFrameLabel->setBuddy(m_maxFrame);
    m_form->addRow(m_framingLabel, m_framing);
    m_form->addRow(m_delimiterLabel, m_delimiter);
    m_form->addRow(m_prefixLabel, m_prefixRow);
    m_form->addRow(m_fixedLabel, m_fixedLength);
    m_form->addRow(m_gapLabel, m_idleGap);
    m_form->addRow(m_maxFrameLabel, m_maxFrame);
    m_checkLabel->setBuddy(m_check);
    m_form->addRow(m_checkLabel, m_check);
    // The wrapped error text and the TLS options (which hold a wrapped fingerprint) stay out of the
    // forms: Qt 6.4's QFormLayout writes past the end of an array in setGeometry() when a form with
    // hidden rows holds a height-for-width row (valgrind: an invalid write of 4 bytes), and that heap
    // corruption crashed a few runs in a hundred, far from here.
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_framingError);
    layout->addWidget(m_tls);
    layout->addLayout(m_tailForm);
    const auto changed = [this] {
        updateFramingRows();
        emit this->changed();
    };
    connect(m_framing, &QComboBox::currentIndexChanged, this, changed);
    connect(m_delimiter, &QLineEdit::textChanged, this, changed);
    connect(m_fixedLength, &QSpinBox::valueChanged, this, changed);
    connect(m_maxFrame, &QSpinBox::valueChanged, this, changed);
    connect(m_tls, &TlsOptions::changed, this, changed);
    // What a running session takes without a restart (Session::setLiveOptions).
    const auto live = [this] { emit liveOptionChanged(); };
    connect(m_echo, &QCheckBox::toggled, this, live);
    connect(m_maxClients, &QSpinBox::valueChanged, this, live);
    connect(m_framing, &QComboBox::currentIndexChanged, this, live);
    connect(m_delimiter, &QLineEdit::textChanged, this, live);
    connect(m_prefixSize, &QComboBox::currentIndexChanged, this, live);
    connect(m_bigEndian, &QCheckBox::toggled, this, live);
    connect(m_includesHeader, &QCheckBox::toggled, this, live);
    connect(m_fixedLength, &QSpinBox::valueChanged, this, live);
    connect(m_idleGap, &QSpinBox::valueChanged, this, live);
    connect(m_maxFrame, &QSpinBox::valueChanged, this, live);
    connect(m_check, &ChecksumCheckRow::changed, this, live);

    const auto pingField = [this](const char *name, int min, int max) {
        PingField field {new QLabel, new QSpinBox};
        field.spin->setObjectName(QString::fromLatin1(name));
        field.spin->setRange(min, max);
        field.label->setBuddy(field.spin);
        m_tailForm->addRow(field.label, field.spin);
        return field;
    };
    m_pingCount = pingField("pingCount", 0, 1000000);
    m_pingInterval = pingField("pingInterval", 1, 86400000);
    m_pingSize = pingField("pingSize", 0, icmp::MaxPayload);
    m_pingTimeout = pingField("pingTimeout", 1, 86400000);
    m_multicastLabel = new QLabel;
    m_multicast = new MulticastPanel;
    m_multicastLabel->setBuddy(m_multicast);
    m_tailForm->addRow(m_multicastLabel, m_multicast);

    setFrom(SessionConfig());
    retranslate();
}

void SessionOptionsPopup::setMode(SessionMode mode)
{
    const ModeTraits &traits = modeTraits(mode);
    m_form->setRowVisible(m_connectTimeout, traits.connectTimeout);
    m_form->setRowVisible(m_reconnect, traits.reconnect);
    m_form->setRowVisible(m_noDelay, traits.socketOptions);
    m_form->setRowVisible(m_keepAlive, traits.socketOptions);
    // A proxy is for the modes that connect out over TCP.
    m_form->setRowVisible(m_proxy, traits.remote == RemoteRole::Connect && !traits.unixPaths);
    m_form->setRowVisible(m_webSocket, webSocketApplies(mode));
    m_form->setRowVisible(m_echo, traits.echo);
    m_form->setRowVisible(m_autoReplyButton, traits.autoReply);
    // Checked where messages are received and answered: not by a relay, which only passes them on.
    m_form->setRowVisible(m_check, traits.autoReply);
    m_form->setRowVisible(m_maxClients, traits.maxClients);
    for (const PingField &field : {m_pingCount, m_pingInterval, m_pingSize, m_pingTimeout})
        m_tailForm->setRowVisible(field.spin, traits.pingOptions);
    m_tailForm->setRowVisible(m_multicast, traits.multicast);
    m_tls->setMode(mode);
    m_tls->setVisible(traits.tls != TlsRole::None);
    m_mode = mode;
    updateFramingRows();
}

void SessionOptionsPopup::updateChatRows()
{
    m_chatName->setEnabled(m_chat->isChecked() && m_chat->isEnabled());
    m_chatNameLabel->setEnabled(m_chatName->isEnabled());
}

QString SessionOptionsPopup::chatName() const
{
    const QString name = m_chatName->text().trimmed();
    return name.isEmpty() ? SessionConfig().chatName : name;
}

void SessionOptionsPopup::updateFramingRows()
{
    // UDP datagrams and WebSocket messages are messages already: framing is for TCP's byte stream.
    const bool webSocket = webSocketApplies(m_mode) && m_webSocket->isChecked();
    const bool tcp = modeTraits(m_mode).framing && !webSocket;
    m_form->setRowVisible(m_webSocketResource, webSocket && m_mode == SessionMode::TcpClient);
    m_form->setRowVisible(m_chat, isStreamServer(m_mode) && !webSocket);
    m_form->setRowVisible(m_chatName, isStreamServer(m_mode) && !webSocket);
    const int choice = m_framing->currentData().toInt();
    m_form->setRowVisible(m_framing, tcp);
    m_form->setRowVisible(m_delimiter, tcp && choice == Delimiter);
    m_form->setRowVisible(m_prefixRow, tcp && choice == LengthHeader);
    m_form->setRowVisible(m_fixedLength, tcp && choice == FixedLength);
    m_form->setRowVisible(m_idleGap, tcp && choice == IdleGap);
    m_form->setRowVisible(m_maxFrame, tcp && choice != Chunks);
    const QString error = problem();
    m_framingError->setText(error);
    QPalette palette = this->palette();
    palette.setColor(QPalette::WindowText, errorColor(palette));
    m_framingError->setPalette(palette);
    m_framingError->setVisible(!error.isEmpty());
    adjustSize();
    if (isVisible())
        keepOnScreen(); // a row just shown may have made it wider
}

Framing SessionOptionsPopup::framing(QString *error) const
{
    Framing framing;
    framing.maxFrame = m_maxFrame->value();
    switch (m_framing->currentData().toInt()) {
    case LinesLf:
        framing.kind = Framing::Kind::Delimiter;
        framing.delimiter = QByteArrayLiteral("\n");
        break;
    case LinesCrLf:
        framing.kind = Framing::Kind::Delimiter;
        framing.delimiter = QByteArrayLiteral("\r\n");
        break;
    case Delimiter: {
        framing.kind = Framing::Kind::Delimiter;
        // Written like the composer's escaped text: "\r\n", "END", "\x7e".
        const EncodeResult result = encodePayload(m_delimiter->text(), InputMode::Escaped);
        if (!result.ok() && error)
            *error = tr("Delimiter: %1").arg(result.error);
        framing.delimiter = result.bytes;
        break;
    }
    case LengthHeader:
        framing.kind = Framing::Kind::LengthPrefix;
        framing.prefixSize = m_prefixSize->currentData().toInt();
        framing.bigEndian = m_bigEndian->isChecked();
        framing.lengthIncludesPrefix = m_includesHeader->isChecked();
        break;
    case FixedLength:
        framing.kind = Framing::Kind::FixedLength;
        framing.fixedLength = m_fixedLength->value();
        break;
    case IdleGap:
        framing.kind = Framing::Kind::IdleGap;
        framing.idleGapMs = m_idleGap->value();
        break;
    default:
        break;
    }
    return framing;
}

QString SessionOptionsPopup::problem() const
{
    const ModeTraits &traits = modeTraits(m_mode);
    const bool webSocket = webSocketApplies(m_mode) && m_webSocket->isChecked();
    QString error;
    if (traits.framing && !webSocket) {
        const Framing f = framing(&error);
        if (error.isEmpty() && !f.validate().isEmpty())
            error = tr("Messages: %1").arg(f.validate());
    }
    if (error.isEmpty() && traits.tls != TlsRole::None)
        error = m_tls->problem();
    const QString proxy = m_proxy->text().trimmed();
    if (error.isEmpty() && traits.remote == RemoteRole::Connect && !traits.unixPaths && !proxy.isEmpty()) {
        QString why;
        if (!ProxySettings::parse(proxy, &why))
            error = tr("Proxy: %1").arg(why);
    }
    // Clients read "<name> text": a name with a space or an angle bracket would read as something else.
    static const QRegularExpression badName(QStringLiteral("[\\s<>]"));
    if (error.isEmpty() && webSocket && m_mode == SessionMode::TcpClient
        && !m_webSocketResource->text().trimmed().isEmpty()
        && !m_webSocketResource->text().trimmed().startsWith(QLatin1Char('/')))
        error = tr("WebSocket path: it starts with /, as in /chat?room=1");
    if (error.isEmpty() && isStreamServer(m_mode) && !webSocket && m_chat->isChecked()
        && chatName().contains(badName))
        error = tr("The chat room's name cannot have spaces, < or >");
    return error;
}

void SessionOptionsPopup::editAutoReplies()
{
    hide(); // a popup would close on the dialog's first click anyway
    auto *editor = new AutoReplyEditor(parentWidget());
    editor->setAttribute(Qt::WA_DeleteOnClose);
    editor->setRules(m_autoReplies);
    connect(editor, &QDialog::accepted, this, [this, editor] {
        m_autoReplies = editor->rules();
        updateAutoReplyButton();
        emit changed();
        emit liveOptionChanged();
    });
    editor->open();
}

void SessionOptionsPopup::updateAutoReplyButton()
{
    int enabled = 0;
    for (const AutoReplyRule &rule : m_autoReplies)
        enabled += rule.enabled;
    m_autoReplyButton->setText(tr("Auto-reply rules… (%1 on)").arg(enabled));
}

namespace {

// The options that name a session and choose its kind of log view, for config->mode; applyTo() and
// applyShown() both take them this way.
void applyShownOptions(
    bool webSocket, const QString &resource, bool chat, const TlsSettings &tls, SessionConfig *config)
{
    if (webSocketApplies(config->mode)) {
        config->webSocket = webSocket;
        const QString path = resource.trimmed();
        if (config->mode == SessionMode::TcpClient)
            config->webSocketResource = path.isEmpty() ? QStringLiteral("/") : path;
    }
    if (isStreamServer(config->mode))
        config->chat = !config->webSocket && chat; // a room's lines are not messages
    if (modeTraits(config->mode).tls != TlsRole::None)
        config->tls = tls;
}

} // namespace

void SessionOptionsPopup::applyShown(const SessionConfig &given, SessionConfig *config)
{
    applyShownOptions(given.webSocket, given.webSocketResource, given.chat, given.tls, config);
}

void SessionOptionsPopup::applyTo(SessionConfig *config) const
{
    config->autoReplies = m_autoReplies;
    // Only what the mode has: the other modes' fields keep SessionConfig's defaults.
    const ModeTraits &traits = modeTraits(config->mode);
    if (traits.connectTimeout)
        config->connectTimeoutMs = m_connectTimeout->value();
    if (traits.socketOptions) {
        config->noDelay = m_noDelay->isChecked();
        config->keepAlive = m_keepAlive->isChecked();
    }
    if (traits.remote == RemoteRole::Connect && !traits.unixPaths)
        config->proxy = ProxySettings::parse(m_proxy->text().trimmed(), nullptr).value_or(ProxySettings());
    applyShownOptions(m_webSocket->isChecked(), m_webSocketResource->text(), m_chat->isChecked(),
        m_tls->settings(), config);
    if (traits.maxClients)
        config->maxClients = m_maxClients->value();
    if (traits.echo)
        config->echo = m_echo->isChecked();
    if (isStreamServer(config->mode))
        config->chatName = chatName();
    if (traits.framing && !config->webSocket)
        config->framing = framing(nullptr);
    if (traits.autoReply)
        config->receiveCheck = m_check->check();
    if (traits.multicast) {
        config->multicastGroups = m_multicast->groups();
        config->multicastInterface = m_multicast->interfaceName();
    }
    if (traits.pingOptions) {
        config->pingCount = m_pingCount.spin->value();
        config->pingIntervalMs = m_pingInterval.spin->value();
        config->pingPayloadSize = m_pingSize.spin->value();
        config->pingTimeoutMs = m_pingTimeout.spin->value();
    }
}

void SessionOptionsPopup::setSessionRunning(bool running)
{
    const QList<QWidget *> children = findChildren<QWidget *>(QString(), Qt::FindDirectChildrenOnly);
    for (QWidget *child : children) {
        if (child != m_multicast && child != m_multicastLabel)
            child->setEnabled(!running);
    }
    for (QWidget *live : std::initializer_list<QWidget *> {
             m_echo, m_maxClientsLabel, m_maxClients, m_autoReplyButton, m_checkLabel, m_check})
        live->setEnabled(true);
    // A relay's connections keep the framing they started with, and a chat room always splits lines.
    const bool framingLive = !running || (!modeTraits(m_mode).relay && !m_chat->isChecked());
    for (QWidget *framing : std::initializer_list<QWidget *> {m_framingLabel, m_framing, m_delimiterLabel,
             m_delimiter, m_prefixLabel, m_prefixRow, m_fixedLabel, m_fixedLength, m_gapLabel, m_idleGap,
             m_maxFrameLabel, m_maxFrame, m_framingError})
        framing->setEnabled(framingLive);
    updateChatRows();
    m_multicast->setRunning(running);
}

void SessionOptionsPopup::setFrom(const SessionConfig &config)
{
    m_autoReplies = config.autoReplies;
    updateAutoReplyButton();
    m_connectTimeout->setValue(config.connectTimeoutMs);
    m_noDelay->setChecked(config.noDelay);
    m_keepAlive->setChecked(config.keepAlive);
    m_proxy->setText(config.proxy.toUrl());
    m_webSocket->setChecked(config.webSocket);
    m_webSocketResource->setText(config.webSocketResource);
    m_echo->setChecked(config.echo);
    m_maxClients->setValue(config.maxClients);
    m_check->setCheck(config.receiveCheck);
    m_chat->setChecked(config.chat);
    m_chatName->setText(config.chatName);
    updateChatRows();
    m_pingCount.spin->setValue(config.pingCount);
    m_pingInterval.spin->setValue(config.pingIntervalMs);
    m_pingSize.spin->setValue(config.pingPayloadSize);
    m_pingTimeout.spin->setValue(config.pingTimeoutMs);
    m_multicast->setGroups(config.multicastGroups);
    m_multicast->setInterfaceName(config.multicastInterface);
    m_tls->setSettings(config.tls);
    const Framing &f = config.framing;
    int choice = Chunks;
    switch (f.kind) {
    case Framing::Kind::Raw:
        break;
    case Framing::Kind::Delimiter:
        choice = f.delimiter == "\n" ? LinesLf : f.delimiter == "\r\n" ? LinesCrLf : Delimiter;
        break;
    case Framing::Kind::LengthPrefix:
        choice = LengthHeader;
        break;
    case Framing::Kind::FixedLength:
        choice = FixedLength;
        break;
    case Framing::Kind::IdleGap:
        choice = IdleGap;
        break;
    }
    m_delimiter->setText(choice == Delimiter ? renderPayload(f.delimiter, RenderMode::Text) : QString());
    m_prefixSize->setCurrentIndex(qMax(0, m_prefixSize->findData(f.prefixSize)));
    m_bigEndian->setChecked(f.bigEndian);
    m_includesHeader->setChecked(f.lengthIncludesPrefix);
    m_fixedLength->setValue(f.fixedLength);
    m_idleGap->setValue(f.idleGapMs);
    m_maxFrame->setValue(f.maxFrame);
    m_framing->setCurrentIndex(m_framing->findData(choice));
    updateFramingRows();
}

bool SessionOptionsPopup::reconnectEnabled() const
{
    return m_reconnect->isChecked();
}

void SessionOptionsPopup::setReconnectEnabled(bool enabled)
{
    m_reconnect->setChecked(enabled);
}

void SessionOptionsPopup::popUp(QWidget *anchor)
{
    adjustSize();
    move(anchor->mapToGlobal(QPoint(0, anchor->height())));
    keepOnScreen();
    show();
    keepOnScreen(); // showing polishes the widgets, and the popup may come out a little larger
}

void SessionOptionsPopup::keepOnScreen()
{
    // Near the screen's right or bottom edge the popup moves left or up, whole rows staying visible.
    const QScreen *screen = this->screen();
    if (!screen)
        return;
    const QRect room = screen->availableGeometry();
    const QRect frame = frameGeometry(); // pos() places the frame, which may be larger than the widget
    QPoint at = frame.topLeft();
    at.setX(qBound(room.left(), at.x(), qMax(room.left(), room.right() + 1 - frame.width())));
    at.setY(qBound(room.top(), at.y(), qMax(room.top(), room.bottom() + 1 - frame.height())));
    move(at);
}

void SessionOptionsPopup::retranslate()
{
    m_timeoutLabel->setText(tr("Connect timeout"));
    m_connectTimeout->setSuffix(tr(" ms"));
    m_connectTimeout->setToolTip(tr("How long to wait for the server to accept before giving up"));
    m_reconnect->setText(tr("Reconnect automatically after a drop"));
    m_reconnect->setToolTip(tr("When the connection is lost, try again, waiting longer after each failure"));
    m_noDelay->setText(tr("Send small writes at once (TCP_NODELAY)"));
    m_noDelay->setToolTip(tr("Off: the system may hold small writes back to join them into fewer packets"));
    m_keepAlive->setText(tr("Keepalive probes (SO_KEEPALIVE)"));
    m_keepAlive->setToolTip(tr("Lets the system notice a peer that vanished without closing"));
    m_proxyLabel->setText(tr("Proxy"));
    m_proxy->setPlaceholderText(tr("none (socks5://HOST:PORT or http://HOST:PORT)"));
    m_proxy->setToolTip(tr("Connect through a SOCKS5 or HTTP proxy, which resolves the host itself: "
                           "socks5://HOST:PORT or http://HOST:PORT, with USER:PASSWORD@ before HOST when it "
                           "asks for them (the password is not kept between runs). Empty: connect directly"));
    m_webSocket->setText(tr("WebSocket (RFC 6455): each message a WebSocket message"));
    m_webSocket->setToolTip(tr("Speak WebSocket on each connection after its opening handshake (with TLS: "
                               "wss). What you send is one message, text when it is UTF-8, binary "
                               "otherwise; pings are answered and close codes logged"));
    m_webSocketResourceLabel->setText(tr("WebSocket path"));
    m_webSocketResource->setPlaceholderText(QStringLiteral("/"));
    m_webSocketResource->setToolTip(tr("The path and query the client asks the server for, such as "
                                       "/chat?room=1"));
    m_echo->setText(tr("Echo: send everything received back to its sender"));
    updateAutoReplyButton();
    m_autoReplyButton->setToolTip(tr("Answer received messages that match a rule, with text or hex, after "
                                     "an optional delay"));
    m_maxClientsLabel->setText(tr("Max clients"));
    m_maxClients->setSpecialValueText(tr("unlimited"));
    m_maxClients->setToolTip(tr("Further clients are accepted and closed at once (0 = unlimited)"));
    m_chat->setText(tr("Chat room: pass each line a client says to every other client"));
    m_chat->setToolTip(tr("Clients are named user1, user2, \u2026; each line one says goes to the others as "
                          "\"<name> text\", and joins and leaves are announced"));
    m_chatNameLabel->setText(tr("Your name in the room"));
    m_chatName->setToolTip(tr("What you send is said to everyone under this name"));
    m_framingLabel->setText(tr("Messages"));
    m_checkLabel->setText(tr("Check received"));
    m_framing->setToolTip(tr("How received bytes are split into the messages the log and the recording "
                             "show; TCP itself only delivers chunks"));
    const QStringList choices {tr("Chunks as they arrive"), tr("Lines ending in LF"),
        tr("Lines ending in CR LF"), tr("Ending with a delimiter"), tr("Length header"), tr("Fixed length"),
        tr("Idle gap")};
    for (int i = 0; i < choices.size(); ++i)
        m_framing->setItemText(i, choices.at(i));
    m_delimiterLabel->setText(tr("Delimiter"));
    m_delimiter->setPlaceholderText(tr("e.g. \\r\\n or ## or \\x7e"));
    m_delimiter->setToolTip(tr("The bytes that end a message, as text with escapes: \\r \\n \\t \\xNN"));
    m_prefixLabel->setText(tr("Length header"));
    const QStringList sizes {tr("1 byte"), tr("2 bytes"), tr("4 bytes")};
    for (int i = 0; i < sizes.size(); ++i)
        m_prefixSize->setItemText(i, sizes.at(i));
    m_bigEndian->setText(tr("Big endian"));
    m_bigEndian->setToolTip(tr("Most significant byte first (network byte order); off: little endian"));
    m_includesHeader->setText(tr("Counts the header"));
    m_includesHeader->setToolTip(tr("On: the length includes the header's own bytes"));
    m_fixedLabel->setText(tr("Message length"));
    m_fixedLength->setSuffix(tr(" bytes"));
    m_gapLabel->setText(tr("Idle gap"));
    m_idleGap->setSuffix(tr(" ms"));
    m_idleGap->setToolTip(tr("A message ends when nothing more arrives for this long"));
    m_pingCount.label->setText(tr("Echo requests"));
    m_pingCount.spin->setSpecialValueText(tr("until stopped"));
    m_pingInterval.label->setText(tr("Every"));
    m_pingInterval.spin->setSuffix(tr(" ms"));
    m_pingSize.label->setText(tr("Data"));
    m_pingSize.spin->setSuffix(tr(" bytes"));
    m_pingTimeout.label->setText(tr("Reply timeout"));
    m_pingTimeout.spin->setSuffix(tr(" ms"));
    m_multicastLabel->setText(tr("Multicast"));
    m_maxFrameLabel->setText(tr("Longest message"));
    m_maxFrame->setSuffix(tr(" bytes"));
    m_maxFrame->setToolTip(tr("A longer message is shown in pieces of this size, and the log says so"));
    updateFramingRows();
}

void SessionOptionsPopup::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QFrame::changeEvent(event);
}

} // namespace sockpit::ui
