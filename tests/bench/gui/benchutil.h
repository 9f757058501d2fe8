#pragma once

// What the window's benchmark sub-commands share (guibench.cpp, soakbench.cpp, recordingbench.cpp):
// running the event loop until a condition holds, timing a log filter, their --key value arguments and
// their one-line key=value reports.

#include "logview.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QString>
#include <QStringList>
#include <QTableView>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sockpit::bench {

inline double mb(qint64 kb)
{
    return double(kb) / 1024.0;
}

// Runs the event loop until `done` holds (checked every 20 ms) or `timeoutMs` passes; true if done.
inline bool spinUntil(const std::function<bool()> &done, qint64 timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (done() || clock.elapsed() >= timeoutMs)
            loop.quit();
    });
    poll.start(20);
    if (!done())
        loop.exec();
    return done();
}

inline void spinFor(qint64 ms)
{
    QElapsedTimer clock;
    clock.start();
    spinUntil([&] { return clock.elapsed() >= ms; }, ms + 1000);
}

// A text filter applied to a log view and cleared again, `runs` times: how long each took until the view
// had laid itself out (ms, each list sorted, so the median is in the middle and one preemption by
// another process does not decide it), and how many rows the filter let through.
struct FilterTimes
{
    std::vector<double> apply;
    std::vector<double> clear;
    int matched = 0;
};

inline FilterTimes timeFilter(ui::LogView *view, const QString &filter, int runs)
{
    FilterTimes times;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer clock;
        clock.start();
        view->setTextFilter(filter);
        QCoreApplication::processEvents();
        times.apply.push_back(double(clock.nsecsElapsed()) / 1e6);
        times.matched = view->tableView()->model()->rowCount();
        clock.restart();
        view->setTextFilter(QString());
        QCoreApplication::processEvents();
        times.clear.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    std::sort(times.apply.begin(), times.apply.end());
    std::sort(times.clear.begin(), times.clear.end());
    return times;
}

struct Args
{
    std::map<QString, QString> values;
    QStringList positional;

    QString value(const char *name, const QString &fallback = {}) const
    {
        const auto it = values.find(QString::fromLatin1(name));
        return it == values.end() ? fallback : it->second;
    }
    qint64 number(const char *name, qint64 fallback) const
    {
        bool ok = false;
        const qint64 n = value(name).toLongLong(&ok);
        return ok ? n : fallback;
    }
};

inline Args parseArgs(const QStringList &list)
{
    Args args;
    for (int i = 0; i < list.size(); ++i) {
        const QString &a = list.at(i);
        if (a.startsWith(QLatin1String("--")) && i + 1 < list.size())
            args.values[a.mid(2)] = list.at(++i);
        else
            args.positional.append(a);
    }
    return args;
}

using Pairs = std::vector<std::pair<std::string, QString>>;

inline void printLine(const Pairs &pairs)
{
    std::string line;
    for (const auto &[key, value] : pairs) {
        if (!line.empty())
            line += ' ';
        line += key + '=' + value.toStdString();
    }
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

inline QString num(double value, int decimals = 1)
{
    return QString::number(value, 'f', decimals);
}

// The soak of one window process under mixed load (soakbench.cpp; tests/soak/windowsoak.py drives it).
int soak(const Args &args);
// A JSON Lines recording opened in the window: time, memory, filter (recordingbench.cpp).
int recordingOpen(const Args &args);

} // namespace sockpit::bench
