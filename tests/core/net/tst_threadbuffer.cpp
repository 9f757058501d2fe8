// threadBuffer(): one read buffer per thread and owner, made on first use; and the programs it keeps
// free of a large static thread-local block, which every thread would zero when it starts.

#include "threadbuffer.h"

#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <cstring>
#include <thread>

#include <elf.h>

using namespace sockpit;

namespace {
struct FirstOwner;
struct SecondOwner;
constexpr std::size_t Size = 64 * 1024;

// The size of a program's static thread-local block (its PT_TLS segment), or -1 if it has none that
// can be read. A 64-bit ELF file of this machine's byte order.
qint64 staticThreadLocalBytes(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return -1;
    }
    const QByteArray bytes = file.readAll();
    Elf64_Ehdr header;
    if (bytes.size() < qsizetype(sizeof(header))) {
        *error = QStringLiteral("shorter than an ELF header");
        return -1;
    }
    std::memcpy(&header, bytes.constData(), sizeof(header));
    if (std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 || header.e_ident[EI_CLASS] != ELFCLASS64) {
        *error = QStringLiteral("not a 64-bit ELF file");
        return -1;
    }
    for (int i = 0; i < header.e_phnum; ++i) {
        Elf64_Phdr segment;
        const qint64 at = qint64(header.e_phoff) + qint64(i) * header.e_phentsize;
        if (at + qint64(sizeof(segment)) > bytes.size()) {
            *error = QStringLiteral("program header %1 lies past the end of the file").arg(i);
            return -1;
        }
        std::memcpy(&segment, bytes.constData() + at, sizeof(segment));
        if (segment.p_type == PT_TLS)
            return qint64(segment.p_memsz);
    }
    return 0;
}
} // namespace

class tst_ThreadBuffer : public QObject
{
    Q_OBJECT
private slots:
    void sameBufferEachCall();
    void ownersKeptApart();
    void eachThreadItsOwn();
    void programsStartThreadsWithoutZeroingBuffers_data();
    void programsStartThreadsWithoutZeroingBuffers();
};

void tst_ThreadBuffer::sameBufferEachCall()
{
    char *const buffer = threadBuffer<FirstOwner, Size>();
    QVERIFY(buffer != nullptr);
    std::memset(buffer, 'a', Size); // all of it is there to write
    // As addresses: QCOMPARE would compare two char pointers as C strings.
    QCOMPARE(static_cast<const void *>(threadBuffer<FirstOwner, Size>()), static_cast<const void *>(buffer));
    QCOMPARE(buffer[Size - 1], 'a');
}

void tst_ThreadBuffer::ownersKeptApart()
{
    char *const first = threadBuffer<FirstOwner, Size>();
    char *const second = threadBuffer<SecondOwner, Size>();
    QVERIFY(first != second);
    std::memset(first, 'x', Size);
    std::memset(second, 'y', Size);
    QCOMPARE(first[0], 'x');
    QCOMPARE(first[Size - 1], 'x');
}

void tst_ThreadBuffer::eachThreadItsOwn()
{
    char *const here = threadBuffer<FirstOwner, Size>();
    std::memset(here, 'm', Size);
    char *there = nullptr;
    std::thread other([&there] {
        there = threadBuffer<FirstOwner, Size>();
        std::memset(there, 'o', Size);
    });
    other.join();
    QVERIFY(there != nullptr);
    QVERIFY(there != here); // compared only: the other thread's buffer went with it
    QCOMPARE(here[0], 'm');
    QCOMPARE(here[Size - 1], 'm');
}

void tst_ThreadBuffer::programsStartThreadsWithoutZeroingBuffers_data()
{
    QTest::addColumn<QString>("program");
    const QString folder = QFileInfo(QStringLiteral(SOCKPIT_BINARY)).absolutePath();
    QTest::newRow("sockpit-cli") << folder + QStringLiteral("/sockpit-cli");
    QTest::newRow("sockpit-window") << folder + QStringLiteral("/sockpit-window");
}

void tst_ThreadBuffer::programsStartThreadsWithoutZeroingBuffers()
{
    // The read buffers (256 KiB for TCP, 64 KiB for TLS and for datagrams) were thread_local arrays:
    // 384 KiB zeroed by every thread of every program at its start, before it read anything.
    QFETCH(QString, program);
    QString error;
    const qint64 bytes = staticThreadLocalBytes(program, &error);
    QVERIFY2(bytes >= 0, qPrintable(program + QStringLiteral(": ") + error));
    QVERIFY2(bytes <= 4096,
        qPrintable(QStringLiteral("%1 has %2 bytes of static thread-local storage").arg(program).arg(bytes)));
}

QTEST_APPLESS_MAIN(tst_ThreadBuffer)
#include "tst_threadbuffer.moc"
