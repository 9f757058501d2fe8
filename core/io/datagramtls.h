#pragma once

#include "event.h"
#include "posixsocket.h"

#include <QByteArray>
#include <QString>

namespace sockpit {

// DTLS on a UDP session's bound socket, made by the session's TlsTransport (which lives outside the
// core, as TLS does). The socket's owner (UdpChannel) goes on reading every datagram and hands each to
// the link; the link runs a DTLS association per peer address on the same socket and gives back what
// the peers said in plain text. Lives and is used on the socket's I/O thread.
//
// A server (no remote host) answers every peer that completes a handshake with it, after a cookie
// exchange, so that a spoofed address cannot make it do work or send to a victim. A client (a remote
// host) runs one association, with that host, and ignores every other sender.
class DatagramTlsLink
{
public:
    // What the link tells the socket's owner.
    class Host
    {
    public:
        virtual ~Host() = default;
        // The association with `peer` is up (`text`: the protocol, cipher and certificate).
        virtual void dtlsSecured(const SocketAddress &peer, const QString &text) = 0;
        // A datagram of `peer`, decrypted.
        virtual void dtlsReceived(const SocketAddress &peer, const QByteArray &plaintext) = 0;
        // `plaintext` left for `peer`, encrypted as one datagram.
        virtual void dtlsSent(const SocketAddress &peer, const QByteArray &plaintext) = 0;
        // The association with `peer` ended: closed by either side (`dir` Info) or failed (Error; a
        // handshake that failed, a message that could not be sent). `kind`: Tls for a handshake's
        // outcome, Close for an orderly end, Dropped for a send that could not go.
        virtual void dtlsEnded(const SocketAddress &peer, EventKind kind, const QString &text, Direction dir)
            = 0;
        // Something worth a line in the log that ends nothing (a datagram from a stranger ignored).
        virtual void dtlsNote(const SocketAddress &peer, EventKind kind, const QString &text, Direction dir)
            = 0;
    };

    virtual ~DatagramTlsLink() = default;

    // A client: starts the handshake with `server`; `verifyName` is the name its certificate must carry.
    virtual void connectTo(const SocketAddress &server, const QString &verifyName) = 0;
    // Every datagram the socket received, as it arrived.
    virtual void received(const SocketAddress &from, const QByteArray &datagram) = 0;
    // Encrypts `plaintext` as one datagram to `to`; a peer without an association gets nothing (and an
    // event says so).
    virtual void send(const SocketAddress &to, const QByteArray &plaintext) = 0;
    // Whether `peer` has a finished handshake: sends to it can go.
    virtual bool isSecured(const SocketAddress &peer) const = 0;
    // Tells every peer the session ends (a close_notify alert) and forgets them.
    virtual void closeAll() = 0;
};

} // namespace sockpit
