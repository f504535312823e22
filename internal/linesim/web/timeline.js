// Draws the chat timeline like LINE: day chips, the resident's green
// bubbles with 既読, the bot's white bubbles with its avatar, system notes,
// the loading dots, and the quick-reply chips of the last bot message.
(function () {
  'use strict';

  window.SimTimeline = function (deps) {
    const $ = (id) => document.getElementById(id);
    const S = deps.S, el = deps.el, ctx = deps.ctx, onAction = deps.ctx.onAction;
    const nameOf = deps.nameOf, hhmm = deps.hhmm, day = deps.day, initial = deps.initial;

    const SYSTEM_TEXT = { follow: '友だち追加しました', unfollow: 'ブロックしました', join: 'ボットをグループに招待しました' };

    function renderTimeline(force) {
      const box = $('messages');
      const atBottom = force === true || box.scrollHeight - box.scrollTop - box.clientHeight < 120;
      box.textContent = '';
      let lastDay = '', prev = null, lastShown = null;
      for (const it of S.items) {
        const d = day(it.at);
        if (d !== lastDay) { box.appendChild(el('div', 'day', d)); lastDay = d; prev = null; }
        const node = renderItem(it, prev);
        if (!node) continue;
        box.appendChild(node);
        prev = it;
        lastShown = it;
      }
      if (S.loadingUntil > Date.now()) {
        const row = el('div', 'row bot');
        const slot = el('div', 'avatar-slot');
        slot.appendChild(el('span', 'avatar bot', initial(S.state.account)));
        row.appendChild(slot);
        const dots = el('div', 'bubble typing');
        dots.append(el('i'), el('i'), el('i'));
        row.appendChild(dots);
        box.appendChild(row);
      }
      renderQuickReplies(lastShown);
      if (atBottom) box.scrollTop = box.scrollHeight;
    }

    function renderItem(it, prev) {
      const failed = it.status && Math.floor(it.status / 100) !== 2;
      if (it.kind === 'system') {
        const who = S.group ? nameOf(it.user) + ': ' : '';
        return el('div', 'system', who + (SYSTEM_TEXT[it.eventType] || it.eventType) + (failed || it.error ? '（Webhook ' + (it.status || 'エラー') + '）' : ''));
      }
      if (it.kind === 'resident') {
        if (!it.text && !it.sticker && it.eventType !== 'image') {
          // a postback without displayText shows nothing in LINE
          return failed || it.error ? el('div', 'system', 'postback（Webhook ' + (it.status || 'エラー') + '）') : null;
        }
        const mine = it.user === S.current;
        const row = el('div', 'row ' + (mine ? 'me' : 'other'));
        if (!mine) {
          const slot = el('div', 'avatar-slot');
          slot.appendChild(el('span', 'avatar', initial(it.name)));
          row.appendChild(slot);
        }
        const col = el('div', 'col');
        if (!mine) col.appendChild(el('div', 'name', it.name || ''));
        if (it.sticker) col.appendChild(el('div', 'sticker', window.LineRender.stickerEmoji(it.sticker.split('/')[1])));
        else if (it.eventType === 'image') col.appendChild(el('div', 'placeholder', '🖼 画像'));
        else col.appendChild(el('div', 'bubble', it.text));
        row.appendChild(col);
        const meta = el('div', 'meta');
        if (failed || it.error) {
          const e = el('span', 'err', '⚠ ' + (it.status || '送信エラー'));
          e.title = it.error || 'Webhook がエラーを返しました';
          meta.appendChild(e);
        } else if (it.read && mine) meta.appendChild(el('span', null, '既読'));
        meta.appendChild(el('span', null, hhmm(it.at)));
        row.appendChild(meta);
        return row;
      }
      // bot delivery
      const grouped = prev && prev.kind === 'bot' && it.at - prev.at < 60000;
      const frag = document.createDocumentFragment();
      (it.messages || []).forEach((m, i) => {
        const row = el('div', 'row bot');
        const slot = el('div', 'avatar-slot');
        if (!grouped && i === 0) slot.appendChild(el('span', 'avatar bot', initial(S.state.account)));
        row.appendChild(slot);
        const col = el('div', 'col');
        if (!grouped && i === 0) col.appendChild(el('div', 'name', S.state.account));
        col.appendChild(window.LineRender.message(m, ctx));
        row.appendChild(col);
        if (i === it.messages.length - 1) {
          const meta = el('div', 'meta');
          meta.appendChild(el('span', null, hhmm(it.at)));
          meta.title = it.via + (it.retryKey ? ' / retry key ' + it.retryKey : '');
          row.appendChild(meta);
        }
        frag.appendChild(row);
      });
      return frag;
    }

    function renderQuickReplies(last) {
      const box = $('quick-replies');
      box.textContent = '';
      const msgs = last && last.kind === 'bot' ? last.messages || [] : [];
      const qr = msgs.length ? msgs[msgs.length - 1].quickReply : null; // only the last message's counts
      const items = (qr && qr.items) || [];
      for (const item of items) {
        const a = (item && item.action) || {};
        const chip = el('button', 'chip', (window.LineRender.isTel(a) ? '📞 ' : '') + (a.label || a.type || ''));
        chip.type = 'button';
        chip.addEventListener('click', () => onAction(a));
        box.appendChild(chip);
      }
      box.hidden = items.length === 0;
    }

    return { render: renderTimeline };
  };
})();
