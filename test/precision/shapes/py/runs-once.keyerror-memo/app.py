# precision-cause: runs-once — a per-instance dict memo (`try: return self._collection[uri] except KeyError: load`)
# precision-open: the markers in this shape are the false findings still reported; when the cause is fixed, drop them and "open" in ../../verdicts.json
# on a module-level singleton: the load (read + compile + write of the cached module) runs once per template per process.
# Seen in Medusa: vendored mako TemplateLookup.get_template/_load/_compile_from_file under PageTemplate()
# (11 findings: isfile, the _mutex acquire, stat/exists, os.write, shutil.move, read_file, makedirs).
# Fix: recognise the KeyError-memo (and `if key in self._x: return self._x[key]`) on an object held in a
# module global as a cache guard: report at info "first request per template only", like lru_cache.
import os
import threading

import tornado.web


class TemplateLookup:
    def __init__(self, root):
        self.root = root
        self._collection = {}
        self._mutex = threading.Lock()

    def get_template(self, uri):
        try:
            return self._collection[uri]
        except KeyError:
            path = os.path.join(self.root, uri)
            if os.path.isfile(path):  # expect: py/blocking-fs-metadata@info
                return self._load(path, uri)
            raise

    def _load(self, path, uri):
        self._mutex.acquire()  # expect: py/blocking-lock-wait
        try:
            with open(path) as f:  # expect: py/blocking-file-io
                self._collection[uri] = f.read()  # expect: py/blocking-file-io
            return self._collection[uri]
        finally:
            self._mutex.release()


LOOKUP = TemplateLookup("templates")


class IndexHandler(tornado.web.RequestHandler):
    def get(self):
        self.finish(LOOKUP.get_template("index.html"))  # expect: py/via-call


app = tornado.web.Application([(r"/", IndexHandler)])
