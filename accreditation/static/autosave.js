// Saves a form as the person types (a few seconds after they stop), when they leave the page, and when the
// connection comes back, and says so in the page's status line, which screen readers announce politely.
// If the session ended, the words stay on the page: once the person has signed in again (in another tab),
// the next save fetches a fresh form token and goes through.
const form = document.querySelector("form[data-autosave-url]");

if (form) {
  const status = document.getElementById("autosave-status");
  const revision = form.querySelector("input[name=revision]");
  const token = form.querySelector("input[name=csrf_token]");
  const DELAY_MS = 3000;
  let timer = null;
  let changed = false;
  let inFlight = null;
  let stopped = false; // after a conflict, the person decides with the Save button

  const send = (leaving) => fetch(form.dataset.autosaveUrl, {
    method: "POST", body: new FormData(form), credentials: "same-origin", keepalive: leaving,
    headers: { Accept: "application/json" },
  });

  async function freshToken() {
    const response = await fetch("/session/token", { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) return false;
    token.value = (await response.json()).csrf_token;
    return true;
  }

  async function attempt(leaving) {
    let response = await send(leaving);
    let data = await response.json().catch(() => null);
    if (response.status === 400 && data && data.expired && !leaving && await freshToken()) {
      response = await send(leaving);
      data = await response.json().catch(() => null);
    }
    if (!data) throw new Error("not saved");
    if (response.ok) revision.value = data.revision;
    else if (response.status === 409) stopped = true;
    else changed = true; // signed out or expired: try again on the next change, when leaving, or when back online
    if (!leaving) status.textContent = data.message;
  }

  async function save(leaving = false) {
    if (!changed || stopped) return;
    if (inFlight) await inFlight;
    changed = false;
    inFlight = attempt(leaving)
      .catch(() => {
        changed = true;
        if (!leaving) status.textContent = form.dataset.offlineMessage;
      })
      .finally(() => { inFlight = null; });
    return inFlight;
  }

  form.addEventListener("input", () => {
    changed = true;
    clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
  });
  form.addEventListener("submit", () => clearTimeout(timer));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") save(true);
  });
  window.addEventListener("pagehide", () => save(true));
  window.addEventListener("online", () => save());
}
