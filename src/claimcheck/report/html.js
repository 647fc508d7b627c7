// claimcheck HTML report: the details popover and the filters. Inlined into the page; its
// hash is in the page's CSP. It builds no markup from strings: the popover shows copies of
// the finding cards already in the page, so nothing from the audited copy is ever parsed.
(() => {
  "use strict";
  const RANK = { info: 1, warning: 2, error: 3 };
  const popover = document.getElementById("popover");
  const filters = document.getElementById("filters");
  if (!popover || !filters) return; // a report without findings
  const panel = popover.querySelector(".popover-body");
  const highlights = Array.from(document.querySelectorAll("mark.hl"));
  const cards = Array.from(document.querySelectorAll("ol.findings > li.finding"));
  const shownNote = document.getElementById("shown");
  let current = null; // the highlight link the popover describes
  let refocusing = false; // focus given back on close must not reopen the popover

  const cardsOf = (mark) =>
    mark.dataset.findings.split(" ").map((id) => document.getElementById(id));
  const shownCardsOf = (mark) =>
    cardsOf(mark)
      .filter((card) => !card.hidden)
      .sort((a, b) => RANK[b.dataset.severity] - RANK[a.dataset.severity]);
  const linkOf = (target) =>
    target instanceof Element ? target.closest("mark.hl > a") : null;
  const isLive = (link) => link !== null && link.parentElement.dataset.shown !== "";

  function checked(name) {
    const boxes = filters.querySelectorAll(`input[name="${name}"]:checked`);
    return new Set(Array.from(boxes, (box) => box.value));
  }

  function copyOf(card) {
    const copy = card.cloneNode(true);
    for (const element of [copy, ...copy.querySelectorAll("[id]")]) {
      element.removeAttribute("id"); // ids stay unique: the original card keeps them
    }
    return copy;
  }

  function place(link) {
    const lines = link.getClientRects();
    const first = lines[0] || link.getBoundingClientRect();
    const last = lines[lines.length - 1] || first;
    if (getComputedStyle(popover).position === "fixed") {
      // On a phone the popover is a sheet along the bottom: keep the highlight above it.
      const sheetTop = popover.getBoundingClientRect().top;
      if (last.bottom > sheetTop) window.scrollBy(0, first.top - 16);
      return;
    }
    const frame = popover.offsetParent.getBoundingClientRect(); // the copy block
    const widest = Math.max(0, frame.width - popover.offsetWidth);
    popover.style.top = `${last.bottom - frame.top + 6}px`;
    popover.style.left = `${Math.min(Math.max(0, last.left - frame.left), widest)}px`;
  }

  function open(link) {
    const shown = shownCardsOf(link.parentElement);
    if (!shown.length) return;
    panel.replaceChildren(...shown.map(copyOf));
    if (current && current !== link) current.setAttribute("aria-expanded", "false");
    current = link;
    link.setAttribute("aria-expanded", "true");
    // NOTE: right after the highlight, so Tab moves from it into the details' links.
    link.parentElement.after(popover);
    popover.hidden = false;
    place(link);
  }

  function close(giveFocusBack) {
    if (popover.hidden) return;
    popover.hidden = true;
    const link = current;
    current = null;
    if (!link) return;
    link.setAttribute("aria-expanded", "false");
    if (giveFocusBack) {
      refocusing = true;
      link.focus();
      refocusing = false;
    }
  }

  function applyFilters() {
    const severities = checked("severity");
    const verdicts = checked("verdict");
    for (const card of cards) {
      card.hidden = !(severities.has(card.dataset.severity) && verdicts.has(card.dataset.verdict));
    }
    for (const mark of highlights) {
      const top = shownCardsOf(mark)[0];
      mark.dataset.shown = top ? top.dataset.severity : "";
      mark.firstElementChild.tabIndex = top ? 0 : -1;
    }
    const shown = cards.filter((card) => !card.hidden).length;
    shownNote.textContent = `Showing ${shown} of ${cards.length} findings`;
    if (current) {
      if (isLive(current)) open(current);
      else close(false);
    }
  }

  for (const mark of highlights) {
    mark.firstElementChild.setAttribute("aria-haspopup", "dialog");
    mark.firstElementChild.setAttribute("aria-expanded", "false");
  }
  document.addEventListener("click", (event) => {
    const link = linkOf(event.target);
    if (isLive(link)) {
      event.preventDefault(); // the popover instead of a jump to the card
      open(link);
    }
  });
  // NOTE: closed on pointerdown, not click: on a phone, opening scrolls the highlight above
  // the sheet, so the click that follows the tap lands elsewhere and must not close it.
  document.addEventListener("pointerdown", (event) => {
    if (!popover.contains(event.target) && !isLive(linkOf(event.target))) close(false);
  });
  document.addEventListener("focusin", (event) => {
    const link = linkOf(event.target);
    if (isLive(link)) {
      if (!refocusing) open(link);
    } else if (!popover.contains(event.target)) {
      close(false);
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !popover.hidden) {
      event.preventDefault();
      close(true);
    }
  });
  window.addEventListener("resize", () => {
    if (current) place(current);
  });
  popover.querySelector(".close").addEventListener("click", () => close(true));
  filters.addEventListener("change", applyFilters);
  filters.hidden = false;
  applyFilters();
})();
