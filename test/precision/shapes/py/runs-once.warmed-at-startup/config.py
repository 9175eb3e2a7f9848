from functools import lru_cache


@lru_cache
def get_settings() -> str:
    with open("/run/secrets/settings") as f:
        return f.read()
