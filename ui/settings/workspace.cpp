#include "workspace.h"

#include "checksum.h"

#include "autoreply.h"
#include "modetraits.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <array>
#include <utility>

namespace sockpit::ui {

namespace {

class WorkspaceText
{
    Q_DECLARE_TR_FUNCTIONS(Workspace)
};

constexpr int FormatVersion = 1;

const std::array<std::pair<Framing::Kind, const char *>, 5> FramingKinds {{
    {Framing::Kind::Raw, "raw"},
    {Framing::Kind::Delimiter, "delimiter"},
    {Framing::Kind::LengthPrefix, "length"},
    {Framing::Kind::FixedLength, "fixed"},
    {Framing::Kind::IdleGap, "idle"},
}};

QJsonObject framingToJson(const Framing &f)
{
    QJsonObject object;
    for (const auto &[kind, name] : FramingKinds) {
        if (kind == f.kind)
            object.insert(QStringLiteral("kind"), QLatin1String(name));
    }
    object.insert(QStringLiteral("delimiterHex"), QString::fromLatin1(f.delimiter.toHex()));
    object.insert(QStringLiteral("lengthSize"), f.prefixSize);
    object.insert(QStringLiteral("bigEndian"), f.bigEndian);
    object.insert(QStringLiteral("lengthIncludesHeader"), f.lengthIncludesPrefix);
    object.insert(QStringLiteral("fixedLength"), f.fixedLength);
    object.insert(QStringLiteral("idleGapMs"), f.idleGapMs);
    object.insert(QStringLiteral("maxFrame"), f.maxFrame);
    return object;
}

QJsonObject tabToJson(const WorkspaceTab &tab)
{
    const SessionConfig &c = tab.config;
    QJsonObject object;
    object.insert(QStringLiteral("mode"), sessionModeName(c.mode));
    if (!tab.title.isEmpty())
        object.insert(QStringLiteral("title"), tab.title);
    // A client binds only when asked to; a server or UDP socket always has its address.
    if (modeTraits(c.mode).local != LocalRole::Source || c.bindAddressSet)
        object.insert(QStringLiteral("localAddress"), c.bindAddress.toString());
    object.insert(QStringLiteral("localPort"), c.bindPort);
    object.insert(QStringLiteral("remoteHost"), c.host);
    object.insert(QStringLiteral("remotePort"), c.port);
    if (c.proxy.enabled())
        object.insert(QStringLiteral("proxy"), c.proxy.toString()); // never its password
    if (webSocketApplies(c.mode) && c.webSocket) {
        object.insert(QStringLiteral("webSocket"), true);
        if (c.mode == SessionMode::TcpClient)
            object.insert(QStringLiteral("webSocketResource"), c.webSocketResource);
    }
    if (modeTraits(c.mode).unixPaths) {
        object.insert(QStringLiteral("localPath"), c.localPath);
        object.insert(QStringLiteral("remotePath"), c.remotePath);
    }
    object.insert(QStringLiteral("echo"), c.echo);
    object.insert(QStringLiteral("maxClients"), c.maxClients);
    object.insert(QStringLiteral("chat"), c.chat);
    object.insert(QStringLiteral("chatName"), c.chatName);
    object.insert(QStringLiteral("connectTimeoutMs"), c.connectTimeoutMs);
    object.insert(QStringLiteral("noDelay"), c.noDelay);
    object.insert(QStringLiteral("keepAlive"), c.keepAlive);
    object.insert(QStringLiteral("framing"), framingToJson(c.framing));
    object.insert(QStringLiteral("check"),
        QJsonObject {{QStringLiteral("checksum"), checksumSpecText(c.receiveCheck.spec)},
            {QStringLiteral("skipFirst"), c.receiveCheck.skipFirst},
            {QStringLiteral("skipLast"), c.receiveCheck.skipLast}});
    QJsonArray groups;
    for (const QHostAddress &group : c.multicastGroups)
        groups.append(group.toString());
    object.insert(QStringLiteral("multicastGroups"), groups);
    object.insert(QStringLiteral("multicastInterface"), c.multicastInterface);
    object.insert(QStringLiteral("ping"),
        QJsonObject {{QStringLiteral("count"), c.pingCount}, {QStringLiteral("intervalMs"), c.pingIntervalMs},
            {QStringLiteral("payloadSize"), c.pingPayloadSize},
            {QStringLiteral("timeoutMs"), c.pingTimeoutMs}});
    if (isTlsMode(c.mode)) {
        object.insert(QStringLiteral("tls"),
            QJsonObject {{QStringLiteral("enabled"), c.tls.enabled}, {QStringLiteral("cert"), c.tls.certFile},
                {QStringLiteral("key"), c.tls.keyFile}, {QStringLiteral("ca"), c.tls.caFile},
                {QStringLiteral("verify"), c.tls.verifyPeer}});
    }
    object.insert(QStringLiteral("rules"),
        QJsonDocument::fromJson(autoReplyRulesToJson(c.autoReplies)).object().value(QStringLiteral("rules")));
    if (tab.hasPresets) {
        object.insert(QStringLiteral("presets"),
            QJsonDocument::fromJson(quickSendPresetsToJson(tab.presets))
                .object()
                .value(QStringLiteral("presets")));
    }
    if (tab.hasFields)
        object.insert(QStringLiteral("fields"), valueFieldsToJson(tab.fields));
    return object;
}

// Reads one tab's values; each one that cannot be used stays at its default and becomes a problem.
class TabReader
{
public:
    TabReader(const QJsonObject &object, WorkspaceTab *tab)
        : m_object(object)
        , m_tab(tab)
    { }

    void problem(const QString &key, const QString &what)
    {
        m_tab->problems.append(WorkspaceText::tr("\"%1\" %2; left at its default").arg(key, what));
    }
    // A value that was kept as it is, but will not work as it is.
    void warning(const QString &key, const QString &what)
    {
        m_tab->problems.append(QStringLiteral("\"%1\" %2").arg(key, what));
    }

    void readBool(const char *key, bool *value) { readBoolIn(m_object, QLatin1String(key), value); }

    void readBoolIn(
        const QJsonObject &object, const QString &key, bool *value, const QString &prefix = QString())
    {
        const QJsonValue v = object.value(key);
        if (v.isUndefined())
            return;
        if (v.isBool())
            *value = v.toBool();
        else
            problem(prefix + key, WorkspaceText::tr("must be true or false"));
    }

    void readStringIn(
        const QJsonObject &object, const QString &key, QString *value, const QString &prefix = QString())
    {
        const QJsonValue v = object.value(key);
        if (v.isUndefined())
            return;
        if (v.isString())
            *value = v.toString();
        else
            problem(prefix + key, WorkspaceText::tr("must be text"));
    }

    template<typename Int> void readInt(const char *key, Int *value, qint64 min, qint64 max)
    {
        readIntIn(m_object, QLatin1String(key), value, min, max);
    }

    // `object` is the tab or one of its objects; `prefix` names the latter in a problem ("ping.").
    template<typename Int>
    void readIntIn(const QJsonObject &object, const QString &key, Int *value, qint64 min, qint64 max,
        const QString &prefix = QString())
    {
        const QJsonValue v = object.value(key);
        if (v.isUndefined())
            return;
        const double d = v.toDouble(-1.0);
        // In range first: converting a double outside qint64's range is undefined.
        if (v.isDouble() && d >= double(min) && d <= double(max) && d == double(qint64(d)))
            *value = Int(qint64(d));
        else
            problem(prefix + key,
                WorkspaceText::tr("must be a whole number from %1 to %2, not %3")
                    .arg(min)
                    .arg(max)
                    .arg(shown(v)));
    }

    void readString(const char *key, QString *value)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined())
            return;
        if (v.isString())
            *value = v.toString();
        else
            problem(QLatin1String(key), WorkspaceText::tr("must be text"));
    }

    QJsonObject object(const char *key)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isObject())
            problem(QLatin1String(key), WorkspaceText::tr("must be an object"));
        return v.toObject();
    }

    static QString shown(const QJsonValue &v)
    {
        if (v.isString())
            return QLatin1Char('"') + v.toString() + QLatin1Char('"');
        return QString::fromUtf8(QJsonDocument(QJsonArray {v}).toJson(QJsonDocument::Compact))
            .mid(1)
            .chopped(1);
    }

private:
    const QJsonObject &m_object;
    WorkspaceTab *m_tab;
};

void readFraming(TabReader &reader, const QJsonObject &object, Framing *framing)
{
    if (object.isEmpty())
        return;
    Framing f;
    const QString kind = object.value(QStringLiteral("kind")).toString();
    bool known = false;
    for (const auto &[value, name] : FramingKinds) {
        if (kind == QLatin1String(name)) {
            f.kind = value;
            known = true;
        }
    }
    if (!known) {
        reader.problem(QStringLiteral("framing.kind"),
            WorkspaceText::tr("must be one of raw, delimiter, length, fixed, idle, not %1")
                .arg(TabReader::shown(object.value(QStringLiteral("kind")))));
        return;
    }
    const QJsonValue delimiter = object.value(QStringLiteral("delimiterHex"));
    if (!delimiter.isUndefined()) {
        const QByteArray hex = delimiter.toString().toLatin1();
        const QByteArray bytes = QByteArray::fromHex(hex);
        if (!delimiter.isString() || bytes.isEmpty() || bytes.toHex() != hex.toLower())
            reader.problem(QStringLiteral("framing.delimiterHex"),
                WorkspaceText::tr("must be bytes in hex, such as \"0d0a\""));
        else
            f.delimiter = bytes;
    }
    reader.readIntIn(object, QStringLiteral("lengthSize"), &f.prefixSize, 1, 4, QStringLiteral("framing."));
    reader.readBoolIn(object, QStringLiteral("bigEndian"), &f.bigEndian, QStringLiteral("framing."));
    reader.readBoolIn(
        object, QStringLiteral("lengthIncludesHeader"), &f.lengthIncludesPrefix, QStringLiteral("framing."));
    reader.readIntIn(
        object, QStringLiteral("fixedLength"), &f.fixedLength, 1, 1 << 30, QStringLiteral("framing."));
    reader.readIntIn(
        object, QStringLiteral("idleGapMs"), &f.idleGapMs, 1, 3600000, QStringLiteral("framing."));
    reader.readIntIn(object, QStringLiteral("maxFrame"), &f.maxFrame, 1, 1 << 30, QStringLiteral("framing."));
    const QString invalid = f.validate();
    if (!invalid.isEmpty()) {
        reader.problem(QStringLiteral("framing"), invalid);
        return;
    }
    *framing = f;
}

// Files the tab names must be there when it starts: said now, not first when the user presses Start.
void checkFile(TabReader &reader, const char *key, const QString &path)
{
    if (!path.isEmpty() && !QFileInfo(path).isFile())
        reader.warning(
            QLatin1String(key), WorkspaceText::tr("names a file that does not exist: %1").arg(path));
}

WorkspaceTab tabFromJson(const QJsonObject &object)
{
    WorkspaceTab tab;
    SessionConfig &c = tab.config;
    TabReader reader(object, &tab);
    const QString modeName = object.value(QStringLiteral("mode")).toString();
    const std::optional<SessionMode> mode = sessionModeFromName(modeName);
    if (mode)
        c.mode = *mode;
    else
        reader.problem(QStringLiteral("mode"),
            WorkspaceText::tr("names no session mode: %1")
                .arg(TabReader::shown(object.value(QStringLiteral("mode")))));
    const ModeTraits &traits = modeTraits(c.mode);
    reader.readString("title", &tab.title);
    c.bindAddress = QHostAddress::AnyIPv4;
    QString local;
    reader.readString("localAddress", &local);
    if (!local.isEmpty()) {
        if (QHostAddress address; address.setAddress(local)) {
            c.bindAddress = address;
            c.bindAddressSet = traits.local == LocalRole::Source;
        } else {
            reader.problem(
                QStringLiteral("localAddress"), WorkspaceText::tr("is not an IP address: %1").arg(local));
        }
    }
    reader.readInt("localPort", &c.bindPort, 0, 65535);
    reader.readString("remoteHost", &c.host);
    reader.readInt("remotePort", &c.port, 0, 65535);
    reader.readString("localPath", &c.localPath);
    reader.readString("remotePath", &c.remotePath);
    QString proxy;
    reader.readString("proxy", &proxy);
    if (!proxy.isEmpty()) {
        QString why;
        if (const std::optional<ProxySettings> parsed = ProxySettings::parse(proxy, &why))
            c.proxy = *parsed;
        else
            reader.problem(QStringLiteral("proxy"), why);
    }
    reader.readBool("webSocket", &c.webSocket);
    reader.readString("webSocketResource", &c.webSocketResource);
    reader.readBool("echo", &c.echo);
    reader.readInt("maxClients", &c.maxClients, 0, 1000000);
    reader.readBool("chat", &c.chat);
    reader.readString("chatName", &c.chatName);
    reader.readInt("connectTimeoutMs", &c.connectTimeoutMs, 100, 600000); // as the Options popup allows
    reader.readBool("noDelay", &c.noDelay);
    reader.readBool("keepAlive", &c.keepAlive);
    readFraming(reader, reader.object("framing"), &c.framing);
    const QJsonObject check = reader.object("check");
    if (const QJsonValue spec = check.value(QStringLiteral("checksum")); !spec.isUndefined()) {
        QString error;
        if (!spec.isString() || !parseChecksumSpec(spec.toString(), &c.receiveCheck.spec, &error))
            reader.problem(QStringLiteral("check.checksum"),
                error.isEmpty() ? WorkspaceText::tr("must be a checksum name, such as \"crc16-modbus\"")
                                : error);
    }
    reader.readIntIn(
        check, QStringLiteral("skipFirst"), &c.receiveCheck.skipFirst, 0, 65535, QStringLiteral("check."));
    reader.readIntIn(
        check, QStringLiteral("skipLast"), &c.receiveCheck.skipLast, 0, 65535, QStringLiteral("check."));
    const QJsonValue groups = object.value(QStringLiteral("multicastGroups"));
    if (!groups.isUndefined() && !groups.isArray())
        reader.problem(QStringLiteral("multicastGroups"), WorkspaceText::tr("must be a list"));
    for (const QJsonValue &group : groups.toArray()) {
        const QHostAddress address(group.toString());
        if (address.isMulticast())
            c.multicastGroups.append(address);
        else
            reader.problem(QStringLiteral("multicastGroups"),
                WorkspaceText::tr("holds %1, which is not a multicast address").arg(TabReader::shown(group)));
    }
    reader.readString("multicastInterface", &c.multicastInterface);
    const QJsonObject ping = reader.object("ping");
    reader.readIntIn(ping, QStringLiteral("count"), &c.pingCount, 0, 1000000, QStringLiteral("ping."));
    reader.readIntIn(
        ping, QStringLiteral("intervalMs"), &c.pingIntervalMs, 1, 86400000, QStringLiteral("ping."));
    reader.readIntIn(
        ping, QStringLiteral("payloadSize"), &c.pingPayloadSize, 0, 65499, QStringLiteral("ping."));
    reader.readIntIn(
        ping, QStringLiteral("timeoutMs"), &c.pingTimeoutMs, 1, 86400000, QStringLiteral("ping."));
    const QJsonObject tls = reader.object("tls");
    if (!tls.isEmpty() && isTlsMode(c.mode)) {
        const QString prefix = QStringLiteral("tls.");
        reader.readBoolIn(tls, QStringLiteral("enabled"), &c.tls.enabled, prefix);
        reader.readStringIn(tls, QStringLiteral("cert"), &c.tls.certFile, prefix);
        reader.readStringIn(tls, QStringLiteral("key"), &c.tls.keyFile, prefix);
        reader.readStringIn(tls, QStringLiteral("ca"), &c.tls.caFile, prefix);
        reader.readBoolIn(tls, QStringLiteral("verify"), &c.tls.verifyPeer, prefix);
        if (c.tls.enabled) {
            checkFile(reader, "tls.cert", c.tls.certFile);
            checkFile(reader, "tls.key", c.tls.keyFile);
            checkFile(reader, "tls.ca", c.tls.caFile);
        }
    }
    const QJsonValue rules = object.value(QStringLiteral("rules"));
    if (!rules.isUndefined()) {
        QString error;
        const QByteArray json = QJsonDocument(QJsonObject {{QStringLiteral("rules"), rules}}).toJson();
        if (!autoReplyRulesFromJson(json, &c.autoReplies, &error))
            reader.problem(QStringLiteral("rules"), error);
    }
    const QJsonValue presets = object.value(QStringLiteral("presets"));
    if (!presets.isUndefined()) {
        QString error;
        const QByteArray json = QJsonDocument(QJsonObject {{QStringLiteral("presets"), presets}}).toJson();
        if (quickSendPresetsFromJson(json, &tab.presets, &error))
            tab.hasPresets = true;
        else
            reader.problem(QStringLiteral("presets"), error);
    }
    const QJsonValue fields = object.value(QStringLiteral("fields"));
    if (!fields.isUndefined()) {
        QString error;
        if (!fields.isArray())
            reader.problem(QStringLiteral("fields"), WorkspaceText::tr("must be a list"));
        else if (valueFieldsFromJson(fields.toArray(), &tab.fields, &error))
            tab.hasFields = true;
        else
            reader.problem(QStringLiteral("fields"), error);
    }
    return tab;
}

} // namespace

QByteArray workspaceToJson(const Workspace &workspace)
{
    QJsonArray tabs;
    for (const WorkspaceTab &tab : workspace.tabs)
        tabs.append(tabToJson(tab));
    return QJsonDocument(
        QJsonObject {{QStringLiteral("workspace"), FormatVersion}, {QStringLiteral("tabs"), tabs}})
        .toJson(QJsonDocument::Indented);
}

bool workspaceFromJson(const QByteArray &json, Workspace *workspace, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = WorkspaceText::tr("not valid JSON at offset %1: %2")
                     .arg(parseError.offset)
                     .arg(parseError.errorString());
        return false;
    }
    const QJsonValue tabs = document.object().value(QStringLiteral("tabs"));
    if (!document.isObject() || !tabs.isArray()) {
        *error = WorkspaceText::tr("not a workspace: expected an object with a \"tabs\" list");
        return false;
    }
    const int version = document.object().value(QStringLiteral("workspace")).toInt(FormatVersion);
    if (version > FormatVersion) {
        *error = WorkspaceText::tr("a workspace of format %1, newer than this Sockpit reads (%2)")
                     .arg(version)
                     .arg(FormatVersion);
        return false;
    }
    Workspace result;
    for (const QJsonValue &tab : tabs.toArray()) {
        if (tab.isObject()) {
            result.tabs.append(tabFromJson(tab.toObject()));
        } else {
            WorkspaceTab empty;
            empty.problems.append(WorkspaceText::tr("this tab is not an object; it opens with the defaults"));
            result.tabs.append(empty);
        }
    }
    *workspace = result;
    return true;
}

bool readWorkspaceFile(const QString &path, Workspace *workspace, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = WorkspaceText::tr("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    QString problem;
    if (!workspaceFromJson(file.readAll(), workspace, &problem)) {
        *error = QStringLiteral("%1: %2").arg(path, problem);
        return false;
    }
    return true;
}

bool writeWorkspaceFile(const QString &path, const Workspace &workspace, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(workspaceToJson(workspace)) < 0 || !file.commit()) {
        *error = WorkspaceText::tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace sockpit::ui
