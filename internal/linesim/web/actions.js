// Dialogs and what a tap on a button, quick reply or rich menu area does
// in the simulator: postbacks and messages are sent as the resident, tel:
// shows the number that would be dialled, other URIs ask first.
(function () {
  'use strict';

  window.SimActions = function (deps) {
    const $ = (id) => document.getElementById(id);
    const el = deps.el, send = deps.send;

    // ---- dialogs ----

    function dialog(title, body, opts) {
      opts = opts || {};
      const d = $('dialog');
      $('dialog-title').textContent = title;
      $('dialog-body').textContent = body || '';
      $('dialog-body').className = 'dialog-body' + (opts.number ? ' number' : '');
      const extra = $('dialog-extra');
      extra.textContent = '';
      if (opts.input) extra.appendChild(opts.input);
      $('dialog-cancel').hidden = !opts.cancel;
      $('dialog-ok').textContent = opts.ok || 'OK';
      return new Promise((resolve) => {
        d.addEventListener('close', () => resolve(d.returnValue === 'ok'), { once: true });
        d.returnValue = '';
        d.showModal();
      });
    }

    // ---- actions (buttons, quick replies, rich menu) ----

    async function onAction(a) {
      a = a || {};
      switch (a.type) {
        case 'postback':
          return send({ kind: 'postback', data: a.data || '', displayText: a.displayText || a.text || '' });
        case 'message':
          return send({ kind: 'text', text: a.text || '' });
        case 'uri': {
          const uri = a.uri || '';
          if (/^tel:/i.test(uri)) {
            let number = uri.slice(4);
            try { number = decodeURIComponent(number); } catch (e) { /* keep as is */ }
            const note = el('p', 'hint', 'シミュレーターなので実際には発信しません。');
            return dialog('電話をかけます', number, { number: true, ok: '閉じる', input: note }).then(() => {});
          }
          if (/^https?:/i.test(uri)) {
            if (await dialog('外部のページを開きます', uri, { cancel: true, ok: '開く' })) window.open(uri, '_blank', 'noopener');
            return;
          }
          return dialog('LINE のリンク', uri + '\n（LINE アプリの中で開く URI です）');
        }
        case 'datetimepicker': {
          const input = el('input');
          input.type = a.mode === 'time' ? 'time' : a.mode === 'datetime' ? 'datetime-local' : 'date';
          if (a.initial) input.value = a.initial;
          if (a.min) input.min = a.min;
          if (a.max) input.max = a.max;
          if (!(await dialog(a.label || '日時をえらぶ', '', { input: input, cancel: true }))) return;
          const key = a.mode === 'time' ? 'time' : a.mode === 'datetime' ? 'datetime' : 'date';
          return send({ kind: 'postback', data: a.data || '', params: { [key]: input.value } });
        }
        case 'clipboard':
          try { await navigator.clipboard.writeText(a.clipboardText || ''); } catch (e) { /* not allowed */ }
          return dialog('コピーしました', a.clipboardText || '');
        case 'camera': case 'cameraRoll': case 'location':
          return dialog('シミュレーターでは使えません', a.type + ' アクション');
        case 'richmenuswitch':
          return send({ kind: 'postback', data: a.data || '', params: { newRichMenuAliasId: a.richMenuAliasId || '', status: 'SUCCESS' } });
        default:
          return dialog('未対応のアクション', JSON.stringify(a));
      }
    }

    return { dialog: dialog, onAction: onAction };
  };
})();
