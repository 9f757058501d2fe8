#pragma once

#include "checksum.h"
#include "quicksendpreset.h"
#include "sessionconfig.h"
#include "valuefield.h"

#include <QByteArray>
#include <QStringList>

namespace sockpit::ui {

// What the window remembers across restarts: the last settings of each session mode, the mode used
// last, the composer's history, the window geometry and whether the log shows the conversation. One place, so
// the keys never drift apart.
class AppSettings final
{
public:
    static SessionMode lastMode();
    static bool hasConfig(SessionMode mode);
    static SessionConfig lastConfig(SessionMode mode);
    static void saveConfig(const SessionConfig &config); // also becomes the last mode

    // The value fields plotted in a session of `mode` (View > Plot), as the user last set them.
    static ValueFields valueFields(SessionMode mode);
    static void setValueFields(SessionMode mode, const ValueFields &fields);

    static QStringList composerHistory();
    static void setComposerHistory(const QStringList &history);

    // Server certificates the user chose to trust for `host` although they could not be verified
    // (SHA-256 fingerprints, "AB:CD:...").
    static QStringList trustedCertificates(const QString &host);
    static void trustCertificate(const QString &host, const QString &fingerprint);
    static ChecksumSpec composerChecksum();
    static void setComposerChecksum(const ChecksumSpec &spec);

    static QuickSendPresets quickSendPresets();
    static void setQuickSendPresets(const QuickSendPresets &presets);

    static QByteArray windowGeometry();
    static void setWindowGeometry(const QByteArray &geometry);
    // Whether a new tab's log shows the conversation rather than the table: as the user left it.
    static bool conversationShown();
    static void setConversationShown(bool shown);
    // Whether the quick-send panel is shown beside the composer (View > Quick Send Panel).
    static bool quickSendShown();
    static void setQuickSendShown(bool shown);
    // Whether the window opens with the tabs it had when it was closed (File > Reopen Tabs at Start),
    // and those tabs (a workspace's JSON; see workspace.h).
    // Whether the log shows its system call column (View > System Calls).
    static bool systemCallsShown();
    static void setSystemCallsShown(bool shown);
    // Whether the selected row's message is shown under the log (View > Message Inspector).
    static bool inspectorShown();
    static void setInspectorShown(bool shown);
    // View > Log Capacity: the rows each tab's log keeps (the oldest go first); `fallback` when unset.
    static int logCapacity(int fallback);
    static void setLogCapacity(int rows);
    static bool reopenTabs();
    static void setReopenTabs(bool reopen);
    static QByteArray lastWorkspace();
    static void setLastWorkspace(const QByteArray &json);
};

} // namespace sockpit::ui
