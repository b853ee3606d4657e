"""The spam checks of a submission, none of which needs an outside service.

1. A honeypot: an input people do not see (moved off screen, aria-hidden, skipped by Tab) that bots fill in.
2. A signed token issued with the form: the form must have been on screen MIN_SECONDS and at most MAX_AGE, and a
   token is accepted once (the cache remembers the used ones until they expire).
3. A proof of work, the algorithm of ALTCHA (https://altcha.org/docs/proof-of-work): the token carries a salt
   and challenge = SHA-256(salt + n) for a secret n in [0, POW_MAX_NUMBER]; the browser (static/quickscale_forms/
   pow.js) tries n = 0, 1, 2 ... until the hash matches and sends n. It costs a browser a second or less, and a
   bot the same for every single submission. A visitor without JavaScript sends no n: the submission is then
   held to the stricter NO_JS_RATE_LIMIT.
4. Per-IP rate limits in the cache (Redis when REDIS_URL is set, so every process counts together): every attempt
   counts against RATE_LIMIT.

A submission that fails any check is refused with the same answer, whichever check it was.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import secrets
import time
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache

from quickscale_modules.forms.conf import forms_settings as conf

HONEYPOT = "qs_website"
TOKEN = "qs_token"
POW = "qs_pow"
SIGNING_SALT = "quickscale_forms.challenge"
RATE = re.compile(r"(\d+)/([smhd])")
SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Challenge:
    """What a rendered form carries: the signed token (a hidden input) and the puzzle for pow.js."""

    token: str
    salt: str
    challenge: str
    max_number: int


def issue(slug: str, now: float | None = None) -> Challenge:
    """A new challenge for the form `slug`."""
    salt = secrets.token_hex(12)
    max_number = conf.POW_MAX_NUMBER
    challenge = pow_hash(salt, secrets.randbelow(max_number + 1))
    issued = int(now if now is not None else time.time())
    token = signing.dumps({"f": slug, "s": salt, "c": challenge, "m": max_number, "t": issued}, salt=SIGNING_SALT)
    return Challenge(token=token, salt=salt, challenge=challenge, max_number=max_number)


def pow_hash(salt: str, number: int) -> str:
    return hashlib.sha256(f"{salt}{number}".encode()).hexdigest()


def solve(challenge: Challenge) -> int:
    """What pow.js does, in Python: the number whose hash is the challenge (for tests and API clients)."""
    for number in range(challenge.max_number + 1):
        if hmac.compare_digest(pow_hash(challenge.salt, number), challenge.challenge):
            return number
    raise ValueError("The challenge has no solution.")


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    proof_of_work: bool = False  # False: sent without it (no JavaScript)
    token: str = ""


REFUSED = Verdict(accepted=False)


def check(slug: str, data, now: float | None = None) -> Verdict:
    """The honeypot, the token and the proof of work of a submission's POST data."""
    if data.get(HONEYPOT, ""):
        return REFUSED
    token = data.get(TOKEN, "")
    try:
        payload = signing.loads(token, salt=SIGNING_SALT)
    except signing.BadSignature:
        return REFUSED
    age = (now if now is not None else time.time()) - payload["t"]
    if payload["f"] != slug or not conf.MIN_SECONDS <= age <= conf.MAX_AGE:
        return REFUSED
    answer = data.get(POW, "").strip()
    if not answer:
        return Verdict(accepted=True, proof_of_work=False, token=token)
    if not answer.isdigit() or int(answer) > payload["m"]:
        return REFUSED
    if not hmac.compare_digest(pow_hash(payload["s"], int(answer)), payload["c"]):
        return REFUSED
    return Verdict(accepted=True, proof_of_work=True, token=token)


def use_token(token: str) -> bool:
    """Mark a token used; False when it was used before (a replayed submission)."""
    key = "quickscale_forms:used:" + hashlib.sha256(token.encode()).hexdigest()
    return cache.add(key, 1, conf.MAX_AGE + 60)


def parse_rate(rate: str) -> tuple[int, int]:
    """ "20/h" as (20, 3600)."""
    match = RATE.fullmatch(rate.replace(" ", ""))
    if not match:
        raise ValueError(f"The rate {rate!r} is not of the form <count>/<s|m|h|d>, such as 20/h.")
    return int(match[1]), SECONDS[match[2]]


def within_rate(scope: str, ip: str, rate: str) -> bool:
    """Count one more for `ip` in `scope`; False once the count is past the rate's limit for its window."""
    limit, window = parse_rate(rate)
    bucket = int(time.time()) // window
    key = f"quickscale_forms:rate:{scope}:{hashlib.sha256(ip.encode()).hexdigest()[:32]}:{bucket}"
    cache.add(key, 0, window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, window + 1)
        count = 1
    return count <= limit


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the one the first proxy saw."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = int(conf.TRUSTED_PROXY_COUNT or 0)
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "unknown"
