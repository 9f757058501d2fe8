#include "sessionconfig.h"

namespace sockpit {

QString sessionModeName(SessionMode mode)
{
    return QString::fromLatin1(modeTraits(mode).name);
}

} // namespace sockpit
