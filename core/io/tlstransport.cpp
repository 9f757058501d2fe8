#include "tlstransport.h"

namespace sockpit {

TlsTransport::~TlsTransport() = default;

} // namespace sockpit
