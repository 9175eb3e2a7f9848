# precision-cause: nonblocking-io — send() on a socket switched to non-blocking mode never waits:
# precision-open: the markers in this shape are the false findings still reported; when the cause is fixed, drop them and "open" in ../../verdicts.json
# it writes what fits or raises BlockingIOError, and the caller buffers the rest for the loop.
# Seen in Medusa/SickChill: vendored tornado IOStream.write_to_fd -> self.socket.send(data) under
# WebSocketHandler.write_message (3 findings). Fix: a socket on which setblocking(False)/settimeout(0.0)
# was called (or tornado/asyncio stream internals) is not blocking-socket.
import socket

import tornado.web
import tornado.websocket


class Stream:
    def __init__(self, sock: socket.socket):
        sock.setblocking(False)
        self.socket = sock
        self.buffer = bytearray()

    def write(self, data: bytes):
        try:
            sent = self.socket.send(data)  # expect: py/blocking-socket
        except BlockingIOError:
            sent = 0
        self.buffer += data[sent:]


class EventsHandler(tornado.web.RequestHandler):
    def get(self):
        s = Stream(socket.socket())
        s.write(b"ping")  # expect: py/via-call
        self.finish("ok")


app = tornado.web.Application([(r"/events", EventsHandler)])
