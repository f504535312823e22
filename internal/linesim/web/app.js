// The LINE simulator chat page: residents, chat timeline, quick replies,
// loading animation, rich menu and the Messaging API panel. It talks to
// the simulator through api/… (JSON) and api/events (Server-Sent Events).
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const NAMES = ['佐藤 はなこ', '鈴木 たろう', '高橋 みどり', '田中 けんじ', '伊藤 さくら', '渡辺 まさる',
    '山本 ゆき', '中村 ひろし', '小林 あやこ', '加藤 だいすけ', 'Nguyen Van An', 'Maria Santos'];
  const STICKERS = [['446', '1988'], ['446', '1989'], ['446', '1990'], ['446', '1991']];

  const S = {
    state: { account: '', residents: [], group: { id: '', joined: false }, richMenu: null },
    current: localStorage.getItem('linesim.resident') || '',
    group: localStorage.getItem('linesim.group') === '1',
    items: [],
    loadingUntil: 0,
    loadingTimer: 0,
    unread: {},
    richMenuShown: null,
  };

  // ---- server calls ----

  async function getJSON(path) {
    const r = await fetch('api/' + path, { cache: 'no-store' });
    if (!r.ok) throw new Error(path + ': ' + r.status);
    return r.json();
  }

  async function postJSON(path, body) {
    const r = await fetch('api/' + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const data = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(data.error || path + ': ' + r.status);
    return data;
  }

  // ---- helpers ----

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  const pad = (n) => String(n).padStart(2, '0');
  const hhmm = (ms) => { const d = new Date(ms); return pad(d.getHours()) + ':' + pad(d.getMinutes()); };
  const hhmmss = (ms) => { const d = new Date(ms); return hhmm(ms) + ':' + pad(d.getSeconds()); };
  const day = (ms) => { const d = new Date(ms); return d.getFullYear() + '/' + (d.getMonth() + 1) + '/' + d.getDate(); };
  const me = () => S.state.residents.find((r) => r.id === S.current);
  const chatId = () => (S.group ? S.state.group.id : S.current);
  const initial = (name) => (name || '?').trim().charAt(0).toUpperCase();
  function nameOf(id) {
    if (!id) return '';
    if (id === S.state.group.id) return 'グループ';
    const r = S.state.residents.find((x) => x.id === id);
    return r ? r.name : id.slice(0, 9) + '…';
  }

  const actions = window.SimActions({ el: el, send: (p) => send(p) });
  const dialog = actions.dialog, onAction = actions.onAction;
  const ctx = { onAction: onAction };
  const timeline = window.SimTimeline({ S: S, el: el, ctx: ctx, nameOf: nameOf, hhmm: hhmm, day: day, initial: initial });
  const renderTimeline = timeline.render;
  const panel = window.SimPanel({ getJSON: getJSON, nameOf: nameOf, el: el, hhmmss: hhmmss });

  // ---- sending ----

  async function send(p) {
    if (!S.current) return;
    p.chat = chatId();
    p.user = S.current;
    $('quick-replies').hidden = true; // LINE hides the chips once used
    try {
      const it = await postJSON('send', p);
      upsert(it);
      renderTimeline(true);
    } catch (e) {
      dialog('送信できませんでした', String(e.message || e));
    }
  }

  function sendInput() {
    const t = $('input').value;
    if (!t.trim()) return;
    $('input').value = '';
    autoGrow();
    send({ kind: 'text', text: t });
  }

  function autoGrow() {
    const t = $('input');
    t.style.height = 'auto';
    t.style.height = Math.min(t.scrollHeight, 120) + 'px';
  }

  // ---- residents ----

  async function newResident() {
    const used = new Set(S.state.residents.map((r) => r.name));
    const free = NAMES.filter((n) => !used.has(n));
    const name = free.length ? free[Math.floor(Math.random() * free.length)] : '利用者 ' + (S.state.residents.length + 1);
    const r = await postJSON('residents', { name: name });
    S.state.residents.push(Object.assign({ blocked: false }, r));
    select(r.id);
  }

  function select(id) {
    S.current = id;
    localStorage.setItem('linesim.resident', id);
    S.unread[id] = 0;
    $('sidebar').classList.remove('open');
    renderFrame();
    loadTimeline();
  }

  function renderResidents() {
    const ul = $('resident-list');
    ul.textContent = '';
    for (const r of S.state.residents) {
      const li = el('li', r.id === S.current ? 'current' : '');
      li.appendChild(el('span', 'avatar', initial(r.name)));
      li.appendChild(el('span', null, r.name));
      const status = r.blocked ? 'ブロック中' : r.friend ? '' : '未追加';
      const n = S.unread[r.id] || 0;
      li.appendChild(el('span', 'status', n ? '● ' + n : status));
      li.addEventListener('click', () => select(r.id));
      ul.appendChild(li);
    }
  }

  // ---- frame: header, banner, composer, rich menu ----

  function renderFrame() {
    const r = me();
    $('group-toggle').checked = S.group;
    $('chat-title').textContent = S.group ? 'つなぐテストグループ' : S.state.account;
    $('chat-sub').textContent = S.group
      ? 'メンバー: ' + S.state.residents.map((x) => x.name).join('、') + (S.state.group.joined ? '、' + S.state.account : '')
      : r ? 'あなた: ' + r.name : '';
    const blocked = !S.group && r && r.blocked;
    $('block-btn').hidden = S.group || !r || blocked || !r.friend;
    let text = '', btn = '', act = null;
    if (S.group && !S.state.group.joined) {
      text = 'ボットはまだこのグループにいません。'; btn = 'ボットを招待'; act = () => send({ kind: 'join' });
    } else if (blocked) {
      text = 'このアカウントをブロックしています。'; btn = 'ブロック解除'; act = () => send({ kind: 'follow' });
    } else if (!S.group && r && !r.friend) {
      text = '友だち追加すると、ボットからあいさつが届きます。'; btn = '友だち追加'; act = () => send({ kind: 'follow' });
    }
    $('banner').hidden = !text;
    $('banner-text').textContent = text;
    $('banner-btn').textContent = btn;
    $('banner-btn').onclick = act;
    $('input').disabled = !!blocked;
    $('send-btn').disabled = !!blocked;
    $('input').placeholder = blocked ? 'ブロック中は送信できません' : 'メッセージを入力';
    renderResidents();
    renderRichMenu();
  }

  function renderRichMenu() {
    const m = S.state.richMenu;
    $('richmenu').hidden = !m || S.group;
    if (!m) return;
    if (S.richMenuShown === null) S.richMenuShown = !!m.selected;
    $('richmenu-bar').textContent = (m.chatBarText || 'メニュー') + (S.richMenuShown ? ' ▾' : ' ▴');
    $('richmenu-body').hidden = !S.richMenuShown;
    const img = $('richmenu-img');
    const src = 'api/richmenu/image?id=' + encodeURIComponent(m.id);
    if (img.getAttribute('src') !== src) img.setAttribute('src', src);
    const areas = $('richmenu-areas');
    areas.textContent = '';
    for (const a of m.areas || []) {
      const b = el('button');
      b.type = 'button';
      const box = a.bounds || {};
      b.style.left = (100 * box.x / m.size.width) + '%';
      b.style.top = (100 * box.y / m.size.height) + '%';
      b.style.width = (100 * box.width / m.size.width) + '%';
      b.style.height = (100 * box.height / m.size.height) + '%';
      b.title = (a.action && (a.action.label || a.action.data || a.action.uri)) || '';
      b.addEventListener('click', () => onAction(a.action));
      areas.appendChild(b);
    }
  }

  // ---- timeline ----

  async function loadTimeline() {
    const id = chatId();
    if (!id) return;
    const t = await getJSON('timeline?chat=' + encodeURIComponent(id));
    if (id !== chatId()) return;
    S.items = t.items;
    setLoading(t.loadingUntil || 0);
    renderTimeline(true);
  }

  function upsert(it) {
    if (!it || !it.id) return;
    if (it.chat !== chatId()) {
      if (it.kind === 'bot') {
        S.unread[it.chat] = (S.unread[it.chat] || 0) + 1;
        renderResidents();
      }
      return;
    }
    const i = S.items.findIndex((x) => x.id === it.id);
    if (i >= 0) S.items[i] = it;
    else {
      let j = S.items.length;
      while (j > 0 && S.items[j - 1].at > it.at) j--;
      S.items.splice(j, 0, it);
    }
    if (it.kind === 'bot') setLoading(0);
    renderTimeline();
  }

  function setLoading(until) {
    S.loadingUntil = until;
    clearTimeout(S.loadingTimer);
    if (until > Date.now()) S.loadingTimer = setTimeout(() => { S.loadingUntil = 0; renderTimeline(); }, until - Date.now());
  }

  // ---- live updates ----

  function connect() {
    const es = new EventSource('api/events');
    es.addEventListener('open', () => { loadTimeline().catch(() => {}); panel.load().catch(() => {}); });
    es.addEventListener('item', (ev) => upsert(JSON.parse(ev.data)));
    es.addEventListener('call', (ev) => panel.add('call', JSON.parse(ev.data)));
    es.addEventListener('webhook', (ev) => panel.add('webhook', JSON.parse(ev.data)));
    es.addEventListener('loading', (ev) => {
      const l = JSON.parse(ev.data);
      if (l.chat !== chatId()) return;
      setLoading(l.until || 0);
      renderTimeline();
    });
    es.addEventListener('state', () => loadState().catch(() => {}));
  }

  async function loadState() {
    S.state = await getJSON('state');
    if (!S.state.residents.find((r) => r.id === S.current)) {
      if (!S.state.residents.length) return newResident();
      S.current = S.state.residents[0].id;
    }
    renderFrame();
  }

  // ---- wiring ----

  function wire() {
    $('send-btn').addEventListener('click', sendInput);
    $('input').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); sendInput(); }
    });
    $('input').addEventListener('input', autoGrow);
    $('new-resident').addEventListener('click', () => newResident().catch((e) => dialog('作れませんでした', e.message)));
    $('group-toggle').addEventListener('change', (e) => {
      S.group = e.target.checked;
      localStorage.setItem('linesim.group', S.group ? '1' : '0');
      renderFrame();
      loadTimeline();
    });
    $('block-btn').addEventListener('click', async () => {
      if (await dialog('ブロックしますか？', 'ボットに unfollow イベントが届きます。ブロック中はプッシュメッセージが届きません。', { cancel: true, ok: 'ブロック' })) send({ kind: 'unfollow' });
    });
    $('sticker-btn').addEventListener('click', () => { $('sticker-picker').hidden = !$('sticker-picker').hidden; });
    for (const [p, s] of STICKERS) {
      const b = el('button', null, window.LineRender.stickerEmoji(s));
      b.type = 'button';
      b.addEventListener('click', () => { $('sticker-picker').hidden = true; if (!S.group) send({ kind: 'sticker', packageId: p, stickerId: s }); });
      $('sticker-picker').appendChild(b);
    }
    $('richmenu-bar').addEventListener('click', () => { S.richMenuShown = !S.richMenuShown; renderRichMenu(); });
    $('open-sidebar').addEventListener('click', () => $('sidebar').classList.add('open'));
    $('close-sidebar').addEventListener('click', () => $('sidebar').classList.remove('open'));
    $('open-panel').addEventListener('click', () => $('panel').classList.add('open'));
    $('close-panel').addEventListener('click', () => $('panel').classList.remove('open'));
  }

  wire();
  loadState().then(() => { loadTimeline(); panel.load(); connect(); }).catch((e) => dialog('シミュレーターに接続できません', String(e.message || e)));
})();
