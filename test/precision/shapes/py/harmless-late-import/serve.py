# precision-cause: harmless-late-import — argparse imports nothing gevent patches, so patching after it is fine.
# precision-open: the markers below are the false findings still reported; when the cause is fixed, drop them and "open" in ../../verdicts.json
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--disable-gevent", action="store_true")
args = parser.parse_args()

if not args.disable_gevent:
    from gevent import monkey

    monkey.patch_all()  # expect: py/config-late-monkey-patch

from app import app

app.run(debug=True)
