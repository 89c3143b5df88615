// Keyboard shortcuts and small helpers of the review workspace. No external code; bill text is
// only ever read from the page (textContent / dataset), never inserted as HTML.
(function () {
  "use strict";
  const sections = Array.from(document.querySelectorAll("section.criterion"));
  let current = 0;

  function focusCriterion(index) {
    if (!sections.length) return;
    current = Math.max(0, Math.min(sections.length - 1, index));
    sections.forEach((s, i) => s.classList.toggle("current", i === current));
    const section = sections[current];
    section.scrollIntoView({ block: "nearest" });
    document.querySelectorAll("mark.ev").forEach((m) =>
      m.classList.toggle("active", m.dataset.criteria.split(" ").includes(section.dataset.criterion)));
  }

  function submit(section, action, verdict) {
    const form = section.querySelector("form.decide");
    if (verdict) form.querySelector("select[name=verdict]").value = verdict;
    const button = form.querySelector(`button[value=${action}]`);
    form.requestSubmit(button);
  }

  // the criterion the URL points at (after a decision) or the first pending one
  const target = location.hash && document.querySelector(location.hash);
  let start = sections.indexOf(target);
  if (start < 0) start = Math.max(0, sections.findIndex((s) => !s.classList.contains("signed")));
  focusCriterion(start);
  sections.forEach((s, i) => s.addEventListener("click", () => { if (current !== i) focusCriterion(i); }));

  document.querySelectorAll("button.quote-this").forEach((button) => {
    button.addEventListener("click", () => {
      const section = button.closest("section.criterion");
      const area = section.querySelector("textarea[name=explanation]");
      const verdict = section.querySelector("select[name=verdict]").value;
      const opening = JSON.parse(area.dataset.opening)[verdict];
      area.value = `${opening}. "${button.dataset.quote}"`;
      area.focus();
    });
  });

  document.querySelectorAll("textarea[name=explanation]").forEach((area) => {
    area.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        submit(area.closest("section.criterion"), "edit");
      }
    });
  });

  document.addEventListener("keydown", (event) => {
    const tag = (event.target.tagName || "").toLowerCase();
    if (["input", "textarea", "select"].includes(tag) || event.ctrlKey || event.metaKey || event.altKey) return;
    const section = sections[current];
    const keys = document.getElementById("keys");
    switch (event.key) {
      case "?": if (keys) keys.showModal(); break;
      case "j": focusCriterion(current + 1); break;
      case "k": focusCriterion(current - 1); break;
      case "a": if (section) submit(section, "accept"); break;
      case "y": if (section) submit(section, "change", "yes"); break;
      case "p": if (section) submit(section, "change", "partial"); break;
      case "n": if (section) submit(section, "change", "no"); break;
      case "e": if (section) { section.querySelector("textarea[name=explanation]").focus(); } break;
      case "m": if (section) { section.querySelector("input[name=note]").focus(); } break;
      case "s": {
        const form = document.getElementById("signoff-form");
        if (form && confirm("Sign off this bill (accept every pending criterion)?")) form.requestSubmit();
        break;
      }
      default: return;
    }
    event.preventDefault();
  });
})();
