"""Money in integer minor units (cents, or yen for a zero-decimal currency such as JPY), as Stripe counts it."""

from __future__ import annotations

from djstripe.settings import djstripe_settings

SYMBOLS = {"usd": "$", "eur": "€", "gbp": "£", "jpy": "¥"}


def decimals(currency: str) -> int:
    """How many digits of the amount are below the unit: 0 for JPY, KRW ..., 2 for USD, EUR ..."""
    return 0 if currency.lower() in djstripe_settings.ZERO_DECIMAL_CURRENCIES else 2


def format_amount(amount: int, currency: str) -> str:
    """1500 usd -> "$15.00"; 1500 jpy -> "¥1,500"; 1500 chf -> "15.00 CHF"."""
    places = decimals(currency)
    number = f"{amount / 10**places:,.{places}f}"
    symbol = SYMBOLS.get(currency.lower())
    return f"{symbol}{number}" if symbol else f"{number} {currency.upper()}"


def parse_amount(text: str, currency: str) -> int:
    """ "15.50" usd -> 1550, "1500" jpy -> 1500; ValueError with one sentence for anything else."""
    places = decimals(currency)
    whole, _, fraction = text.strip().partition(".")
    if not whole.isdigit() or (fraction and (not fraction.isdigit() or len(fraction) > places)):
        example = "1500" if places == 0 else "15.50"
        raise ValueError(f"Enter an amount in {currency.upper()} such as {example}.")
    return int(whole) * 10**places + int(fraction.ljust(places, "0") or 0)
