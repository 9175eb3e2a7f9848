# Sync workers with two threads each: 4 × 2 = 8 requests at once.
bind = "0.0.0.0:8000"
worker_class = "sync"
workers = 4
threads = 2
timeout = 30
