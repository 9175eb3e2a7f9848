# precision-cause: test-code — a mock service started by the test suite, never deployed.
# precision-open: the markers below are the false findings still reported; when the cause is fixed, drop them and "open" in ../../verdicts.json
import os

import requests
from tornado import web


class APIHandler(web.RequestHandler):
    def get(self, path):
        r = requests.get(os.environ["API_URL"] + path)  # expect: py/blocking-http
        r.raise_for_status()
        self.write(r.text)


app = web.Application([(r"/api/(.*)", APIHandler)])
