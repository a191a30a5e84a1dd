// budgetgen serve: the page's only script. Posts carry this run's token; the book page polls
// the server for changes, scrolls the preview to a finding and follows builds.
"use strict";
(function () {
  const token = document.querySelector('meta[name="budgetgen-token"]').content;
  const status = document.getElementById("status");
  const say = (text) => { status.textContent = text; };

  async function post(url, body) {
    const response = await fetch(url, { method: "POST", body: body,
      headers: { "X-Budgetgen-Token": token }, credentials: "same-origin" });
    let answer = {};
    try { answer = await response.json(); } catch (e) { answer = { error: "请求未能完成（" + response.status + "）" }; }
    if (answer.error) say(answer.error);
    else if (answer.message) say(answer.message);
    return answer;
  }

  function show(answer) {
    const place = document.getElementById("import-result");
    if (answer.html && place) place.innerHTML = answer.html;
    if (answer.redirect) window.location.href = answer.redirect;
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target.closest("form[data-post]");
    if (!form) return;
    event.preventDefault();
    show(await post(form.dataset.post, new FormData(form)));
  });

  async function upload(file) {
    say("正在读取 " + file.name + " …");
    const body = new FormData();
    body.append("file", file);
    const answer = await post("/upload", body);
    if (!answer.error) say(answer.written ? "已写出 " + answer.target : "已读取，请确认写出");
    show(answer);
  }
  const input = document.getElementById("upload");
  if (input) {
    input.addEventListener("change", () => { if (input.files.length) upload(input.files[0]); });
    const drop = document.getElementById("drop");
    drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (e) => {
      e.preventDefault(); drop.classList.remove("over");
      if (e.dataTransfer.files.length) upload(e.dataTransfer.files[0]);
    });
  }

  // Home: lines listed from a quick read get their states as the server checks them.
  const rows = document.getElementById("books");
  if (rows && rows.dataset.pending !== "0") {
    const checking = document.getElementById("checking");
    const fill = async () => {
      try {
        const response = await fetch("/api/listing?v=" + rows.dataset.version);
        const answer = await response.json();
        if (answer.rows !== undefined) { rows.innerHTML = answer.rows; rows.dataset.version = answer.version; }
        checking.textContent = answer.pending ? "正在校验 " + answer.pending + " 本书，状态会逐一填入…" : "";
        if (!answer.pending && answer.rows !== undefined) return;
      } catch (e) { /* the server stopped: try again later */ }
      setTimeout(fill, 500);
    };
    setTimeout(fill, 300);
  }

  const book = document.querySelector("main.book");
  if (!book) return;
  const name = book.dataset.book;
  const frame = document.getElementById("preview");
  const panel = document.getElementById("findings");
  const query = "f=" + encodeURIComponent(name);
  let marked = null;

  function find(doc, target) {
    if (target === "top") return doc.querySelector("h1") || doc.body;
    if (target.startsWith("#")) return doc.getElementById(target.slice(1));
    if (target.startsWith("fact:")) return doc.querySelector('[data-fact="' + CSS.escape(target.slice(5)) + '"]');
    return null;
  }
  panel.addEventListener("click", (event) => {
    const button = event.target.closest("button.goto");
    if (!button || !button.dataset.target) return;
    const doc = frame.contentDocument;
    const element = doc && find(doc, button.dataset.target);
    if (!element) { say("在文本中找不到这个位置"); return; }
    if (marked) marked.style.outline = "";
    element.style.outline = "3px solid #d33";
    marked = element;
    element.scrollIntoView({ block: "center" });
  });

  // Live: ask whether the book changed; the server re-validates when its files did.
  async function poll() {
    if (document.hidden) { setTimeout(poll, 400); return; }  // a background tab asks nothing
    try {
      const response = await fetch("/api/state?" + query + "&v=" + book.dataset.version);
      const answer = await response.json();
      if (answer.findings !== undefined) {
        if (answer.previous !== book.dataset.previous) { window.location.reload(); return; }
        book.dataset.version = answer.version;
        document.querySelector("main.book h1").textContent = answer.title;
        document.getElementById("edition").textContent = answer.edition ? " · " + answer.edition : "";
        panel.innerHTML = answer.findings;
        const win = frame.contentWindow;
        const y = win ? win.scrollY : 0;
        frame.addEventListener("load", () => frame.contentWindow.scrollTo(0, y), { once: true });
        frame.src = "/preview?" + query + "&v=" + answer.version;
        const diff = document.getElementById("diff");
        if (diff) diff.src = "/diff?" + query + "&v=" + answer.version;
        say("已按文件的修改更新");
      }
    } catch (e) { /* the server stopped: try again later */ }
    setTimeout(poll, 400);
  }
  setTimeout(poll, 400);

  async function follow(box, fmt) {
    const bar = box.querySelector("progress");
    const label = box.querySelector(".build-state");
    const link = box.querySelector("a.download");
    for (;;) {
      const response = await fetch("/build?" + query + "&fmt=" + fmt);
      const job = await response.json();
      if (job.error) { label.textContent = job.error; return; }
      bar.hidden = false; bar.value = job.percent;
      label.textContent = job.label + (job.message ? "：" + job.message : "") + "（" + job.seconds + " 秒）";
      if (job.stage === "done") { link.hidden = false; bar.hidden = true; return; }
      if (job.stage === "failed") { bar.hidden = true; return; }
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  document.querySelectorAll("button[data-build]").forEach((button) => {
    button.addEventListener("click", async () => {
      const fmt = button.dataset.build;
      const box = button.closest(".edition");
      const body = new FormData();
      body.append("f", name); body.append("fmt", fmt);
      const job = await post("/build", body);
      if (!job.error) follow(box, fmt);
    });
  });
})();
