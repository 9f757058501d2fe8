#include "appsettings.h"

#include "checksum.h"

#include "autoreply.h"
#include "modetraits.h"
#include "settingswriter.h"

#include <QSettings>

namespace sockpit::ui {

namespace {
QString modeGroup(SessionMode mode)
{
    return QStringLiteral("session/") + sessionModeName(mode);
}

SessionMode modeFromName(const QString &name)
{
    return sessionModeFromName(name).value_or(SessionMode::TcpServer);
}
} // namespace

SessionMode AppSettings::lastMode()
{
    SettingsWriter::waitForWrites();
    return modeFromName(QSettings().value(QStringLiteral("session/lastMode")).toString());
}

bool AppSettings::hasConfig(SessionMode mode)
{
    SettingsWriter::waitForWrites();
    return QSettings().contains(modeGroup(mode) + QStringLiteral("/bindPort"));
}

SessionConfig AppSettings::lastConfig(SessionMode mode)
{
    SettingsWriter::waitForWrites();
    QSettings settings;
    settings.beginGroup(modeGroup(mode));
    SessionConfig config;
    config.mode = mode;
    const QString bind = settings.value(QStringLiteral("bindAddress")).toString();
    if (!bind.isEmpty() && config.bindAddress.setAddress(bind))
        config.bindAddressSet = settings.value(QStringLiteral("bindAddressSet"), false).toBool();
    else
        config.bindAddress = QHostAddress::AnyIPv4;
    config.bindPort = quint16(settings.value(QStringLiteral("bindPort"), 0).toUInt());
    config.host = settings.value(QStringLiteral("host")).toString();
    config.port = quint16(settings.value(QStringLiteral("port"), 0).toUInt());
    config.localPath = settings.value(QStringLiteral("localPath")).toString();
    config.remotePath = settings.value(QStringLiteral("remotePath")).toString();
    config.proxy = ProxySettings::parse(settings.value(QStringLiteral("proxy")).toString(), nullptr)
                       .value_or(ProxySettings());
    config.webSocket = settings.value(QStringLiteral("webSocket"), false).toBool();
    config.webSocketResource
        = settings.value(QStringLiteral("webSocketResource"), config.webSocketResource).toString();
    config.echo = settings.value(QStringLiteral("echo"), false).toBool();
    config.maxClients = settings.value(QStringLiteral("maxClients"), 0).toInt();
    config.chat = settings.value(QStringLiteral("chat"), false).toBool();
    config.chatName = settings.value(QStringLiteral("chatName"), config.chatName).toString();
    config.connectTimeoutMs
        = settings.value(QStringLiteral("connectTimeoutMs"), config.connectTimeoutMs).toInt();
    config.noDelay = settings.value(QStringLiteral("noDelay"), true).toBool();
    config.keepAlive = settings.value(QStringLiteral("keepAlive"), false).toBool();
    Framing &f = config.framing;
    const int kind = settings.value(QStringLiteral("framing"), int(f.kind)).toInt();
    if (kind >= int(Framing::Kind::Raw) && kind <= int(Framing::Kind::IdleGap))
        f.kind = Framing::Kind(kind);
    f.delimiter = QByteArray::fromHex(
        settings.value(QStringLiteral("framingDelimiter"), f.delimiter.toHex()).toByteArray());
    f.prefixSize = settings.value(QStringLiteral("framingPrefixSize"), f.prefixSize).toInt();
    f.bigEndian = settings.value(QStringLiteral("framingBigEndian"), f.bigEndian).toBool();
    f.lengthIncludesPrefix
        = settings.value(QStringLiteral("framingIncludesHeader"), f.lengthIncludesPrefix).toBool();
    f.fixedLength = settings.value(QStringLiteral("framingFixedLength"), f.fixedLength).toInt();
    f.idleGapMs = settings.value(QStringLiteral("framingIdleGapMs"), f.idleGapMs).toInt();
    f.maxFrame = settings.value(QStringLiteral("framingMaxFrame"), f.maxFrame).toInt();
    if (!f.validate().isEmpty()) // settings edited by hand: start from the defaults
        f = Framing();
    const QStringList groups = settings.value(QStringLiteral("multicastGroups")).toStringList();
    for (const QString &text : groups) {
        const QHostAddress group(text);
        if (group.isMulticast())
            config.multicastGroups.append(group);
    }
    config.multicastInterface = settings.value(QStringLiteral("multicastInterface")).toString();
    QString checkError;
    if (!parseChecksumSpec(settings.value(QStringLiteral("check"), QStringLiteral("none")).toString(),
            &config.receiveCheck.spec, &checkError))
        config.receiveCheck.spec = ChecksumSpec(); // edited by hand: not checked rather than guessed
    const auto number = [&settings](const char *key, int fallback, int min, int max) {
        const int value = settings.value(QString::fromLatin1(key), fallback).toInt();
        return value >= min && value <= max ? value : fallback;
    };
    config.pingCount = number("pingCount", config.pingCount, 0, 1000000);
    config.pingIntervalMs = number("pingIntervalMs", config.pingIntervalMs, 1, 86400000);
    config.pingPayloadSize = number("pingPayloadSize", config.pingPayloadSize, 0, 65499);
    config.pingTimeoutMs = number("pingTimeoutMs", config.pingTimeoutMs, 1, 86400000);
    config.receiveCheck.skipFirst = number("checkSkipFirst", 0, 0, 65535);
    config.receiveCheck.skipLast = number("checkSkipLast", 0, 0, 65535);
    if (modeTraits(mode).tls != TlsRole::None) {
        config.tls.enabled = settings.value(QStringLiteral("tls"), false).toBool();
        config.tls.certFile = settings.value(QStringLiteral("tlsCertFile")).toString();
        config.tls.keyFile = settings.value(QStringLiteral("tlsKeyFile")).toString();
        config.tls.caFile = settings.value(QStringLiteral("tlsCaFile")).toString();
        config.tls.verifyPeer = settings.value(QStringLiteral("tlsVerify"), true).toBool();
    }
    QString rulesError;
    const QByteArray rules = settings.value(QStringLiteral("autoReplies")).toByteArray();
    if (!rules.isEmpty() && !autoReplyRulesFromJson(rules, &config.autoReplies, &rulesError))
        config.autoReplies.clear(); // edited by hand and broken: none rather than some
    return config;
}

void AppSettings::saveConfig(const SessionConfig &config)
{
    SettingsWriter::post([config](QSettings &settings) {
        settings.setValue(QStringLiteral("session/lastMode"), sessionModeName(config.mode));
        settings.beginGroup(modeGroup(config.mode));
        settings.setValue(QStringLiteral("bindAddress"), config.bindAddress.toString());
        settings.setValue(QStringLiteral("bindAddressSet"), config.bindAddressSet);
        settings.setValue(QStringLiteral("bindPort"), config.bindPort);
        settings.setValue(QStringLiteral("host"), config.host);
        settings.setValue(QStringLiteral("port"), config.port);
        settings.setValue(QStringLiteral("localPath"), config.localPath);
        settings.setValue(QStringLiteral("remotePath"), config.remotePath);
        settings.setValue(QStringLiteral("proxy"), config.proxy.toString()); // never its password
        settings.setValue(QStringLiteral("webSocket"), config.webSocket);
        settings.setValue(QStringLiteral("webSocketResource"), config.webSocketResource);
        settings.setValue(QStringLiteral("echo"), config.echo);
        settings.setValue(QStringLiteral("maxClients"), config.maxClients);
        settings.setValue(QStringLiteral("chat"), config.chat);
        settings.setValue(QStringLiteral("chatName"), config.chatName);
        settings.setValue(QStringLiteral("connectTimeoutMs"), config.connectTimeoutMs);
        settings.setValue(QStringLiteral("noDelay"), config.noDelay);
        settings.setValue(QStringLiteral("keepAlive"), config.keepAlive);
        const Framing &f = config.framing;
        settings.setValue(QStringLiteral("framing"), int(f.kind));
        settings.setValue(QStringLiteral("framingDelimiter"), f.delimiter.toHex());
        settings.setValue(QStringLiteral("framingPrefixSize"), f.prefixSize);
        settings.setValue(QStringLiteral("framingBigEndian"), f.bigEndian);
        settings.setValue(QStringLiteral("framingIncludesHeader"), f.lengthIncludesPrefix);
        settings.setValue(QStringLiteral("framingFixedLength"), f.fixedLength);
        settings.setValue(QStringLiteral("framingIdleGapMs"), f.idleGapMs);
        settings.setValue(QStringLiteral("framingMaxFrame"), f.maxFrame);
        QStringList groups;
        for (const QHostAddress &group : config.multicastGroups)
            groups.append(group.toString());
        settings.setValue(QStringLiteral("multicastGroups"), groups);
        settings.setValue(QStringLiteral("multicastInterface"), config.multicastInterface);
        settings.setValue(QStringLiteral("pingCount"), config.pingCount);
        settings.setValue(QStringLiteral("pingIntervalMs"), config.pingIntervalMs);
        settings.setValue(QStringLiteral("pingPayloadSize"), config.pingPayloadSize);
        settings.setValue(QStringLiteral("pingTimeoutMs"), config.pingTimeoutMs);
        settings.setValue(QStringLiteral("check"), checksumSpecText(config.receiveCheck.spec));
        settings.setValue(QStringLiteral("checkSkipFirst"), config.receiveCheck.skipFirst);
        settings.setValue(QStringLiteral("checkSkipLast"), config.receiveCheck.skipLast);
        if (modeTraits(config.mode).tls != TlsRole::None) {
            settings.setValue(QStringLiteral("tls"), config.tls.enabled);
            settings.setValue(QStringLiteral("tlsCertFile"), config.tls.certFile);
            settings.setValue(QStringLiteral("tlsKeyFile"), config.tls.keyFile);
            settings.setValue(QStringLiteral("tlsCaFile"), config.tls.caFile);
            settings.setValue(QStringLiteral("tlsVerify"), config.tls.verifyPeer);
        }
        settings.setValue(QStringLiteral("autoReplies"), autoReplyRulesToJson(config.autoReplies));
    });
}

ValueFields AppSettings::valueFields(SessionMode mode)
{
    SettingsWriter::waitForWrites();
    ValueFields fields;
    QString error;
    const QByteArray json = QSettings().value(modeGroup(mode) + QStringLiteral("/fields")).toByteArray();
    if (!json.isEmpty() && !valueFieldsFromJsonText(json, &fields, &error))
        fields.clear(); // edited by hand and broken: none rather than some
    return fields;
}

void AppSettings::setValueFields(SessionMode mode, const ValueFields &fields)
{
    const QString key = modeGroup(mode) + QStringLiteral("/fields");
    const QByteArray json = valueFieldsToJsonText(fields);
    SettingsWriter::post([key, json](QSettings &settings) { settings.setValue(key, json); });
}

QStringList AppSettings::trustedCertificates(const QString &host)
{
    SettingsWriter::waitForWrites();
    const QVariantMap hosts = QSettings().value(QStringLiteral("tls/trustedCertificates")).toMap();
    return hosts.value(host.toLower()).toStringList();
}

void AppSettings::trustCertificate(const QString &host, const QString &fingerprint)
{
    SettingsWriter::post([host, fingerprint](QSettings &settings) {
        QVariantMap hosts = settings.value(QStringLiteral("tls/trustedCertificates")).toMap();
        QStringList fingerprints = hosts.value(host.toLower()).toStringList();
        if (!fingerprints.contains(fingerprint, Qt::CaseInsensitive))
            fingerprints.append(fingerprint.toUpper());
        hosts.insert(host.toLower(), fingerprints);
        settings.setValue(QStringLiteral("tls/trustedCertificates"), hosts);
    });
}

QStringList AppSettings::composerHistory()
{
    SettingsWriter::waitForWrites();
    return QSettings().value(QStringLiteral("composer/history")).toStringList();
}

void AppSettings::setComposerHistory(const QStringList &history)
{
    SettingsWriter::post(
        [history](QSettings &settings) { settings.setValue(QStringLiteral("composer/history"), history); });
}

ChecksumSpec AppSettings::composerChecksum()
{
    SettingsWriter::waitForWrites();
    ChecksumSpec spec;
    QString error;
    const QString text = QSettings().value(QStringLiteral("composer/checksum")).toString();
    if (!text.isEmpty() && !parseChecksumSpec(text, &spec, &error))
        spec = ChecksumSpec(); // edited by hand: no checksum rather than a guess
    return spec;
}

void AppSettings::setComposerChecksum(const ChecksumSpec &spec)
{
    const QString text = checksumSpecText(spec);
    SettingsWriter::post(
        [text](QSettings &settings) { settings.setValue(QStringLiteral("composer/checksum"), text); });
}

QuickSendPresets AppSettings::quickSendPresets()
{
    SettingsWriter::waitForWrites();
    // Kept as the same JSON the panel exports, so the two never drift apart.
    QuickSendPresets presets;
    QString error;
    const QByteArray json = QSettings().value(QStringLiteral("composer/presets")).toByteArray();
    if (!json.isEmpty())
        quickSendPresetsFromJson(json, &presets, &error); // edited by hand and broken: none
    return presets;
}

void AppSettings::setQuickSendPresets(const QuickSendPresets &presets)
{
    const QByteArray json = quickSendPresetsToJson(presets);
    SettingsWriter::post(
        [json](QSettings &settings) { settings.setValue(QStringLiteral("composer/presets"), json); });
}

QByteArray AppSettings::windowGeometry()
{
    SettingsWriter::waitForWrites();
    return QSettings().value(QStringLiteral("window/geometry")).toByteArray();
}

void AppSettings::setWindowGeometry(const QByteArray &geometry)
{
    SettingsWriter::post(
        [geometry](QSettings &settings) { settings.setValue(QStringLiteral("window/geometry"), geometry); });
}

bool AppSettings::conversationShown()
{
    SettingsWriter::waitForWrites();
    return QSettings().value(QStringLiteral("window/conversation"), false).toBool();
}

void AppSettings::setConversationShown(bool shown)
{
    SettingsWriter::post(
        [shown](QSettings &settings) { settings.setValue(QStringLiteral("window/conversation"), shown); });
}

bool AppSettings::quickSendShown()
{
    SettingsWriter::waitForWrites();
    return QSettings().value(QStringLiteral("window/quickSend"), true).toBool();
}

void AppSettings::setQuickSendShown(bool shown)
{
    SettingsWriter::post(
        [shown](QSettings &settings) { settings.setValue(QStringLiteral("window/quickSend"), shown); });
}

bool AppSettings::systemCallsShown()
{
    SettingsWriter::waitForWrites();
    return QSettings().value(QStringLiteral("window/systemCalls"), true).toBool();
}

void AppSettings::setSystemCallsShown(bool shown)
{
    SettingsWriter::post(
        [shown](QSettings &settings) { settings.setValue(QStringLiteral("window/systemCalls"), shown); });
}

bool AppSettings::inspectorShown()
{
    SettingsWriter::waitForWrites();
    return QSettings().value(QStringLiteral("window/inspector"), true).toBool();
}

void AppSettings::setInspectorShown(bool shown)
{
    SettingsWriter::post(
        [shown](QSettings &settings) { settings.setValue(QStringLiteral("window/inspector"), shown); });
}

int AppSettings::logCapacity(int fallback)
{
    SettingsWriter::waitForWrites();
    const int rows = QSettings().value(QStringLiteral("log/capacity"), fallback).toInt();
    return rows > 0 ? rows : fallback;
}

void AppSettings::setLogCapacity(int rows)
{
    SettingsWriter::post(
        [rows](QSettings &settings) { settings.setValue(QStringLiteral("log/capacity"), rows); });
}

bool AppSettings::reopenTabs()
{
    SettingsWriter::waitForWrites();
    return QSettings().value(QStringLiteral("window/reopenTabs"), true).toBool();
}

void AppSettings::setReopenTabs(bool reopen)
{
    SettingsWriter::post(
        [reopen](QSettings &settings) { settings.setValue(QStringLiteral("window/reopenTabs"), reopen); });
}

QByteArray AppSettings::lastWorkspace()
{
    SettingsWriter::waitForWrites();
    return QSettings().value(QStringLiteral("window/workspace")).toByteArray();
}

void AppSettings::setLastWorkspace(const QByteArray &json)
{
    SettingsWriter::post(
        [json](QSettings &settings) { settings.setValue(QStringLiteral("window/workspace"), json); });
}

} // namespace sockpit::ui
