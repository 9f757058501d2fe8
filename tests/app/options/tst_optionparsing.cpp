// What the command-line parsers share (app/optionparsing.cpp): whole numbers within bounds, --bind
// addresses, --iface names, the options every command takes, the TLS flags checked against each other,
// --framing specs and --max-frame, --rules files, and the statuses of early results. The commands' own
// parsers are tested through the built program in tests/app/commands.

#include "checksumcheck.h"
#include "optionparsing.h"

#include <QTemporaryDir>
#include <QTest>

#include <initializer_list>
#include <limits>

using namespace sockpit;
using namespace sockpit::cli;

Q_DECLARE_METATYPE(sockpit::Framing)

namespace {

QString S(const char *text)
{
    return QString::fromUtf8(text);
}

QStringList args(std::initializer_list<const char *> list)
{
    QStringList result {S("sockpit test")};
    for (const char *text : list)
        result.append(S(text));
    return result;
}

// A parser with the options of a command that has all the shared ones.
void addSharedOptions(QCommandLineParser &parser, bool server)
{
    addCommonOptions(parser);
    parser.addOption(valueOption("iface", S("Interface."), S("NAME")));
    addTlsOptions(parser, server);
}

} // namespace

class TestOptionParsing : public QObject
{
    Q_OBJECT
private slots:
    void integer_data();
    void integer();
    void integerMessage();
    void bindAddress_data();
    void bindAddress();
    void interface_data();
    void interface();
    void commonOptions();
    void tlsOptionsDescribeTheSide();
    void tls_data();
    void tls();
    void tlsSettings();
    void earlyResults();
    void framingSpec_data();
    void framingSpec();
    void badFramingSpec_data();
    void badFramingSpec();
    void framingOptions_data();
    void framingOptions();
    void checkOptions_data();
    void checkOptions();
    void rulesFile();
};

void TestOptionParsing::integer_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("min");
    QTest::addColumn<qint64>("max");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("value");

    QTest::newRow("within") << S("42") << qint64(1) << qint64(100) << true << qint64(42);
    QTest::newRow("lowest") << S("1") << qint64(1) << qint64(100) << true << qint64(1);
    QTest::newRow("highest") << S("100") << qint64(1) << qint64(100) << true << qint64(100);
    QTest::newRow("zero allowed") << S("0") << qint64(0) << qint64(5) << true << qint64(0);
    QTest::newRow("below") << S("0") << qint64(1) << qint64(100) << false << qint64(0);
    QTest::newRow("above") << S("101") << qint64(1) << qint64(100) << false << qint64(0);
    QTest::newRow("negative") << S("-1") << qint64(0) << qint64(100) << false << qint64(0);
    QTest::newRow("beyond 32 bits") << S("1000000000000") << qint64(1) << Q_INT64_C(1000000000000) << true
                                    << Q_INT64_C(1000000000000);
    QTest::newRow("beyond 64 bits") << S("99999999999999999999") << qint64(0)
                                    << std::numeric_limits<qint64>::max() << false << qint64(0);
    QTest::newRow("letters") << S("abc") << qint64(0) << qint64(100) << false << qint64(0);
    QTest::newRow("trailing letters") << S("12x") << qint64(0) << qint64(100) << false << qint64(0);
    QTest::newRow("fraction") << S("1.5") << qint64(0) << qint64(100) << false << qint64(0);
    QTest::newRow("empty") << QString() << qint64(0) << qint64(100) << false << qint64(0);
}

void TestOptionParsing::integer()
{
    QFETCH(QString, text);
    QFETCH(qint64, min);
    QFETCH(qint64, max);
    QFETCH(bool, ok);
    QFETCH(qint64, value);

    qint64 number = -7;
    QString error;
    QCOMPARE(parseInteger(text, S("--n"), min, max, &number, &error), ok);
    if (ok) {
        QCOMPARE(number, value);
        QVERIFY(error.isEmpty());
    } else {
        QCOMPARE(number, qint64(-7)); // untouched
        QVERIFY(!error.isEmpty());
    }
}

void TestOptionParsing::integerMessage()
{
    qint64 number = 0;
    QString error;
    QVERIFY(!parseInteger(S("0"), S("--max-clients"), 1, 1000000, &number, &error));
    QCOMPARE(error, S("--max-clients needs a whole number from 1 to 1000000, not '0'"));
}

void TestOptionParsing::bindAddress_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");

    QTest::newRow("IPv4") << S("127.0.0.1") << true;
    QTest::newRow("IPv4 any") << S("0.0.0.0") << true;
    QTest::newRow("IPv6 any") << S("::") << true;
    QTest::newRow("IPv6 scoped") << S("fe80::1%lo") << true;
    QTest::newRow("a name") << S("localhost") << false;
    QTest::newRow("IPv4 out of range") << S("300.1.1.1") << false;
    QTest::newRow("empty") << QString() << false;
}

void TestOptionParsing::bindAddress()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);

    QHostAddress address = QHostAddress::AnyIPv4;
    QString error;
    QCOMPARE(parseBindAddress(text, &address, &error), ok);
    if (ok) {
        QCOMPARE(address, QHostAddress(text));
    } else {
        QCOMPARE(error,
            S("--bind needs an IP address of this machine (such as 0.0.0.0, 127.0.0.1 or ::), not '%1'")
                .arg(text));
    }
}

void TestOptionParsing::interface_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("error");

    QTest::newRow("not given") << args({"--udp"}) << true << QString() << QString();
    QTest::newRow("a name") << args({"--udp", "--iface", "eth0"}) << true << S("eth0") << QString();
    QTest::newRow("a number") << args({"--udp", "--iface", "2"}) << true << S("2") << QString();
    QTest::newRow("15 characters") << args({"--udp", "--iface", "abcdefghijklmno"}) << true
                                   << S("abcdefghijklmno") << QString();
    QTest::newRow("without --udp") << args({"--iface", "lo"}) << false << S("lo")
                                   << S("--iface applies to UDP multicast: add --udp");
    QTest::newRow("16 characters")
        << args({"--udp", "--iface", "abcdefghijklmnop"}) << false << S("abcdefghijklmnop")
        << S("--iface needs a network interface name or number (such as lo or 1), not 'abcdefghijklmnop'");
    QTest::newRow("empty") << args({"--udp", "--iface", ""}) << false << QString()
                           << S("--iface needs a network interface name or number (such as lo or 1), not ''");
    QTest::newRow("slash")
        << args({"--udp", "--iface", "a/b"}) << false << S("a/b")
        << S("--iface needs a network interface name or number (such as lo or 1), not 'a/b'");
    QTest::newRow("space")
        << args({"--udp", "--iface", "a b"}) << false << S("a b")
        << S("--iface needs a network interface name or number (such as lo or 1), not 'a b'");
}

void TestOptionParsing::interface()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, ok);
    QFETCH(QString, name);
    QFETCH(QString, error);

    QCommandLineParser parser;
    addSharedOptions(parser, false);
    QVERIFY2(parser.parse(arguments), qPrintable(parser.errorText()));
    QString parsedName;
    QString parsedError;
    QCOMPARE(parseInterface(parser, parser.isSet(S("udp")), &parsedName, &parsedError), ok);
    QCOMPARE(parsedName, name);
    QCOMPARE(parsedError, error);
}

void TestOptionParsing::commonOptions()
{
    QCommandLineParser parser;
    addCommonOptions(parser);
    // Single-dash words are long options: -udp is --udp, not -u -d -p.
    QVERIFY2(
        parser.parse(args({"-udp", "-v", "-h", "--record", "r.jsonl", "x"})), qPrintable(parser.errorText()));
    QVERIFY(parser.isSet(S("udp")));
    QVERIFY(parser.isSet(S("verbose")));
    QVERIFY(parser.isSet(S("help")));
    QCOMPARE(parser.value(S("record")), S("r.jsonl"));
    QCOMPARE(parser.positionalArguments(), QStringList {S("x")});

    QCommandLineParser longNames;
    addCommonOptions(longNames);
    QVERIFY(longNames.parse(args({"--verbose", "--help"})));
    QVERIFY(longNames.isSet(S("v")));
    QVERIFY(longNames.isSet(S("h")));
    QVERIFY(!longNames.isSet(S("udp")));

    QCommandLineParser missingValue;
    addCommonOptions(missingValue);
    QVERIFY(!missingValue.parse(args({"--record"})));
    QVERIFY(missingValue.errorText().contains(S("record")));
}

void TestOptionParsing::tlsOptionsDescribeTheSide()
{
    const auto help = [](bool server) {
        QCommandLineParser parser;
        addTlsOptions(parser, server);
        return parser.helpText().simplified(); // long descriptions are wrapped
    };
    const QString server = help(true);
    const QString client = help(false);
    for (const char *name : {"--tls", "--cert <FILE>", "--key <FILE>", "--ca <FILE>", "--insecure"}) {
        QVERIFY2(server.contains(S(name)), qPrintable(server));
        QVERIFY2(client.contains(S(name)), qPrintable(client));
    }
    QVERIFY(server.contains(
        S("TLS: the server's certificate (PEM; default: a self-signed one made for this run).")));
    QVERIFY(client.contains(S("TLS: a client certificate to present (PEM).")));
    QVERIFY(server.contains(S("TLS: require client certificates issued by the CAs in FILE.")));
    QVERIFY(client.contains(S("TLS: trust the CAs in FILE instead of the system's.")));
    QVERIFY(!server.contains(S("TLS: trust the CAs")));
    QVERIFY(!client.contains(S("TLS: require client certificates")));
}

void TestOptionParsing::tls_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("server");
    QTest::addColumn<QString>("error"); // empty: accepted

    QTest::newRow("no TLS") << args({}) << false << QString();
    QTest::newRow("client --tls") << args({"--tls"}) << false << QString();
    QTest::newRow("server --tls") << args({"--tls"}) << true << QString();
    QTest::newRow("client --insecure") << args({"--tls", "--insecure"}) << false << QString();
    QTest::newRow("client --ca") << args({"--tls", "--ca", "ca.pem"}) << false << QString();
    QTest::newRow("server --ca") << args({"--tls", "--ca", "ca.pem"}) << true << QString();
    QTest::newRow("--cert and --key")
        << args({"--tls", "--cert", "c.pem", "--key", "k.pem"}) << true << QString();
    for (const char *flag : {"cert", "key", "ca"}) {
        QTest::addRow("--%s without --tls", flag) << (args({"--udp"}) << S("--%1").arg(S(flag)) << S("f.pem"))
                                                  << false << S("--%1 needs --tls").arg(S(flag));
    }
    QTest::newRow("--insecure without --tls") << args({"--insecure"}) << false << S("--insecure needs --tls");
    QTest::newRow("client --tls --udp (DTLS)") << args({"--tls", "--udp"}) << false << QString();
    QTest::newRow("server --tls --udp (DTLS)") << args({"--tls", "--udp"}) << true << QString();
    QTest::newRow("--cert empty") << args({"--tls", "--cert", "", "--key", "k.pem"}) << true
                                  << S("--cert needs a file name");
    QTest::newRow("--key empty") << args({"--tls", "--cert", "c.pem", "--key", ""}) << true
                                 << S("--key needs a file name");
    QTest::newRow("--ca empty") << args({"--tls", "--ca", ""}) << false << S("--ca needs a file name");
    QTest::newRow("--key without --cert")
        << args({"--tls", "--key", "k.pem"}) << false << S("--key needs --cert");
    QTest::newRow("--cert without --key")
        << args({"--tls", "--cert", "c.pem"}) << true << S("--cert needs --key");
    QTest::newRow("server --insecure")
        << args({"--tls", "--insecure"}) << true
        << S("--insecure applies to connect: a server checks client certificates only with --ca");
    QTest::newRow("--ca with --insecure") << args({"--tls", "--ca", "ca.pem", "--insecure"}) << false
                                          << S("use either --ca or --insecure, not both");
}

void TestOptionParsing::tls()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, server);
    QFETCH(QString, error);

    QCommandLineParser parser;
    addSharedOptions(parser, server);
    QVERIFY2(parser.parse(arguments), qPrintable(parser.errorText()));
    TlsSettings settings;
    QString parsedError;
    QCOMPARE(parseTls(parser, server, &settings, &parsedError), error.isEmpty());
    QCOMPARE(parsedError, error);
    if (error.isEmpty())
        QCOMPARE(settings.enabled, parser.isSet(S("tls")));
}

void TestOptionParsing::tlsSettings()
{
    QCommandLineParser parser;
    addSharedOptions(parser, false);
    QVERIFY(parser.parse(args({"--tls", "--cert", "c.pem", "--key", "k.pem", "--ca", "ca.pem"})));
    TlsSettings settings;
    QString error;
    QVERIFY2(parseTls(parser, false, &settings, &error), qPrintable(error));
    QVERIFY(settings.enabled);
    QCOMPARE(settings.certFile, S("c.pem"));
    QCOMPARE(settings.keyFile, S("k.pem"));
    QCOMPARE(settings.caFile, S("ca.pem"));
    QVERIFY(settings.verifyPeer);

    QCommandLineParser insecure;
    addSharedOptions(insecure, false);
    QVERIFY(insecure.parse(args({"--tls", "--insecure"})));
    TlsSettings unverified;
    QVERIFY2(parseTls(insecure, false, &unverified, &error), qPrintable(error));
    QVERIFY(unverified.enabled);
    QVERIFY(!unverified.verifyPeer);

    // Without --tls nothing is set.
    QCommandLineParser plain;
    addSharedOptions(plain, true);
    QVERIFY(plain.parse(args({"--udp"})));
    TlsSettings none;
    QVERIFY(parseTls(plain, true, &none, &error));
    QVERIFY(!none.enabled);
    QVERIFY(none.certFile.isEmpty());
}

void TestOptionParsing::earlyResults()
{
    const Parsed<PingOptions> usage = usageError<PingOptions>(S("bad"));
    QVERIFY(!usage.options);
    QCOMPARE(usage.message, S("bad"));
    QCOMPARE(usage.exitStatus, int(ExitUsage));

    const Parsed<PingOptions> system = systemError<PingOptions>(S("cannot read"));
    QVERIFY(!system.options);
    QCOMPARE(system.message, S("cannot read"));
    QCOMPARE(system.exitStatus, int(ExitFailure));

    const Parsed<PingOptions> help = helpResult<PingOptions>(S("Usage: ..."));
    QVERIFY(!help.options);
    QCOMPARE(help.message, S("Usage: ..."));
    QCOMPARE(help.exitStatus, int(ExitOk));
}

void TestOptionParsing::framingSpec_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<Framing>("expected");

    const auto framing = [](Framing::Kind kind) {
        Framing f;
        f.kind = kind;
        return f;
    };
    QTest::newRow("raw") << S("raw") << framing(Framing::Kind::Raw);
    Framing f = framing(Framing::Kind::Delimiter);
    f.delimiter = "\n";
    QTest::newRow("lines") << S("lines") << f;
    QTest::newRow("lines:lf") << S("lines:lf") << f;
    f.delimiter = "\r\n";
    QTest::newRow("lines:crlf") << S("lines:crlf") << f;
    QTest::newRow("delim:\\r\\n") << S("delim:\\r\\n") << f;
    f.delimiter = "##";
    QTest::newRow("delim:##") << S("delim:##") << f;
    f.delimiter = "\x7e";
    QTest::newRow("delim:\\x7e") << S("delim:\\x7e") << f;
    f.delimiter = "a:b";
    QTest::newRow("delim with a colon") << S("delim:a:b") << f;
    f.delimiter = QByteArray("\x00\\", 2);
    QTest::newRow("delim:\\0\\\\") << S("delim:\\0\\\\") << f;
    f = framing(Framing::Kind::LengthPrefix);
    f.prefixSize = 2;
    QTest::newRow("length:2") << S("length:2") << f;
    QTest::newRow("length:2:be") << S("length:2:be") << f;
    f.prefixSize = 1;
    f.lengthIncludesPrefix = true;
    QTest::newRow("length:1:incl") << S("length:1:incl") << f;
    f.prefixSize = 4;
    f.bigEndian = false;
    QTest::newRow("length:4:le:incl") << S("length:4:le:incl") << f;
    QTest::newRow("length:4:incl:le") << S("length:4:incl:le") << f;
    f.lengthIncludesPrefix = false;
    QTest::newRow("length:4:le") << S("length:4:le") << f;
    f = framing(Framing::Kind::FixedLength);
    f.fixedLength = 8;
    QTest::newRow("fixed:8") << S("fixed:8") << f;
    f = framing(Framing::Kind::IdleGap);
    f.idleGapMs = 50;
    QTest::newRow("idle:50") << S("idle:50") << f;
}

void TestOptionParsing::framingSpec()
{
    QFETCH(QString, spec);
    QFETCH(Framing, expected);

    Framing framing;
    QString error;
    QVERIFY2(parseFramingSpec(spec, &framing, &error), qPrintable(error));
    QVERIFY(error.isEmpty());
    QVERIFY2(framing == expected,
        qPrintable(S("kind %1, delimiter %2")
                       .arg(int(framing.kind))
                       .arg(QString::fromLatin1(framing.delimiter.toHex()))));
    QVERIFY(framing.validate().isEmpty());
}

void TestOptionParsing::badFramingSpec_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("message"); // a part of the error

    QTest::newRow("empty") << QString() << S("is not a framing: use raw, lines");
    QTest::newRow("unknown") << S("words") << S("'words' is not a framing");
    QTest::newRow("raw with a value") << S("raw:1") << S("'raw:1' is not a framing");
    QTest::newRow("lines:cr") << S("lines:cr") << S("lines ends with LF (lines) or CR LF (lines:crlf)");
    QTest::newRow("delim without bytes") << S("delim:") << S("delim needs the bytes that end a message");
    QTest::newRow("delim bad escape") << S("delim:\\q") << S("the delimiter: ");
    QTest::newRow("delim bad hex escape") << S("delim:\\xg1") << S("the delimiter: ");
    QTest::newRow("length without size") << S("length") << S("the length header is 1, 2 or 4 bytes");
    QTest::newRow("length:3") << S("length:3") << S("the length header is 1, 2 or 4 bytes");
    QTest::newRow("length:2:big") << S("length:2:big") << S("not 'big'");
    QTest::newRow("length:2:le:be") << S("length:2:le:be") << S("not 'be'");
    QTest::newRow("length:2:incl:incl") << S("length:2:incl:incl") << S("not 'incl'");
    QTest::newRow("fixed:0") << S("fixed:0") << S("fixed:N needs a whole number from 1 to 16777216, not '0'");
    QTest::newRow("fixed") << S("fixed") << S("fixed:N needs a whole number");
    QTest::newRow("idle:-5") << S("idle:-5") << S("idle:MS needs a whole number from 1 to 3600000, not '-5'");
    QTest::newRow("idle:abc") << S("idle:abc") << S("not 'abc'");
}

void TestOptionParsing::badFramingSpec()
{
    QFETCH(QString, spec);
    QFETCH(QString, message);

    Framing framing;
    QString error;
    QVERIFY(!parseFramingSpec(spec, &framing, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
}

void TestOptionParsing::framingOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error"); // empty: accepted
    QTest::addColumn<int>("maxFrame");

    QTest::newRow("none") << args({}) << QString() << 65536;
    QTest::newRow("--framing lines") << args({"--framing", "lines"}) << QString() << 65536;
    QTest::newRow("--max-frame") << args({"--framing", "lines", "--max-frame", "100"}) << QString() << 100;
    QTest::newRow("fixed up to --max-frame")
        << args({"--framing", "fixed:100", "--max-frame", "100"}) << QString() << 100;
    QTest::newRow("bad spec")
        << args({"--framing", "nope"})
        << S("--framing 'nope' is not a framing: use raw, lines, lines:crlf, delim:TEXT, "
             "length:SIZE[:be|:le][:incl], fixed:N or idle:MS")
        << 0;
    QTest::newRow("--udp") << args({"--udp", "--framing", "lines"})
                           << S("--framing applies to TCP: each UDP datagram is a message already") << 0;
    QTest::newRow("--udp --max-frame")
        << args({"--udp", "--max-frame", "10"})
        << S("--max-frame applies to TCP: each UDP datagram is a message already") << 0;
    QTest::newRow("--max-frame alone")
        << args({"--max-frame", "10"})
        << S("--max-frame needs --framing other than raw: raw chunks are never cut") << 0;
    QTest::newRow("--max-frame 0") << args({"--framing", "lines", "--max-frame", "0"})
                                   << S("--max-frame needs a whole number from 1 to 16777216, not '0'") << 0;
    QTest::newRow("fixed beyond --max-frame")
        << args({"--framing", "fixed:100000"})
        << S("--framing fixed:100000: the message length must be at least 1 and at most the longest message "
             "(--max-frame is 65536 bytes)")
        << 0;
    QTest::newRow("header as long as --max-frame") << args({"--framing", "length:4", "--max-frame", "4"})
                                                   << S("--framing length:4: the longest message must be "
                                                        "longer than the length header (--max-frame is 4 "
                                                        "bytes)")
                                                   << 0;
}

void TestOptionParsing::framingOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    QFETCH(int, maxFrame);

    QCommandLineParser parser;
    addCommonOptions(parser);
    addFramingOptions(parser);
    QVERIFY2(parser.parse(arguments), qPrintable(parser.errorText()));
    Framing framing;
    QString parsedError;
    QCOMPARE(parseFraming(parser, parser.isSet(S("udp")), &framing, &parsedError), error.isEmpty());
    QCOMPARE(parsedError, error);
    if (error.isEmpty())
        QCOMPARE(framing.maxFrame, maxFrame);
}

void TestOptionParsing::checkOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error"); // empty: accepted
    QTest::addColumn<QString>("check"); // checksumCheckText() of what was parsed

    QTest::newRow("none") << args({}) << QString() << S("none");
    QTest::newRow("modbus, its own order")
        << args({"--check", "crc16-modbus"}) << QString() << S("crc16-modbus:le");
    QTest::newRow("order given") << args({"--check", "CRC16-MODBUS:be"}) << QString() << S("crc16-modbus:be");
    QTest::newRow("alias") << args({"--check", "crc16-ccitt-false"}) << QString() << S("crc16-ibm3740:be");
    QTest::newRow("skips") << args({"--check", "sum8", "--check-skip", "1,2"}) << QString()
                           << S("sum8 skipping 1,2");
    QTest::newRow("first only") << args({"--check", "xor8", "--check-skip", "3"}) << QString()
                                << S("xor8 skipping 3,0");
    QTest::newRow("unknown") << args({"--check", "md5"})
                             << S("--check: unknown checksum 'md5' (known: sum8, xor8, crc16-modbus, "
                                  "crc16-ibm3740, crc16-xmodem, crc16-kermit, crc32)")
                             << QString();
    QTest::newRow("none named")
        << args({"--check", "none"})
        << S("--check: name a checksum (known: sum8, xor8, crc16-modbus, crc16-ibm3740, "
             "crc16-xmodem, crc16-kermit, crc32)")
        << QString();
    QTest::newRow("bad order") << args({"--check", "crc32:middle"})
                               << S("--check: the byte order after ':' is 'le' or 'be', not 'middle'")
                               << QString();
    QTest::newRow("skip alone") << args({"--check-skip", "1"}) << S("--check-skip needs --check NAME")
                                << QString();
    QTest::newRow("bad skip") << args({"--check", "sum8", "--check-skip", "1,-2"})
                              << S("--check-skip: '1,-2' is not FIRST or FIRST,LAST: the bytes before the "
                                   "covered ones and after the check value (0 to 65535)")
                              << QString();
}

void TestOptionParsing::checkOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    QFETCH(QString, check);

    QCommandLineParser parser;
    addCommonOptions(parser);
    addCheckOptions(parser);
    QVERIFY2(parser.parse(arguments), qPrintable(parser.errorText()));
    ChecksumCheck parsed;
    QString parsedError;
    QCOMPARE(parseCheck(parser, &parsed, &parsedError), error.isEmpty());
    QCOMPARE(parsedError, error);
    if (error.isEmpty())
        QCOMPARE(checksumCheckText(parsed), check);
}

void TestOptionParsing::rulesFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString good = dir.filePath(S("good.json"));
    const QString bad = dir.filePath(S("bad.json"));
    {
        QFile file(good);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"rules": [{"match": "exact", "pattern": "PING", "reply": "PONG"}]})");
        QFile broken(bad);
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write(R"({"rules": [{"match": "regex", "pattern": "a(", "reply": "x"}]})");
    }
    const auto parse = [](const QStringList &arguments, AutoReplyRules *rules, QString *error) {
        QCommandLineParser parser;
        addCommonOptions(parser);
        parser.addOption(valueOption("rules", S("Rules."), S("FILE")));
        if (!parser.parse(arguments))
            return -1;
        return parseRules(parser, rules, error);
    };
    AutoReplyRules rules;
    QString error;
    QCOMPARE(parse(args({}), &rules, &error), int(ExitOk));
    QVERIFY(rules.isEmpty());
    QCOMPARE(parse(args({"--rules"}) << good, &rules, &error), int(ExitOk));
    QCOMPARE(rules.size(), 1);
    QCOMPARE(parse(args({"--rules", ""}), &rules, &error), int(ExitUsage));
    QCOMPARE(error, S("--rules needs a file name"));
    QCOMPARE(parse(args({"--rules"}) << bad, &rules, &error), int(ExitUsage));
    QVERIFY2(error.startsWith(S("--rules: %1: ").arg(bad)) && error.contains(S("rule 1")), qPrintable(error));
    const QString missing = dir.filePath(S("missing.json"));
    QCOMPARE(parse(args({"--rules"}) << missing, &rules, &error), int(ExitFailure));
    QVERIFY2(error.startsWith(S("--rules: cannot read '%1'").arg(missing)), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestOptionParsing)
#include "tst_optionparsing.moc"
