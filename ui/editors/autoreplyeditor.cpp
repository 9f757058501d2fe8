#include "autoreplyeditor.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QHeaderView>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sockpit::ui {

namespace {
enum Column { PatternColumn = 2, ReplyColumn = 4 };
enum CellWidgetColumn { EnabledColumn = 0, MatchColumn = 1, ReplyKindColumn = 3, DelayColumn = 5 };
constexpr int ColumnCount = 6;
constexpr AutoReplyRule::Match Matches[] = {AutoReplyRule::Match::Exact, AutoReplyRule::Match::Prefix,
    AutoReplyRule::Match::Contains, AutoReplyRule::Match::Regex, AutoReplyRule::Match::Hex};
} // namespace

AutoReplyEditor::AutoReplyEditor(QWidget *parent)
    : QDialog(parent)
    , m_tableEditor(this, QStringLiteral("autoReply"), ColumnCount)
    , m_table(m_tableEditor.table())
{
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(PatternColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(ReplyColumn, QHeaderView::Stretch);

    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    m_tableEditor.addTo(layout);
    layout->addWidget(box);

    connect(box, &QDialogButtonBox::accepted, this, &AutoReplyEditor::accept);
    connect(box, &QDialogButtonBox::rejected, this, &AutoReplyEditor::reject);
    connect(m_tableEditor.addButton(), &QPushButton::clicked, this, [this] {
        AutoReplyRule rule;
        rule.pattern = QStringLiteral("PING");
        rule.reply = QStringLiteral("PONG\\r\\n");
        addRule(rule);
        m_table->setCurrentCell(m_table->rowCount() - 1, PatternColumn);
    });
    connect(m_tableEditor.removeButton(), &QPushButton::clicked, this,
        [this] { m_tableEditor.removeSelectedRows(); });
    connect(m_tableEditor.importButton(), &QPushButton::clicked, this, [this] {
        m_tableEditor.chooseFileToOpen(tr("Import auto-reply rules"), tr("JSON files (*.json)"),
            [this](const QString &path, QString *error) { return importFrom(path, error); });
    });
    connect(m_tableEditor.exportButton(), &QPushButton::clicked, this, [this] {
        m_tableEditor.chooseFileToSave(tr("Export auto-reply rules"), tr("JSON files (*.json)"),
            [this](const QString &path, QString *error) { return exportTo(path, error); });
    });
    resize(760, 360);
    retranslateUi();
}

AutoReplyRules AutoReplyEditor::rules() const
{
    AutoReplyRules result;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        AutoReplyRule rule;
        rule.enabled = m_table->item(row, EnabledColumn)->checkState() == Qt::Checked;
        rule.match = AutoReplyRule::Match(
            qobject_cast<QComboBox *>(m_table->cellWidget(row, MatchColumn))->currentData().toInt());
        rule.pattern = m_table->item(row, PatternColumn)->text();
        rule.replyKind = AutoReplyRule::Reply(
            qobject_cast<QComboBox *>(m_table->cellWidget(row, ReplyKindColumn))->currentData().toInt());
        rule.reply = m_table->item(row, ReplyColumn)->text();
        rule.delayMs = qobject_cast<QSpinBox *>(m_table->cellWidget(row, DelayColumn))->value();
        result.append(rule);
    }
    return result;
}

void AutoReplyEditor::setRules(const AutoReplyRules &rules)
{
    m_table->setRowCount(0);
    for (const AutoReplyRule &rule : rules)
        addRule(rule);
}

void AutoReplyEditor::addRule(const AutoReplyRule &rule)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto *enabled = new QTableWidgetItem;
    enabled->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    enabled->setCheckState(rule.enabled ? Qt::Checked : Qt::Unchecked);
    m_table->setItem(row, EnabledColumn, enabled);

    auto *match = new QComboBox(m_table);
    match->setObjectName(QStringLiteral("autoReplyMatch"));
    for (AutoReplyRule::Match kind : Matches)
        match->addItem(QString(), int(kind));
    match->setCurrentIndex(match->findData(int(rule.match)));
    m_table->setCellWidget(row, MatchColumn, match);
    m_table->setItem(row, PatternColumn, new QTableWidgetItem(rule.pattern));

    auto *kind = new QComboBox(m_table);
    kind->setObjectName(QStringLiteral("autoReplyKind"));
    kind->addItem(QString(), int(AutoReplyRule::Reply::Text));
    kind->addItem(QString(), int(AutoReplyRule::Reply::Hex));
    kind->setCurrentIndex(kind->findData(int(rule.replyKind)));
    m_table->setCellWidget(row, ReplyKindColumn, kind);
    m_table->setItem(row, ReplyColumn, new QTableWidgetItem(rule.reply));

    auto *delay = new QSpinBox(m_table);
    delay->setObjectName(QStringLiteral("autoReplyDelay"));
    delay->setRange(0, 3600 * 1000);
    delay->setValue(rule.delayMs);
    m_table->setCellWidget(row, DelayColumn, delay);
    retranslateUi();
}

QString AutoReplyEditor::errorText() const
{
    return m_tableEditor.errorText();
}

void AutoReplyEditor::accept()
{
    const QString error = AutoReplier::validate(rules());
    if (!error.isEmpty()) {
        m_tableEditor.showError(error);
        return;
    }
    QDialog::accept();
}

TableEditor::FileErrors AutoReplyEditor::fileErrors() const
{
    return {tr("cannot write '%1': %2"), tr("cannot read '%1': %2"), tr("'%1': %2")};
}

bool AutoReplyEditor::exportTo(const QString &path, QString *error) const
{
    return TableEditor::writeFile(path, autoReplyRulesToJson(rules()), fileErrors(), error);
}

bool AutoReplyEditor::importFrom(const QString &path, QString *error)
{
    AutoReplyRules imported;
    const auto read = [&imported](const QByteArray &json, QString *why) {
        return autoReplyRulesFromJson(json, &imported, why);
    };
    if (!TableEditor::readFile(path, read, fileErrors(), error))
        return false;
    for (const AutoReplyRule &rule : imported)
        addRule(rule);
    return true;
}

void AutoReplyEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void AutoReplyEditor::retranslateUi()
{
    setWindowTitle(tr("Auto-reply rules"));
    m_table->setHorizontalHeaderLabels(
        {tr("On"), tr("Match"), tr("Pattern"), tr("Reply as"), tr("Reply"), tr("Delay (ms)")});
    m_table->setToolTip(tr("Each received message (each framed message when the session splits messages, "
                           "else each chunk or datagram) is answered by the first enabled rule it matches.\n"
                           "Exact, Prefix and Contains take text with escapes (\\r \\n \\xNN); a regular "
                           "expression is searched in the text decoded as UTF-8; Hex takes bytes, ?? for any "
                           "byte."));
    m_tableEditor.addButton()->setText(tr("Add"));
    m_tableEditor.removeButton()->setText(tr("Remove"));
    m_tableEditor.importButton()->setText(tr("Import…"));
    m_tableEditor.exportButton()->setText(tr("Export…"));
    const QStringList matchNames {
        tr("Exact"), tr("Prefix"), tr("Contains"), tr("Regular expression"), tr("Hex")};
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (auto *match = qobject_cast<QComboBox *>(m_table->cellWidget(row, MatchColumn))) {
            for (int i = 0; i < match->count(); ++i)
                match->setItemText(i, matchNames.value(i));
        }
        if (auto *kind = qobject_cast<QComboBox *>(m_table->cellWidget(row, ReplyKindColumn))) {
            kind->setItemText(0, tr("Text"));
            kind->setItemText(1, tr("Hex"));
        }
    }
}

} // namespace sockpit::ui
