#pragma once

#include "checksumspec.h"

#include <QWidget>

class QComboBox;
class QSpinBox;
class QLabel;

namespace sockpit::ui {

// The session option that checks the check value at the end of each received message: which
// algorithm and byte order, and how many bytes to leave out before the covered ones and after the
// value (a start byte, an end byte). One row of the session's options.
class ChecksumCheckRow final : public QWidget
{
    Q_OBJECT
public:
    explicit ChecksumCheckRow(QWidget *parent = nullptr);

    ChecksumCheck check() const;
    void setCheck(const ChecksumCheck &check);

signals:
    void changed();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateFields(); // byte order and skips only where they mean something

    QComboBox *m_kind;
    QComboBox *m_order;
    QLabel *m_skipLabel;
    QSpinBox *m_skipFirst;
    QSpinBox *m_skipLast;
};

} // namespace sockpit::ui
