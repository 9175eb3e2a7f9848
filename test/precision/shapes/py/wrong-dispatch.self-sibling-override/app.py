# precision-cause: wrong-dispatch — `self.compute_etag()` in a base class is resolved to an override of a
# precision-open: the markers in this shape are the false findings still reported; when the cause is fixed, drop them and "open" in ../../verdicts.json
# sibling subclass (StaticFileHandler); the receiver here is KeyHandler, whose MRO never contains it.
# Seen in Medusa/SickChill: vendored tornado's RequestHandler.finish -> set_etag_header -> self.compute_etag()
# reported as StaticFileHandler.get_content's open()/read() in every handler that calls self.finish() (25 findings).
# Fix: resolve self.m() to overrides in the receiver's own subclasses only (the handler class and its descendants),
# not to every subclass of the class that defines the caller.
import hashlib

import tornado.web


class BaseHandler(tornado.web.RequestHandler):
    def respond(self, data):
        self.write(data)
        self.set_etag()

    def set_etag(self):
        self.set_header("Etag", self.compute_tag())

    def compute_tag(self):
        return hashlib.sha1(b"".join(self._write_buffer)).hexdigest()


class FileHandler(BaseHandler):  # never the receiver below
    def compute_tag(self):
        with open(self.absolute_path, "rb") as f:  # expect: py/blocking-file-io
            return hashlib.sha1(f.read()).hexdigest()  # expect: py/blocking-file-io


class KeyHandler(BaseHandler):
    def get(self):
        self.respond({"api_key": "x"})  # expect: py/via-call


app = tornado.web.Application([(r"/getkey", KeyHandler), (r"/static/(.*)", FileHandler)])
