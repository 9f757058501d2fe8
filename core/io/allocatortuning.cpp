#include "allocatortuning.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace sockpit {

void tuneAllocator()
{
#ifdef __GLIBC__
    ::mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
    ::mallopt(M_TRIM_THRESHOLD, 32 * 1024 * 1024);
#endif
}

} // namespace sockpit
