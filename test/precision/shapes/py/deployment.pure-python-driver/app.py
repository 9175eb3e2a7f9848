# precision-cause: deployment — gevent workers and a pure-Python driver (the URL names pymysql): the connect yields.
from flask import Flask
from sqlalchemy import create_engine

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "mysql+pymysql://ctfd:ctfd@db/ctfd"


@app.get("/admin/revision")
def revision():
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    conn = engine.connect()
    return {"closed": conn.closed}
