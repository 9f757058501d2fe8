#pragma once

#include "macroexpander.h"
#include "sequence.h"

#include <QByteArray>
#include <QRegularExpression>

namespace sockpit {

// Looks for one expect step's pattern in the bytes received since the previous match, as expect(1)
// does: called again as more arrives, it searches only what it has not ruled out yet.
class ExpectMatcher
{
public:
    struct Found
    {
        bool matched = false;
        bool impossible = false; // exact: what arrived already differs
        qsizetype end = 0; // matched: the bytes up to here are consumed
        MacroExpander::Captures captures; // regex: "0", "1", ... and the named groups
    };

    // Builds the matcher; on a bad pattern, *error says why (translated) and the matcher matches
    // nothing.
    ExpectMatcher(const SequenceStep &step, QString *error = nullptr);

    Found find(const QByteArray &buffer);
    // The buffer lost its first `bytes` (it is kept bounded).
    void dropped(qsizetype bytes) { m_from = qMax<qsizetype>(0, m_from - bytes); }

    // A regular expression as expects use it: over the received bytes one character each (ISO 8859-1),
    // with the pattern's own non-ASCII text turned into its UTF-8 bytes.
    static QRegularExpression byteRegex(const QString &pattern);
    // "01 03 ?? ??": bytes, and a mask with 0 where any byte will do. False with *error when bad.
    static bool parseHexPattern(const QString &text, QByteArray *bytes, QByteArray *mask, QString *error);

private:
    SequenceStep::Match m_match;
    QByteArray m_bytes;
    QByteArray m_mask;
    QRegularExpression m_regex;
    bool m_valid = false;
    qsizetype m_from = 0;
};

} // namespace sockpit
