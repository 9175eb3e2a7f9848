# precision-cause: harmless-late-import — argparse imports nothing gevent patches, so patching after it is fine.
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--disable-gevent", action="store_true")
args = parser.parse_args()

if not args.disable_gevent:
    from gevent import monkey

    monkey.patch_all()

from webapp import create_app

create_app().run(debug=True)
