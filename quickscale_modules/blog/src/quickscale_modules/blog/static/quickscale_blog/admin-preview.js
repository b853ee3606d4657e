// The post's Markdown previewed as it is typed: the admin's preview URL renders and sanitises it exactly as
// saving the post does, and the answer replaces the preview. No inline code: the page's CSP stays strict.
(function () {
  "use strict";
  const WAIT_MS = 400;

  function start() {
    const body = document.getElementById("id_body");
    const preview = document.querySelector(".qs-blog-preview");
    const token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!body || !preview || !token) {
      return;
    }
    let timer = null;
    let latest = 0;
    body.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        const asked = ++latest;
        const data = new URLSearchParams({ markdown: body.value });
        fetch(preview.dataset.previewUrl, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { "X-CSRFToken": token.value },
        })
          .then(function (response) { return response.json(); })
          .then(function (answer) {
            if (asked !== latest) {
              return; // an older answer that arrived late
            }
            preview.classList.toggle("qs-blog-preview-error", Boolean(answer.error));
            if (answer.error) {
              preview.textContent = answer.error;
            } else {
              preview.innerHTML = answer.html; // sanitised by the server (nh3), as the published post is
            }
          })
          .catch(function () {
            preview.textContent = "The preview could not be refreshed.";
          });
      }, WAIT_MS);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
