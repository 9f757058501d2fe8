#pragma once

#include "payloadencoder.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace sockpit::ui {

// The messages sent from a composer, most recent last, and a shell-like walk through them
// (Ctrl+Up / Ctrl+Down) that gives back the unsent draft at the end.
class ComposerHistory final
{
public:
    struct Entry
    {
        QString text; // as typed, not encoded: the encoding may change before it is sent again
        InputMode mode = InputMode::Text;
        bool operator==(const Entry &other) const { return text == other.text && mode == other.mode; }
        bool operator!=(const Entry &other) const { return !(*this == other); }
    };

    static constexpr int DefaultCapacity = 100;

    explicit ComposerHistory(int capacity = DefaultCapacity);

    // Appends `entry` unless it repeats the last one; drops the oldest beyond the capacity.
    void add(const Entry &entry);
    QVector<Entry> entries() const { return m_entries; }
    int capacity() const { return m_capacity; }

    // For settings: one string an entry, "hex:48 65", "escapes:a\r\n" or "text:hello"; a string
    // without a known prefix reads as text.
    QStringList toStringList() const;
    void setStringList(const QStringList &list);

    // The entry before the one shown; `current` is the editor's content, kept as the draft when the
    // walk starts. nullopt at the oldest entry.
    std::optional<Entry> older(const Entry &current);
    // The entry after the one shown, or the draft; nullopt when the draft is shown already.
    std::optional<Entry> newer();
    // The user edited the text: the next walk starts again from the newest entry.
    void resetWalk() { m_position = int(m_entries.size()); }

private:
    QVector<Entry> m_entries;
    Entry m_draft;
    int m_capacity;
    int m_position = 0; // index of the entry shown; m_entries.size() while the draft is shown
};

} // namespace sockpit::ui
