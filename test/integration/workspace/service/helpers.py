"""Helpers called from the handlers in app.py."""
import time


def load_profile(user_id):
    time.sleep(0.5)
    return {"id": user_id}
