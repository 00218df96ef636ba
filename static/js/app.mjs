// Progressive enhancement only: every page works without this file.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Work in progress (a board pack being made): fetch the page again every few seconds and swap in
// the block's new contents. The status region (role="status") keeps its element, so a screen
// reader hears what changed in it; nothing reloads the page. Without this script, the page's
// "Check progress" button reloads it when the reader chooses.
for (const block of document.querySelectorAll("[data-cwf-poll]")) {
  const seconds = Number(block.dataset.cwfPoll) || 3;
  const poll = async () => {
    let fresh = null;
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin" });
      if (response.ok) {
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        fresh = page.getElementById(block.id);
      }
    } catch {
      // Offline for a moment: try again at the next tick.
    }
    if (fresh) {
      for (const part of fresh.children) {
        const current = document.getElementById(part.id);
        if (!current) continue;
        if (current.getAttribute("role") === "status") {
          if (current.textContent.trim() !== part.textContent.trim()) {
            current.replaceChildren(...part.childNodes);
          }
        } else {
          current.replaceWith(part.cloneNode(true));
        }
      }
      if (!fresh.hasAttribute("data-cwf-poll")) return; // finished: stop asking
    }
    window.setTimeout(poll, seconds * 1000);
  };
  window.setTimeout(poll, seconds * 1000);
}

// A chart's table is open on a phone, where the chart is hardest to read; on a wider screen it
// starts closed, under its chart (templates/reporting/includes/chart.html).
if (window.matchMedia("(min-width: 40.0625em)").matches) {
  for (const details of document.querySelectorAll("details[data-cwf-closed-from-tablet]")) {
    details.open = false;
  }
}
