#include "recordingpayloads.h"

#include "posixsocket.h"
#include "recordreader.h"

#include <QFile>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace sockpit::ui {

namespace {

// A thread's window of the file: a filter pass reads its rows' lines a MiB at a time.
constexpr qsizetype WindowBytes = 1024 * 1024;
// A window starts this much before the line asked for: the log also looks back at recent rows (the
// messages before a row, whose last bytes may start the row's first character).
constexpr qsizetype WindowLead = WindowBytes / 4;

struct Window
{
    quint64 owner = 0;
    qint64 start = 0;
    QByteArray bytes;
};

thread_local Window t_window;
// Lines behind t_window, further back than its lead (a connection's previous message when many others
// came between): a window of their own, which follows them forward as t_window follows the rows.
thread_local Window t_behind;
constexpr qsizetype BehindLead = WindowBytes / 16;

// The line at `at` in `window`, without its line end; null when the window does not hold all of it.
QByteArrayView lineIn(const Window &window, qint64 at)
{
    if (window.owner == 0 || at < window.start || at >= window.start + window.bytes.size())
        return {};
    const char *from = window.bytes.constData() + (at - window.start);
    const qsizetype left = window.bytes.size() - (at - window.start);
    const void *end = std::memchr(from, '\n', size_t(left));
    return end ? QByteArrayView(from, static_cast<const char *>(end)) : QByteArrayView();
}

// The value of a hexadecimal digit, and 0 for one (anything else for any other byte).
constexpr unsigned digitValue(unsigned c)
{
    return (c & 0xf) + 9 * (c >> 6);
}
constexpr unsigned digitCheck(unsigned c)
{
    const bool digit = c - '0' < 10u;
    const bool letter = (c | 0x20u) - 'a' < 6u;
    return unsigned(!(digit || letter));
}
static_assert(digitValue('0') == 0 && digitValue('9') == 9 && digitValue('a') == 10 && digitValue('F') == 15);
static_assert(digitCheck('0') == 0 && digitCheck('f') == 0 && digitCheck('G') != 0 && digitCheck('"') != 0);
std::atomic<quint64> s_nextId {1};

// Reads up to `size` bytes at `offset`; how many it read, or -1.
qsizetype readAt(int fd, char *into, qsizetype size, qint64 offset)
{
    qsizetype done = 0;
    while (done < size) {
        const ssize_t n = ::pread(fd, into + done, size_t(size - done), off_t(offset + done));
        if (n > 0) {
            done += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        break; // the end of the file
    }
    return done;
}

// Fills `window` with `size` bytes of the file from `lead` bytes before `offset`, and returns the line
// at `offset` (null when it cannot be read). A line longer than that is read whole, in larger reads. A
// window that failed to fill holds nothing.
QByteArrayView fill(Window &window, int fd, quint64 owner, qint64 offset, qsizetype size, qsizetype lead)
{
    qint64 start = std::max<qint64>(0, offset - lead);
    if (window.bytes.capacity() > 4 * std::max(size, WindowBytes))
        window.bytes = QByteArray(); // after a very long line: not kept for the next window
    for (;;) {
        window.owner = 0;
        window.bytes.resize(size);
        const qsizetype n = readAt(fd, window.bytes.data(), size, start);
        if (n <= 0) {
            window.bytes.clear();
            return {};
        }
        window.bytes.resize(n);
        window.start = start;
        window.owner = owner;
        const QByteArrayView line = lineIn(window, offset);
        if (!line.isNull())
            return line;
        if (n < size) {
            // The file ends within the line: all of it, without a line end.
            const qsizetype at = qsizetype(offset - start);
            return at < n ? QByteArrayView(window.bytes.constData() + at, n - at) : QByteArrayView();
        }
        start = offset;
        size *= 2;
    }
}

} // namespace

RecordingPayloads::RecordingPayloads(const QString &path)
    : m_fd(::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC))
    , m_id(s_nextId.fetch_add(1))
{ }

RecordingPayloads::~RecordingPayloads()
{
    posix::closeDescriptor(m_fd);
}

void RecordingPayloads::append(const QVector<qint64> &offsets)
{
    m_offsets.insert(m_offsets.end(), offsets.cbegin(), offsets.cend());
}

qint64 RecordingPayloads::offsetOf(qint64 seq) const
{
    const qint64 at = m_base + seq;
    return seq >= 0 && at < qint64(m_offsets.size()) ? m_offsets[size_t(at)] : -1;
}

QByteArray RecordingPayloads::payload(qint64 seq, qsizetype from, qsizetype size) const
{
    const qint64 offset = offsetOf(seq);
    if (offset < 0 || m_fd < 0)
        return {};
    return payloadOfLine(lineAt(offset), from, size);
}

QByteArray RecordingPayloads::payloadOfLine(QByteArrayView line, qsizetype from, qsizetype size)
{
    from = std::max<qsizetype>(0, from);
    size = std::max<qsizetype>(0, size);
    if (line.endsWith('\r'))
        line.chop(1);
    // As the recorder writes it, the payload is the line's last field: ..."hex":"…"}. (The quotes of a
    // key occur nowhere else unescaped.) Only the bytes asked for are decoded. A line written otherwise
    // is parsed as JSON.
    static constexpr QByteArrayView Key("\"hex\":\"");
    if (line.endsWith("\"}")) {
        const char *const begin = line.data();
        const auto *quote = static_cast<const char *>(::memrchr(begin, '"', size_t(line.size() - 2)));
        const qsizetype digitsAt = quote ? quote - begin + 1 : 0;
        const qsizetype digits = line.size() - 2 - digitsAt;
        if (digitsAt >= Key.size() && line.sliced(digitsAt - Key.size(), Key.size()) == Key
            && digits % 2 == 0) {
            const qsizetype first = std::min(from, digits / 2);
            const qsizetype take = std::min(size, digits / 2 - first);
            QByteArray bytes(take, Qt::Uninitialized);
            const auto *hex = reinterpret_cast<const uchar *>(begin + digitsAt + 2 * first);
            auto *out = reinterpret_cast<uchar *>(bytes.data());
            // Without a table, so that the compiler can do many digits at once: '0'-'9' are 0x30-0x39,
            // 'a'-'f' and 'A'-'F' 0x61-0x66 and 0x41-0x46.
            unsigned bad = 0;
            for (qsizetype i = 0; i < take; ++i) {
                const unsigned high = hex[2 * i];
                const unsigned low = hex[2 * i + 1];
                bad |= digitCheck(high) | digitCheck(low);
                out[i] = uchar((digitValue(high) << 4) | digitValue(low));
            }
            if (bad == 0)
                return bytes;
        }
    }
    if (line.isEmpty())
        return {};
    Event event;
    QString session;
    QString error;
    if (!parseJsonLine(line, &event, &session, &error) || event.payload.isNull())
        return {};
    QByteArray bytes = event.payload.mid(from, size);
    if (bytes.isNull())
        bytes = QByteArray(""); // from past its end: none of its bytes, but a payload
    return bytes;
}

QByteArrayView RecordingPayloads::lineAt(qint64 offset) const
{
    Window &window = t_window;
    if (window.owner == m_id) {
        const QByteArrayView line = lineIn(window, offset);
        if (!line.isNull())
            return line;
        if (offset < window.start) {
            // Behind the window: read there without moving it, so that a pass going forward keeps it.
            Window &behind = t_behind;
            const QByteArrayView kept = behind.owner == m_id ? lineIn(behind, offset) : QByteArrayView();
            return kept.isNull() ? fill(behind, m_fd, m_id, offset, WindowBytes, BehindLead) : kept;
        }
    }
    return fill(window, m_fd, m_id, offset, WindowBytes, WindowLead);
}

} // namespace sockpit::ui
