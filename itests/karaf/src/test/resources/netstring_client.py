#!/usr/bin/env python3
"""A QMTP / QMQP client for the itests: netstring_client.py qmtp|qmqp PORT < spec.json

The spec (JSON; strings stand for bytes, one character per byte, latin-1):
  qmtp: {"packages": [{"mode": "\\n" or "\\r", "message": "...", "sender": "...", "recipients": [...]}, ...]}
  qmqp: {"message": "...", "sender": "...", "recipients": [...]}
  or {"raw": "..."} to send those bytes as they are; "cut": N sends only the first N bytes;
  "vanish": true closes the connection right after sending.
Prints one line "REPLY <text>" per netstring answered (QMTP: until every recipient is answered),
then "CLOSED" when the server closed the connection, or "OPEN" when it kept it open.
"""
import json
import socket
import sys


def ns(data):
    return str(len(data)).encode() + b':' + data + b','


def enc(text):
    return text.encode('latin-1')


def read_netstring(sock):
    digits = b''
    while True:
        c = sock.recv(1)
        if not c:
            return None
        if c == b':':
            break
        digits += c
    length = int(digits)
    data = b''
    while len(data) < length + 1:
        chunk = sock.recv(length + 1 - len(data))
        if not chunk:
            return None
        data += chunk
    if data[-1:] != b',':
        raise ValueError('no comma after %r' % data)
    return data[:-1]


def main():
    protocol, port = sys.argv[1], int(sys.argv[2])
    spec = json.load(sys.stdin)
    expected = None
    if 'raw' in spec:
        data = enc(spec['raw'])
    elif protocol == 'qmtp':
        data = b''
        expected = 0
        for p in spec['packages']:
            recipients = b''.join(ns(enc(r)) for r in p['recipients'])
            data += ns(enc(p['mode']) + enc(p['message'])) + ns(enc(p['sender'])) + ns(recipients)
            expected += len(p['recipients'])
    else:
        body = ns(enc(spec['message'])) + ns(enc(spec['sender'])) + b''.join(ns(enc(r)) for r in spec['recipients'])
        data = ns(body)
        expected = 1
    if 'cut' in spec:
        data = data[:spec['cut']]
        expected = None
    sock = socket.create_connection(('127.0.0.1', port), timeout=30)
    try:
        exchange(sock, data, spec, expected)
    except (ConnectionResetError, BrokenPipeError):
        # A server that drops the connection (a denied client, bad input) may reset it.
        print('CLOSED')


def exchange(sock, data, spec, expected):
    sock.sendall(data)
    if spec.get('vanish'):
        sock.close()
        print('VANISHED')
        return
    answered = 0
    while expected is None or answered < expected:
        reply = read_netstring(sock)
        if reply is None:
            print('CLOSED')
            return
        print('REPLY ' + reply.decode('latin-1'))
        answered += 1
    sock.settimeout(2)
    try:
        print('CLOSED' if sock.recv(1) == b'' else 'OPEN')
    except socket.timeout:
        print('OPEN')


main()
