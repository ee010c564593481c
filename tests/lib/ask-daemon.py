#!/usr/bin/env python3
"""ask-daemon.py PORT: the first line of the answer of the daemon on 127.0.0.1:PORT to its usual
health request (nginx on 80, redis on 6379, memcached on 11211), waiting up to 15 s for it to
listen. Exit status 1 when nothing listens."""
import socket
import sys
import time

port = int(sys.argv[1])
ask = {80: b"GET / HTTP/1.0\r\nHost: localhost\r\n\r\n", 6379: b"PING\r\n", 11211: b"version\r\n"}[port]
for _ in range(150):
    try:
        c = socket.create_connection(("127.0.0.1", port), timeout=2)
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit(1)
c.sendall(ask)
data = b""
while b"\n" not in data:
    b = c.recv(4096)
    if not b:
        break
    data += b
print(data.split(b"\n")[0].decode(errors="replace").strip())
