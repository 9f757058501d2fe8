#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QString>

namespace sockpit {

// A JSON document whose root object holds one array under a key, such as {"rules": [...]} or
// {"presets": [...]}: the files the auto-reply rules and the quick-send presets are kept in.

// The document {"<key>": items}, indented.
QByteArray jsonListToJson(const QString &key, const QJsonArray &items);

// The messages jsonListFromJson() reports, translated by the caller.
struct JsonListErrors
{
    QString notJson; // the text is not JSON: %1 is the byte offset, %2 the parser's reason
    QString noList; // the document is not an object holding an array under the key
};

// The array under `key`. False with `error` set from `errors` when the text is not JSON or holds no such
// array; `items` is then unchanged.
bool jsonListFromJson(const QByteArray &json, const QString &key, const JsonListErrors &errors,
    QJsonArray *items, QString *error);

} // namespace sockpit
