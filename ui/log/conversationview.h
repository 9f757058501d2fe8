#pragma once

#include "event.h"

#include <QWidget>

class QListView;

namespace sockpit::ui {

class ConversationDelegate;
class ConversationModel;

// A session's log as a conversation (see ConversationModel), in a list that keeps the newest message
// in view unless the user has scrolled up to read.
class ConversationView final : public QWidget
{
    Q_OBJECT
public:
    explicit ConversationView(QWidget *parent = nullptr);

    ConversationModel *model() const { return m_model; }
    QListView *listView() const { return m_list; }
    ConversationDelegate *delegate() const { return m_delegate; }
    bool isFollowing() const { return m_following; }
    // The selected messages, oldest first, a line each: "12:00:01 alice: text" (a notice without a
    // speaker; a message of several lines keeps them).
    QString selectedText() const;

public slots:
    void appendEvents(const sockpit::EventBatch &events);
    void clear();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void scrollToNewest();

    ConversationModel *m_model;
    ConversationDelegate *m_delegate;
    QListView *m_list;
    bool m_following = true;
    bool m_adjustingScroll = false;
};

} // namespace sockpit::ui
