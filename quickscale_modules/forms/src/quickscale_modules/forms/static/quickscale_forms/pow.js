// The forms module's proof of work (spam.py explains the algorithm, ALTCHA's): find n in [0, max] with
// SHA-256(salt + n) = challenge, put it in the form, and only then let the form go. Solving starts when the page
// loads, so it is usually done before the visitor has typed anything. A static file: the page's CSP stays strict.
// Without JavaScript (or without crypto.subtle) the form is sent without n and held to a stricter rate limit.
(function () {
  "use strict";
  const BATCH = 500;

  function hex(buffer) {
    return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");
  }

  async function solve(salt, challenge, max) {
    const encoder = new TextEncoder();
    for (let start = 0; start <= max; start += BATCH) {
      const end = Math.min(start + BATCH - 1, max);
      const hashes = [];
      for (let n = start; n <= end; n++) {
        hashes.push(crypto.subtle.digest("SHA-256", encoder.encode(salt + n)));
      }
      const found = (await Promise.all(hashes)).findIndex((hash) => hex(hash) === challenge);
      if (found >= 0) {
        return start + found;
      }
    }
    return null;
  }

  function watch(form) {
    const input = form.querySelector("input[data-qs-pow-challenge]");
    const status = form.querySelector(".qs-forms-pow-status");
    if (!input || !window.crypto || !crypto.subtle) {
      return;
    }
    const solving = solve(input.dataset.qsPowSalt, input.dataset.qsPowChallenge, Number(input.dataset.qsPowMax))
      .then((number) => {
        if (number !== null) {
          input.value = String(number);
        }
      })
      .catch(() => {});
    let sending = false;
    form.addEventListener("submit", (event) => {
      if (input.value || sending) {
        return;
      }
      event.preventDefault();
      sending = true;
      if (status) {
        status.textContent = "Checking your browser, one moment…";
      }
      solving.finally(() => form.requestSubmit(event.submitter || undefined));
    });
  }

  function start() {
    document.querySelectorAll("form").forEach(watch);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
