// SocketAddress conversions and the datagram receive calls of posixsocket, on loopback sockets.

#include "posixsocket.h"

#include <QTest>

#include <thread>

#include <netinet/in.h>
#include <poll.h>

using namespace sockpit;

class tst_PosixSocket : public QObject
{
    Q_OBJECT
private slots:
    void addressRoundTrip_data();
    void addressRoundTrip();
    void keyTellsAddressesApart();
    void fromKeyOfEmptyKey();
    void receiveFromFillsSender();
    void receiveFromEmptyQueue();
    void datagramBufferPerThread();
    void readDatagramsInBatches();
    void readDatagramsCountsKernelDrops();
};

void tst_PosixSocket::addressRoundTrip_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("port");
    QTest::addColumn<int>("family");
    QTest::newRow("IPv4") << QStringLiteral("192.0.2.7") << 4000 << int(AF_INET);
    QTest::newRow("IPv6") << QStringLiteral("2001:db8::1") << 65535 << int(AF_INET6);
    QTest::newRow("IPv6 scope") << QStringLiteral("fe80::1%7") << 1 << int(AF_INET6);
}

void tst_PosixSocket::addressRoundTrip()
{
    QFETCH(QString, address);
    QFETCH(int, port);
    QFETCH(int, family);
    const SocketAddress original = SocketAddress::from(QHostAddress(address), quint16(port));
    QCOMPARE(original.family(), family);
    const QByteArray key = original.key();
    QCOMPARE(key.size(), qsizetype(original.length));
    const SocketAddress back = SocketAddress::fromKey(key);
    QCOMPARE(back.length, original.length);
    QCOMPARE(back.key(), key);
    QCOMPARE(back.port(), quint16(port));
    const Q_IPV6ADDR got = back.address().toIPv6Address();
    const Q_IPV6ADDR expected = QHostAddress(address).toIPv6Address();
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(got.c), 16),
        QByteArray(reinterpret_cast<const char *>(expected.c), 16));
}

void tst_PosixSocket::keyTellsAddressesApart()
{
    const QHostAddress host(QStringLiteral("127.0.0.1"));
    const QByteArray a = SocketAddress::from(host, 1000).key();
    QCOMPARE(SocketAddress::from(host, 1000).key(), a);
    QVERIFY(SocketAddress::from(host, 1001).key() != a);
    QVERIFY(SocketAddress::from(QHostAddress(QStringLiteral("127.0.0.2")), 1000).key() != a);
    QVERIFY(SocketAddress::from(QHostAddress(QStringLiteral("::ffff:127.0.0.1")), 1000).key() != a);
}

void tst_PosixSocket::fromKeyOfEmptyKey()
{
    const SocketAddress address = SocketAddress::fromKey(QByteArray());
    QCOMPARE(address.length, socklen_t(0));
    QCOMPARE(address.family(), int(AF_UNSPEC));
    QCOMPARE(address.port(), quint16(0));
}

void tst_PosixSocket::receiveFromFillsSender()
{
    const QHostAddress loopback(QHostAddress::LocalHost);
    const int receiver = posix::openSocket(AF_INET, SOCK_DGRAM);
    const int sender = posix::openSocket(AF_INET, SOCK_DGRAM);
    QVERIFY(receiver >= 0 && sender >= 0);
    const SocketAddress any = SocketAddress::from(loopback, 0);
    QCOMPARE(::bind(receiver, any.data(), any.length), 0);
    QCOMPARE(::bind(sender, any.data(), any.length), 0);
    const SocketAddress to = posix::localAddress(receiver);
    const QByteArray message = QByteArrayLiteral("hello, datagram");
    QCOMPARE(::sendto(sender, message.constData(), size_t(message.size()), 0, to.data(), to.length),
        ssize_t(message.size()));

    pollfd readable {receiver, POLLIN, 0};
    QCOMPARE(::poll(&readable, 1, 5000), 1);
    char *const buffer = posix::datagramBuffer();
    SocketAddress from;
    const ssize_t n = posix::receiveFrom(receiver, buffer, posix::MaxDatagram, 0, from);
    QCOMPARE(n, ssize_t(message.size()));
    QCOMPARE(QByteArray(buffer, qsizetype(n)), message);
    QCOMPARE(from.key(), posix::localAddress(sender).key());
    QCOMPARE(from.address(), loopback);
    posix::closeDescriptor(sender);
    posix::closeDescriptor(receiver);
}

namespace {

// A loopback sender and an open, bound receiver (posix::openBoundDatagramSocket).
struct DatagramPair
{
    DatagramPair()
    {
        int error = 0;
        receiver
            = posix::openBoundDatagramSocket(SocketAddress::from(QHostAddress::LocalHost, 0), false, &error);
        sender = posix::openSocket(AF_INET, SOCK_DGRAM);
        to = posix::localAddress(receiver);
    }
    ~DatagramPair()
    {
        posix::closeDescriptor(sender);
        posix::closeDescriptor(receiver);
    }
    bool send(const QByteArray &bytes) const
    {
        return ::sendto(sender, bytes.constData(), size_t(bytes.size()), 0, to.data(), to.length)
            == bytes.size();
    }
    // Every datagram waiting, read as a session reads them, and the last drop count seen.
    QByteArrayList readAll(qint64 *kernelDrops, int *calls) const
    {
        QByteArrayList read;
        *calls = 0;
        for (;;) {
            const qsizetype before = read.size();
            const int error = posix::readDatagrams(receiver, [&](const posix::Datagram &datagram) {
                read.append(QByteArray(datagram.data, datagram.size));
                *kernelDrops = datagram.kernelDrops;
                return true;
            });
            if (error != 0 || read.size() == before)
                return read;
            ++*calls;
        }
    }

    int receiver = -1;
    int sender = -1;
    SocketAddress to;
};

QByteArray numbered(int index, int size)
{
    return QByteArray::number(index).rightJustified(size, '.');
}

} // namespace

void tst_PosixSocket::readDatagramsInBatches()
{
    // More than one wake-up's worth (DatagramsPerWakeup), so the reads span several recvmmsg()
    // calls and two wake-ups; each datagram comes out whole, in order, with its sender.
    DatagramPair pair;
    QVERIFY(pair.receiver >= 0 && pair.sender >= 0);
    const int count = posix::DatagramsPerWakeup + 44;
    for (int i = 0; i < count; ++i)
        QVERIFY(pair.send(numbered(i, 1 + i % 300)));
    qint64 drops = -1;
    int calls = 0;
    const QByteArrayList read = pair.readAll(&drops, &calls);
    QCOMPARE(read.size(), count);
    for (int i = 0; i < count; ++i)
        QCOMPARE(read.at(i), numbered(i, 1 + i % 300));
    QCOMPARE(calls, 2);
    QCOMPARE(drops, qint64(0)); // none were dropped
}

void tst_PosixSocket::readDatagramsCountsKernelDrops()
{
    // A receive queue far too small for what arrives: the kernel drops the rest and says how many
    // with the next datagram read.
    DatagramPair pair;
    QVERIFY(pair.receiver >= 0 && pair.sender >= 0);
    const int small = 1; // the kernel rounds it up to its minimum (a few KiB)
    QCOMPARE(::setsockopt(pair.receiver, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)), 0);
    constexpr int Count = 200;
    for (int i = 0; i < Count; ++i)
        QVERIFY(pair.send(numbered(i, 1000)));
    qint64 drops = -1;
    int calls = 0;
    QByteArrayList read = pair.readAll(&drops, &calls);
    QVERIFY2(!read.isEmpty() && read.size() < Count, QByteArray::number(read.size()).constData());
    // One more after the drops, so that a datagram reports them all.
    QVERIFY(pair.send(numbered(Count, 1000)));
    read += pair.readAll(&drops, &calls);
    QCOMPARE(drops + read.size(), qint64(Count + 1));
    QCOMPARE(read.last(), numbered(Count, 1000));
}

void tst_PosixSocket::receiveFromEmptyQueue()
{
    const int fd = posix::openSocket(AF_INET, SOCK_DGRAM);
    QVERIFY(fd >= 0);
    const SocketAddress any = SocketAddress::from(QHostAddress(QHostAddress::LocalHost), 0);
    QCOMPARE(::bind(fd, any.data(), any.length), 0);
    SocketAddress from;
    QCOMPARE(posix::receiveFrom(fd, posix::datagramBuffer(), posix::MaxDatagram, 0, from), ssize_t(-1));
    QVERIFY(errno == EAGAIN || errno == EWOULDBLOCK);
    posix::closeDescriptor(fd);
}

void tst_PosixSocket::datagramBufferPerThread()
{
    char *const here = posix::datagramBuffer();
    // As addresses: QCOMPARE would compare two char pointers as C strings, and the buffer is not zeroed.
    QCOMPARE(static_cast<const void *>(posix::datagramBuffer()), static_cast<const void *>(here));
    char *there = nullptr;
    std::thread other([&there] { there = posix::datagramBuffer(); });
    other.join();
    QVERIFY(there != nullptr);
    QVERIFY(there != here);
}

QTEST_APPLESS_MAIN(tst_PosixSocket)
#include "tst_posixsocket.moc"
