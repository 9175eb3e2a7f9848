import requests


class RatesClient:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.session = requests.Session()

    def fetch(self, currency: str) -> dict:
        resp = self.session.get(f"{self.base_url}/{currency}", timeout=5)  # expect: py/blocking-http
        return resp.json()
