// Renders Flex messages (bubbles and carousels of boxes, texts, buttons,
// separators …) as DOM elements, close to how the LINE app draws them.
// Unknown components become a small placeholder; nothing throws.
(function () {
  'use strict';

  const TEXT_SIZES = { xxs: 11, xs: 12, sm: 13, md: 14, lg: 16, xl: 18, xxl: 22, '3xl': 26, '4xl': 32, '5xl': 40 };
  const SPACING = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
  const RADIUS = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
  const BORDER = { none: 0, light: 0.5, normal: 1, medium: 2, 'semi-bold': 3, bold: 4 };
  const BUBBLE_WIDTH = { nano: 120, micro: 160, deca: 220, hecto: 241, kilo: 260, mega: 280, giga: 340 };
  const IMAGE_SIZES = { xxs: 40, xs: 60, sm: 80, md: 100, lg: 120, xl: 140, xxl: 160, '3xl': 180, '4xl': 200, '5xl': 240 };

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function length(v, table) {
    if (v == null) return null;
    if (table && Object.prototype.hasOwnProperty.call(table, v)) return table[v] + 'px';
    if (typeof v === 'string' && /^\d+(\.\d+)?(px|%)$/.test(v)) return v;
    return null;
  }

  function shortURL(u) {
    const s = String(u || '');
    return s.length > 60 ? s.slice(0, 57) + '…' : s;
  }

  function placeholder(text) { return el('div', 'placeholder', text); }

  function isTel(action) { return action && action.type === 'uri' && /^tel:/i.test(action.uri || ''); }

  function clickable(node, action, ctx) {
    if (!action) return;
    node.classList.add('clickable');
    node.addEventListener('click', (ev) => { ev.stopPropagation(); ctx.onAction(action); });
  }

  // ---- Flex ----

  function applyFlex(node, c, parentLayout) {
    const horizontal = parentLayout === 'horizontal' || parentLayout === 'baseline';
    if (horizontal) {
      const f = c.flex == null ? (c.type === 'icon' || c.type === 'separator' || c.type === 'spacer' ? 0 : 1) : Number(c.flex);
      node.style.flex = f > 0 ? f + ' 1 0%' : '0 0 auto';
    } else if (parentLayout === 'vertical') {
      node.style.flex = c.flex > 0 ? c.flex + ' 1 auto' : '0 0 auto';
    }
    if (c.position === 'absolute') node.style.position = 'absolute';
    const off = { offsetTop: 'top', offsetBottom: 'bottom', offsetStart: 'left', offsetEnd: 'right' };
    for (const k in off) {
      const v = length(c[k], SPACING);
      if (v) node.style[off[k]] = v;
    }
    const gravity = { top: 'flex-start', center: 'center', bottom: 'flex-end' }[c.gravity];
    if (gravity && horizontal) node.style.alignSelf = gravity;
  }

  function renderBox(c, ctx) {
    const node = el('div', 'flex-box');
    const layout = c.layout || 'vertical';
    node.style.flexDirection = layout === 'vertical' ? 'column' : 'row';
    if (layout === 'baseline') node.style.alignItems = 'baseline';
    const s = node.style;
    if (c.backgroundColor) s.backgroundColor = c.backgroundColor;
    if (c.borderColor) s.borderColor = c.borderColor;
    const bw = length(c.borderWidth, BORDER);
    if (bw) { s.borderStyle = 'solid'; s.borderWidth = bw; }
    const r = length(c.cornerRadius, RADIUS);
    if (r) s.borderRadius = r;
    const pads = { paddingAll: 'padding', paddingTop: 'paddingTop', paddingBottom: 'paddingBottom', paddingStart: 'paddingLeft', paddingEnd: 'paddingRight' };
    for (const k in pads) {
      const v = length(c[k], SPACING);
      if (v) s[pads[k]] = v;
    }
    for (const k of ['width', 'height', 'maxWidth', 'maxHeight']) {
      const v = length(c[k]);
      if (v) s[k] = v;
    }
    const justify = { 'flex-start': 'flex-start', center: 'center', 'flex-end': 'flex-end', 'space-between': 'space-between', 'space-around': 'space-around', 'space-evenly': 'space-evenly' };
    if (justify[c.justifyContent]) s.justifyContent = justify[c.justifyContent];
    if (['flex-start', 'center', 'flex-end'].includes(c.alignItems)) s.alignItems = c.alignItems;
    const spacing = length(c.spacing, SPACING);
    const children = Array.isArray(c.contents) ? c.contents : [];
    children.forEach((child, i) => {
      const cn = renderComponent(child, layout, ctx);
      if (i > 0) {
        const m = length(child && child.margin, SPACING) || spacing;
        if (m) cn.style[layout === 'vertical' ? 'marginTop' : 'marginLeft'] = m;
      }
      node.appendChild(cn);
    });
    clickable(node, c.action, ctx);
    return node;
  }

  function styleText(node, c) {
    const size = length(c.size, TEXT_SIZES);
    if (size) node.style.fontSize = size;
    if (c.weight === 'bold') node.style.fontWeight = 'bold';
    if (c.color) node.style.color = c.color;
    if (c.style === 'italic') node.style.fontStyle = 'italic';
    if (c.decoration === 'underline' || c.decoration === 'line-through') node.style.textDecoration = c.decoration;
  }

  function renderText(c, ctx) {
    const node = el('div', 'flex-text ' + (c.wrap ? 'wrap' : 'nowrap'));
    styleText(node, c);
    const align = { start: 'left', center: 'center', end: 'right' }[c.align];
    if (align) node.style.textAlign = align;
    if (c.lineSpacing && length(c.lineSpacing)) node.style.lineHeight = 'calc(1.4em + ' + length(c.lineSpacing) + ')';
    if (c.wrap && c.maxLines > 0) {
      node.style.display = '-webkit-box';
      node.style.webkitBoxOrient = 'vertical';
      node.style.webkitLineClamp = String(c.maxLines);
      node.style.overflow = 'hidden';
    }
    if (Array.isArray(c.contents) && c.contents.length) {
      for (const sp of c.contents) {
        const span = el('span', null, sp && sp.text != null ? sp.text : '');
        if (sp) styleText(span, sp);
        node.appendChild(span);
      }
    } else {
      node.textContent = c.text != null ? String(c.text) : '';
    }
    clickable(node, c.action, ctx);
    return node;
  }

  function renderButton(c, ctx) {
    const style = ['primary', 'secondary', 'link'].includes(c.style) ? c.style : 'link';
    const node = el('button', 'flex-button ' + style + (c.height === 'sm' ? ' sm' : ''));
    node.type = 'button';
    const action = c.action || {};
    if (isTel(action)) node.appendChild(el('span', 'tel-icon', '📞'));
    node.appendChild(el('span', null, action.label != null ? action.label : ''));
    if (c.color) node.style[style === 'link' ? 'color' : 'backgroundColor'] = c.color;
    node.title = action.type === 'uri' ? action.uri || '' : action.type === 'postback' ? 'postback: ' + (action.data || '') : action.text || '';
    node.addEventListener('click', () => ctx.onAction(action));
    return node;
  }

  function renderComponent(c, parentLayout, ctx) {
    let node;
    try {
      switch (c && c.type) {
        case 'box': node = renderBox(c, ctx); break;
        case 'text': node = renderText(c, ctx); break;
        case 'button': node = renderButton(c, ctx); break;
        case 'separator':
          node = el('hr', 'flex-separator');
          if (parentLayout === 'horizontal' || parentLayout === 'baseline') {
            node.style.borderTop = 'none';
            node.style.borderLeft = '1px solid ' + (c.color || '#d9dde3');
          } else if (c.color) node.style.borderTopColor = c.color;
          break;
        case 'spacer': {
          node = el('div');
          const v = length(c.size || 'md', SPACING);
          node.style[parentLayout === 'vertical' ? 'height' : 'width'] = v;
          break;
        }
        case 'filler': node = el('div'); node.style.flex = (c.flex || 1) + ' 1 0%'; break;
        case 'image': {
          node = el('div', 'flex-image', '🖼 ' + shortURL(c.url));
          const size = c.size === 'full' ? '100%' : length(c.size || 'md', IMAGE_SIZES);
          if (size) node.style.width = size;
          const ratio = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(c.aspectRatio || '');
          if (ratio) node.style.aspectRatio = ratio[1] + ' / ' + ratio[2];
          if (c.backgroundColor) node.style.backgroundColor = c.backgroundColor;
          clickable(node, c.action, ctx);
          break;
        }
        case 'icon': {
          node = el('span', 'flex-icon');
          const size = length(c.size, TEXT_SIZES);
          if (size) node.style.fontSize = size;
          break;
        }
        case 'video': node = el('div', 'flex-image', '▶ 動画 ' + shortURL(c.url)); break;
        default: node = el('span', 'flex-unknown', '[' + ((c && c.type) || '?') + ']');
      }
    } catch (e) {
      node = el('span', 'flex-unknown', '[表示できない部品]');
    }
    applyFlex(node, c || {}, parentLayout);
    return node;
  }

  const BLOCK_PADDING = { header: '16px 16px 8px', body: '16px', footer: '8px 12px 14px' };

  function renderBubble(b, ctx) {
    const node = el('div', 'flex-bubble' + (b.direction === 'rtl' ? ' rtl' : ''));
    const w = BUBBLE_WIDTH[b.size];
    if (w) node.style.width = w + 'px';
    const styles = b.styles || {};
    let rendered = 0;
    for (const name of ['header', 'hero', 'body', 'footer']) {
      const block = b[name];
      if (!block) continue;
      const st = styles[name] || {};
      if (st.separator && rendered > 0) {
        const sep = el('hr', 'flex-separator');
        if (st.separatorColor) sep.style.borderTopColor = st.separatorColor;
        node.appendChild(sep);
      }
      const wrap = el('div', 'flex-block ' + name);
      if (st.backgroundColor) wrap.style.backgroundColor = st.backgroundColor;
      const inner = renderComponent(block, null, ctx);
      if (name !== 'hero' && !['paddingAll', 'paddingTop', 'paddingBottom', 'paddingStart', 'paddingEnd'].some((k) => block[k] != null)) {
        inner.style.padding = BLOCK_PADDING[name];
      }
      wrap.appendChild(inner);
      node.appendChild(wrap);
      rendered++;
    }
    clickable(node, b.action, ctx);
    return node;
  }

  function renderFlex(msg, ctx) {
    const c = msg.contents || {};
    let node;
    if (c.type === 'carousel') {
      node = el('div', 'flex-carousel');
      for (const b of c.contents || []) node.appendChild(renderBubble(b || {}, ctx));
    } else if (c.type === 'bubble') {
      node = renderBubble(c, ctx);
    } else {
      node = placeholder('[Flex] ' + (msg.altText || ''));
    }
    if (msg.altText) node.title = 'altText: ' + msg.altText;
    return node;
  }

  window.LineFlex = {
    render: renderFlex,
    util: { el: el, placeholder: placeholder, shortURL: shortURL, isTel: isTel, clickable: clickable },
  };
})();
