/* The preview bar: change the day the site is built for, the tier hint and
   the quota stub's scenario while browsing. Preview only. */
(() => {
  "use strict";
  const bar = document.querySelector("[data-preview-bar]");
  if (!bar) return;
  const post = (url) => fetch(url, { method: "POST" });

  bar.querySelector("[data-preview-date]")?.addEventListener("change", (event) => {
    // The server rebuilds and livereload reloads every open page.
    post("/__preview__/as-of?date=" + encodeURIComponent(event.target.value));
  });

  bar.querySelector("[data-preview-tier]")?.addEventListener("change", (event) => {
    const locale = location.pathname.split("/")[1];
    if (event.target.value) location.href = `/${locale}/?tier=${event.target.value}`;
  });

  const scenario = bar.querySelector("[data-preview-scenario]");
  scenario?.addEventListener("change", () => {
    const url = scenario.dataset.path + "/scenario?name=" + scenario.value;
    post(url).then(() => location.reload());
  });
})();
