# precision-cause: error-path — the blocking calls run only inside `except Exception:` after a render failed
# precision-open: the markers in this shape are the false findings still reported; when the cause is fixed, drop them and "open" in ../../verdicts.json
# (mako RichTraceback reads the failing module's source to format the 500 page).
# Seen in Medusa (4 findings: RichTraceback open/read and the t.render() call sites named after them).
# Fix: a blocking call reached only through an except clause is not the request path: drop it, or report
# at info with "only when <call> raises"; never name it as the headline of the enclosing via-call.
import tornado.web


class RichTraceback:
    def __init__(self, filename):
        with open(filename, "rb") as fp:  # expect: py/blocking-file-io
            self.source = fp.read()  # expect: py/blocking-file-io


class Page:
    def __init__(self, template):
        self.template = template

    def render(self):
        try:
            return self.template.format()
        except Exception:
            tb = RichTraceback(__file__)
            return "error: " + str(len(tb.source))


class IndexHandler(tornado.web.RequestHandler):
    def get(self):
        self.finish(Page("<html>{}</html>").render())  # expect: py/via-call


app = tornado.web.Application([(r"/", IndexHandler)])
