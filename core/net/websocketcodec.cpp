#include "websocketcodec.h"

#include <QCryptographicHash>
#include <QList>
#include <QRandomGenerator>
#include <QStringDecoder>
#include <QUrl>

#include <cstring>
#include <iterator>

namespace sockpit::ws {

namespace {

// The GUID that RFC 6455 (section 1.3) appends to a client's key.
constexpr char AcceptGuid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
// A close frame's reason gets what its two code bytes leave of a control frame.
constexpr qsizetype MaxCloseReason = MaxControlPayload - 2;
// A status line quoted in an error is cut to this many characters: it may not be HTTP at all.
constexpr qsizetype MaxQuotedLine = 200;

// XORs `size` bytes with the 4-byte masking key, the first byte taking key byte `phase % 4`: a
// frame's payload may be unmasked piece by piece as it arrives. Eight bytes at a time, since a
// message may run to many megabytes.
void applyMask(char *data, qsizetype size, const uchar key[4], quint64 phase)
{
    uchar pattern[8];
    for (int i = 0; i < 8; ++i)
        pattern[i] = key[(phase + i) % 4];
    quint64 word;
    std::memcpy(&word, pattern, sizeof word);
    qsizetype i = 0;
    for (; i + 8 <= size; i += 8) {
        quint64 chunk;
        std::memcpy(&chunk, data + i, sizeof chunk);
        chunk ^= word;
        std::memcpy(data + i, &chunk, sizeof chunk);
    }
    for (; i < size; ++i)
        data[i] = char(uchar(data[i]) ^ pattern[i % 8]);
}

// Strict UTF-8 (no overlong forms, surrogates or code points past U+10FFFF; a sequence cut at the end
// is an error). Checked in slices cut between characters, so a big message never needs a QString of
// its whole size.
bool isUtf8(QByteArrayView bytes)
{
    constexpr qsizetype Slice = 64 * 1024;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    qsizetype start = 0;
    while (start < bytes.size()) {
        qsizetype end = qMin(start + Slice, bytes.size());
        // Back to the first byte of a character: one has at most three continuation bytes. In invalid
        // input the cut may fall anywhere; it fails all the same.
        for (int back = 0;
             back < 3 && end < bytes.size() && end > start + 1 && (uchar(bytes[end]) & 0xc0) == 0x80; ++back)
            --end;
        const QString text = decoder.decode(bytes.sliced(start, end - start));
        if (decoder.hasError())
            return false;
        start = end;
    }
    return true;
}

bool isControl(Opcode opcode)
{
    return quint8(opcode) & 0x8;
}

// Codes a peer may put in a close frame: the RFC's own, those registered since (1012-1014), and the
// ranges left to libraries and applications. 1004, 1005, 1006 and 1015 are never sent.
bool isSendableCloseCode(quint16 code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

// Where an HTTP head ends: just past its first blank line ("\r\n\r\n", or bare LFs), or -1. Only line
// ends at or after `from` are looked at, since those before it were looked at by an earlier call.
qsizetype headEnd(const QByteArray &buffer, qsizetype from)
{
    for (qsizetype i = buffer.indexOf('\n', from); i >= 0; i = buffer.indexOf('\n', i + 1)) {
        if (i == 0 || buffer.at(i - 1) == '\n')
            return i + 1;
        if (buffer.at(i - 1) == '\r' && (i == 1 || buffer.at(i - 2) == '\n'))
            return i + 1;
    }
    return -1;
}

// An HTTP request or answer's head: its first line and header fields, names in lower case.
struct HttpHead
{
    QByteArray startLine;
    QList<QPair<QByteArray, QByteArray>> fields;
    bool wellFormed = true;

    bool has(QByteArrayView name) const
    {
        for (const auto &field : fields) {
            if (field.first == name)
                return true;
        }
        return false;
    }

    // A field given more than once reads as one list, as HTTP defines it (RFC 7230 3.2.2).
    QByteArray value(QByteArrayView name) const
    {
        QByteArray joined;
        bool first = true;
        for (const auto &field : fields) {
            if (field.first != name)
                continue;
            if (!first)
                joined += ", ";
            joined += field.second;
            first = false;
        }
        return joined;
    }
};

HttpHead parseHead(QByteArrayView head)
{
    HttpHead result;
    bool first = true;
    qsizetype start = 0;
    while (start < head.size()) {
        qsizetype end = head.indexOf('\n', start);
        if (end < 0)
            end = head.size();
        QByteArrayView line = head.sliced(start, end - start);
        start = end + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (first) {
            result.startLine = line.toByteArray();
            first = false;
            continue;
        }
        if (line.isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        const QByteArrayView name = colon > 0 ? line.first(colon) : QByteArrayView();
        // No name, or space before the colon (RFC 7230 3.2.4), or a folded line: not a header field.
        if (name.isEmpty() || name.contains(' ') || name.contains('\t')) {
            result.wellFormed = false;
            continue;
        }
        result.fields.append({name.toByteArray().toLower(), line.sliced(colon + 1).trimmed().toByteArray()});
    }
    return result;
}

// Whether a comma-separated list of tokens (Upgrade, Connection) holds `token`, in any case.
bool hasToken(const QByteArray &list, QByteArrayView token)
{
    const QList<QByteArray> parts = list.split(',');
    for (const QByteArray &part : parts) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// A first line as quoted in an error: printable whatever the peer sent, and not too long.
QString quotedLine(const QByteArray &line)
{
    QString text = QString::fromUtf8(line);
    for (QChar &c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = u'?';
    }
    if (text.size() > MaxQuotedLine)
        text = text.left(MaxQuotedLine) + u'\u2026';
    return text;
}

} // namespace

QByteArray acceptKey(QByteArrayView key)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(key);
    hash.addData(QByteArrayView(AcceptGuid));
    return hash.result().toBase64();
}

QByteArray newClientKey()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof words).toBase64();
}

QByteArray encodeFrame(Opcode opcode, QByteArrayView payload, bool fin, std::optional<quint32> maskKey)
{
    QByteArray frame;
    frame.reserve(14 + payload.size());
    frame += char((fin ? 0x80 : 0x00) | (quint8(opcode) & 0x0f));
    const char maskBit = maskKey ? char(0x80) : char(0);
    const quint64 length = quint64(payload.size());
    if (length < 126) {
        frame += char(maskBit | char(length));
    } else if (length <= 0xffff) {
        frame += char(maskBit | 126);
        frame += char(length >> 8);
        frame += char(length & 0xff);
    } else {
        frame += char(maskBit | 127);
        for (int shift = 56; shift >= 0; shift -= 8)
            frame += char((length >> shift) & 0xff);
    }
    if (!maskKey) {
        frame += payload;
        return frame;
    }
    // The key goes on the wire most significant byte first, and its first byte masks the first byte.
    const uchar key[4]
        = {uchar(*maskKey >> 24), uchar(*maskKey >> 16), uchar(*maskKey >> 8), uchar(*maskKey)};
    frame.append(reinterpret_cast<const char *>(key), 4);
    const qsizetype at = frame.size();
    frame += payload;
    applyMask(frame.data() + at, payload.size(), key, 0);
    return frame;
}

quint32 newMaskKey()
{
    // RFC 6455 10.3 wants keys a third party cannot predict, hence the system's generator.
    return QRandomGenerator::system()->generate();
}

QByteArray closePayload(quint16 code, const QString &reason)
{
    // "No status" is a close frame with no payload at all; a reason cannot go without a code.
    if (code == CloseCode::NoStatus)
        return {};
    QByteArray payload;
    payload += char(code >> 8);
    payload += char(code & 0xff);
    QByteArray text = reason.toUtf8();
    if (text.size() > MaxCloseReason) {
        // Cut before the character whose bytes would pass the limit: back over continuation bytes.
        qsizetype cut = MaxCloseReason;
        while (cut > 0 && (uchar(text.at(cut)) & 0xc0) == 0x80)
            --cut;
        text.truncate(cut);
    }
    return payload + text;
}

QString closeCodeText(quint16 code)
{
    static const char *const names[] = {
        QT_TRANSLATE_NOOP("sockpit::ws", "normal closure"),
        QT_TRANSLATE_NOOP("sockpit::ws", "going away"),
        QT_TRANSLATE_NOOP("sockpit::ws", "protocol error"),
        QT_TRANSLATE_NOOP("sockpit::ws", "unsupported data"),
        QT_TRANSLATE_NOOP("sockpit::ws", "reserved"),
        QT_TRANSLATE_NOOP("sockpit::ws", "no status code"),
        QT_TRANSLATE_NOOP("sockpit::ws", "closed abnormally"),
        QT_TRANSLATE_NOOP("sockpit::ws", "invalid data"),
        QT_TRANSLATE_NOOP("sockpit::ws", "policy violation"),
        QT_TRANSLATE_NOOP("sockpit::ws", "message too big"),
        QT_TRANSLATE_NOOP("sockpit::ws", "mandatory extension"),
        QT_TRANSLATE_NOOP("sockpit::ws", "internal error"),
        QT_TRANSLATE_NOOP("sockpit::ws", "service restart"),
        QT_TRANSLATE_NOOP("sockpit::ws", "try again later"),
        QT_TRANSLATE_NOOP("sockpit::ws", "bad gateway"),
        QT_TRANSLATE_NOOP("sockpit::ws", "TLS handshake failure"),
    };
    if (code >= 1000 && code - 1000 < qsizetype(std::size(names)))
        return QStringLiteral("%1 (%2)").arg(
            QString::number(code), QCoreApplication::translate("sockpit::ws", names[code - 1000]));
    return QString::number(code);
}

// ClientHandshake

ClientHandshake::ClientHandshake(const QString &host, quint16 port, const QString &resource, QByteArray key)
    : m_host(host)
    , m_port(port)
    , m_resource(resource)
    , m_key(std::move(key))
{ }

QByteArray ClientHandshake::request() const
{
    // The request line cannot hold spaces, control characters or raw non-ASCII bytes: those are
    // percent-encoded, and anything the caller encoded already stays as it is.
    QByteArray target;
    const QByteArray resource = m_resource.isEmpty() ? QByteArray("/") : m_resource.toUtf8();
    if (!resource.startsWith('/') && !resource.contains("://"))
        target += '/';
    for (const char c : resource) {
        const uchar u = uchar(c);
        if (u <= 0x20 || u >= 0x7f) {
            target += '%';
            target += QByteArray::number(u, 16).rightJustified(2, '0').toUpper();
        } else {
            target += c;
        }
    }
    // A name with non-ASCII letters goes in its ASCII (punycode) form; an IPv6 address in brackets.
    QByteArray host = QUrl::toAce(m_host);
    if (host.isEmpty())
        host = m_host.toUtf8();
    if (host.contains(':') && !host.startsWith('['))
        host = '[' + host + ']';
    return "GET " + target + " HTTP/1.1\r\n" + "Host: " + host + ':' + QByteArray::number(m_port) + "\r\n"
        + "Upgrade: websocket\r\n"
          "Connection: Upgrade\r\n"
          "Sec-WebSocket-Key: "
        + m_key
        + "\r\n"
          "Sec-WebSocket-Version: 13\r\n"
          "User-Agent: Sockpit\r\n"
          "\r\n";
}

ClientHandshake::Status ClientHandshake::fail(const QString &error)
{
    m_error = error;
    m_status = Status::Failed;
    m_buffer.clear();
    return Status::Failed;
}

ClientHandshake::Status ClientHandshake::feed(QByteArrayView bytes, QByteArray *rest)
{
    if (m_status == Status::Done) {
        // Already switched: whatever comes now is frames.
        if (rest)
            *rest = bytes.toByteArray();
        return Status::Done;
    }
    if (m_status == Status::Failed)
        return Status::Failed;

    const qsizetype before = m_buffer.size();
    m_buffer += bytes;
    const qsizetype end = headEnd(m_buffer, before);
    if ((end < 0 && m_buffer.size() >= MaxHandshakeBytes) || end > MaxHandshakeBytes)
        return fail(tr("the server's answer is longer than %1 bytes").arg(MaxHandshakeBytes));
    if (end < 0)
        return Status::NeedMore;

    const HttpHead head = parseHead(QByteArrayView(m_buffer).first(end));
    const QList<QByteArray> status = head.startLine.split(' ');
    if (status.size() < 2 || !status.at(0).startsWith("HTTP/1.") || status.at(1) != "101")
        return fail(tr("the server answered \"%1\" instead of switching to WebSocket")
                        .arg(quotedLine(head.startLine)));
    if (!head.wellFormed)
        return fail(tr("the server's answer has a malformed header line"));
    if (!hasToken(head.value("upgrade"), "websocket"))
        return fail(tr("the server's answer has no \"Upgrade: websocket\" header"));
    if (!hasToken(head.value("connection"), "upgrade"))
        return fail(tr("the server's answer has no \"Connection: Upgrade\" header"));
    if (!head.has("sec-websocket-accept"))
        return fail(tr("the server's answer has no Sec-WebSocket-Accept header"));
    if (head.value("sec-websocket-accept") != acceptKey(m_key))
        return fail(tr("the server's Sec-WebSocket-Accept does not match the key sent"));
    // None were offered, so the server may not choose any (RFC 6455 4.1, items 5 and 6).
    const QByteArray extensions = head.value("sec-websocket-extensions");
    if (!extensions.isEmpty())
        return fail(
            tr("the server chose the extension \"%1\", which was not offered").arg(quotedLine(extensions)));
    const QByteArray protocol = head.value("sec-websocket-protocol");
    if (!protocol.isEmpty())
        return fail(
            tr("the server chose the subprotocol \"%1\", which was not asked for").arg(quotedLine(protocol)));

    if (rest)
        *rest = m_buffer.mid(end);
    m_buffer.clear();
    m_status = Status::Done;
    return Status::Done;
}

// ServerHandshake

ServerHandshake::Status ServerHandshake::fail(
    int status, const QByteArray &reasonPhrase, const QString &error, const QByteArray &extraHeaders)
{
    m_error = error;
    m_status = Status::Failed;
    m_buffer.clear();
    const QByteArray body = error.toUtf8() + '\n';
    m_response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase + "\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n" + "Content-Length: " + QByteArray::number(body.size())
        + "\r\n" + "Connection: close\r\n" + extraHeaders + "\r\n" + body;
    return Status::Failed;
}

ServerHandshake::Status ServerHandshake::feed(QByteArrayView bytes, QByteArray *rest)
{
    if (m_status == Status::Done) {
        if (rest)
            *rest = bytes.toByteArray();
        return Status::Done;
    }
    if (m_status == Status::Failed)
        return Status::Failed;

    const qsizetype before = m_buffer.size();
    m_buffer += bytes;
    const qsizetype end = headEnd(m_buffer, before);
    // 431 (RFC 6585) says what is wrong more exactly than a plain 400.
    if ((end < 0 && m_buffer.size() >= MaxHandshakeBytes) || end > MaxHandshakeBytes)
        return fail(431, "Request Header Fields Too Large",
            tr("the request is longer than %1 bytes").arg(MaxHandshakeBytes));
    if (end < 0)
        return Status::NeedMore;

    const HttpHead head = parseHead(QByteArrayView(m_buffer).first(end));
    const QList<QByteArray> parts = head.startLine.split(' ');
    if (parts.size() != 3 || parts.at(0).isEmpty() || parts.at(1).isEmpty()
        || !parts.at(2).startsWith("HTTP/"))
        return fail(400, "Bad Request", tr("not an HTTP request"));
    m_resource = QString::fromUtf8(parts.at(1));
    if (parts.at(0) != "GET")
        return fail(405, "Method Not Allowed",
            tr("method %1 is not allowed; a WebSocket upgrade uses GET").arg(quotedLine(parts.at(0))),
            "Allow: GET\r\n");
    const QByteArray version = parts.at(2).mid(5);
    const qsizetype dot = version.indexOf('.');
    bool majorOk = false;
    bool minorOk = false;
    const int major = version.left(dot).toInt(&majorOk);
    const int minor = dot < 0 ? 0 : version.mid(dot + 1).toInt(&minorOk);
    if (!majorOk || (dot >= 0 && !minorOk))
        return fail(400, "Bad Request", tr("not an HTTP request"));
    if (major < 1 || (major == 1 && minor < 1))
        return fail(400, "Bad Request",
            tr("HTTP/%1 is too old; a WebSocket upgrade needs HTTP/1.1").arg(quotedLine(version)));
    if (!head.wellFormed)
        return fail(400, "Bad Request", tr("the request has a malformed header line"));
    if (head.value("host").isEmpty())
        return fail(400, "Bad Request", tr("the request has no Host header"));
    if (!hasToken(head.value("upgrade"), "websocket"))
        return fail(400, "Bad Request", tr("the request has no \"Upgrade: websocket\" header"));
    if (!hasToken(head.value("connection"), "upgrade"))
        return fail(400, "Bad Request", tr("the request has no \"Connection: Upgrade\" header"));
    const QByteArray key = head.value("sec-websocket-key");
    if (key.isEmpty())
        return fail(400, "Bad Request", tr("the request has no Sec-WebSocket-Key header"));
    const auto decoded = QByteArray::fromBase64Encoding(key, QByteArray::AbortOnBase64DecodingErrors);
    // 24 characters: 16 bytes with their padding, as the RFC has them, and nothing else.
    if (key.size() != 24 || !decoded || decoded.decoded.size() != 16)
        return fail(400, "Bad Request", tr("the Sec-WebSocket-Key is not 16 bytes in base64"));
    const QByteArray wsVersion = head.value("sec-websocket-version");
    if (wsVersion != "13")
        return fail(426, "Upgrade Required",
            wsVersion.isEmpty()
                ? tr("the request has no Sec-WebSocket-Version header; this server speaks version 13")
                : tr("WebSocket version %1 is not supported; this server speaks version 13")
                      .arg(quotedLine(wsVersion)),
            "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n");

    // Extensions and subprotocols the client offers are declined by not naming any.
    m_response = "HTTP/1.1 101 Switching Protocols\r\n"
                 "Upgrade: websocket\r\n"
                 "Connection: Upgrade\r\n"
                 "Sec-WebSocket-Accept: "
        + acceptKey(key) + "\r\n\r\n";
    if (rest)
        *rest = m_buffer.mid(end);
    m_buffer.clear();
    m_status = Status::Done;
    return Status::Done;
}

// FrameReader

FrameReader::FrameReader(Role role, qint64 maxMessageBytes)
    : m_role(role)
    , m_maxMessageBytes(maxMessageBytes)
{ }

void FrameReader::error(std::vector<Item> *out, quint16 code, const QString &text)
{
    Item item;
    item.kind = Item::Kind::Error;
    item.code = code;
    item.error = text;
    out->push_back(std::move(item));
    m_stopped = true;
    m_buffer = QByteArray();
    m_message = QByteArray();
    m_messageOpcode.reset();
}

bool FrameReader::checkFirstBytes(std::vector<Item> *out)
{
    const uchar b0 = uchar(m_buffer.at(0));
    const uchar b1 = uchar(m_buffer.at(1));
    const bool fin = b0 & 0x80;
    const quint8 code = b0 & 0x0f;
    if (b0 & 0x70) {
        error(out, CloseCode::ProtocolError, tr("a frame has reserved bits set (no extension was agreed)"));
        return false;
    }
    if (code != 0x0 && code != 0x1 && code != 0x2 && code != 0x8 && code != 0x9 && code != 0xa) {
        error(out, CloseCode::ProtocolError, tr("a frame has the unknown opcode 0x%1").arg(code, 0, 16));
        return false;
    }
    const auto opcode = Opcode(code);
    if (isControl(opcode)) {
        if (!fin) {
            error(out, CloseCode::ProtocolError, tr("a control frame is fragmented"));
            return false;
        }
        if ((b1 & 0x7f) > MaxControlPayload) {
            error(out, CloseCode::ProtocolError,
                tr("a control frame carries more than %1 bytes").arg(MaxControlPayload));
            return false;
        }
    } else if (opcode == Opcode::Continuation && !m_messageOpcode) {
        error(out, CloseCode::ProtocolError, tr("a continuation frame comes with no message begun"));
        return false;
    } else if (opcode != Opcode::Continuation && m_messageOpcode) {
        error(out, CloseCode::ProtocolError, tr("a new message begins inside a fragmented one"));
        return false;
    }
    const bool masked = b1 & 0x80;
    if (m_role == Role::Server && !masked) {
        error(out, CloseCode::ProtocolError, tr("the client sent an unmasked frame"));
        return false;
    }
    if (m_role == Role::Client && masked) {
        error(out, CloseCode::ProtocolError, tr("the server sent a masked frame"));
        return false;
    }
    return true;
}

qsizetype FrameReader::headerSize() const
{
    if (m_buffer.size() < 2)
        return 2;
    const uchar b1 = uchar(m_buffer.at(1));
    const uchar length7 = b1 & 0x7f;
    return 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + ((b1 & 0x80) ? 4 : 0);
}

bool FrameReader::startFrame(std::vector<Item> *out)
{
    const auto byte = [this](qsizetype i) { return uchar(m_buffer.at(i)); };
    m_frameOpcode = Opcode(byte(0) & 0x0f);
    m_frameFin = byte(0) & 0x80;
    m_frameMasked = byte(1) & 0x80;
    const uchar length7 = byte(1) & 0x7f;
    qsizetype at = 2;
    if (length7 == 126) {
        m_frameLength = (quint64(byte(2)) << 8) | byte(3);
        at = 4;
    } else if (length7 == 127) {
        m_frameLength = 0;
        for (int i = 0; i < 8; ++i)
            m_frameLength = (m_frameLength << 8) | byte(2 + i);
        at = 10;
        if (m_frameLength >> 63) {
            error(out, CloseCode::ProtocolError, tr("a frame's 64-bit length has its top bit set"));
            return false;
        }
    } else {
        m_frameLength = length7;
    }
    if (m_frameMasked)
        std::memcpy(m_frameMask, m_buffer.constData() + at, 4);
    m_frameReceived = 0;

    if (!isControl(m_frameOpcode)) {
        // Refused on the header's word, before any of an oversized payload is taken in.
        if (quint64(m_message.size()) + m_frameLength > quint64(m_maxMessageBytes)) {
            error(out, CloseCode::TooBig, tr("a message is longer than %1 bytes").arg(m_maxMessageBytes));
            return false;
        }
        if (m_frameOpcode != Opcode::Continuation)
            m_messageOpcode = m_frameOpcode;
    }
    m_buffer.clear(); // from now on it holds a control frame's payload
    return true;
}

void FrameReader::finishFrame(std::vector<Item> *out)
{
    Item item;
    switch (m_frameOpcode) {
    case Opcode::Ping:
    case Opcode::Pong:
        item.kind = m_frameOpcode == Opcode::Ping ? Item::Kind::Ping : Item::Kind::Pong;
        item.payload = m_buffer;
        m_buffer.clear();
        out->push_back(std::move(item));
        return;
    case Opcode::Close: {
        if (m_buffer.size() == 1) {
            error(out, CloseCode::ProtocolError, tr("a close frame has a 1-byte payload"));
            return;
        }
        item.kind = Item::Kind::Close;
        item.code = CloseCode::NoStatus;
        if (m_buffer.size() >= 2) {
            item.code = quint16((uchar(m_buffer.at(0)) << 8) | uchar(m_buffer.at(1)));
            if (!isSendableCloseCode(item.code)) {
                error(out, CloseCode::ProtocolError,
                    tr("a close frame has the code %1, which no one may send").arg(item.code));
                return;
            }
            item.payload = m_buffer.mid(2);
            if (!isUtf8(item.payload)) {
                error(out, CloseCode::InvalidData, tr("a close frame's reason is not UTF-8"));
                return;
            }
        }
        m_buffer.clear();
        m_message = QByteArray();
        m_messageOpcode.reset();
        out->push_back(std::move(item));
        m_stopped = true;
        return;
    }
    default:
        break;
    }
    if (!m_frameFin)
        return; // more fragments to come
    item.kind = *m_messageOpcode == Opcode::Text ? Item::Kind::Text : Item::Kind::Binary;
    m_messageOpcode.reset();
    // A character may straddle fragments, so the joined message is what has to be UTF-8.
    if (item.kind == Item::Kind::Text && !isUtf8(m_message)) {
        error(out, CloseCode::InvalidData, tr("a text message is not UTF-8"));
        return;
    }
    item.payload = std::move(m_message);
    m_message = QByteArray();
    out->push_back(std::move(item));
}

void FrameReader::feed(const char *data, qsizetype size, std::vector<Item> *out)
{
    qsizetype pos = 0;
    while (!m_stopped) {
        if (!m_inPayload) {
            if (pos == size)
                return;
            // The header comes in whatever pieces: its first two bytes tell how long it is.
            const qsizetype have = m_buffer.size();
            const qsizetype take = qMin(headerSize() - have, size - pos);
            m_buffer.append(data + pos, take);
            pos += take;
            if (have < 2 && m_buffer.size() >= 2 && !checkFirstBytes(out))
                return;
            if (m_buffer.size() < headerSize())
                continue;
            if (!startFrame(out))
                return;
            m_inPayload = true;
        }
        // The payload goes straight where it ends up, unmasked as it comes: a control frame's into
        // m_buffer, a message's onto m_message. Each byte is copied once, however it is cut.
        const qsizetype take = qsizetype(qMin(m_frameLength - m_frameReceived, quint64(size - pos)));
        if (take > 0) {
            QByteArray &target = isControl(m_frameOpcode) ? m_buffer : m_message;
            const qsizetype at = target.size();
            target.append(data + pos, take);
            if (m_frameMasked)
                applyMask(target.data() + at, take, m_frameMask, m_frameReceived);
            pos += take;
            m_frameReceived += quint64(take);
        }
        if (m_frameReceived < m_frameLength)
            return; // all taken, the frame not whole yet
        m_inPayload = false;
        finishFrame(out);
    }
}

} // namespace sockpit::ws
