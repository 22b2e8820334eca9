// Saves the answer form as the person types (a few seconds after they stop) and when they leave the page,
// and says so in the page's status line, which screen readers announce politely.
const form = document.querySelector("form[data-autosave-url]");

if (form) {
  const status = document.getElementById("autosave-status");
  const revision = form.querySelector("input[name=revision]");
  const DELAY_MS = 3000;
  let timer = null;
  let changed = false;
  let inFlight = null;
  let stopped = false; // after a conflict, the person decides with the Save button

  async function save(leaving = false) {
    if (!changed || stopped) return;
    if (inFlight) await inFlight;
    changed = false;
    const body = new FormData(form);
    inFlight = fetch(form.dataset.autosaveUrl, {
      method: "POST", body, credentials: "same-origin", keepalive: leaving,
      headers: { Accept: "application/json" },
    })
      .then(async (response) => {
        const data = await response.json().catch(() => null);
        if (!data) throw new Error("not saved");
        if (response.ok) revision.value = data.revision;
        else if (response.status === 409) stopped = true;
        else changed = true; // signed out or expired: try again on the next change or when leaving
        if (!leaving) status.textContent = data.message;
      })
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
  window.addEventListener("online", () => save()); // the connection is back: save what is waiting
}
