#include "codewriter.h"

namespace sockpit::ui {

namespace {
constexpr int IndentWidth = 4;
}

void CodeWriter::lines(const QStringList &lines)
{
    for (const QString &line : lines)
        append(line);
}

void CodeWriter::append(const QString &line)
{
    m_text += QString(m_depth * IndentWidth, u' ') + line + u'\n';
}

} // namespace sockpit::ui
