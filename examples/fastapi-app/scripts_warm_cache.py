"""A startup script: calls the same helper, but is no request path."""
from app.services.rates import get_rates

if __name__ == "__main__":
    print(get_rates("EUR"))
