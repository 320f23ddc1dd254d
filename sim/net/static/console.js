// Stabiel's console: one page for the board, the facilitator and each team.
// Every text comes from the server (the catalogs, through the gate); it is put
// on the page with textContent only, never as HTML.
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var token = params.get('t') || '';
  var lang = params.get('lang') || document.documentElement.lang || 'nl';
  var ws = null, view = null, retry = 500, timer = null;
  var app = document.getElementById('app'), statusLine = document.getElementById('status');

  function socketUrl() {
    return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws' + location.pathname +
      '?t=' + encodeURIComponent(token) + '&lang=' + encodeURIComponent(lang);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function button(text, onclick, cls) {
    var b = el('button', cls || '', text);
    b.type = 'button';
    b.addEventListener('click', onclick);
    return b;
  }

  function send(message) {
    if (ws && ws.readyState === 1) { ws.send(JSON.stringify(message)); }
  }

  function say(text, kind) {
    statusLine.textContent = text || '';
    statusLine.className = kind || '';
  }

  function connect() {
    clearTimeout(timer);
    ws = new WebSocket(socketUrl());
    ws.onopen = function () { retry = 500; say(''); };
    ws.onmessage = function (ev) {
      var msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      if (msg.type === 'state') { view = msg.view; render(); }
      else if (msg.type === 'error') { say(msg.text, 'error'); }
      else if (msg.type === 'info') { say(msg.text, 'info'); }
    };
    ws.onclose = function () {
      if (view) { say(view.words.reconnecting, 'error'); }
      timer = setTimeout(connect, retry);
      retry = Math.min(retry * 2, 5000);
    };
  }

  // A phone that slept comes back to the same seat at once, with the current state.
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible' && (!ws || ws.readyState > 1)) { connect(); }
  });

  function section(title, cls) {
    var s = el('section', cls || '');
    if (title) { s.appendChild(el('h2', '', title)); }
    app.appendChild(s);
    return s;
  }

  function list(parent, rows) {
    var ul = el('ul');
    rows.forEach(function (r) { ul.appendChild(el('li', '', r)); });
    parent.appendChild(ul);
    return ul;
  }

  function renderGame(w, g) {
    var s = section('', 'game');
    var meter = el('div', 'meter');
    var bar = el('div', 'bar');
    bar.style.width = Math.max(0, Math.min(100, g.stress)) + '%';
    meter.appendChild(bar);
    s.appendChild(el('p', 'stress', w.stress + ': ' + Math.round(g.stress)));
    s.appendChild(meter);
    list(s, g.legs.map(function (l) { return l.name + ': ' + l.value; })).className = 'legs';
    if (g.over) { s.appendChild(el('p', 'over', w.over + ': ' + g.outcome)); }
    var st = section(w.stressors, 'stressors');
    list(st, view.stressors.filter(function (x) { return !x.dossier; })
      .map(function (x) { return x.name + ' (' + x.severity + ')'; }));
    if (view.role === 'facilitator') {
      // The facilitator sees every dossier and every stressor not yet found, as on the facilitator's screen.
      var secret = view.stressors.filter(function (x) { return x.dossier; });
      if (secret.length) {
        st.appendChild(el('h3', '', w.hidden));
        list(st, secret.map(function (x) { return x.name + ' (' + x.severity + ')'; })).className = 'secret-list';
      }
    } else if (view.hidden_count) { st.appendChild(el('p', 'hidden', w.hidden + ': ' + view.hidden_count)); }
    if (view.rules.length) { list(section(w.rules, 'rules'), view.rules); }
  }

  function renderTeams(w) {
    var s = section(w.teams, 'teams');
    view.teams.filter(function (x) { return x.in_play; }).forEach(function (x) {
      var row = el('div', 'team-row' + (view.game.active === x.id ? ' active' : ''));
      var label = el('span', 'label', x.label);
      label.style.borderColor = x.colour;
      row.appendChild(label);
      row.appendChild(el('span', 'name', x.name));
      row.appendChild(el('span', 'figs', w.capacity + ' ' + x.capacity + ' · ' + w.mandate + ' ' + x.mandate + ' · ' + w.trust + ' ' + x.trust));
      var mode = x.mode === 'device' ? w.on_device : (x.mode === 'table' ? w.at_table : w.computer);
      var conn = x.mode === 'device' ? ' · ' + (x.connected ? w.connected : w.not_connected) : '';
      row.appendChild(el('span', 'mode' + (x.mode === 'device' && !x.connected ? ' off' : ''), mode + conn));
      if (view.role === 'facilitator') { row.appendChild(seatControls(w, x)); }
      s.appendChild(row);
    });
  }

  function seatControls(w, x) {
    var box = el('span', 'seat-controls');
    box.appendChild(el('span', 'code', w.code + ' ' + (view.codes[x.id] || '')));
    if (x.mode !== 'device') { box.appendChild(button(w.to_device, function () { send({type: 'seat', agency: x.id, mode: 'device'}); })); }
    if (x.mode !== 'table') { box.appendChild(button(w.to_table, function () { send({type: 'seat', agency: x.id, mode: 'table'}); })); }
    if (x.mode === 'device' || x.mode === 'table') { box.appendChild(button(w.to_computer, function () { send({type: 'seat', agency: x.id, mode: 'grensverlegger'}); })); }
    if (x.mode === 'device') { box.appendChild(button(w.kick, function () { send({type: 'kick', agency: x.id}); }, 'danger')); }
    return box;
  }

  function renderPaused(w) {
    // One pause for the shared screen and every console: the moves stay on show, a tap hears why not.
    var s = section('', 'paused-banner');
    s.appendChild(el('p', 'paused-title', w.paused));
    if (view.role === 'team') { s.appendChild(el('p', '', w.paused_hint)); }
  }

  function renderMoves(w) {
    var s = section(view.game.active === view.agency ? w.your_turn : w.not_your_turn, 'moves');
    view.moves.forEach(function (m) {
      var cls = (m.kind === 'Pass' ? 'pass' : 'primary') + (view.paused ? ' waiting' : '');
      var b = button(m.label, function () { send({type: 'act', action: m.action}); }, cls);
      b.dataset.kind = m.kind;
      if (m.card) { b.dataset.card = m.card; }
      if (m.kind === 'Share') { b.dataset.to = m.action.to || 'table'; }
      s.appendChild(b);
    });
    view.proposals.forEach(function (p) {
      var box = el('div', 'proposal');
      box.appendChild(el('p', '', p.by + ': ' + p.title + (p.waiting.length ? ' — ' + w.proposal_wait + ' ' + p.waiting.join(', ') : '')));
      if (p.can_answer) {
        var yes = button(w.agree, function () { send({type: 'agree', card: p.card}); }, 'primary');
        yes.dataset.agree = p.card;
        box.appendChild(yes);
        box.appendChild(button(w.decline, function () { send({type: 'decline', card: p.card}); }));
      }
      s.appendChild(box);
    });
  }

  function renderHand(w) {
    var s = section(w.hand, 'hand');
    view.hand.forEach(function (c) {
      var card = el('article', 'card ' + c.type + (c.playable ? ' playable' : ''));
      card.appendChild(el('h3', '', c.title));
      card.appendChild(el('p', 'meta', c.type_name + ' · ' + w.cost + ' ' + c.cost + (c.mandate ? ' · ' + w.mandate + ' ' + c.mandate : '')));
      card.appendChild(el('p', 'text', c.text));
      if (c.partners.length) { card.appendChild(el('p', 'partners', c.partners.join(', '))); }
      if (c.conditions.length) { list(card, c.conditions).className = 'conditions'; }
      if (!c.playable) { card.appendChild(el('p', 'why', w.not_playable + ': ' + c.why_not)); }
      s.appendChild(card);
    });
  }

  function renderDossier(w) {
    var s = section(w.dossier, 'dossier');
    s.appendChild(el('p', 'mandate-text', w.mandate_text + ': ' + view.team.mandate_text));
    if (!view.dossier.length) { s.appendChild(el('p', '', w.dossier_empty)); }
    view.dossier.forEach(function (x) {
      var d = el('div', 'secret');
      d.appendChild(el('h3', '', x.name + ' (' + x.severity + ')'));
      if (x.description) { d.appendChild(el('p', '', x.description)); }
      s.appendChild(d);
    });
  }

  function select(options, label, name) {
    var sel = el('select');
    sel.name = name;
    sel.setAttribute('aria-label', label);
    options.forEach(function (o) { var op = el('option', '', o.name || o.title); op.value = o.id; sel.appendChild(op); });
    return sel;
  }

  function input(label, name, type) {
    var i = el('input');
    i.name = name; i.type = type || 'text'; i.setAttribute('aria-label', label); i.placeholder = label; i.maxLength = 200;
    return i;
  }

  function cmd(parent, b, name) {
    b.dataset.cmd = name;  // a stable name for the facilitator's controls (the browser test finds them by it)
    parent.appendChild(b);
    return b;
  }

  function renderFacilitator(w) {
    var s = section(w.facilitator, 'facilitator');
    var next = button(w.next_phase, function () { send({type: 'next'}); }, 'primary');
    next.id = 'next'; next.disabled = !view.can_next;
    s.appendChild(next);
    cmd(s, button(view.paused ? w.resume : w.pause, function () { send({type: 'pause', on: !view.paused}); }), 'pause');
    cmd(s, button(view.locked ? w.unlock : w.lock, function () { send({type: 'lock', on: !view.locked}); }), 'lock');
    cmd(s, button(w.undo, function () { send({type: 'undo'}); }), 'undo');
    var ev = section(w.inject, 'inject');
    var evSel = select(view.events, w.events, 'event');
    ev.appendChild(evSel);
    cmd(ev, button(w.inject, function () { send({type: 'inject', event: evSel.value}); }), 'inject');
    var adj = section(w.adjust, 'adjust');
    var fig = select(view.figures, w.adjust, 'figure'), key = select([], w.adjust, 'key'), delta = input(w.delta, 'delta', 'number'),
      why = input(w.reason, 'reason');
    function keys() {
      var k = {leg: 'leg', stressor: 'stressor', trust: 'agency', kpi: 'agency', mandate: 'agency', capacity: 'agency'}[fig.value];
      key.textContent = '';
      (k ? view.keys[k] : [{id: '-', name: '-'}]).forEach(function (o) { var op = el('option', '', o.name); op.value = o.id; key.appendChild(op); });
    }
    fig.addEventListener('change', keys); keys();
    [fig, key, delta, why].forEach(function (x) { adj.appendChild(x); });
    cmd(adj, button(w.adjust, function () {
      send({type: 'adjust', figure: fig.value, key: key.value, delta: Number(delta.value || 0), reason: why.value});
    }), 'adjust');
    var notes = section(w.note, 'notes');
    var note = input(w.note, 'note');
    notes.appendChild(note);
    cmd(notes, button(w.send, function () { send({type: 'note', text: note.value}); note.value = ''; }), 'note');
    list(notes, view.notes);
    if (view.proposals.length) {
      list(section(w.proposals, 'proposals'), view.proposals.map(function (p) { return p.by + ': ' + p.title + ' — ' + p.waiting.join(', '); }));
    }
  }

  function render() {
    var w = view.words, g = view.game;
    document.title = w.title;
    document.documentElement.lang = view.lang;
    document.body.dataset.version = view.version;
    document.body.dataset.role = view.role;
    document.body.dataset.phase = g.phase;
    document.body.dataset.active = g.active || '';
    document.body.dataset.over = g.over ? '1' : '';
    var who = document.getElementById('who');
    who.textContent = view.team ? view.team.name : (view.role === 'facilitator' ? w.facilitator : w.board);
    who.style.borderColor = view.team ? view.team.colour : '';
    document.getElementById('round').textContent = g.round_text + ' · ' + g.phase_name + (g.active_name ? ' · ' + g.active_name : '');
    var typed = keepTyped();
    app.textContent = '';
    document.body.dataset.paused = view.paused ? '1' : '';
    if (view.paused) { renderPaused(w); }
    if (view.role === 'team' && !g.over) { renderMoves(w); }
    if (view.role === 'facilitator') { renderFacilitator(w); }
    renderGame(w, g);
    if (view.role === 'team') { renderDossier(w); renderHand(w); }
    renderTeams(w);
    var log = section(w.log, 'log');
    list(log, view.log.slice().reverse());
    typed();
  }

  // Every state message draws the page anew: what the facilitator was typing or choosing stays, and so does the focus.
  function keepTyped() {
    var values = [], focus = document.activeElement && document.activeElement.name;
    app.querySelectorAll('input[name], select[name]').forEach(function (x) { values.push([x.name, x.value]); });
    return function () {
      values.forEach(function (nv) {
        var x = app.querySelector('[name="' + nv[0] + '"]');
        if (!x || x.value === nv[1]) { return; }
        x.value = nv[1];
        if (x.tagName === 'SELECT') { x.dispatchEvent(new Event('change')); }
      });
      var f = focus && app.querySelector('[name="' + focus + '"]');
      if (f) { f.focus(); }
    };
  }

  document.getElementById('lang').addEventListener('click', function () {
    lang = lang === 'nl' ? 'en' : 'nl';
    send({type: 'hello', lang: lang});
  });
  new MutationObserver(function () {
    if (view) { document.getElementById('lang').textContent = view.words.language; }
  }).observe(app, {childList: true});
  connect();
}());
