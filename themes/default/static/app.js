/* Live quotas and "my zone". Pages work without this script; it replaces
   printed text, never inserts HTML. */
(() => {
  "use strict";
  const doc = document, data = doc.body.dataset;
  const words = JSON.parse(data.words || "{}");
  const plural = new Intl.PluralRules(data.locale);
  const number = new Intl.NumberFormat(data.locale);
  const slots = [...doc.querySelectorAll("[data-quota]")];
  const ids = [...new Set(slots.map((s) => s.dataset.quota))];
  const memory = "quota:" + location.pathname;
  const own = Object.prototype.hasOwnProperty;
  let last = 0, busy = false;

  const say = (key, n) => {
    const forms = words[key];
    if (typeof forms === "string") return forms;
    return (forms[plural.select(n)] || forms.other).replace("%(num)s", number.format(n));
  };

  const today = () => new Intl.DateTimeFormat("en-CA", {
    timeZone: data.tz, year: "numeric", month: "2-digit", day: "2-digit"
  }).format(new Date());

  const disable = (id) => doc.querySelectorAll(`[data-redeem="${id}"]`).forEach((b) => {
    b.removeAttribute("href");
    b.setAttribute("aria-disabled", "true");
    b.classList.add("button-disabled");
  });

  const show = (slot, key, n) => {
    slot.textContent = say(key, n);
    slot.dataset.state = key;
  };

  // The device clock decides: a page cached across a window's end must not
  // offer an ended benefit, whatever the API says.
  const closed = ({ from, until }) => {
    const day = today();
    if (from && day < from) return "upcoming";
    if (until && day > until) return "ended";
  };

  const apply = (quotas, refreshing) => slots.forEach((slot) => {
    const id = slot.dataset.quota, state = closed(slot.dataset);
    slot.classList.toggle("refreshing", !!refreshing);
    if (state) return show(slot, state), disable(id);
    const q = quotas && own.call(quotas, id) && quotas[id];
    if (!q || typeof q !== "object") return;
    if (q.claimed === true) return show(slot, "claimed"), disable(id);
    const n = q.remaining;
    if (!Number.isInteger(n) || n < 0) return;
    if (n === 0) return show(slot, "soldout"), disable(id);
    show(slot, n < +data.low ? "low" : "remaining", n);
  });

  const refresh = (again) => {
    if (!ids.length || !data.quotaUrl) return;
    // One request at a time, so an older answer can never land after a
    // newer one.
    last = Date.now();
    busy = true;
    // Not AbortSignal.timeout: iOS 15 webviews lack it (see app-integration.md).
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), +data.timeout);
    fetch(data.quotaUrl + "?ids=" + ids.map(encodeURIComponent).join(","), {
      cache: again ? "no-cache" : "default",
      credentials: data.credentials,
      headers: { Accept: "application/json" },
      signal: abort.signal
    }).then((response) => {
      if (!response.ok) throw Error(response.status);
      return response.json();
    }).then((body) => {
      if (typeof body?.quotas !== "object") throw Error("shape");
      apply(body.quotas);
      data.quotas = "updated";
      try { sessionStorage.setItem(memory, JSON.stringify(body.quotas)); } catch {}
    }).catch(() => {
      data.quotas = "failed";  // the printed or last good values stay
      slots.forEach((s) => s.classList.remove("refreshing"));
    }).finally(() => { busy = false; clearTimeout(timer); });
  };

  // Back in view, or thawed from the back-forward cache: at most one refresh
  // per interval, none while one is under way.
  const comeBack = () => {
    if (busy || Date.now() - last < data.refresh * 1000) return;
    apply(null, true);
    refresh(true);
  };

  let saved = null;
  try { saved = JSON.parse(sessionStorage.getItem(memory)); } catch {}
  apply(saved, !!saved);
  // Back navigation would take the API's answer from the HTTP cache: ask.
  refresh(performance.getEntriesByType("navigation")[0]?.type === "back_forward");
  doc.addEventListener("visibilitychange", () => {
    if (doc.visibilityState === "visible") comeBack();
  });
  addEventListener("pageshow", (event) => event.persisted && comeBack());

  // "My zone": the app opens /<locale>/?tier=<id> or calls setTier(id).
  const tiers = (data.tiers || "").split(" "), KEY = "portal:tier";
  const zone = (id) => data.home + id + "/";
  const remember = (id) => {
    if (!tiers.includes(id)) return false;
    try { localStorage.setItem(KEY, id); } catch {}
    const link = doc.querySelector("[data-my-zone]");
    if (link) link.href = zone(id), link.classList.remove("pending");
    return true;
  };
  let stored = null;
  try { stored = localStorage.getItem(KEY); } catch {}
  if (stored) remember(stored);
  const hint = new URLSearchParams(location.search).get("tier");
  if (data.entry && hint && remember(hint)) location.replace(zone(hint));
  window.benefitsPortal = { setTier: remember };
})();
