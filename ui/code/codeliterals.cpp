#include "codeliterals.h"

#include <QVector>

namespace sockpit::ui {

namespace {

bool isPrintableAscii(uint c)
{
    return c >= 0x20 && c < 0x7f;
}

QString hexEscape(uint value, int digits, char letter)
{
    return u'\\' + QChar(QLatin1Char(letter)) + QStringLiteral("%1").arg(value, digits, 16, QLatin1Char('0'));
}

// The escape shared by Python and C for a common control character, or "" for none.
QString controlEscape(uint c)
{
    switch (c) {
    case '\n':
        return QStringLiteral("\\n");
    case '\r':
        return QStringLiteral("\\r");
    case '\t':
        return QStringLiteral("\\t");
    case '\\':
        return QStringLiteral("\\\\");
    default:
        return QString();
    }
}

// Control characters as spaces: a comment must not end, or hide, its line.
QString withoutControls(QString text)
{
    for (QChar &c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = u' ';
    }
    return text;
}

QString oneLine(const QString &text)
{
    return withoutControls(text).trimmed();
}

// Neither the end of the comment nor the start of another one (-Wall warns of that).
QString cCommentText(const QString &text)
{
    return QString(text)
        .replace(QStringLiteral("*/"), QStringLiteral("* /"))
        .replace(QStringLiteral("/*"), QStringLiteral("/ *"));
}

// A paragraph broken at spaces into lines of at most `width` characters where it can be; the
// lines after the first are indented as far as the first line's text, after a list item's "- ".
QStringList wrapped(const QString &paragraph, int width)
{
    qsizetype textStart = 0;
    while (textStart < paragraph.size() && paragraph.at(textStart) == u' ')
        ++textStart;
    if (paragraph.mid(textStart).startsWith(QStringLiteral("- ")))
        textStart += 2;
    const QString indent(textStart, u' ');
    QStringList lines;
    QString line = paragraph.left(textStart);
    bool lineHasWord = false;
    const QStringList words = paragraph.mid(textStart).split(u' ', Qt::SkipEmptyParts);
    for (const QString &word : words) {
        if (lineHasWord && line.size() + 1 + word.size() > width) {
            lines.append(line);
            line = indent;
            lineHasWord = false;
        }
        line += (lineHasWord ? QStringLiteral(" ") : QString()) + word;
        lineHasWord = true;
    }
    lines.append(line);
    return lines;
}

QStringList commentLines(const QString &text, const QString &prefix)
{
    constexpr int Width = 96;
    QStringList lines;
    QString emptyLine = prefix;
    while (emptyLine.endsWith(u' '))
        emptyLine.chop(1);
    const QStringList paragraphs
        = QString(text).replace(QStringLiteral("\r\n"), QStringLiteral("\n")).split(u'\n');
    for (const QString &paragraph : paragraphs) {
        const QString plain = withoutControls(paragraph);
        if (plain.trimmed().isEmpty()) {
            lines.append(emptyLine);
            continue;
        }
        for (const QString &line : wrapped(plain, Width))
            lines.append(prefix + line);
    }
    return lines;
}

} // namespace

QString pythonString(const QString &text)
{
    QString out = QStringLiteral("'");
    const QVector<uint> codePoints = text.toUcs4();
    for (const uint c : codePoints) {
        const QString escape = controlEscape(c);
        if (!escape.isEmpty())
            out += escape;
        else if (c == '\'')
            out += QStringLiteral("\\'");
        else if (isPrintableAscii(c))
            out += QChar(c);
        else if (c < 0x100)
            out += hexEscape(c, 2, 'x');
        else if (c < 0x10000)
            out += hexEscape(c, 4, 'u');
        else
            out += hexEscape(c, 8, 'U');
    }
    return out + u'\'';
}

QString pythonBytes(const QByteArray &bytes)
{
    QString out = QStringLiteral("b'");
    for (const char byte : bytes) {
        const uint c = uchar(byte);
        const QString escape = controlEscape(c);
        if (!escape.isEmpty())
            out += escape;
        else if (c == '\'')
            out += QStringLiteral("\\'");
        else if (isPrintableAscii(c))
            out += QChar(c);
        else
            out += hexEscape(c, 2, 'x');
    }
    return out + u'\'';
}

QString cString(const QByteArray &bytes)
{
    QString out = QStringLiteral("\"");
    for (const char byte : bytes) {
        const uint c = uchar(byte);
        const QString escape = controlEscape(c);
        if (!escape.isEmpty())
            out += escape;
        else if (c == '"')
            out += QStringLiteral("\\\"");
        else if (c == '?' && out.endsWith(u'?'))
            out += QStringLiteral("\\?");
        else if (isPrintableAscii(c))
            out += QChar(c);
        else
            out += u'\\'
                + QStringLiteral("%1").arg(c, 3, 8, QLatin1Char('0')); // octal: never more than 3 digits
    }
    return out + u'"';
}

QStringList pythonComment(const QString &text)
{
    return commentLines(text, QStringLiteral("# "));
}

QStringList cComment(const QString &text)
{
    const QStringList lines = commentLines(cCommentText(text), QStringLiteral(" * "));
    if (lines.size() == 1 && !text.contains(u'\n'))
        return {QStringLiteral("/* ") + oneLine(cCommentText(text)) + QStringLiteral(" */")};
    return QStringList {QStringLiteral("/*")} + lines + QStringList {QStringLiteral(" */")};
}

QString pythonInlineComment(const QString &text)
{
    return QStringLiteral("# ") + oneLine(text);
}

QString cInlineComment(const QString &text)
{
    return QStringLiteral("/* ") + oneLine(cCommentText(text)) + QStringLiteral(" */");
}

} // namespace sockpit::ui
