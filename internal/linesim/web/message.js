// Renders LINE message objects other than Flex (text with tappable phone
// numbers, stickers, templates, media placeholders) and dispatches Flex
// messages to flex.js. Unknown types become a placeholder.
(function () {
  'use strict';

  const u = window.LineFlex.util;
  const el = u.el, placeholder = u.placeholder, shortURL = u.shortURL, isTel = u.isTel, clickable = u.clickable;
  const STICKERS = { '1988': '👍', '1989': '😊', '1990': '🙏', '1991': '😢', '52002734': '🙇', '52002735': '👌' };

  // Splits text into text nodes and tappable phone numbers, like LINE
  // does for numbers it recognises.
  const PHONE = /(0\d{1,4}-\d{1,4}-\d{3,4}|#\d{4}|\b(?:110|119|189|188)\b)/g;
  function linkify(parent, text, ctx) {
    let last = 0;
    String(text).replace(PHONE, (m, _g, offset) => {
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      const a = el('a', 'tel', m);
      a.addEventListener('click', () => ctx.onAction({ type: 'uri', uri: 'tel:' + m.replace(/-/g, '') , label: m }));
      parent.appendChild(a);
      last = offset + m.length;
      return m;
    });
    parent.appendChild(document.createTextNode(String(text).slice(last)));
  }

  // ---- Templates ----

  function templateCard(t, ctx, cls) {
    const card = el('div', 'tpl-card ' + (cls || ''));
    if (t.thumbnailImageUrl) card.appendChild(el('div', 'flex-image', '🖼 ' + shortURL(t.thumbnailImageUrl)));
    if (t.title) card.appendChild(el('div', 'tpl-title', t.title));
    card.appendChild(el('div', 'tpl-text', t.text || ''));
    const acts = el('div', 'tpl-actions');
    for (const a of t.actions || []) {
      const b = el('button', null, (isTel(a) ? '📞 ' : '') + (a && a.label != null ? a.label : ''));
      b.type = 'button';
      b.addEventListener('click', () => ctx.onAction(a || {}));
      acts.appendChild(b);
    }
    card.appendChild(acts);
    clickable(card, t.defaultAction, ctx);
    return card;
  }

  function renderTemplate(msg, ctx) {
    const t = msg.template || {};
    let node;
    switch (t.type) {
      case 'buttons': node = templateCard(t, ctx); break;
      case 'confirm': node = templateCard(t, ctx, 'confirm'); break;
      case 'carousel':
        node = el('div', 'flex-carousel');
        for (const col of t.columns || []) node.appendChild(templateCard(col || {}, ctx));
        break;
      case 'image_carousel':
        node = el('div', 'flex-carousel');
        for (const col of t.columns || []) {
          const a = (col && col.action) || {};
          const card = el('div', 'tpl-card');
          card.appendChild(el('div', 'flex-image', '🖼 ' + shortURL(col && col.imageUrl)));
          const b = el('button', 'flex-button link', a.label || '');
          b.addEventListener('click', () => ctx.onAction(a));
          card.appendChild(b);
          node.appendChild(card);
        }
        break;
      default: node = placeholder('[template] ' + (msg.altText || ''));
    }
    if (msg.altText) node.title = 'altText: ' + msg.altText;
    return node;
  }

  // message renders one message object. ctx.onAction(action) handles taps.
  function message(msg, ctx) {
    msg = msg || {};
    try {
      switch (msg.type) {
        case 'text':
        case 'textV2': {
          const b = el('div', 'bubble');
          linkify(b, msg.text || '', ctx);
          return b;
        }
        case 'sticker': return el('div', 'sticker', STICKERS[msg.stickerId] || '🧸');
        case 'image': return placeholder('🖼 画像 ' + shortURL(msg.originalContentUrl));
        case 'video': return placeholder('▶ 動画 ' + shortURL(msg.originalContentUrl));
        case 'audio': return placeholder('🔊 音声 ' + shortURL(msg.originalContentUrl));
        case 'location': return placeholder('📍 ' + (msg.title || '') + '\n' + (msg.address || ''));
        case 'imagemap': return placeholder('[imagemap] ' + (msg.altText || ''));
        case 'flex': return window.LineFlex.render(msg, ctx);
        case 'template': return renderTemplate(msg, ctx);
        default: return placeholder('[' + (msg.type || '?') + '] シミュレーターでは表示できないメッセージ');
      }
    } catch (e) {
      return placeholder('[表示できないメッセージ]');
    }
  }

  window.LineRender = { message: message, stickerEmoji: (id) => STICKERS[id] || '🧸', isTel: isTel };
})();
