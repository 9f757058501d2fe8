#pragma once

#include <QString>
#include <QStringList>

namespace sockpit::ui {

// Lines of generated source code, indented by nested blocks. A line's code is ASCII; "%1", "%2"...
// in it are replaced by the arguments in one pass, so an argument's own "%1" stays as it is.
class CodeWriter
{
public:
    void line(const char *code) { append(QString::fromLatin1(code)); }
    template<typename... Args> void line(const char *code, const Args &...args)
    {
        append(QString::fromLatin1(code).arg(args...));
    }
    // Lines as given (comments), at the current indentation.
    void lines(const QStringList &lines);
    void blank() { m_text += u'\n'; }
    void indent() { ++m_depth; }
    void dedent() { --m_depth; }

    QString text() const { return m_text; }

private:
    void append(const QString &line);

    QString m_text;
    int m_depth = 0;
};

} // namespace sockpit::ui
