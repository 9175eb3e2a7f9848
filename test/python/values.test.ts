import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scan } from '../../src/core/scan';
import { scratchDir } from '../helpers/scratch';

/**
 * Value sources across files, on real-code shapes: each project is written
 * to disk, scanned with the real engine, and every line marked `# expect`
 * must be reported and no other line.
 */
function project(files: Record<string, string>): string {
  const dir = scratchDir('unblock-values-');
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text.trimStart());
  }
  return dir;
}

function expectedIn(root: string): string[] {
  const out: string[] = [];
  for (const rel of fs.readdirSync(root, { recursive: true }) as string[]) {
    const file = path.join(root, rel);
    if (!file.endsWith('.py')) continue;
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/#\s*expect\b/.test(line)) out.push(`${rel.split(path.sep).join('/')}:${i + 1}`);
      });
  }
  return out.sort();
}

/** Lines with a finding of any blocking rule except the via-call echo at call sites. */
async function reportedLines(root: string, scope: 'handlers' | 'async' = 'handlers', configFile?: string): Promise<string[]> {
  const result = await scan([root], { scope, fixes: false, configFile });
  const lines = result.findings
    .filter((f) => f.rule !== 'py/via-call')
    .map((f) => `${path.relative(root, f.file).split(path.sep).join('/')}:${f.range.line}`);
  return [...new Set(lines)].sort();
}

async function assertMarked(files: Record<string, string>, scope: 'handlers' | 'async' = 'handlers'): Promise<void> {
  const root = project(files);
  assert.deepStrictEqual(await reportedLines(root, scope), expectedIn(root));
}

describe('python values: annotations', () => {
  it('types parameters, unions (every member), locals that keep their declared type, attributes and return annotations', async () => {
    await assertMarked(
      {
        'app.py': `
import io
from typing import Optional, Union
import httpx
import requests


async def read(f: io.TextIOWrapper, client: Optional[httpx.Client] = None):
    f.readline()  # expect
    client.send(None)  # expect


async def either(client: Union[requests.Session, int], other: "int | httpx.Client"):
    client.get("u")  # expect
    other.get("u")  # expect


async def declared():
    f: io.BufferedReader = ...
    f = wrap()
    f.read()  # expect
    n: int = 3
    n.read()


def make_client() -> httpx.Client:
    return build()


class Repo:
    client: httpx.Client

    async def fetch(self):
        self.client.get("u")  # expect
        make_client().post("u")  # expect
`,
      },
      'async',
    );
  });
});

describe('python values: branches', () => {
  it('a name every branch of an if/elif/else binds holds each branch\'s value (paperless-ngx bulk download strategies); or, without an else, the value before it too; a branch that raises leaves nothing', async () => {
    await assertMarked(
      {
        'strategies.py': `
import time
import requests


class ArchiveOnly:
    def add(self, doc):
        pass


class OriginalsOnly:
    def add(self, doc):
        time.sleep(1)  # expect


class Both:
    def add(self, doc):
        requests.get("https://example.com")  # expect


class Default:
    def add(self, doc):
        open("/default").read()  # expect


class Never:
    def add(self, doc):
        open("/never").read()
`,
        'app.py': `
from fastapi import FastAPI
from strategies import ArchiveOnly, Both, Default, Never, OriginalsOnly

app = FastAPI()


@app.get("/download")
async def download(content: str):
    if content == "both":
        strategy_class = Both
    elif content == "originals":
        strategy_class = OriginalsOnly
    else:
        strategy_class = ArchiveOnly
    strategy_class().add(None)


@app.get("/checked")
async def checked(content: str):
    strategy = Never()
    if content == "archive":
        strategy = ArchiveOnly()
    else:
        raise ValueError(content)
    strategy.add(None)


@app.get("/partial")
async def partial(content: str):
    strategy = Default()
    if content == "archive":
        strategy = ArchiveOnly()
    strategy.add(None)
`,
      },
      'handlers',
    );
  });
});

describe('python values: attributes a function sets on a local object', () => {
  it('reads back what it stored on request.state, a scoped_session called included (Netflix dispatch\'s DB middleware); another function\'s read stays unknown', async () => {
    await assertMarked(
      {
        'app.py': `
from fastapi import FastAPI, Request
from sqlalchemy import create_engine
from sqlalchemy.orm import scoped_session, sessionmaker

app = FastAPI()
engine = create_engine("postgresql://db/app")


@app.middleware("http")
async def db_session_middleware(request: Request, call_next):
    session = scoped_session(sessionmaker(bind=engine))
    request.state.db = session()
    response = await call_next(request)
    request.state.db.commit()  # expect
    return response


@app.get("/items")
async def items(request: Request):
    request.state.db.commit()
`,
      },
      'handlers',
    );
  });
});

describe('python values: return values and attributes across files', () => {
  it('follows factories, repositories injected through __init__, properties and with-targets into other files', async () => {
    await assertMarked({
      'app/__init__.py': '',
      'app/db.py': `
from functools import cached_property
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite://")
SessionLocal = sessionmaker(bind=engine)


def get_session():
    return SessionLocal()


class Settings:
    @cached_property
    def http(self):
        import requests
        return requests.Session()


class Unit:
    def __enter__(self):
        return Session(engine)

    def __exit__(self, *exc):
        return False
`,
      'app/repo.py': `
from sqlalchemy.orm import Session


class UserRepo:
    def __init__(self, session: Session):
        self.session = session

    def all_users(self):
        return self.session.query(User).all()  # expect
`,
      'app/main.py': `
from fastapi import FastAPI
from app.db import get_session, Settings, Unit
from .repo import UserRepo

app = FastAPI()
settings = Settings()


@app.get("/users")
async def users():
    repo = UserRepo(get_session())
    return repo.all_users()


@app.get("/count")
async def count():
    return get_session().execute("select 1")  # expect


@app.get("/remote")
async def remote():
    return settings.http.get("https://example.org")  # expect


@app.get("/unit")
async def unit():
    with Unit() as session:
        session.commit()  # expect
`,
    });
  });
});

describe('python values: untyped constructor arguments', () => {
  it('gives self.x = param what the construction sites pass, in other files, positionally or by keyword', async () => {
    await assertMarked(
      {
        'app/__init__.py': '',
        'app/cache.py': `
import requests


class CacheManager:
    def __init__(self, url):
        self.url = url

    def reload(self):
        requests.get(self.url)  # expect
`,
        'app/sched.py': `
class RefreshScheduler:
    def __init__(self, mgr):
        self._cache = mgr

    def schedule(self, loop):
        loop.call_later(0, self._cache.reload)
`,
        'app/repo.py': `
class Repo:
    def __init__(self, name, session=None):
        self.name = name
        self.session = session

    def rows(self):
        return self.session.execute("select 1")  # expect
`,
        'app/main.py': `
import asyncio
from sqlalchemy.orm import Session
from app.cache import CacheManager
from app.sched import RefreshScheduler
from app.repo import Repo

_m = CacheManager('http://x')
_s = RefreshScheduler(_m)


async def refresh():
    loop = asyncio.get_running_loop()
    _s.schedule(loop)


async def rows(session: Session):
    return Repo("users", session=session).rows()
`,
      },
      'async',
    );
  });

  it('follows only what this class is constructed with, not another class of the same name or another argument', async () => {
    await assertMarked(
      {
        'app/__init__.py': '',
        'app/cache.py': `
import requests


class CacheManager:
    def reload(self):
        requests.get("http://x")


class LocalCache:
    def reload(self):
        return {}
`,
        'app/sched.py': `
class RefreshScheduler:
    def __init__(self, mgr, fallback=None):
        self._cache = mgr
        self._fallback = fallback

    def schedule(self, loop):
        loop.call_later(0, self._cache.reload)
`,
        'app/other.py': `
class RefreshScheduler:
    def __init__(self, mgr):
        self.mgr = mgr
`,
        'app/main.py': `
import asyncio
from app.cache import CacheManager, LocalCache
from app.sched import RefreshScheduler
from app import other

_s = RefreshScheduler(LocalCache(), fallback=CacheManager())
_o = other.RefreshScheduler(CacheManager())


async def refresh(manager):
    _s.schedule(asyncio.get_running_loop())
    RefreshScheduler(manager).schedule(asyncio.get_running_loop())
`,
      },
      'async',
    );
  });
});

describe('python values: dependency injection', () => {
  it('gives a Depends parameter what its (yield) dependency gives, through a type alias and a bare default', async () => {
    await assertMarked({
      'api/__init__.py': '',
      'api/deps.py': `
from typing import Annotated, Any
from fastapi import Depends
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

engine = create_engine("sqlite://")


def get_db():
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Any, Depends(get_db)]
`,
      'api/routes.py': `
from fastapi import APIRouter, Depends
from .deps import SessionDep, get_db

router = APIRouter()


@router.get("/items")
async def items(session: SessionDep):
    return session.scalars("select 1")  # expect


@router.get("/other")
async def other(db=Depends(get_db)):
    db.commit()  # expect
`,
    });
  });
});

describe('python values: pathlib and iteration', () => {
  it('keeps paths through /, .parent, .with_suffix and glob() iteration', async () => {
    await assertMarked(
      {
        'files.py': `
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


async def asset(name: str):
    data = (BASE_DIR / name).read_bytes()  # expect
    backup = BASE_DIR.parent.with_suffix(".bak")
    backup.exists()  # expect
    for p in BASE_DIR.glob("*.txt"):  # expect
        p.read_text()  # expect
    return [q.stat() for q in BASE_DIR.iterdir()]  # expect
`,
      },
      'async',
    );
  });
});

describe('python values: lazy querysets', () => {
  it('reports a Django queryset where it is evaluated, not where it is built, also when a project function returns it', async () => {
    await assertMarked(
      {
        'shop/__init__.py': '',
        'shop/models.py': `
from django.db import models


class Order(models.Model):
    paid = models.BooleanField()


def unpaid():
    return Order.objects.filter(paid=False)
`,
        'shop/views.py': `
from django.db import models
from .models import Order, unpaid


async def orders(request):
    qs = Order.objects.filter(paid=True)
    first_ten = qs[:10]
    rows = list(qs)  # expect
    n = len(first_ten)  # expect
    if qs:  # expect
        pass
    every_other = qs[::2]  # expect
    for order in unpaid():  # expect
        order.save()  # expect
    return sorted(unpaid())  # expect
`,
      },
      'async',
    );
  });

  it('reports a SQLAlchemy query where it is iterated', async () => {
    await assertMarked(
      {
        'q.py': `
from sqlalchemy.orm import Session


async def names(session: Session):
    query = session.query(User).filter(User.active)
    for user in query:  # expect
        pass
    return query.first()  # expect
`,
      },
      'async',
    );
  });
});

describe('python values: lazy library objects', () => {
  it("reports Django's request.user at its first read in an async view, saying it is a read", async () => {
    const root = project({
      'shop/__init__.py': '',
      'shop/views.py': `
from django.http import JsonResponse


async def profile(request):
    name = request.user.username
    return JsonResponse({"name": name, "email": request.user.email})


def sync_profile(request):
    return JsonResponse({"name": request.user.username})
`,
      'shop/urls.py': `
from django.urls import path
from . import views

urlpatterns = [path("p/", views.profile), path("s/", views.sync_profile)]
`,
    });
    const result = await scan([root], { scope: 'handlers', fixes: false });
    assert.deepStrictEqual(result.findings.map((f) => `${path.relative(root, f.file)}:${f.range.line} ${f.rule} ${f.severity}`), ['shop/views.py:5 py/django-orm-sync error']);
    assert.match(result.findings[0].message, /^reading `django\.http\.HttpRequest\(\)\.user` runs a database query synchronously/);
  });
});

describe('python values: project rules naming project code', () => {
  it('reports a call of the project function a project rule names, unless awaited, and never its body again', async () => {
    const root = project({
      'lib.py': `
import time
def slow_lookup(key):
    time.sleep(1)
    return key


async def view():
    slow_lookup(1)
    await slow_lookup(2)
`,
    });
    const config = path.join(root, '.unblock.json');
    const rule = {
      id: 'py/our-slow-lookup',
      language: 'python',
      title: 'Our slow lookup',
      category: 'network',
      calls: ['slow_lookup'],
      message: '{call}() calls the directory service synchronously',
      replacements: [],
      offload: 'thread',
      docs: { why: 'w', example: 'e', useInstead: 'u', whenNotToUse: 'n' },
    };
    fs.writeFileSync(config, JSON.stringify({ rules: [rule] }));
    // The rule names the blocking unit: the call is the finding, not the sleep inside it (reached only through the rule's own calls).
    assert.deepStrictEqual(await reportedLines(root, 'async', config), ['lib.py:8']);
  });
});


describe('python values: the items of a list the function builds', () => {
  it('futures from a comprehension, threads appended in a loop, the threads threading.enumerate() lists: each wait is reported', async () => {
    await assertMarked({
      'app.py': `
import threading
from concurrent.futures import ThreadPoolExecutor
from fastapi import FastAPI

app = FastAPI()
pool = ThreadPoolExecutor(4)


def work(x):
    return x


@app.get("/futures")
async def futures_route():
    futures = [pool.submit(work, i) for i in range(3)]
    first = futures[0].result()  # expect
    return [f.result() for f in futures]  # expect


@app.get("/threads")
async def threads_route():
    threads = []
    for i in range(3):
        t = threading.Thread(target=work, args=(i,))
        t.start()
        threads.append(t)
    for t in threads:
        t.join()  # expect


@app.get("/search")
async def search_route():
    for th in threading.enumerate():  # searxng's search waits on its engines' threads this way
        th.join(1.0)  # expect


@app.get("/literal")
async def literal_route():
    a = threading.Thread(target=work, args=(1,))
    for t in [a, None]:
        t.join()  # expect
`,
    });
  });

  it('what is not a list of waits stays silent: a dict comprehension, other lists, names rebound, a module-level list', async () => {
    await assertMarked({
      'app.py': `
import threading
from fastapi import FastAPI

app = FastAPI()
WORKERS = []


def spawn():
    WORKERS.append(threading.Thread(target=print))


@app.get("/quiet")
async def quiet_route():
    by_name = {t.name: t for t in threading.enumerate()}
    for name in by_name:
        name.join()
    names = ["a", "b"]
    names.append("c")
    for n in names:
        n.join()
    threads = [threading.Thread(target=print)]
    threads = load_threads()
    for t in threads:
        t.join()
    for w in WORKERS:
        w.join()
`,
    });
  });
});

describe('python values: a sync generator handed to a streaming response', () => {
  it('runs in the thread the response iterates it in (frigate: StreamingResponse(imagestream(...)) sleeping between frames); iterated in the route, it runs on the loop', async () => {
    await assertMarked({
      'frames.py': `
import time


def imagestream(fps):
    while True:
        time.sleep(1 / fps)
        yield b"frame"


def rows(path):
    with open(path) as f:  # expect
        yield from f
`,
      'app.py': `
import time
from contextlib import contextmanager
from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from starlette.responses import StreamingResponse as Streaming

from frames import imagestream, rows

app = FastAPI()


@contextmanager
def held():
    time.sleep(1)  # expect
    yield


@app.get("/mjpeg")
async def mjpeg():
    return StreamingResponse(imagestream(10), media_type="multipart/x-mixed-replace")


@app.get("/csv")
async def csv():
    return Streaming(content=rows("big.csv"))


@app.get("/inline")
async def inline():
    return [line for line in rows("small.csv")]


@app.get("/managed")
async def managed():
    return StreamingResponse(held())
`,
    });
  });
});
