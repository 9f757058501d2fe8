#include "jsonlist.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace sockpit {

QByteArray jsonListToJson(const QString &key, const QJsonArray &items)
{
    QJsonObject root;
    root.insert(key, items);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool jsonListFromJson(const QByteArray &json, const QString &key, const JsonListErrors &errors,
    QJsonArray *items, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (document.isNull()) {
        *error = errors.notJson.arg(parseError.offset).arg(parseError.errorString());
        return false;
    }
    const QJsonValue list = document.isObject() ? document.object().value(key) : QJsonValue();
    if (!list.isArray()) {
        *error = errors.noList;
        return false;
    }
    *items = list.toArray();
    return true;
}

} // namespace sockpit
