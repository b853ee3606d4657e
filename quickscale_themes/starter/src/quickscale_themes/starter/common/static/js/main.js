// The starter theme's behaviour: Alpine.js components (CSP build: no inline expressions) and dismissible messages.
document.documentElement.classList.remove("no-js");

document.addEventListener("alpine:init", () => {
  // The navbar's menu button on narrow screens.
  window.Alpine.data("navbar", () => ({
    open: false,
    toggle() {
      this.open = !this.open;
    },
    get expanded() {
      return this.open ? "true" : "false";
    },
    get burgerClass() {
      return this.open ? "is-active" : "";
    },
    get menuClass() {
      return this.open ? "is-active" : "";
    },
  }));
});

document.addEventListener("click", (event) => {
  const button = event.target.closest(".message-close");
  if (button) {
    button.closest(".message").remove();
  }
});
