#include "composer.h"

#include "filechooser.h"
#include "repeatsender.h"
#include "textencodings.h"

#include <QComboBox>
#include <QEvent>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextCursor>
#include <QVBoxLayout>

#include <algorithm>

namespace sockpit::ui {

namespace {

bool isSendKey(const QKeyEvent *event, bool chat)
{
    if (event->key() != Qt::Key_Return && event->key() != Qt::Key_Enter)
        return false;
    if (chat)
        return !event->modifiers().testFlag(Qt::ShiftModifier); // Shift+Enter: a new line
    return event->modifiers().testFlag(Qt::ControlModifier);
}

bool isHistoryKey(const QKeyEvent *event)
{
    return (event->key() == Qt::Key_Up || event->key() == Qt::Key_Down)
        && event->modifiers().testFlag(Qt::ControlModifier)
        && !event->modifiers().testFlag(Qt::ShiftModifier);
}

// True while the cursor sits right after a half-typed byte ("48 6", "0x"): flagging that on every
// other key press would make the error flicker, so it waits until the user moves on or sends.
bool isTypingLastByte(const QString &input, int cursorPosition)
{
    return cursorPosition == input.size()
        && (parseHex(input + QLatin1Char('0')).ok() || parseHex(input + QLatin1String("00")).ok());
}

template<typename Enum> void selectData(QComboBox *box, Enum value)
{
    const int index = box->findData(int(value));
    if (index >= 0)
        box->setCurrentIndex(index);
}

} // namespace

Composer::Composer(QWidget *parent)
    : QWidget(parent)
    , m_editor(new QPlainTextEdit(this))
    , m_modeBox(new QComboBox(this))
    , m_encodingBox(new QComboBox(this))
    , m_lineEndingBox(new QComboBox(this))
    , m_checksumBox(new QComboBox(this))
    , m_byteOrderBox(new QComboBox(this))
    , m_sendButton(new QPushButton(this))
    , m_fileButton(new QPushButton(this))
    , m_errorLabel(new QLabel(this))
    , m_repeater(new RepeatSender(this))
{
    // Object names let tests and style sheets find the controls without reaching into members.
    m_editor->setObjectName(QStringLiteral("composerEditor"));
    m_modeBox->setObjectName(QStringLiteral("composerMode"));
    m_encodingBox->setObjectName(QStringLiteral("composerEncoding"));
    m_lineEndingBox->setObjectName(QStringLiteral("composerLineEnding"));
    m_checksumBox->setObjectName(QStringLiteral("composerChecksum"));
    m_byteOrderBox->setObjectName(QStringLiteral("composerByteOrder"));
    m_sendButton->setObjectName(QStringLiteral("composerSend"));
    m_fileButton->setObjectName(QStringLiteral("composerSendFile"));
    m_errorLabel->setObjectName(QStringLiteral("composerError"));

    // Hex columns and escapes line up only in a fixed-width font.
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->installEventFilter(this);

    // Item texts are filled in by retranslateUi(); the data never changes.
    for (InputMode mode : {InputMode::Text, InputMode::Hex, InputMode::Escaped})
        m_modeBox->addItem(QString(), int(mode));
    for (const QString &name : availableEncodings())
        m_encodingBox->addItem(QString(), name);
    for (LineEnding ending : {LineEnding::None, LineEnding::LF, LineEnding::CRLF})
        m_lineEndingBox->addItem(QString(), int(ending));
    for (ChecksumKind kind : checksumKinds())
        m_checksumBox->addItem(QString(), int(kind));
    for (ByteOrder order : {ByteOrder::BigEndian, ByteOrder::LittleEndian})
        m_byteOrderBox->addItem(QString(), int(order));

    m_errorLabel->setTextFormat(Qt::PlainText);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->hide();

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_sendButton);
    buttons->addWidget(m_fileButton);
    buttons->addStretch(1);
    auto *top = new QHBoxLayout;
    top->addWidget(m_editor, 1);
    top->addLayout(buttons);

    // Two rows, so that the composer (beside the preset panel) fits a window of about 1,100 pixels:
    // how the message is encoded, then how often it is sent.
    m_checksumBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_checksumBox->setMinimumContentsLength(14);
    auto *options = new QHBoxLayout;
    options->addWidget(m_modeBox);
    options->addWidget(m_encodingBox);
    options->addWidget(m_lineEndingBox);
    options->addWidget(m_checksumBox);
    options->addWidget(m_byteOrderBox);
    options->addStretch(1);
    auto *sending = new QHBoxLayout;
    sending->addWidget(m_repeater);
    sending->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top, 1);
    layout->addWidget(m_errorLabel);
    layout->addLayout(options);
    layout->addLayout(sending);

    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_recalling)
            m_history.resetWalk();
        validateLive();
    });
    for (QComboBox *box : {m_modeBox, m_encodingBox, m_lineEndingBox})
        connect(box, &QComboBox::currentIndexChanged, this, [this] { validateLive(); });
    connect(m_checksumBox, &QComboBox::activated, this, [this] {
        // A new algorithm starts in the order its protocol usually sends it.
        selectData(m_byteOrderBox, defaultByteOrder(checksum().kind));
    });
    connect(m_checksumBox, &QComboBox::currentIndexChanged, this, [this] { updateControls(); });
    connect(m_sendButton, &QPushButton::clicked, this, &Composer::send);
    connect(m_fileButton, &QPushButton::clicked, this, &Composer::chooseFileToSend);
    connect(m_repeater, &RepeatSender::startRequested, this, &Composer::startRepeat);
    connect(m_repeater, &RepeatSender::tick, this, &Composer::onRepeatTick);
    connect(m_repeater, &RepeatSender::runningChanged, this, &Composer::repeatStateChanged);

    updateErrorColour();
    retranslateUi();
}

Composer::~Composer() = default;

void Composer::setSendEnabled(bool enabled)
{
    m_sendEnabled = enabled;
    if (!enabled)
        stopRepeat();
    updateControls();
}

InputMode Composer::inputMode() const
{
    return InputMode(m_modeBox->currentData().toInt());
}

void Composer::setInputMode(InputMode mode)
{
    selectData(m_modeBox, mode);
}

QString Composer::encoding() const
{
    return m_encodingBox->currentData().toString();
}

void Composer::setEncoding(const QString &name)
{
    int index = m_encodingBox->findData(name, Qt::UserRole, Qt::MatchFixedString);
    if (index < 0 && isEncodingAvailable(name)) {
        // Settings may name an encoding Qt has but the short list leaves out: keep it, not UTF-8.
        m_encodingBox->addItem(encodingLabel(name), name);
        index = m_encodingBox->count() - 1;
    }
    if (index >= 0)
        m_encodingBox->setCurrentIndex(index);
}

LineEnding Composer::lineEnding() const
{
    return LineEnding(m_lineEndingBox->currentData().toInt());
}

void Composer::setLineEnding(LineEnding ending)
{
    selectData(m_lineEndingBox, ending);
}

QString Composer::text() const
{
    return m_editor->toPlainText();
}

void Composer::setText(const QString &text)
{
    m_editor->setPlainText(text);
    m_editor->moveCursor(QTextCursor::End);
}

ChecksumSpec Composer::checksum() const
{
    return {
        ChecksumKind(m_checksumBox->currentData().toInt()), ByteOrder(m_byteOrderBox->currentData().toInt())};
}

void Composer::setChecksum(const ChecksumSpec &spec)
{
    selectData(m_checksumBox, spec.kind);
    selectData(m_byteOrderBox, spec.order);
}

QString Composer::errorText() const
{
    return m_errorLabel->text();
}

void Composer::send()
{
    const auto bytes = takeMessage();
    if (!bytes)
        return;
    emit sendRequested(*bytes);
    if (m_chatMode) {
        // Said: the box is ready for the next line (Ctrl+Up brings this one back, Ctrl+Z too).
        QTextCursor cursor = m_editor->textCursor();
        cursor.select(QTextCursor::Document);
        cursor.removeSelectedText();
        m_editor->setTextCursor(cursor);
    }
}

void Composer::startRepeat()
{
    // Checked up front so a bad message never starts a repeat that stops at its first tick.
    if (!isRepeating() && takeMessage())
        m_repeater->start();
}

std::optional<QByteArray> Composer::takeMessage()
{
    if (!m_sendEnabled)
        return std::nullopt;
    const EncodeResult result = encodeCurrent();
    if (!result.ok()) {
        showError(result, true);
        return std::nullopt;
    }
    m_history.add({text(), inputMode()});
    return result.bytes;
}

void Composer::chooseFileToSend()
{
    const QString path = FileChooser::openFileName(this, tr("Send a file"), m_lastFileDir);
    if (path.isEmpty())
        return;
    m_lastFileDir = QFileInfo(path).absolutePath();
    requestSendFile(path);
}

void Composer::requestSendFile(const QString &path)
{
    if (m_sendEnabled && !path.isEmpty())
        emit sendFileRequested(path);
}

bool Composer::eventFilter(QObject *watched, QEvent *event)
{
    const QEvent::Type type = event->type();
    if (watched != m_editor || (type != QEvent::KeyPress && type != QEvent::ShortcutOverride))
        return QWidget::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    const bool sendKey = isSendKey(key, m_chatMode);
    if (!sendKey && !isHistoryKey(key))
        return false;
    // Claim the keys before any window shortcut does, then act on the press itself.
    event->accept();
    if (type == QEvent::KeyPress && sendKey)
        send();
    else if (type == QEvent::KeyPress)
        recall(key->key() == Qt::Key_Up);
    return true;
}

void Composer::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    else if (event->type() == QEvent::PaletteChange)
        updateErrorColour();
    QWidget::changeEvent(event);
}

void Composer::setChatMode(bool chat)
{
    if (chat == m_chatMode)
        return;
    m_chatMode = chat;
    retranslateUi();
}

void Composer::retranslateUi()
{
    if (m_chatMode) {
        m_editor->setPlaceholderText(tr("Message… (Enter sends, Shift+Enter starts a new line)"));
        m_editor->setToolTip(tr("Enter sends the line; Shift+Enter starts a new line; Ctrl+Up and "
                                "Ctrl+Down recall earlier messages"));
    } else {
        m_editor->setPlaceholderText(tr("Message… (Ctrl+Enter sends)"));
        m_editor->setToolTip(tr("Ctrl+Enter sends; Ctrl+Up and Ctrl+Down recall earlier messages"));
    }

    const QString textTip = tr("Text: the characters, encoded in the chosen encoding");
    const QString hexTip = tr("Hex: byte values, written as 48 65 6c, 48656c or 0x48,0x65");
    const QString escapesTip = tr("Escapes: text with \\r \\n \\t \\\\ and \\xNN for one raw byte");
    m_modeBox->setItemText(0, tr("Text"));
    m_modeBox->setItemData(0, textTip, Qt::ToolTipRole);
    m_modeBox->setItemText(1, tr("Hex"));
    m_modeBox->setItemData(1, hexTip, Qt::ToolTipRole);
    m_modeBox->setItemText(2, tr("Escapes"));
    m_modeBox->setItemData(2, escapesTip, Qt::ToolTipRole);
    m_modeBox->setToolTip(tr("How the message is read:\n%1\n%2\n%3").arg(textTip, hexTip, escapesTip));

    for (int i = 0; i < m_encodingBox->count(); ++i)
        m_encodingBox->setItemText(i, encodingLabel(m_encodingBox->itemData(i).toString()));

    m_lineEndingBox->setItemText(0, tr("None"));
    m_lineEndingBox->setItemText(1, tr("LF"));
    m_lineEndingBox->setItemText(2, tr("CR LF"));

    for (int i = 0; i < m_checksumBox->count(); ++i)
        m_checksumBox->setItemText(i, checksumLabel(ChecksumKind(m_checksumBox->itemData(i).toInt())));
    m_checksumBox->setToolTip(tr("A check value appended to each message, after the line ending:\n"
                                 "CRC-16/MODBUS (poly 8005, init FFFF, reflected)\n"
                                 "CRC-16/IBM-3740, known as CCITT-FALSE (poly 1021, init FFFF)\n"
                                 "CRC-16/XMODEM (poly 1021, init 0000)\n"
                                 "CRC-16/KERMIT, the Kermit \"CCITT\" (poly 1021, init 0000, reflected)\n"
                                 "CRC-32 as in zip and Ethernet (ISO-HDLC)\n"
                                 "Sum: the bytes added up, modulo 256; XOR: the bytes XORed together"));
    m_byteOrderBox->setItemText(0, tr("Big-endian"));
    m_byteOrderBox->setItemText(1, tr("Little-endian"));

    m_sendButton->setText(tr("Send"));
    m_sendButton->setToolTip(
        m_chatMode ? tr("Send the message (Enter)") : tr("Send the message (Ctrl+Enter)"));
    m_fileButton->setText(tr("Send file…"));
    m_fileButton->setToolTip(tr("Choose a file and send its contents unchanged"));

    // An error already shown came from the previous language: ask for it again.
    if (!errorText().isEmpty()) {
        const EncodeResult result = encodeCurrent();
        if (!result.ok())
            showError(result, false);
    }
    updateControls();
}

void Composer::updateErrorColour()
{
    // QPalette has no "negative text" role (KDE's KColorScheme does): keep red's hue and take the
    // lightness from the palette's own text, so the error reads on light and dark palettes alike.
    const int textLightness = palette().color(QPalette::WindowText).lightness();
    QPalette errorPalette = m_errorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, QColor::fromHsl(0, 200, std::clamp(textLightness, 100, 175)));
    m_errorLabel->setPalette(errorPalette);
}

void Composer::updateControls()
{
    const bool hex = inputMode() == InputMode::Hex;
    // Hex spells out every byte: neither the encoding nor a line ending applies (see encodePayload()).
    m_encodingBox->setEnabled(!hex);
    m_lineEndingBox->setEnabled(!hex);
    m_encodingBox->setToolTip(hex ? tr("Not used in Hex mode: hex gives the bytes themselves")
                                  : tr("The encoding that turns the text into bytes (\\xNN escapes are "
                                       "raw bytes and are not encoded)"));
    m_lineEndingBox->setToolTip(hex ? tr("Not added in Hex mode: hex spells out every byte")
                                    : tr("Appended to each message in Text and Escapes mode"));
    const bool multiByte = checksumWidth(checksum().kind) > 1;
    m_byteOrderBox->setEnabled(multiByte);
    m_byteOrderBox->setToolTip(multiByte ? tr("The order the check value's bytes are sent in (high byte "
                                              "first, or low byte first as Modbus RTU sends its CRC)")
                                         : tr("A one-byte check value has no byte order"));
    m_sendButton->setEnabled(m_sendEnabled && !m_liveInvalid);
    m_fileButton->setEnabled(m_sendEnabled);
    m_repeater->setStartEnabled(m_sendEnabled);
}

void Composer::validateLive()
{
    clearError();
    m_liveInvalid = false;
    // Only hex is checked while typing: in the other modes half an escape ("\x4") is normal mid-word.
    if (inputMode() == InputMode::Hex) {
        const QString input = text();
        const EncodeResult result = parseHex(input);
        if (!result.ok() && !isTypingLastByte(input, m_editor->textCursor().position())) {
            m_liveInvalid = true;
            showError(result, false);
        }
    }
    updateControls();
}

void Composer::showError(const EncodeResult &result, bool selectInEditor)
{
    m_errorLabel->setText(result.error);
    m_errorLabel->show();
    if (!selectInEditor || result.errorPosition < 0)
        return;
    QTextCursor cursor = m_editor->textCursor();
    const QString input = text();
    const int position = std::min(result.errorPosition, int(input.size()));
    cursor.setPosition(position);
    if (position < input.size()) // the whole character, even outside the BMP (an emoji in Latin-1)
        cursor.setPosition(
            position + (input.at(position).isHighSurrogate() ? 2 : 1), QTextCursor::KeepAnchor);
    m_editor->setTextCursor(cursor);
    m_editor->setFocus(Qt::OtherFocusReason);
}

void Composer::clearError()
{
    m_errorLabel->clear();
    m_errorLabel->hide();
}

void Composer::recall(bool older)
{
    const auto entry = older ? m_history.older({text(), inputMode()}) : m_history.newer();
    if (!entry)
        return;
    m_recalling = true;
    setInputMode(entry->mode);
    // Replace through a cursor, not setPlainText(), so Ctrl+Z brings back what was there.
    QTextCursor cursor = m_editor->textCursor();
    cursor.select(QTextCursor::Document);
    cursor.insertText(entry->text);
    m_editor->setTextCursor(cursor);
    m_recalling = false;
}

void Composer::onRepeatTick()
{
    // The text may be edited while repeating; each tick sends what is there now.
    const EncodeResult result = encodeCurrent();
    if (!result.ok()) {
        stopRepeat();
        showError(result, false);
        return;
    }
    emit sendRequested(result.bytes);
}

EncodeResult Composer::encodeCurrent() const
{
    LineEnding ending = lineEnding();
    if (m_chatMode && !m_messagesFramed && ending == LineEnding::None)
        ending = LineEnding::LF; // a chat is said line by line
    EncodeResult result = encodePayload(text(), inputMode(), encoding(), ending);
    if (result.ok())
        result.bytes = appendChecksum(result.bytes, checksum());
    return result;
}

} // namespace sockpit::ui
