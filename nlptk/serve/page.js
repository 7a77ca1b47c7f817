// nlptk serve: the page at /. Sends each line of the text box to /render with the ticked
// tasks and shows the HTML it returns (the rendering of `nlptk analyze --format html`).
"use strict";
(function () {
  const form = document.getElementById("form");
  const status = document.getElementById("status");
  const result = document.getElementById("result");
  const limits = JSON.parse(document.body.dataset.limits);

  function fail(message) {
    status.textContent = message;
    status.className = "error";
  }

  async function analyze(event) {
    event.preventDefault();
    const texts = document.getElementById("text").value.split(/\r?\n/).filter((t) => t.trim());
    const tasks = Array.from(form.querySelectorAll("input[name=task]:checked"), (b) => b.value);
    if (!texts.length) return fail("no text");
    if (!tasks.length) return fail("no task ticked");
    if (texts.length > limits.max_texts) return fail(`at most ${limits.max_texts} lines`);
    status.textContent = "…";
    status.className = "";
    const started = performance.now();
    let response;
    try {
      response = await fetch("/render", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ texts, tasks }),
      });
    } catch (err) {
      return fail(`no answer: ${err}`);
    }
    const data = await response.json();
    if (!response.ok) {
      const detail = typeof data.detail === "string" ? data.detail : data.detail.map((d) => d.msg).join("; ");
      return fail(`${response.status}: ${detail}`);
    }
    result.innerHTML = data.html + data.legend;
    status.textContent = `${texts.length} text(s), ${Math.round(performance.now() - started)} ms`;
    result.dataset.done = "1";
  }

  form.addEventListener("submit", analyze);
})();
