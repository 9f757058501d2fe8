#include "textencodings.h"

#include <QCoreApplication>
#include <QStringDecoder>
#include <QStringEncoder>

namespace sockpit {

namespace {

struct KnownEncoding
{
    const char *name;
    const char *description; // translated on use
};

// Ordered the way a menu should show them: Unicode first, then by region.
constexpr KnownEncoding knownEncodings[] = {
    {"UTF-8", QT_TRANSLATE_NOOP("sockpit::TextEncodings", "Unicode")},
    {"UTF-16LE", QT_TRANSLATE_NOOP("sockpit::TextEncodings", "Unicode, little endian")},
    {"UTF-16BE", QT_TRANSLATE_NOOP("sockpit::TextEncodings", "Unicode, big endian")},
    {"ISO-8859-1", QT_TRANSLATE_NOOP("sockpit::TextEncodings", "Latin-1, Western European")},
    {"ISO-8859-15", QT_TRANSLATE_NOOP("sockpit::TextEncodings", "Latin-9, Western European with euro")},
    {"Windows-1252", QT_TRANSLATE_NOOP("sockpit::TextEncodings", "Western European, Windows")},
    {"Windows-1250", QT_TRANSLATE_NOOP("sockpit::TextEncodings", "Central European, Windows")},
    {"ISO-8859-2", QT_TRANSLATE_NOOP("sockpit::TextEncodings", "Latin-2, Central European")},
    {"Windows-1251", QT_TRANSLATE_NOOP("sockpit::TextEncodings", "Cyrillic, Windows")},
    {"KOI8-R", QT_TRANSLATE_NOOP("sockpit::TextEncodings", "Cyrillic, Russian")},
    {"GB18030", QT_TRANSLATE_NOOP("sockpit::TextEncodings", "Chinese, Simplified")},
    {"GBK", QT_TRANSLATE_NOOP("sockpit::TextEncodings", "Chinese, Simplified")},
    {"GB2312", QT_TRANSLATE_NOOP("sockpit::TextEncodings", "Chinese, Simplified")},
    {"Big5", QT_TRANSLATE_NOOP("sockpit::TextEncodings", "Chinese, Traditional")},
    {"Shift_JIS", QT_TRANSLATE_NOOP("sockpit::TextEncodings", "Japanese")},
    {"EUC-JP", QT_TRANSLATE_NOOP("sockpit::TextEncodings", "Japanese")},
    {"EUC-KR", QT_TRANSLATE_NOOP("sockpit::TextEncodings", "Korean")},
};

QStringList computeAvailable()
{
    QStringList names;
    for (const KnownEncoding &known : knownEncodings) {
        const QString name = QString::fromLatin1(known.name);
        if (isEncodingAvailable(name))
            names.append(name);
    }
    return names;
}

} // namespace

QStringList availableEncodings()
{
    // A function-local static is initialized once even when threads race to it (C++11).
    static const QStringList names = computeAvailable();
    return names;
}

bool isEncodingAvailable(const QString &name)
{
    if (name.isEmpty())
        return false;
    const QByteArray latin = name.toLatin1();
    return QStringDecoder(latin.constData()).isValid() && QStringEncoder(latin.constData()).isValid();
}

QString encodingLabel(const QString &name)
{
    for (const KnownEncoding &known : knownEncodings) {
        if (name.compare(QLatin1String(known.name), Qt::CaseInsensitive) == 0) {
            return QCoreApplication::translate("sockpit::TextEncodings", "%1 (%2)")
                .arg(QLatin1String(known.name),
                    QCoreApplication::translate("sockpit::TextEncodings", known.description));
        }
    }
    return name;
}

} // namespace sockpit
