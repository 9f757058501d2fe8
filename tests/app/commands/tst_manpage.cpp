// Keeps the man page (packaging/sockpit.1.in) in step with the built program's help texts: every
// option that `sockpit --help` and `sockpit listen|connect|relay|ping|run --help` print is
// described in the matching part of the man page, and every option the man page describes there
// (a .TP entry) is one the program still has.

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSet>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

namespace {

QString S(const char *text)
{
    return QString::fromUtf8(text);
}

// Options as written in plain text: "-v", "--max-clients"; not the "-fill" of "pre-fill".
QSet<QString> optionsIn(const QString &text)
{
    static const QRegularExpression option(QStringLiteral("(?<![\\w-])(--?[A-Za-z][A-Za-z0-9-]*)"));
    QSet<QString> result;
    for (auto it = option.globalMatch(text); it.hasNext();)
        result.insert(it.next().captured(1));
    return result;
}

QString sorted(const QSet<QString> &set)
{
    QStringList list(set.begin(), set.end());
    std::sort(list.begin(), list.end());
    return list.join(QLatin1Char(' '));
}

// The man page's source as plain lines: comments dropped, "\-" as "-", font and spacing escapes
// removed.
QStringList manLines()
{
    QFile file(S(SOCKPIT_SOURCE_DIR "/packaging/sockpit.1.in"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    static const QRegularExpression escapes(QStringLiteral("\\\\f[BIRP]|\\\\[&%]"));
    QStringList lines;
    for (QString line : QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'))) {
        if (line.startsWith(QStringLiteral(".\\\"")))
            continue;
        line.replace(QStringLiteral("\\-"), QStringLiteral("-"));
        line.remove(escapes);
        lines.append(line);
    }
    return lines;
}

// The lines of the part that starts with the line `heading` and ends before the next heading of
// the same or a higher level (.SH ends a .SS part; only .SH ends a .SH part).
QStringList section(const QStringList &lines, const QString &heading)
{
    const qsizetype start = lines.indexOf(heading);
    if (start < 0)
        return {};
    const bool subsection = heading.startsWith(QStringLiteral(".SS"));
    QStringList result;
    for (qsizetype i = start + 1; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        if (line.startsWith(QStringLiteral(".SH")) || (subsection && line.startsWith(QStringLiteral(".SS"))))
            break;
        result.append(line);
    }
    return result;
}

// Options a part of the man page describes: the tag line after each .TP.
QSet<QString> describedOptions(const QStringList &part)
{
    QSet<QString> result;
    for (qsizetype i = 0; i + 1 < part.size(); ++i) {
        if (part.at(i) == QStringLiteral(".TP"))
            result.unite(optionsIn(part.at(i + 1)));
    }
    return result;
}

} // namespace

class tst_ManPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void helpOptionsAreInManPage_data();
    void helpOptionsAreInManPage();
    void manPageOptionsExist_data();
    void manPageOptionsExist();

private:
    QString help(const QStringList &arguments);
    void addRows();

    QTemporaryDir m_home;
    QStringList m_lines;
};

void tst_ManPage::initTestCase()
{
    QVERIFY(m_home.isValid());
    m_lines = manLines();
    QVERIFY2(!m_lines.isEmpty(), "cannot read packaging/sockpit.1.in");
}

// The help text in English, whatever the user's settings or locale.
QString tst_ManPage::help(const QStringList &arguments)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(S("LC_ALL"), S("C.UTF-8"));
    environment.insert(S("LANG"), S("C.UTF-8"));
    environment.remove(S("LANGUAGE"));
    environment.insert(S("HOME"), m_home.path());
    environment.insert(S("XDG_CONFIG_HOME"), m_home.path());
    environment.insert(S("QT_QPA_PLATFORM"), S("offscreen"));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(S(SOCKPIT_BINARY), arguments);
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return {};
    return QString::fromUtf8(process.readAllStandardOutput());
}

// Each help text, the man page part that describes it, and the parts its options may also be in:
// `sockpit --help` shows the commands' usage too, and -h/--help is described once, under OPTIONS.
void tst_ManPage::addRows()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("heading");
    QTest::addColumn<QStringList>("alsoIn");
    QTest::newRow("window") << QStringList {S("--help")} << S(".SH OPTIONS")
                            << QStringList {S(".SH COMMANDS")};
    QTest::newRow("listen") << QStringList {S("listen"), S("--help")}
                            << S(".SS \"sockpit listen [options] PORT\"") << QStringList {S(".SH OPTIONS")};
    QTest::newRow("connect") << QStringList {S("connect"), S("--help")}
                             << S(".SS \"sockpit connect [options] HOST PORT\"")
                             << QStringList {S(".SH OPTIONS")};
    QTest::newRow("relay") << QStringList {S("relay"), S("--help")}
                           << S(".SS \"sockpit relay [options] PORT HOST PORT\"")
                           << QStringList {S(".SH OPTIONS")};
    QTest::newRow("ping") << QStringList {S("ping"), S("--help")} << S(".SS \"sockpit ping [options] HOST\"")
                          << QStringList {S(".SH OPTIONS")};
    QTest::newRow("run") << QStringList {S("run"), S("--help")}
                         << S(".SS \"sockpit run [options] FILE HOST PORT\"")
                         << QStringList {S(".SH OPTIONS")};
}

void tst_ManPage::helpOptionsAreInManPage_data()
{
    addRows();
}

void tst_ManPage::helpOptionsAreInManPage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, heading);
    QFETCH(QStringList, alsoIn);

    const QString text = help(arguments);
    QVERIFY2(!text.isEmpty(),
        qPrintable(S("sockpit ") + arguments.join(QLatin1Char(' ')) + S(" printed nothing or failed")));
    const QSet<QString> printed = optionsIn(text);
    QVERIFY2(
        printed.size() >= 3, qPrintable(S("too few options found in the help text: ") + sorted(printed)));

    const QStringList part = section(m_lines, heading);
    QVERIFY2(!part.isEmpty(), qPrintable(S("the man page has no part ") + heading));
    QSet<QString> documented = optionsIn(part.join(QLatin1Char('\n')));
    for (const QString &other : alsoIn)
        documented.unite(describedOptions(section(m_lines, other)));
    const QSet<QString> missing = printed - documented;
    QVERIFY2(missing.isEmpty(),
        qPrintable(S("options printed by 'sockpit ") + arguments.join(QLatin1Char(' '))
            + S("' but not described in packaging/sockpit.1.in under ") + heading + S(": ")
            + sorted(missing)));

    // The usage lines (up to the first empty line) match the synopsis.
    const QString usage = text.left(text.indexOf(S("\n\n")));
    const QSet<QString> synopsis = optionsIn(section(m_lines, S(".SH SYNOPSIS")).join(QLatin1Char('\n')));
    const QSet<QString> notInSynopsis = optionsIn(usage) - synopsis;
    QVERIFY2(notInSynopsis.isEmpty(),
        qPrintable(S("options missing from the man page's SYNOPSIS: ") + sorted(notInSynopsis)));
}

void tst_ManPage::manPageOptionsExist_data()
{
    addRows();
}

void tst_ManPage::manPageOptionsExist()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, heading);
    QFETCH(QStringList, alsoIn);
    Q_UNUSED(alsoIn);

    const QSet<QString> described = describedOptions(section(m_lines, heading));
    QVERIFY2(described.size() >= 3, qPrintable(S("too few options described under ") + heading));
    const QString text = help(arguments);
    QVERIFY(!text.isEmpty());
    const QSet<QString> stale = described - optionsIn(text);
    QVERIFY2(stale.isEmpty(),
        qPrintable(S("options described in packaging/sockpit.1.in under ") + heading
            + S(" but unknown to 'sockpit ") + arguments.join(QLatin1Char(' ')) + S("': ") + sorted(stale)));
}

QTEST_GUILESS_MAIN(tst_ManPage)

#include "tst_manpage.moc"
