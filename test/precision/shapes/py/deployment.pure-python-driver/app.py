# precision-cause: deployment — gevent workers and a pure-Python driver (the URL names pymysql): the connect yields.
# precision-open: the markers below are the false findings still reported; when the cause is fixed, drop them and "open" in ../../verdicts.json
from flask import Flask
from sqlalchemy import create_engine

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "mysql+pymysql://ctfd:ctfd@db/ctfd"


@app.get("/admin/revision")
def revision():
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    conn = engine.connect()  # expect: py/sqlalchemy-sync-session
    return {"closed": conn.closed}
