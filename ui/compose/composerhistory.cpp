#include "composerhistory.h"

#include <algorithm>

namespace sockpit::ui {

namespace {

QString prefixFor(InputMode mode)
{
    switch (mode) {
    case InputMode::Hex:
        return QStringLiteral("hex:");
    case InputMode::Escaped:
        return QStringLiteral("escapes:");
    case InputMode::Text:
        break;
    }
    return QStringLiteral("text:");
}

ComposerHistory::Entry parseEntry(const QString &stored)
{
    for (InputMode mode : {InputMode::Text, InputMode::Hex, InputMode::Escaped}) {
        const QString prefix = prefixFor(mode);
        if (stored.startsWith(prefix))
            return {stored.mid(prefix.size()), mode};
    }
    return {stored, InputMode::Text};
}

} // namespace

ComposerHistory::ComposerHistory(int capacity)
    : m_capacity(std::max(1, capacity))
{ }

void ComposerHistory::add(const Entry &entry)
{
    if (m_entries.isEmpty() || m_entries.constLast() != entry)
        m_entries.append(entry);
    if (m_entries.size() > m_capacity)
        m_entries.remove(0, m_entries.size() - m_capacity);
    resetWalk();
}

QStringList ComposerHistory::toStringList() const
{
    QStringList list;
    list.reserve(m_entries.size());
    for (const Entry &entry : m_entries)
        list.append(prefixFor(entry.mode) + entry.text);
    return list;
}

void ComposerHistory::setStringList(const QStringList &list)
{
    m_entries.clear();
    for (const QString &stored : list)
        add(parseEntry(stored)); // applies the same rules as sending: no repeats, capped
    resetWalk();
}

std::optional<ComposerHistory::Entry> ComposerHistory::older(const Entry &current)
{
    const int size = int(m_entries.size());
    if (m_position < 0 || m_position > size)
        m_position = size;
    int candidate = m_position - 1;
    if (m_position == size) {
        m_draft = current;
        // The text just sent usually stays in the editor: recalling it would look like nothing
        // happened, so the first step goes to the message before it.
        if (candidate > 0 && m_entries.at(candidate) == current)
            --candidate;
    }
    if (candidate < 0)
        return std::nullopt;
    m_position = candidate;
    return m_entries.at(m_position);
}

std::optional<ComposerHistory::Entry> ComposerHistory::newer()
{
    const int size = int(m_entries.size());
    if (m_position < 0 || m_position >= size)
        return std::nullopt;
    ++m_position;
    if (m_position == size)
        return m_draft;
    return m_entries.at(m_position);
}

} // namespace sockpit::ui
