#include "checksumcheckrow.h"

#include "checksum.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

namespace sockpit::ui {

ChecksumCheckRow::ChecksumCheckRow(QWidget *parent)
    : QWidget(parent)
    , m_kind(new QComboBox(this))
    , m_order(new QComboBox(this))
    , m_skipLabel(new QLabel(this))
    , m_skipFirst(new QSpinBox(this))
    , m_skipLast(new QSpinBox(this))
{
    m_kind->setObjectName(QStringLiteral("checkKind"));
    m_order->setObjectName(QStringLiteral("checkOrder"));
    m_skipFirst->setObjectName(QStringLiteral("checkSkipFirst"));
    m_skipLast->setObjectName(QStringLiteral("checkSkipLast"));
    // Item texts are filled in by retranslate(); the data never changes.
    for (ChecksumKind kind : checksumKinds())
        m_kind->addItem(QString(), int(kind));
    for (ByteOrder order : {ByteOrder::BigEndian, ByteOrder::LittleEndian})
        m_order->addItem(QString(), int(order));
    for (QSpinBox *skip : {m_skipFirst, m_skipLast})
        skip->setRange(0, 65535);
    m_skipLabel->setBuddy(m_skipFirst);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_kind, 1);
    layout->addWidget(m_order);
    layout->addWidget(m_skipLabel);
    layout->addWidget(m_skipFirst);
    layout->addWidget(m_skipLast);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        // A new algorithm starts with the order its protocol usually sends it in.
        const auto kind = ChecksumKind(m_kind->currentData().toInt());
        const QSignalBlocker block(m_order); // one change, said once below
        m_order->setCurrentIndex(m_order->findData(int(defaultByteOrder(kind))));
        updateFields();
        emit changed();
    });
    connect(m_order, &QComboBox::currentIndexChanged, this, &ChecksumCheckRow::changed);
    connect(m_skipFirst, &QSpinBox::valueChanged, this, &ChecksumCheckRow::changed);
    connect(m_skipLast, &QSpinBox::valueChanged, this, &ChecksumCheckRow::changed);
    retranslate();
    updateFields();
}

ChecksumCheck ChecksumCheckRow::check() const
{
    ChecksumCheck check;
    check.spec.kind = ChecksumKind(m_kind->currentData().toInt());
    if (!check.enabled())
        return check;
    check.spec.order = checksumWidth(check.spec.kind) > 1 ? ByteOrder(m_order->currentData().toInt())
                                                          : ByteOrder::BigEndian;
    check.skipFirst = m_skipFirst->value();
    check.skipLast = m_skipLast->value();
    return check;
}

void ChecksumCheckRow::setCheck(const ChecksumCheck &check)
{
    const QSignalBlocker blockKind(m_kind);
    const QSignalBlocker blockOrder(m_order);
    const QSignalBlocker blockFirst(m_skipFirst);
    const QSignalBlocker blockLast(m_skipLast);
    m_kind->setCurrentIndex(std::max(0, m_kind->findData(int(check.spec.kind))));
    m_order->setCurrentIndex(std::max(0, m_order->findData(int(check.spec.order))));
    m_skipFirst->setValue(check.skipFirst);
    m_skipLast->setValue(check.skipLast);
    updateFields();
}

void ChecksumCheckRow::updateFields()
{
    const auto kind = ChecksumKind(m_kind->currentData().toInt());
    m_order->setVisible(checksumWidth(kind) > 1);
    for (QWidget *field : std::initializer_list<QWidget *> {m_skipLabel, m_skipFirst, m_skipLast})
        field->setVisible(kind != ChecksumKind::None);
}

void ChecksumCheckRow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ChecksumCheckRow::retranslate()
{
    for (int i = 0; i < m_kind->count(); ++i) {
        const auto kind = ChecksumKind(m_kind->itemData(i).toInt());
        m_kind->setItemText(i, kind == ChecksumKind::None ? tr("Not checked") : checksumLabel(kind));
    }
    m_kind->setToolTip(tr("Check the check value at the end of each received message (a framed message, "
                          "a datagram, or else each read): the log's Check column says ok or bad, and a "
                          "bad one adds an error row"));
    m_order->setItemText(0, tr("high byte first"));
    m_order->setItemText(1, tr("low byte first"));
    m_order->setToolTip(tr("The order of the check value's bytes in the message"));
    m_skipLabel->setText(tr("skip"));
    m_skipFirst->setToolTip(tr("Bytes at the start of a message the check value does not cover (a start "
                               "byte)"));
    m_skipLast->setToolTip(tr("Bytes after the check value (an end byte); a framing delimiter is always "
                              "left out"));
}

} // namespace sockpit::ui
