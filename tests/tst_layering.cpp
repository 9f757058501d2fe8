// The folders of app/, core/, tls/ and ui/ are layers: a file may include headers of its own folder and
// of folders below it, never of one above. Units (a .h and its .cpp) must not depend on each other in a
// circle. The core links Qt Core + Network only: no widget header, no TLS library.
// The checks run on the real tree, and on small trees made here to show that they catch what they
// are meant to catch.

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

namespace {

// Lowest first: a folder may use the folders before it in this list, and its own.
const QStringList Layers = {
    QStringLiteral("core/model"),
    QStringLiteral("core/net"),
    QStringLiteral("core/message"),
    QStringLiteral("core/record"),
    QStringLiteral("core/io"),
    QStringLiteral("core/session"),
    QStringLiteral("core/sequence"),
    QStringLiteral("tls"),
    QStringLiteral("ui/editors"),
    QStringLiteral("ui/code"),
    QStringLiteral("ui/compose"),
    QStringLiteral("ui/settings"),
    QStringLiteral("ui/log"),
    QStringLiteral("ui/plot"),
    QStringLiteral("ui/session"),
    QStringLiteral("ui/shell"),
    QStringLiteral("app/options"),
    QStringLiteral("app/commands"),
    QStringLiteral("app"),
};

struct SourceFile
{
    QString path; // relative to the root: "core/io/tcpconnection.cpp"
    QString folder; // "core/io"
    QString unit; // "core/io/tcpconnection"
    QStringList includes; // the quoted includes, as written: "posixsocket.h"
};

QList<SourceFile> readTree(const QString &root)
{
    static const QRegularExpression include(
        QStringLiteral("^\\s*#\\s*include\\s*\"([^\"]+)\""), QRegularExpression::MultilineOption);
    QList<SourceFile> files;
    const QDir rootDir(root);
    for (const QString &top :
        {QStringLiteral("app"), QStringLiteral("core"), QStringLiteral("tls"), QStringLiteral("ui")}) {
        QDirIterator it(rootDir.filePath(top), {QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files,
            QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString absolute = it.next();
            QFile file(absolute);
            if (!file.open(QIODevice::ReadOnly))
                continue;
            SourceFile source;
            source.path = rootDir.relativeFilePath(absolute);
            source.folder = source.path.section(QLatin1Char('/'), 0, -2);
            source.unit = source.path.section(QLatin1Char('.'), 0, -2);
            const QString text = QString::fromUtf8(file.readAll());
            for (auto match = include.globalMatch(text); match.hasNext();)
                source.includes.append(match.next().captured(1));
            files.append(source);
        }
    }
    return files;
}

// Every problem found, one line each: an include of a higher layer, a folder that is not a layer, a
// header found twice, a circle of units.
QStringList layeringProblems(const QString &root)
{
    const QList<SourceFile> files = readTree(root);
    QStringList problems;
    QHash<QString, const SourceFile *> headers; // "posixsocket.h" -> its file
    for (const SourceFile &file : files) {
        if (!Layers.contains(file.folder))
            problems.append(QStringLiteral("%1: folder %2 is not a layer").arg(file.path, file.folder));
        if (file.path.endsWith(QLatin1String(".h"))) {
            const QString name = file.path.section(QLatin1Char('/'), -1);
            if (headers.contains(name))
                problems.append(
                    QStringLiteral("%1: header name also used by %2").arg(file.path, headers[name]->path));
            headers.insert(name, &file);
        }
    }
    QHash<QString, QSet<QString>> uses; // unit -> units it includes
    for (const SourceFile &file : files) {
        for (const QString &include : file.includes) {
            const SourceFile *target = headers.value(include.section(QLatin1Char('/'), -1));
            if (!target)
                continue; // a generated file (ui_*.h, *.moc) or a test's
            if (Layers.indexOf(target->folder) > Layers.indexOf(file.folder))
                problems.append(QStringLiteral("%1 includes %2: %3 is above %4")
                                    .arg(file.path, include, target->folder, file.folder));
            if (target->unit != file.unit)
                uses[file.unit].insert(target->unit);
        }
    }
    // Circles: a depth-first search that reports each back edge with the path that closes it.
    QHash<QString, int> state; // 1: on the current path, 2: done
    QStringList path;
    std::function<void(const QString &)> visit = [&](const QString &unit) {
        state[unit] = 1;
        path.append(unit);
        QStringList next = uses.value(unit).values();
        next.sort();
        for (const QString &used : std::as_const(next)) {
            if (state.value(used) == 1) {
                const QStringList circle = path.mid(path.indexOf(used)) << used;
                problems.append(QStringLiteral("circle: %1").arg(circle.join(QLatin1String(" -> "))));
            } else if (state.value(used) == 0) {
                visit(used);
            }
        }
        path.removeLast();
        state[unit] = 2;
    };
    QStringList units = uses.keys();
    units.sort();
    for (const QString &unit : std::as_const(units))
        if (state.value(unit) == 0)
            visit(unit);
    return problems;
}

void writeFile(const QString &path, const QByteArray &text)
{
    QDir().mkpath(path.section(QLatin1Char('/'), 0, -2));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

} // namespace

class tst_Layering : public QObject
{
    Q_OBJECT
private slots:
    void treeFollowsTheLayers();
    void upwardIncludeIsCaught();
    void circleOfUnitsIsCaught();
    void coreIncludesNoWidgets();
    void coreIncludesNoTlsLibrary();
};

void tst_Layering::treeFollowsTheLayers()
{
    const QString root = QStringLiteral(SOCKPIT_SOURCE_DIR);
    QVERIFY2(readTree(root).size() > 100, "sources not found");
    const QStringList problems = layeringProblems(root);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void tst_Layering::upwardIncludeIsCaught()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeFile(dir.filePath(QStringLiteral("core/model/event.h")), "#pragma once\n#include \"session.h\"\n");
    writeFile(dir.filePath(QStringLiteral("core/session/session.h")), "#pragma once\n");
    const QStringList problems = layeringProblems(dir.path());
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().contains(QLatin1String("core/model/event.h includes session.h")),
        qPrintable(problems.first()));
}

void tst_Layering::circleOfUnitsIsCaught()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeFile(dir.filePath(QStringLiteral("core/io/a.h")), "#pragma once\n");
    writeFile(dir.filePath(QStringLiteral("core/io/a.cpp")), "#include \"a.h\"\n#include \"b.h\"\n");
    writeFile(dir.filePath(QStringLiteral("core/io/b.h")), "#pragma once\n");
    writeFile(dir.filePath(QStringLiteral("core/io/b.cpp")), "#include \"b.h\"\n#include \"a.h\"\n");
    const QStringList problems = layeringProblems(dir.path());
    QCOMPARE(problems, QStringList {QStringLiteral("circle: core/io/a -> core/io/b -> core/io/a")});
}

void tst_Layering::coreIncludesNoWidgets()
{
    const QRegularExpression widgetInclude(
        QStringLiteral(
            R"(^\s*#\s*include\s*[<"](QtWidgets|QtGui|QWidget|QApplication|QMainWindow|QGuiApplication)\b)"),
        QRegularExpression::MultilineOption);
    QDirIterator it(QStringLiteral(SOCKPIT_SOURCE_DIR "/core"),
        {QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files, QDirIterator::Subdirectories);
    int count = 0;
    while (it.hasNext()) {
        QFile file(it.next());
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        const QRegularExpressionMatch match = widgetInclude.match(QString::fromUtf8(file.readAll()));
        QVERIFY2(!match.hasMatch(), qPrintable(file.fileName() + QStringLiteral(": ") + match.captured(0)));
        ++count;
    }
    QVERIFY2(count > 10, "core/ sources not found");
}

// TLS lives in sockpit_tls behind core/io/tlstransport.h: the core itself uses neither OpenSSL nor Qt's
// TLS classes, so it links no TLS library.
void tst_Layering::coreIncludesNoTlsLibrary()
{
    const QRegularExpression tlsInclude(
        QStringLiteral(R"(^\s*#\s*include\s*[<"](openssl/|QSsl|qssl))"), QRegularExpression::MultilineOption);
    QDirIterator it(QStringLiteral(SOCKPIT_SOURCE_DIR "/core"),
        {QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files, QDirIterator::Subdirectories);
    bool sawSeam = false;
    while (it.hasNext()) {
        QFile file(it.next());
        sawSeam = sawSeam || file.fileName().endsWith(QLatin1String("/tlstransport.h"));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        const QRegularExpressionMatch match = tlsInclude.match(QString::fromUtf8(file.readAll()));
        QVERIFY2(!match.hasMatch(), qPrintable(file.fileName() + QStringLiteral(": ") + match.captured(0)));
    }
    QVERIFY2(sawSeam, "core/io/tlstransport.h not found");
}

QTEST_APPLESS_MAIN(tst_Layering)
#include "tst_layering.moc"
