#include "expectmatcher.h"

#include "payloadencoder.h"

#include <QCoreApplication>

#include <cstring>

namespace sockpit {

namespace {

class Expect
{
    Q_DECLARE_TR_FUNCTIONS(Expect)
};

} // namespace

ExpectMatcher::ExpectMatcher(const SequenceStep &step, QString *error)
    : m_match(step.match)
{
    QString problem;
    switch (m_match) {
    case SequenceStep::Match::Exact:
    case SequenceStep::Match::Contains: {
        const EncodeResult encoded = encodePayload(step.pattern, InputMode::Escaped);
        problem = encoded.error;
        m_bytes = encoded.bytes;
        if (problem.isEmpty() && m_bytes.isEmpty())
            problem = Expect::tr("the pattern is empty");
        break;
    }
    case SequenceStep::Match::Hex:
        parseHexPattern(step.pattern, &m_bytes, &m_mask, &problem);
        break;
    case SequenceStep::Match::Regex:
        m_regex = byteRegex(step.pattern);
        if (!m_regex.isValid())
            problem = Expect::tr("bad regular expression at offset %1: %2")
                          .arg(m_regex.patternErrorOffset())
                          .arg(m_regex.errorString());
        else if (step.pattern.isEmpty())
            problem = Expect::tr("the pattern is empty");
        break;
    }
    m_valid = problem.isEmpty();
    if (error)
        *error = problem;
}

QRegularExpression ExpectMatcher::byteRegex(const QString &pattern)
{
    return QRegularExpression(QString::fromLatin1(pattern.toUtf8()));
}

bool ExpectMatcher::parseHexPattern(const QString &text, QByteArray *bytes, QByteArray *mask, QString *error)
{
    bytes->clear();
    mask->clear();
    // Each "??" stands for one byte; find where they are by parsing the pattern piece by piece.
    const QStringList pieces = text.split(QStringLiteral("??"));
    for (int k = 0; k < pieces.size(); ++k) {
        const EncodeResult piece = parseHex(pieces.at(k));
        if (!piece.ok()) {
            *error = piece.error;
            return false;
        }
        bytes->append(piece.bytes);
        mask->append(QByteArray(piece.bytes.size(), char(1)));
        if (k + 1 < pieces.size()) {
            bytes->append(char(0));
            mask->append(char(0));
        }
    }
    if (bytes->isEmpty()) {
        *error = Expect::tr("the pattern is empty");
        return false;
    }
    return true;
}

ExpectMatcher::Found ExpectMatcher::find(const QByteArray &buffer)
{
    Found found;
    if (!m_valid)
        return found;
    switch (m_match) {
    case SequenceStep::Match::Exact: {
        const qsizetype n = qMin(buffer.size(), m_bytes.size());
        if (std::memcmp(buffer.constData(), m_bytes.constData(), size_t(n)) != 0)
            found.impossible = true;
        else if (n == m_bytes.size())
            found.matched = true;
        found.end = m_bytes.size();
        return found;
    }
    case SequenceStep::Match::Contains: {
        const qsizetype at = buffer.indexOf(m_bytes, m_from);
        if (at >= 0) {
            found.matched = true;
            found.end = at + m_bytes.size();
            m_from = 0;
        } else {
            m_from = qMax<qsizetype>(0, buffer.size() - m_bytes.size() + 1);
        }
        return found;
    }
    case SequenceStep::Match::Hex: {
        const qsizetype n = m_bytes.size();
        for (qsizetype at = m_from; at + n <= buffer.size(); ++at) {
            qsizetype k = 0;
            while (k < n && (!m_mask.at(k) || buffer.at(at + k) == m_bytes.at(k)))
                ++k;
            if (k == n) {
                found.matched = true;
                found.end = at + n;
                m_from = 0;
                return found;
            }
        }
        m_from = qMax<qsizetype>(0, buffer.size() - n + 1);
        return found;
    }
    case SequenceStep::Match::Regex: {
        // A match may start anywhere and grow with later bytes: the whole buffer is searched again.
        const QRegularExpressionMatch match = m_regex.match(QString::fromLatin1(buffer));
        if (!match.hasMatch())
            return found;
        found.matched = true;
        found.end = match.capturedEnd(0);
        for (int k = 0; k <= m_regex.captureCount(); ++k)
            found.captures.insert(QString::number(k), match.captured(k).toLatin1());
        for (const QString &name : m_regex.namedCaptureGroups()) {
            if (!name.isEmpty())
                found.captures.insert(name, match.captured(name).toLatin1());
        }
        return found;
    }
    }
    return found;
}

} // namespace sockpit
