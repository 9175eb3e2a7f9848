# precision-cause: cheap-in-sync-worker — reading a small bundled file in a sync worker costs microseconds,
# precision-open: the markers below are the false findings still reported; when the cause is fixed, drop them and "open" in ../../verdicts.json
# and the worker serves this one request anyway.
import os

from flask import Flask, render_template_string

app = Flask(__name__)


@app.get("/admin/plugins/<plugin>")
def plugin(plugin):
    config_html = open(os.path.join(app.root_path, "plugins", "config.html")).read()  # expect: py/blocking-file-io
    return render_template_string(config_html)
