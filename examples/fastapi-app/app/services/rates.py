import json

from ..clients.http import RatesClient

_client = RatesClient("https://rates.example.org")


def get_rates(currency: str) -> dict:
    return _normalize(_client.fetch(currency))


def _normalize(payload: dict) -> dict:
    return {k.upper(): v for k, v in payload.items()}


class RateService:
    def cached(self, currency: str) -> dict:
        return self._read_cache(currency)

    def _read_cache(self, currency: str) -> dict:
        with open(f"/var/cache/rates/{currency}.json") as fh:  # expect: py/blocking-file-io
            return json.load(fh)  # expect: py/blocking-file-io


def load_rates_offline() -> dict:
    # Only ever run through asyncio.to_thread: must not be reported.
    with open("/var/cache/rates/all.json") as fh:
        return json.load(fh)
