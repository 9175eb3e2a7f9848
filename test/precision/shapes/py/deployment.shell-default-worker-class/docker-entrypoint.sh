#!/bin/bash
set -euo pipefail

WORKERS=${WORKERS:-1}
WORKER_CLASS=${WORKER_CLASS:-gevent}

exec gunicorn 'app:app' \
    --bind '0.0.0.0:8000' \
    --workers $WORKERS \
    --worker-class "$WORKER_CLASS"
