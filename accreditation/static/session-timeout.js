// Warns before the session ends and offers to keep it going (WCAG 2.2.1). If it ends anyway, nothing typed is
// lost: the page stays as it is, and a form sent after signing in again (in another tab) first fetches a fresh
// form token, so it goes through instead of failing as expired.
const dialog = document.getElementById("session-timeout");

if (dialog) {
  const warningMs = Number(dialog.dataset.warningSeconds) * 1000;
  const warning = dialog.querySelector("[data-state=warning]");
  const ended = dialog.querySelector("[data-state=expired]");
  let deadline = Date.now() + Number(dialog.dataset.secondsLeft) * 1000;
  let expired = false;
  let returnFocus = null;

  const show = (expiredState) => {
    warning.hidden = expiredState;
    ended.hidden = !expiredState;
    dialog.setAttribute("aria-labelledby", expiredState ? "session-ended-title" : "session-timeout-title");
    dialog.setAttribute("aria-describedby", expiredState ? "session-ended-text" : "session-timeout-text");
    if (!dialog.open) {
      returnFocus = document.activeElement;
      dialog.showModal(); // moves focus into the dialog; Escape closes it
    }
    dialog.querySelector(expiredState ? "[data-action=close]" : "[data-action=extend]").focus();
  };

  const close = () => {
    dialog.close();
    if (returnFocus && returnFocus.isConnected) returnFocus.focus();
  };

  // A timer that checks the clock, rather than one long timeout, so a laptop waking from sleep catches up.
  const tick = () => {
    const left = deadline - Date.now();
    if (!expired && left <= 0) {
      expired = true;
      show(true);
    } else if (!expired && left <= warningMs && !dialog.open) {
      show(false);
    }
  };

  async function extend() {
    const response = await fetch(dialog.dataset.extendUrl, {
      method: "POST", credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": dialog.dataset.csrfToken },
    }).catch(() => null);
    if (response && response.ok) {
      deadline = Date.now() + (await response.json()).seconds_left * 1000;
      close();
    } else {
      expired = true;
      show(true);
    }
  }

  async function freshToken() {
    const response = await fetch(dialog.dataset.tokenUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .catch(() => null);
    if (!response || !response.ok) return null;
    return (await response.json()).csrf_token;
  }

  document.addEventListener("submit", async (event) => {
    if (!expired || event.target.dataset.tokenRefreshed) return;
    event.preventDefault();
    const token = await freshToken();
    if (!token) {
      show(true);
      return;
    }
    event.target.querySelectorAll("input[name=csrf_token]").forEach((input) => { input.value = token; });
    event.target.dataset.tokenRefreshed = "yes";
    event.target.requestSubmit(event.submitter);
  });

  dialog.querySelector("[data-action=extend]").addEventListener("click", extend);
  dialog.querySelector("[data-action=close]").addEventListener("click", close);
  dialog.addEventListener("cancel", (event) => { event.preventDefault(); close(); });
  setInterval(tick, 1000);
  tick();
}
