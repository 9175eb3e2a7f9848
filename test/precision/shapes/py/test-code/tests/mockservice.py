# precision-cause: test-code — a mock service started by the test suite, never deployed.
# Fixed: tests/ below the scan root is test code (src/core/testCode.ts); the finding is counted apart, not reported.
import os

import requests
from tornado import web


class APIHandler(web.RequestHandler):
    def get(self, path):
        r = requests.get(os.environ["API_URL"] + path)
        r.raise_for_status()
        self.write(r.text)


app = web.Application([(r"/api/(.*)", APIHandler)])
