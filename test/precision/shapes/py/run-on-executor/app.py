# precision-cause: run-on-executor — tornado.concurrent.run_on_executor runs the method in self.executor
# and returns a Future; the @coroutine handler yields it. Nothing inside blocks the IOLoop.
# Seen in SickChill (WebHandler.async_call, 16 findings: the 500-page mako render, gethostbyname_ex) and the
# same pattern in Medusa's WebHandler. Fix: treat @run_on_executor (tornado.concurrent) like
# loop.run_in_executor: the decorated body is a thread context, and a call to it is an offload, not a via-call.
from concurrent.futures import ThreadPoolExecutor

import tornado.web
from tornado.concurrent import run_on_executor
from tornado.gen import coroutine


class WebHandler(tornado.web.RequestHandler):
    executor = ThreadPoolExecutor(4)

    @coroutine
    def get(self, route):
        results = yield self.async_call(route)
        self.finish(results)

    @run_on_executor
    def async_call(self, route):
        try:
            return getattr(self, route)()
        except Exception:
            return self.print_traceback()

    def print_traceback(self):
        with open("templates/500.html") as f:
            return f.read()


app = tornado.web.Application([(r"/(.*)", WebHandler)])
