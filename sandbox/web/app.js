"use strict";
const open = new Map(); // user id -> {el, name, sig}

async function api(method, path, body) {
  const r = await fetch(path, { method, headers: { "Content-Type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
  const data = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(data.error || r.statusText);
  return data;
}

function fmt(t) {
  const d = new Date(t);
  return d.toLocaleString("zh-CN", { hour12: false });
}

async function loadUsers() {
  const users = await api("GET", "/api/users");
  const pick = document.getElementById("pick");
  const cur = pick.value;
  pick.innerHTML = '<option value="">选择用户…</option>';
  for (const u of users) {
    const o = document.createElement("option");
    o.value = u.id; o.textContent = `${u.name}（${u.id}）`; o.dataset.name = u.name;
    pick.appendChild(o);
  }
  pick.value = cur;
  return users;
}

function openChat(id, name) {
  id = String(id);
  if (open.has(id)) return;
  const el = document.getElementById("chat-tpl").content.firstElementChild.cloneNode(true);
  el.dataset.testid = "chat-" + id;
  el.querySelector(".who").textContent = `${name}（${id}）`;
  el.querySelector(".close").onclick = () => { el.remove(); open.delete(id); saveOpen(); };
  el.querySelector(".compose").onsubmit = async (e) => {
    e.preventDefault();
    const input = e.target.querySelector("input");
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    try { await api("POST", `/api/users/${id}/send`, { text }); } catch (err) { alert(err.message); }
    refresh(id);
  };
  document.getElementById("chats").appendChild(el);
  open.set(id, { el, name, sig: "" });
  saveOpen();
  refresh(id);
}

function saveOpen() {
  localStorage.setItem("orglife-open", JSON.stringify([...open].map(([id, c]) => [id, c.name])));
}

async function refresh(id) {
  const c = open.get(id);
  if (!c) return;
  let msgs;
  try { msgs = await api("GET", `/api/users/${id}/messages`); } catch { return; }
  const sig = JSON.stringify(msgs);
  if (sig === c.sig) return;
  c.sig = sig;
  const log = c.el.querySelector(".log");
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  log.innerHTML = "";
  for (const m of msgs) {
    const div = document.createElement("div");
    div.className = "msg " + m.from;
    div.dataset.testid = "msg-" + m.from;
    const text = document.createElement("div");
    text.textContent = m.text || (m.kind !== "text" && !m.document ? `[${m.kind}]` : "");
    div.appendChild(text);
    if (m.edits) {
      const e = document.createElement("span");
      e.className = "edited"; e.textContent = `已编辑 ${m.edits} 次`;
      div.appendChild(e);
    }
    if (m.document) {
      const a = document.createElement("a");
      a.dataset.testid = "document";
      a.href = m.document_url; a.download = m.document.file_name || "file";
      a.textContent = `📄 ${m.document.file_name || "文件"}（${Math.ceil(m.document.file_size / 1024)} KB）`;
      div.appendChild(a);
    }
    if (m.buttons) {
      const kb = document.createElement("div");
      kb.className = "kb";
      for (const row of m.buttons) {
        const r = document.createElement("div");
        r.className = "row";
        for (const b of row) {
          if (b.url) {
            const a = document.createElement("a");
            a.href = b.url; a.target = "_blank"; a.textContent = b.text;
            r.appendChild(a);
            continue;
          }
          const btn = document.createElement("button");
          btn.textContent = b.text;
          btn.dataset.testid = "kb-button";
          btn.onclick = async () => {
            try { await api("POST", `/api/users/${id}/click`, { message_id: m.id, data: b.data }); } catch (err) { alert(err.message); }
            refresh(id);
          };
          r.appendChild(btn);
        }
        kb.appendChild(r);
      }
      div.appendChild(kb);
    }
    const t = document.createElement("span");
    t.className = "time"; t.textContent = fmt(m.date);
    div.appendChild(t);
    log.appendChild(div);
  }
  if (atBottom) log.scrollTop = log.scrollHeight;
}

async function loadClock() {
  try {
    const c = await api("GET", "/api/clock");
    let s = "沙盒时间：" + fmt(c.now);
    if (c.next_reminder) s += "　下一个提醒：" + fmt(c.next_reminder);
    document.getElementById("clock").textContent = s;
  } catch {}
}

async function moveClock(body) {
  try { await api("POST", "/api/clock", body); } catch (err) { alert(err.message); }
  loadClock();
}

document.querySelectorAll("[data-advance]").forEach((b) => { b.onclick = () => moveClock({ advance: b.dataset.advance }); });
document.getElementById("next").onclick = () => moveClock({ to: "next" });
document.getElementById("open").onclick = () => {
  const o = document.getElementById("pick").selectedOptions[0];
  if (o && o.value) openChat(o.value, o.dataset.name);
};
document.getElementById("add").onsubmit = async (e) => {
  e.preventDefault();
  const name = document.getElementById("name").value.trim();
  const id = parseInt(document.getElementById("uid").value, 10);
  try {
    await api("POST", "/api/users", { id, name });
    await loadUsers();
    openChat(id, name);
    e.target.reset();
  } catch (err) { alert(err.message); }
};

(async () => {
  const users = await loadUsers();
  const known = new Set(users.map((u) => String(u.id)));
  let saved = [];
  try { saved = JSON.parse(localStorage.getItem("orglife-open") || "[]"); } catch {}
  for (const [id, name] of saved) if (known.has(String(id))) openChat(id, name);
  if (open.size === 0) for (const u of users.slice(0, 3)) openChat(u.id, u.name);
  loadClock();
  setInterval(() => { for (const id of open.keys()) refresh(id); }, 1000);
  setInterval(loadClock, 5000);
  setInterval(loadUsers, 10000);
})();
