// The "Messaging API" panel of the simulator page: every call the bot made
// to the fake API and every webhook sent to the bot, newest first; a row
// opens the headers and JSON bodies. app.js creates it with its helpers.
(function () {
  'use strict';

  window.SimPanel = function (deps) {
    const $ = (id) => document.getElementById(id);
    const getJSON = deps.getJSON, nameOf = deps.nameOf, el = deps.el, hhmmss = deps.hhmmss;
    const st = { entries: [], selected: '' };
    const HELP = {
      reply: '返信（reply）: Webhook で届いた replyToken を使って返す。1回だけ・約1分以内。通数にカウントされない。',
      push: 'プッシュ（push）: いつでも送れるが通数にカウントされる。X-Line-Retry-Key（UUID）を付けると、同じキーの再送は 409 になり二重に届かない。',
      loading: 'ローディング表示: 5〜60秒（5秒きざみ）。次のメッセージが届くと消える。1対1のチャットだけ。',
      profile: 'プロフィール取得: 友だちでない・ブロック中の利用者は 404。',
      richmenu: 'リッチメニュー: 作成 → 画像アップロード → デフォルトに設定。',
      validate: 'メッセージの検証だけをする API（送信はしない）。',
      info: 'ボットの情報。',
      webhook: 'Webhook（LINE → ボット）: 本文を channel secret で署名（x-line-signature）。ボットは 2 秒以内に 200 を返す。',
    };

    function panelKey(e) { return e.kind + e.data.seq; }

    function add(kind, data) {
      const e = { kind: kind, data: data, at: data.at };
      st.entries = st.entries.filter((x) => panelKey(x) !== panelKey(e));
      st.entries.push(e);
      st.entries.sort((a, b) => a.at - b.at || (a.data.seq - b.data.seq));
      if (st.entries.length > 400) st.entries = st.entries.slice(-400);
    }

    async function load() {
      const r = await getJSON('calls');
      st.entries = [];
      for (const c of r.calls) add('call', c);
      for (const w of r.webhooks) add('webhook', w);
      renderPanel();
      refreshFaults().catch(() => {});
    }

    function badge(status) {
      const b = el('span', 'badge', status ? String(status) : 'ERR');
      b.classList.add(status === 409 ? 's409' : 's' + Math.floor((status || 500) / 100));
      return b;
    }

    function renderPanel() {
      const ol = $('call-list');
      const showHooks = $('show-webhooks').checked;
      ol.textContent = '';
      for (let i = st.entries.length - 1; i >= 0; i--) {
        const e = st.entries[i], d = e.data;
        if (e.kind === 'webhook' && !showHooks) continue;
        const li = el('li', e.kind + (st.selected === panelKey(e) ? ' selected' : ''));
        li.appendChild(el('span', 'time', hhmmss(d.at)));
        li.appendChild(badge(d.status));
        const sub = [];
        if (e.kind === 'call') {
          li.appendChild(el('span', 'path', d.method + ' ' + d.path));
          if (d.chatId) sub.push('→ ' + nameOf(d.chatId));
          if (d.retryKey) sub.push('retry ' + d.retryKey.slice(0, 8));
          sub.push(d.durationMs.toFixed(1) + 'ms');
        } else {
          li.appendChild(el('span', 'path', 'Webhook → ボット'));
          sub.push((d.eventIds || []).length + ' event', d.latencyMs.toFixed(1) + 'ms');
          if (!d.signed) sub.push('署名なし');
        }
        const s = el('span', 'sub', sub.join(' · '));
        if (d.fault) s.appendChild(el('span', 'tag', 'fault'));
        if (d.canceled) s.appendChild(el('span', 'tag', 'timeout'));
        li.appendChild(s);
        li.addEventListener('click', () => showDetail(e));
        ol.appendChild(li);
      }
    }

    function pretty(v) {
      if (v == null) return '（なし）';
      return typeof v === 'string' ? v : JSON.stringify(v, null, 2);
    }

    async function showDetail(e) {
      st.selected = panelKey(e);
      renderPanel();
      const box = $('call-detail');
      const meta = $('detail-meta');
      meta.textContent = '';
      const row = (k, v) => { if (v == null || v === '') return; meta.append(el('dt', null, k), el('dd', null, String(v))); };
      try {
        if (e.kind === 'call') {
          const c = await getJSON('calls/' + e.data.seq);
          $('detail-title').textContent = c.method + ' ' + c.path;
          $('detail-help').textContent = HELP[c.endpoint] || '';
          row('status', c.status + (c.fault ? '（注入した障害）' : ''));
          row('x-line-request-id', c.requestId);
          row('X-Line-Retry-Key', c.retryKey);
          row('X-Line-Accepted-Request-Id', c.acceptedRequestId);
          row('宛先', c.chatId ? nameOf(c.chatId) + ' (' + c.chatId + ')' : '');
          row('時間', c.durationMs.toFixed(1) + ' ms');
          row('User-Agent', c.userAgent);
          $('detail-request').textContent = pretty(c.request);
          $('detail-response').textContent = pretty(c.response);
        } else {
          const w = await getJSON('webhooks/' + e.data.seq);
          $('detail-title').textContent = 'POST (Webhook URL)';
          $('detail-help').textContent = HELP.webhook;
          row('status', w.status || w.error);
          row('応答時間', w.latencyMs.toFixed(1) + ' ms');
          row('x-line-signature', w.signed ? 'あり' : 'なし');
          row('webhookEventId', (w.eventIds || []).join(', '));
          $('detail-request').textContent = pretty(w.body);
          $('detail-response').textContent = 'HTTP ' + (w.status || '-');
        }
        box.hidden = false;
        box.scrollIntoView({ block: 'nearest' });
      } catch (err) {
        $('detail-title').textContent = String(err.message || err);
        box.hidden = false;
      }
    }

    async function refreshFaults() {
      const r = await getJSON('faults');
      $('fault-pending').textContent = r.pending;
    }

    $('fault-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const f = new FormData(ev.target);
      const body = {
        endpoint: f.get('endpoint'),
        status: Number(f.get('status')),
        delaySeconds: Number(f.get('delaySeconds')),
        times: Number(f.get('times')) || 1,
        processThenDelay: f.get('processThenDelay') === 'on',
        retryAfterSeconds: Number(f.get('status')) === 429 ? 2 : 0,
      };
      const r = await fetch('api/faults', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const data = await r.json().catch(() => ({}));
      if (r.ok) $('fault-pending').textContent = data.pending;
      else $('fault-pending').textContent = '? (' + (data.error || r.status) + ')';
    });

    $('show-webhooks').addEventListener('change', renderPanel);
    $('detail-close').addEventListener('click', () => { $('call-detail').hidden = true; st.selected = ''; renderPanel(); });

    return {
      load: load,
      add: (kind, data) => {
        add(kind, data);
        renderPanel();
        if (kind === 'call' && data.fault) refreshFaults().catch(() => {});
      },
    };
  };
})();
