// Auto-reply rules from any JSON and quick-send macros from any text: what is accepted is usable and
// survives a round trip, errors come with a message, and matching never fails on any message.
//
// Input: a first line "rules" or "macros", then the rules JSON (and after a line "---", messages to
// match, one a line) or the macro text (a first character 'h' reads it as Hex, else Text).

#include "autoreply.h"
#include "fuzzinput.h"
#include "macroexpander.h"

#include <cstdint>

using namespace sockpit;
using sockpit::fuzz::check;

namespace {

void fuzzRules(const QByteArray &input)
{
    const qsizetype split = input.indexOf("\n---\n");
    const QByteArray json = split < 0 ? input : input.left(split);
    AutoReplyRules rules;
    QString error;
    if (!autoReplyRulesFromJson(json, &rules, &error)) {
        check(!error.isEmpty(), "a refused rules file has a message");
        check(rules.isEmpty(), "a refused rules file leaves the rules as they were");
        return;
    }
    check(error.isEmpty(), "accepted rules have no error");
    check(AutoReplier::validate(rules).isEmpty(), "accepted rules compile");
    AutoReplyRules again;
    check(autoReplyRulesFromJson(autoReplyRulesToJson(rules), &again, &error), "exported rules import");
    check(again == rules, "rules survive export and import");
    const AutoReplier replier(rules);
    int enabled = 0;
    for (const AutoReplyRule &rule : rules)
        enabled += rule.enabled;
    check(replier.isEmpty() == (enabled == 0), "every enabled accepted rule is compiled");
    if (split < 0)
        return;
    for (const QByteArray &message : input.mid(split + 5).split('\n')) {
        const auto answer = replier.match(message);
        if (answer) {
            check(answer->rule >= 0 && answer->rule < rules.size(), "the answer names a rule");
            check(rules.at(answer->rule).enabled, "only an enabled rule answers");
            check(!answer->bytes.isEmpty(), "an answer has bytes");
            check(answer->delayMs == rules.at(answer->rule).delayMs, "the answer keeps its delay");
        }
    }
}

void fuzzMacros(const QByteArray &input)
{
    const bool hex = input.startsWith('h');
    const QString text = QString::fromUtf8(input.mid(hex ? 1 : 0));
    const MacroExpander::Mode mode = hex ? MacroExpander::Mode::Hex : MacroExpander::Mode::Text;
    MacroExpander expander;
    const MacroExpander::Result result = expander.expand(text, mode);
    check(result.ok() == MacroExpander::validate(text, mode).isEmpty(), "validate agrees with expand");
    check(expander.counter() == (result.ok() ? 2u : 1u), "only a successful expansion counts a send");
    if (!result.ok())
        check(result.bytes.isEmpty(), "a failed expansion gives no bytes");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype newline = input.indexOf('\n');
    if (newline < 0)
        return 0;
    const QByteArray kind = input.left(newline);
    const QByteArray rest(input.constData() + newline + 1, input.size() - newline - 1);
    if (kind == "rules")
        fuzzRules(rest);
    else if (kind == "macros")
        fuzzMacros(rest);
    return 0;
}
