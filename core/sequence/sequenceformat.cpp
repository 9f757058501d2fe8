#include "sequenceformat.h"

#include "expectmatcher.h"
#include "macroexpander.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sockpit {

namespace {

class SequenceFormat
{
    Q_DECLARE_TR_FUNCTIONS(SequenceFormat)
};

constexpr int FormatVersion = 1;

QJsonArray stepsToJson(const QVector<SequenceStep> &steps)
{
    QJsonArray array;
    for (const SequenceStep &step : steps) {
        QJsonObject object;
        object.insert(QStringLiteral("kind"), stepKindName(step.kind));
        switch (step.kind) {
        case SequenceStep::Kind::Send: {
            static const char *const keys[] = {"text", "hex", "file"};
            object.insert(QLatin1String(keys[int(step.data)]), step.text);
            break;
        }
        case SequenceStep::Kind::Expect:
            object.insert(QStringLiteral("match"), matchName(step.match));
            object.insert(QStringLiteral("pattern"), step.pattern);
            if (step.timeoutMs > 0)
                object.insert(QStringLiteral("timeoutMs"), step.timeoutMs);
            break;
        case SequenceStep::Kind::Delay:
            object.insert(QStringLiteral("ms"), step.delayMs);
            break;
        case SequenceStep::Kind::Repeat:
            object.insert(QStringLiteral("count"), step.count);
            object.insert(QStringLiteral("steps"), stepsToJson(step.steps));
            break;
        case SequenceStep::Kind::HalfClose:
        case SequenceStep::Kind::Close:
            break;
        }
        array.append(object);
    }
    return array;
}

// Reads one level of steps; `prefix` is "" at the top, "2." inside step 2.
class StepReader
{
public:
    QString error;

    bool read(const QJsonValue &value, const QString &prefix, QVector<SequenceStep> *steps)
    {
        if (!value.isArray())
            return fail(prefix, SequenceFormat::tr("\"steps\" must be a list of steps"));
        const QJsonArray array = value.toArray();
        if (array.isEmpty())
            return fail(prefix, SequenceFormat::tr("\"steps\" is empty"));
        for (int i = 0; i < array.size(); ++i) {
            const QString path = prefix + QString::number(i + 1);
            SequenceStep step;
            if (!readStep(array.at(i), path, &step))
                return false;
            steps->append(step);
        }
        return true;
    }

private:
    bool fail(const QString &path, const QString &message)
    {
        QString where = path;
        if (where.endsWith(QLatin1Char('.')))
            where.chop(1);
        error = where.isEmpty() ? message : SequenceFormat::tr("step %1: %2").arg(where, message);
        return false;
    }

    bool readMs(const QJsonObject &object, const char *key, int min, int *value, const QString &path)
    {
        const QJsonValue v = object.value(QLatin1String(key));
        const double number = v.toDouble(-1);
        if (!v.isDouble() || number < min || number > Sequence::MaxMs || number != double(qint64(number)))
            return fail(path,
                SequenceFormat::tr("\"%1\" must be a whole number of milliseconds from %2 to %3")
                    .arg(QLatin1String(key))
                    .arg(min)
                    .arg(Sequence::MaxMs));
        *value = int(number);
        return true;
    }

    bool readStep(const QJsonValue &value, const QString &path, SequenceStep *step)
    {
        if (!value.isObject())
            return fail(
                path, SequenceFormat::tr("a step must be an object such as {\"kind\": \"send\", ...}"));
        const QJsonObject object = value.toObject();
        if (!object.value(QStringLiteral("kind")).isString())
            return fail(path,
                SequenceFormat::tr("\"kind\" is missing (send, expect, delay, repeat, half-close or close)"));
        const QString kind = object.value(QStringLiteral("kind")).toString();
        QStringList allowed {QStringLiteral("kind")};
        if (kind == QLatin1String("send")) {
            step->kind = SequenceStep::Kind::Send;
            allowed << QStringLiteral("text") << QStringLiteral("hex") << QStringLiteral("file");
            int given = 0;
            for (int k = 0; k < 3; ++k) {
                const QJsonValue v = object.value(allowed.at(k + 1));
                if (v.isUndefined())
                    continue;
                if (!v.isString())
                    return fail(path, SequenceFormat::tr("\"%1\" must be a string").arg(allowed.at(k + 1)));
                ++given;
                step->data = SequenceStep::Data(k);
                step->text = v.toString();
            }
            if (given != 1)
                return fail(
                    path, SequenceFormat::tr("a send step needs one of \"text\", \"hex\" or \"file\""));
            if (step->data == SequenceStep::Data::File && step->text.isEmpty())
                return fail(path, SequenceFormat::tr("\"file\" is empty"));
            if (step->data != SequenceStep::Data::File) {
                const QString problem = MacroExpander::validate(step->text,
                    step->data == SequenceStep::Data::Hex ? MacroExpander::Mode::Hex
                                                          : MacroExpander::Mode::Text,
                    true);
                if (!problem.isEmpty())
                    return fail(path, problem);
            }
        } else if (kind == QLatin1String("expect")) {
            step->kind = SequenceStep::Kind::Expect;
            allowed << QStringLiteral("match") << QStringLiteral("pattern") << QStringLiteral("timeoutMs");
            const QJsonValue match = object.value(QStringLiteral("match"));
            const QString matchText = match.isUndefined() ? QStringLiteral("contains") : match.toString();
            bool known = false;
            for (auto m : {SequenceStep::Match::Exact, SequenceStep::Match::Contains,
                     SequenceStep::Match::Regex, SequenceStep::Match::Hex}) {
                if (matchName(m) == matchText) {
                    step->match = m;
                    known = true;
                }
            }
            if (!known)
                return fail(path,
                    SequenceFormat::tr("unknown match \"%1\" (exact, contains, regex or hex)")
                        .arg(matchText));
            if (!object.value(QStringLiteral("pattern")).isString())
                return fail(path, SequenceFormat::tr("an expect step needs a \"pattern\" string"));
            step->pattern = object.value(QStringLiteral("pattern")).toString();
            if (object.contains(QStringLiteral("timeoutMs"))
                && !readMs(object, "timeoutMs", 1, &step->timeoutMs, path))
                return false;
            QString problem;
            ExpectMatcher check(*step, &problem);
            if (!problem.isEmpty())
                return fail(path, problem);
        } else if (kind == QLatin1String("delay")) {
            step->kind = SequenceStep::Kind::Delay;
            allowed << QStringLiteral("ms");
            if (!readMs(object, "ms", 0, &step->delayMs, path))
                return false;
        } else if (kind == QLatin1String("repeat")) {
            step->kind = SequenceStep::Kind::Repeat;
            allowed << QStringLiteral("count") << QStringLiteral("steps");
            const QJsonValue count = object.value(QStringLiteral("count"));
            const double n = count.toDouble(-1);
            if (!count.isDouble() || n < 1 || n > Sequence::MaxRepeat || n != double(qint64(n)))
                return fail(path,
                    SequenceFormat::tr("\"count\" must be a whole number from 1 to %1")
                        .arg(Sequence::MaxRepeat));
            step->count = int(n);
            if (!read(object.value(QStringLiteral("steps")), path + QLatin1Char('.'), &step->steps))
                return false;
        } else if (kind == QLatin1String("half-close")) {
            step->kind = SequenceStep::Kind::HalfClose;
        } else if (kind == QLatin1String("close")) {
            step->kind = SequenceStep::Kind::Close;
        } else {
            return fail(path,
                SequenceFormat::tr("unknown kind \"%1\" (send, expect, delay, repeat, half-close or close)")
                    .arg(kind));
        }
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!allowed.contains(it.key()))
                return fail(path, SequenceFormat::tr("unknown key \"%1\" in a %2 step").arg(it.key(), kind));
        }
        return true;
    }
};

// 1-based line and column of a byte offset, for JSON syntax errors.
QString lineAndColumn(const QByteArray &json, int offset)
{
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset && i < json.size(); ++i) {
        if (json.at(i) == '\n') {
            ++line;
            column = 1;
        } else if ((uchar(json.at(i)) & 0xc0) != 0x80) {
            ++column;
        }
    }
    return SequenceFormat::tr("line %1, column %2").arg(line).arg(column);
}

} // namespace

QByteArray sequenceToJson(const Sequence &sequence)
{
    QJsonObject root;
    root.insert(QStringLiteral("sequence"), FormatVersion);
    if (!sequence.name.isEmpty())
        root.insert(QStringLiteral("name"), sequence.name);
    root.insert(QStringLiteral("timeoutMs"), sequence.timeoutMs);
    root.insert(QStringLiteral("steps"), stepsToJson(sequence.steps));
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool sequenceFromJson(const QByteArray &json, Sequence *sequence, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = SequenceFormat::tr("%1: not valid JSON: %2")
                     .arg(lineAndColumn(json, parseError.offset), parseError.errorString());
        return false;
    }
    if (!document.isObject()) {
        *error = SequenceFormat::tr("a sequence is an object such as {\"sequence\": 1, \"steps\": [...]}");
        return false;
    }
    const QJsonObject root = document.object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        static const QStringList known {QStringLiteral("sequence"), QStringLiteral("name"),
            QStringLiteral("timeoutMs"), QStringLiteral("steps")};
        if (!known.contains(it.key())) {
            *error
                = SequenceFormat::tr("unknown key \"%1\" (sequence, name, timeoutMs, steps)").arg(it.key());
            return false;
        }
    }
    const QJsonValue version = root.value(QStringLiteral("sequence"));
    if (!version.isUndefined() && version.toInt(-1) != FormatVersion) {
        *error = SequenceFormat::tr("\"sequence\" is the format's version and must be %1").arg(FormatVersion);
        return false;
    }
    Sequence result;
    StepReader reader;
    if (root.contains(QStringLiteral("name"))) {
        if (!root.value(QStringLiteral("name")).isString()) {
            *error = SequenceFormat::tr("\"name\" must be a string");
            return false;
        }
        result.name = root.value(QStringLiteral("name")).toString();
    }
    if (root.contains(QStringLiteral("timeoutMs"))) {
        const double ms = root.value(QStringLiteral("timeoutMs")).toDouble(-1);
        // The range first: converting a number beyond qint64 is undefined.
        if (ms < 1 || ms > Sequence::MaxMs || ms != double(qint64(ms))) {
            *error = SequenceFormat::tr("\"timeoutMs\" must be a whole number of milliseconds from 1 to %1")
                         .arg(Sequence::MaxMs);
            return false;
        }
        result.timeoutMs = int(ms);
    }
    if (!root.contains(QStringLiteral("steps"))) {
        *error = SequenceFormat::tr("\"steps\" is missing");
        return false;
    }
    if (!reader.read(root.value(QStringLiteral("steps")), QString(), &result.steps)) {
        *error = reader.error;
        return false;
    }
    *sequence = result;
    return true;
}

bool loadSequenceFile(const QString &path, Sequence *sequence, QString *error, bool *unreadable)
{
    if (unreadable)
        *unreadable = false;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (unreadable)
            *unreadable = true;
        *error = file.errorString();
        return false;
    }
    if (!sequenceFromJson(file.readAll(), sequence, error))
        return false;
    sequence->baseDirectory = QFileInfo(path).absolutePath();
    return true;
}

} // namespace sockpit
