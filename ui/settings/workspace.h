#pragma once

#include "quicksendpreset.h"
#include "sessionconfig.h"
#include "valuefield.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

namespace sockpit::ui {

// One tab of a workspace: what it is set up to do, not what it logged.
struct WorkspaceTab
{
    SessionConfig config;
    QString title; // the name the user gave the tab; empty: named after its mode
    QuickSendPresets presets;
    bool hasPresets = false; // false: the tab gets the window's presets
    ValueFields fields; // the values its plot draws
    bool hasFields = false; // false: the tab gets the fields last used in its mode
    // Values the file held that could not be used, each left at its default (translated, one a line).
    QStringList problems;
};

// The tabs of a window, as File > Save Workspace writes them, File > Open Workspace and
// `sockpit --workspace FILE` read them, and the window keeps between runs. The format (a contract,
// documented in the README):
//   {"workspace": 1, "tabs": [
//     {"mode": "tcp-server", "title": "PLC", "localAddress": "0.0.0.0", "localPort": 502, "echo": true,
//      "framing": {"kind": "length", "lengthSize": 2}, "rules": [...], "presets": [...],
//      "fields": [{"name": "temp", "kind": "regex", "pattern": "temp=([-\\d.]+)", "group": 1}]},
//     {"mode": "tcp-client", "remoteHost": "127.0.0.1", "remotePort": 502}]}
struct Workspace
{
    QVector<WorkspaceTab> tabs;
};

QByteArray workspaceToJson(const Workspace &workspace);
// False with a translated *error when `json` is not a workspace at all (not JSON, no "tabs" list).
// A tab's bad value does not fail the whole: it stays at its default and is named in that tab's
// `problems`, so the other tabs open as they were saved.
bool workspaceFromJson(const QByteArray &json, Workspace *workspace, QString *error);

// The same through a file; the errors name the file.
bool readWorkspaceFile(const QString &path, Workspace *workspace, QString *error);
bool writeWorkspaceFile(const QString &path, const Workspace &workspace, QString *error);

} // namespace sockpit::ui
