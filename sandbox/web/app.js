"use strict";
// The sandbox's chat page. Every chat is polled once a second; users' chats and group chats
// share one view ("kind" says which). Nothing here keeps state the server does not have,
// except which chats are open (localStorage).
const open = new Map(); // chat id (negative for groups) -> {el, name, kind, sig, speaker, members}
let botUsername = "";
let groups = [];
let knownUsers = [];

async function api(method, path, body) {
  const opts = { method };
  if (body instanceof FormData) opts.body = body;
  else if (body) { opts.body = JSON.stringify(body); opts.headers = { "Content-Type": "application/json" }; }
  const r = await fetch(path, opts);
  const data = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(data.error || r.statusText);
  return data;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// --- toasts: the bot's answers to button presses, as Telegram shows them ---

function toast(text, alert) {
  const t = el("div", "toast" + (alert ? " alert" : ""), text);
  t.dataset.testid = "toast";
  t.setAttribute("role", "status");
  document.getElementById("toasts").appendChild(t);
  const remove = () => t.remove();
  if (alert) t.onclick = remove; else setTimeout(remove, 3500);
}

// awaitAnswer waits (up to 10 s) for the bot to answer the press and shows its text.
async function awaitAnswer(userId, queryId) {
  for (let i = 0; i < 40; i++) {
    let answers = [];
    try { answers = await api("GET", `/api/users/${userId}/answers`); } catch { return; }
    const a = answers.find((x) => x.query_id === queryId);
    if (a && a.answered) {
      if (a.text) toast(a.text, a.show_alert);
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

// --- users, groups and the picker ---

async function loadUsers() {
  const [users, gs] = await Promise.all([api("GET", "/api/users"), api("GET", "/api/groups")]);
  groups = gs;
  const pick = document.getElementById("pick");
  const cur = pick.value;
  pick.innerHTML = '<option value="">选择对话…</option>';
  const ug = el("optgroup"); ug.label = "用户";
  for (const u of users) {
    const o = el("option", "", `${u.name}（${u.id}）`);
    o.value = u.id; o.dataset.name = u.name;
    ug.appendChild(o);
  }
  pick.appendChild(ug);
  if (gs.length) {
    const gg = el("optgroup"); gg.label = "群组";
    for (const g of gs) {
      const o = el("option", "", `${g.title}（群）`);
      o.value = g.id; o.dataset.name = g.title;
      gg.appendChild(o);
    }
    pick.appendChild(gg);
  }
  pick.value = cur;
  knownUsers = users;
  return users;
}

function userName(id) {
  const u = knownUsers.find((x) => String(x.id) === String(id));
  return u ? u.name : String(id);
}

// --- chats ---

function base(id, c) { return c.kind === "group" ? `/api/groups/${id}` : `/api/users/${id}`; }

// actor is who acts in a chat: the user of a private chat, the chosen member in a group.
function actor(id, c) { return c.kind === "group" ? c.speaker : id; }

function openChat(id, name) {
  id = String(id);
  if (open.has(id)) { activate(id); return; }
  const kind = Number(id) < 0 ? "group" : "user";
  const chatEl = document.getElementById("chat-tpl").content.firstElementChild.cloneNode(true);
  chatEl.dataset.testid = "chat-" + id;
  chatEl.classList.add(kind);
  chatEl.querySelector(".who").textContent = kind === "group" ? name : `${name}（${id}）`;
  const c = { el: chatEl, name, kind, sig: "", speaker: null, first: true };
  open.set(id, c);
  if (kind === "group") setUpGroup(id, c);
  chatEl.querySelector(".close").onclick = () => closeChat(id);
  chatEl.addEventListener("click", () => activate(id), true);
  wireCompose(id, c);
  document.getElementById("chats").appendChild(chatEl);
  addTab(id, c);
  saveOpen();
  activate(id);
  refresh(id);
}

function setUpGroup(id, c) {
  const g = groups.find((x) => String(x.id) === id);
  const members = g ? g.members : [];
  const sel = c.el.querySelector(".speaker");
  for (const m of members) {
    const o = el("option", "", userName(m));
    o.value = m;
    sel.appendChild(o);
  }
  c.speaker = members.length ? String(members[0]) : null;
  sel.onchange = () => { c.speaker = sel.value; c.sig = ""; refresh(id); };
  c.el.querySelector(".speaker-box").hidden = false;
  c.el.querySelector(".attach").hidden = true;
}

function closeChat(id) {
  const c = open.get(id);
  if (!c) return;
  c.el.remove(); c.tab.remove(); open.delete(id); saveOpen();
  const rest = [...open.keys()];
  if (rest.length) activate(rest[rest.length - 1]);
}

function addTab(id, c) {
  const t = el("button", "tab " + c.kind, c.name);
  t.type = "button";
  t.dataset.testid = "tab-" + id;
  t.onclick = () => activate(id);
  document.getElementById("tabs").appendChild(t);
  c.tab = t;
}

// activate shows a chat on a phone (one at a time) and marks its tab.
function activate(id) {
  for (const [cid, c] of open) {
    const on = cid === id;
    c.el.classList.toggle("active", on);
    c.tab.classList.toggle("active", on);
    if (on) c.tab.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
}

function saveOpen() {
  localStorage.setItem("orglife-open", JSON.stringify([...open].map(([id, c]) => [id, c.name])));
}

function wireCompose(id, c) {
  const form = c.el.querySelector(".compose");
  const input = form.querySelector(".text");
  form.onsubmit = async (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    await sendText(id, c, text);
  };
  form.querySelector(".slash").onclick = () => toggleMenu(id, c);
  const file = form.querySelector(".file");
  form.querySelector(".attach").onclick = () => file.click();
  file.onchange = async () => {
    const f = file.files[0];
    if (!f) return;
    const fd = new FormData();
    fd.append("file", f, f.name);
    fd.append("as", /^image\/(png|jpeg|gif)$/.test(f.type) ? "photo" : "document");
    const caption = input.value.trim();
    if (caption) fd.append("caption", caption);
    input.value = ""; file.value = "";
    try { await api("POST", `${base(id, c)}/file`, fd); } catch (err) { toast(err.message, true); }
    refresh(id);
  };
}

async function sendText(id, c, text) {
  const body = c.kind === "group" ? { user: Number(c.speaker), text } : { text };
  try { await api("POST", `${base(id, c)}/send`, body); } catch (err) { toast(err.message, true); }
  refresh(id);
}

// toggleMenu opens the "/" menu: the commands the bot set for this chat (and, in a group,
// this member), as the fake resolves their scopes.
async function toggleMenu(id, c) {
  const menu = c.el.querySelector(".menu");
  if (!menu.hidden) { menu.hidden = true; return; }
  let cmds = [];
  const q = c.kind === "group" ? `?user=${c.speaker}` : "";
  try { cmds = await api("GET", `${base(id, c)}/commands${q}`); } catch (err) { toast(err.message, true); return; }
  menu.innerHTML = "";
  if (!cmds.length) menu.appendChild(el("div", "empty", "机器人没有为这个对话设置命令菜单"));
  for (const cmd of cmds) {
    const b = el("button", "item");
    b.type = "button";
    b.dataset.testid = "menu-item";
    b.appendChild(el("b", "", "/" + cmd.command));
    b.appendChild(el("span", "", cmd.description));
    b.onclick = () => { menu.hidden = true; sendText(id, c, "/" + cmd.command); };
    menu.appendChild(b);
  }
  menu.hidden = false;
}

// --- links: t.me/<bot>?start=… opens the bot as Telegram would ---

function startPayload(href) {
  let u;
  try { u = new URL(href); } catch { return null; }
  if (u.hostname !== "t.me") return null;
  if (u.pathname === "/share/url") return startPayload(u.searchParams.get("url") || "");
  if (!botUsername || u.pathname.slice(1).toLowerCase() !== botUsername.toLowerCase()) return null;
  return u.searchParams.get("start");
}

// followStart: in a private chat the link was meant for someone else (an invite passed on),
// so a new user opens it; in a group the member acting there opens it themselves.
async function followStart(id, c, payload) {
  try {
    if (c.kind === "group") {
      await api("POST", `/api/users/${c.speaker}/send`, { text: "/start " + payload });
      openChat(c.speaker, userName(c.speaker));
      return;
    }
    const u = await api("POST", "/api/join", { payload });
    await loadUsers();
    openChat(u.id, u.name);
  } catch (err) { toast(err.message, true); }
}

function link(id, c, href, text) {
  const a = el("a", "", text);
  a.href = href;
  const payload = startPayload(href);
  if (payload) {
    a.dataset.testid = "start-link";
    a.onclick = (e) => { e.preventDefault(); followStart(id, c, payload); };
  } else {
    a.target = "_blank"; a.rel = "noopener";
  }
  return a;
}

const urlRe = /https?:\/\/[^\s<>"'，。；）)]+/g;

function linkify(id, c, text) {
  const frag = document.createDocumentFragment();
  let last = 0;
  for (const m of text.matchAll(urlRe)) {
    frag.appendChild(document.createTextNode(text.slice(last, m.index)));
    frag.appendChild(link(id, c, m[0], m[0]));
    last = m.index + m[0].length;
  }
  frag.appendChild(document.createTextNode(text.slice(last)));
  return frag;
}

// --- rendering ---

async function refresh(id) {
  const c = open.get(id);
  if (!c) return;
  let msgs;
  try { msgs = await api("GET", `${base(id, c)}/messages`); } catch { return; }
  const sig = JSON.stringify(msgs);
  if (sig === c.sig) return;
  c.sig = sig;
  const log = c.el.querySelector(".log");
  const atBottom = c.first || log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  log.innerHTML = "";
  let day = "";
  for (const m of msgs) {
    if (m.day !== day) {
      day = m.day;
      const d = el("div", "day", day);
      d.dataset.testid = "day";
      log.appendChild(d);
    }
    log.appendChild(bubble(id, c, m));
  }
  if (atBottom) {
    log.scrollTop = log.scrollHeight;
    // A photo takes its height when it has loaded: keep the newest message in view.
    log.querySelectorAll("img").forEach((img) => { img.onload = () => { log.scrollTop = log.scrollHeight; }; });
  }
  c.first = false;
}

function bubble(id, c, m) {
  const mine = m.from === "user" && (c.kind === "user" || String(m.from_id) === String(c.speaker));
  const div = el("div", "msg " + m.from + (mine ? " mine" : ""));
  div.dataset.testid = "msg-" + m.from;
  if (c.kind === "group" && m.from === "user" && !mine) div.appendChild(el("div", "author", m.from_name || String(m.from_id)));
  if (m.photo_url) {
    const img = el("img", "photo");
    img.src = m.photo_url; img.alt = "图片"; img.dataset.testid = "photo";
    div.appendChild(img);
  }
  const text = el("div", "text");
  if (m.text) text.appendChild(linkify(id, c, m.text));
  else if (m.kind !== "text" && !m.document && !m.photo) text.textContent = `[${m.kind}]`;
  div.appendChild(text);
  if (m.document) {
    const a = el("a", "file", `📄 ${m.document.file_name || "文件"}（${Math.ceil(m.document.file_size / 1024)} KB）`);
    a.dataset.testid = "document";
    a.href = m.document_url; a.download = m.document.file_name || "file";
    div.appendChild(a);
  }
  if (m.buttons) div.appendChild(keyboard(id, c, m));
  const foot = el("div", "foot");
  if (m.edits) foot.appendChild(el("span", "edited", "已编辑"));
  const t = el("span", "time", m.time);
  t.dataset.testid = "msg-time";
  t.title = m.day;
  foot.appendChild(t);
  div.appendChild(foot);
  return div;
}

function keyboard(id, c, m) {
  const kb = el("div", "kb");
  for (const row of m.buttons) {
    const r = el("div", "row");
    for (const b of row) {
      if (b.url) {
        const a = link(id, c, b.url, b.text);
        a.classList.add("url");
        r.appendChild(a);
        continue;
      }
      const btn = el("button", "", b.text);
      btn.type = "button";
      btn.dataset.testid = "kb-button";
      btn.onclick = () => press(id, c, m, b);
      r.appendChild(btn);
    }
    kb.appendChild(r);
  }
  return kb;
}

async function press(id, c, m, b) {
  const who = actor(id, c);
  const body = c.kind === "group" ? { user: Number(who), message_id: m.id, data: b.data } : { message_id: m.id, data: b.data };
  let res;
  try { res = await api("POST", `${base(id, c)}/click`, body); } catch (err) { toast(err.message, true); return; }
  refresh(id);
  awaitAnswer(who, res.callback_query_id);
}

// --- the clock ---

async function loadClock() {
  try {
    const c = await api("GET", "/api/clock");
    const clock = document.getElementById("clock");
    clock.textContent = c.time;
    clock.title = `沙盒时间（${c.zone}）`;
    clock.dataset.zone = c.zone;
    document.getElementById("next-at").textContent = c.next_reminder_time ? "下一个提醒：" + c.next_reminder_time : "";
  } catch {}
}

async function moveClock(body) {
  try { await api("POST", "/api/clock", body); } catch (err) { toast(err.message, true); }
  loadClock();
}

// --- group creation ---

function openGroupDialog() {
  const box = document.getElementById("group-members");
  box.innerHTML = "";
  for (const u of knownUsers) {
    const l = el("label");
    const cb = el("input");
    cb.type = "checkbox"; cb.value = u.id; cb.checked = true;
    cb.dataset.testid = "group-member-" + u.id;
    l.appendChild(cb);
    l.appendChild(document.createTextNode(` ${u.name}（${u.id}）`));
    box.appendChild(l);
  }
  document.getElementById("group-dialog").showModal();
}

async function createGroup() {
  const title = document.getElementById("group-title").value.trim();
  const members = [...document.querySelectorAll("#group-members input:checked")].map((x) => Number(x.value));
  try {
    const g = await api("POST", "/api/groups", { title, members });
    await loadUsers();
    openChat(g.id, g.title);
  } catch (err) { toast(err.message, true); }
}

// --- start ---

document.querySelectorAll("[data-advance]").forEach((b) => { b.onclick = () => moveClock({ advance: b.dataset.advance }); });
document.getElementById("next").onclick = () => moveClock({ to: "next" });
document.getElementById("open").onclick = () => {
  const o = document.getElementById("pick").selectedOptions[0];
  if (o && o.value) openChat(o.value, o.dataset.name);
};
document.getElementById("new-group").onclick = openGroupDialog;
document.getElementById("group-dialog").addEventListener("close", () => {
  if (document.getElementById("group-dialog").returnValue === "create") createGroup();
});
document.getElementById("add").onsubmit = async (e) => {
  e.preventDefault();
  const name = document.getElementById("name").value.trim();
  const id = parseInt(document.getElementById("uid").value, 10);
  try {
    await api("POST", "/api/users", { id, name });
    await loadUsers();
    openChat(id, name);
    e.target.reset();
  } catch (err) { toast(err.message, true); }
};
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape") document.querySelectorAll(".menu").forEach((m) => { m.hidden = true; });
});

(async () => {
  // A phone keeps the add-user form folded away, to leave the screen to the chat.
  if (window.matchMedia("(max-width: 600px)").matches) document.getElementById("add-box").open = false;
  try { botUsername = (await api("GET", "/api/bot")).username; } catch {}
  const users = await loadUsers();
  const known = new Set([...users.map((u) => String(u.id)), ...groups.map((g) => String(g.id))]);
  let saved = [];
  try { saved = JSON.parse(localStorage.getItem("orglife-open") || "[]"); } catch {}
  for (const [id, name] of saved) if (known.has(String(id))) openChat(id, name);
  if (open.size === 0) for (const u of users.slice(0, 3)) openChat(u.id, u.name);
  if (open.size) activate([...open.keys()][0]);
  loadClock();
  setInterval(() => { for (const id of open.keys()) refresh(id); }, 1000);
  setInterval(loadClock, 2000);
  setInterval(loadUsers, 10000);
})();
