// voltrace dashboard: plain browser JavaScript against the JSON API under /api/v1, no framework and no CDN, so it
// works offline and inside the jar. The API decides what the caller may see; this page only shows its answers.
'use strict';
(function () {
  const KEY = 'voltrace.token';
  const SVG = 'http://www.w3.org/2000/svg';
  const GRADES = ['REUSE_A', 'REUSE_B', 'REUSE_C', 'NEEDS_TEST', 'RECOVERY'];

  // A token in the URL (?access_token=, the form the demo prints) moves to sessionStorage and out of the address bar.
  const params = new URLSearchParams(location.search);
  if (params.get('access_token')) {
    sessionStorage.setItem(KEY, params.get('access_token'));
    params.delete('access_token');
    history.replaceState(null, '', location.pathname + (params.toString() ? '?' + params : ''));
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const c of children.flat()) if (c != null) e.append(c instanceof Node ? c : String(c));
    return e;
  }
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text != null) e.textContent = String(text);
    return e;
  }
  const fmt = (v, d = 1) => (v == null || Number.isNaN(v) ? '–' : Number(v).toFixed(d));
  const content = () => document.getElementById('content');

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }
  async function api(path, method, payload) {
    const headers = { Authorization: 'Bearer ' + sessionStorage.getItem(KEY) };
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch('/api/v1' + path, { method: method || 'GET', headers,
      body: payload === undefined ? undefined : JSON.stringify(payload) });
    let body = null;
    try { body = await res.json(); } catch (e) { /* not JSON: keep the status line */ }
    if (!res.ok) {
      const msg = body && body.error ? body.error : res.status + ' ' + res.statusText;
      const how = body && body.howToAuthenticate ? ' — ' + body.howToAuthenticate : '';
      throw new ApiError(res.status, msg + how);
    }
    return body;
  }
  // Optional data (no assessment yet, a role that may not read telemetry): the section says why instead of failing.
  async function optional(path) {
    try { return { data: await api(path) }; } catch (e) { if (e.status === 401) throw e; return { error: e }; }
  }
  function showError(e) {
    const box = document.getElementById('error');
    box.replaceChildren(el('div', { class: 'error', id: 'api-error' },
      (e.status ? 'API ' + e.status + ': ' : '') + e.message));
    if (e.status === 401) askToken(); else content().replaceChildren();
  }
  function askToken() {
    const input = el('input', { type: 'password', name: 'token', placeholder: 'vt_…', autocomplete: 'off' });
    const form = el('form', { class: 'token', id: 'token-form' },
      el('p', {}, 'This dashboard reads the voltrace API with your token (an administrator makes one with ',
        el('code', {}, 'voltrace ingest token create'), '). It is kept in this tab only.'),
      input, ' ', el('button', { type: 'submit' }, 'Open'));
    form.addEventListener('submit', ev => {
      ev.preventDefault();
      sessionStorage.setItem(KEY, input.value.trim());
      location.reload();
    });
    content().replaceChildren(form);
  }
  const section = (title, ...body) => el('section', {}, el('h2', {}, title), ...body);
  const gradeCell = g => el('span', { class: 'g-' + (g || '') }, g || 'not assessed');
  const batteryLink = code => el('a', { href: 'battery.html?code=' + encodeURIComponent(code), class: 'battery-link' }, code);

  // Latest assessment of each battery; one without an assessment yet (404) has none.
  async function withHealth(batteries) {
    return Promise.all(batteries.map(async b => {
      const h = await optional('/batteries/' + encodeURIComponent(b.code) + '/health');
      return { battery: b, health: h.data || null };
    }));
  }
  // The grader words a failed safety screen as "failed safety screen…" or "…held back: safety findings…".
  const needsAttention = h => h && (h.grade === 'RECOVERY' || h.grade === 'NEEDS_TEST'
    || (h.reasons || []).some(r => /safety/i.test(r)));

  function barChart(labels, values, { width = 560, height = 200, id, color = '#3b6fb6', unit = '' } = {}) {
    const pad = { l: 36, r: 8, t: 10, b: 34 };
    const max = Math.ceil(Math.max(1, ...values) / 4) * 4; // counts: whole-number ticks
    const s = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, id, role: 'img' });
    const bw = (width - pad.l - pad.r) / values.length;
    const y = v => height - pad.b - (v / max) * (height - pad.t - pad.b);
    for (let t = 0; t <= 4; t++) {
      const v = max * t / 4;
      s.append(svg('line', { x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v), stroke: '#eef1f4' }));
      s.append(svg('text', { x: pad.l - 4, y: y(v) + 4, 'text-anchor': 'end' }, fmt(v, 0)));
    }
    values.forEach((v, i) => {
      const x = pad.l + i * bw;
      const r = svg('rect', { x: x + 2, y: y(v), width: Math.max(1, bw - 4), height: y(0) - y(v), fill: color,
        'data-label': labels[i], 'data-value': v });
      r.append(svg('title', {}, labels[i] + ': ' + v + unit));
      s.append(r);
      s.append(svg('text', { x: x + bw / 2, y: height - pad.b + 14, 'text-anchor': 'middle' }, labels[i]));
    });
    return s;
  }

  function lineChart(series, { width = 1100, height = 220, id, yLabel = '' } = {}) {
    const pad = { l: 48, r: 40, t: 16, b: 30 };
    const pts = series.flatMap(s => s.points);
    const s = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, id, role: 'img' });
    if (!pts.length) { s.append(svg('text', { x: 10, y: 20 }, 'no data')); return s; }
    const xs = pts.map(p => p[0]), ys = pts.map(p => p[1]);
    let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    if (x1 === x0) { x0 -= 3600e3; x1 += 3600e3; }
    if (y1 === y0) { y0 -= 1; y1 += 1; }
    const X = v => pad.l + (v - x0) / (x1 - x0) * (width - pad.l - pad.r);
    const Y = v => height - pad.b - (v - y0) / (y1 - y0) * (height - pad.t - pad.b);
    for (let t = 0; t <= 4; t++) {
      const v = y0 + (y1 - y0) * t / 4;
      s.append(svg('line', { x1: pad.l, x2: width - pad.r, y1: Y(v), y2: Y(v), stroke: '#eef1f4' }));
      s.append(svg('text', { x: pad.l - 4, y: Y(v) + 4, 'text-anchor': 'end' }, fmt(v, y1 - y0 < 5 ? 2 : 1)));
    }
    for (let t = 0; t <= 4; t++) {
      const v = x0 + (x1 - x0) * t / 4;
      s.append(svg('text', { x: X(v), y: height - 10, 'text-anchor': 'middle' }, new Date(v).toISOString().slice(0, 10)));
    }
    s.append(svg('text', { x: pad.l + 4, y: 10 }, yLabel));
    let lx = width - pad.r;
    for (const ser of series.slice().reverse()) {
      const label = svg('text', { x: lx, y: 10, 'text-anchor': 'end', fill: ser.color, style: 'fill:' + ser.color }, ser.name);
      s.append(label);
      lx -= ser.name.length * 7 + 16;
    }
    for (const ser of series) {
      if (!ser.points.length) continue;
      s.append(svg('polyline', { fill: 'none', stroke: ser.color, 'stroke-width': 1.5,
        points: ser.points.map(p => X(p[0]).toFixed(1) + ',' + Y(p[1]).toFixed(1)).join(' ') }));
      if (ser.dots) ser.points.forEach(p => s.append(svg('circle', { cx: X(p[0]), cy: Y(p[1]), r: 3, fill: ser.color })));
    }
    return s;
  }

  function table(headers, rows, id) {
    return el('table', id ? { id } : {}, el('thead', {}, el('tr', {}, headers.map(h => el('th', {}, h)))),
      el('tbody', {}, rows.map(r => el('tr', {}, r.map(c => el('td', {}, c))))));
  }

  async function fleetPage() {
    const rows = await withHealth(await api('/batteries'));
    const counts = Object.fromEntries(GRADES.map(g => [g, 0]));
    let unassessed = 0;
    rows.forEach(r => { if (r.health && r.health.grade in counts) counts[r.health.grade]++; else unassessed++; });
    const cards = el('div', { class: 'cards', id: 'grade-counts' },
      el('div', { class: 'card' }, el('b', { id: 'battery-count' }, rows.length), 'batteries'),
      GRADES.map(g => el('div', { class: 'card', 'data-grade': g }, el('b', { class: 'g-' + g }, counts[g]), g)),
      el('div', { class: 'card', 'data-grade': 'none' }, el('b', {}, unassessed), 'not assessed'));
    const bins = Array(10).fill(0);
    rows.forEach(r => {
      const soh = r.health && r.health.sohPercent;
      if (soh != null) bins[Math.min(9, Math.max(0, Math.floor(soh / 10)))]++;
    });
    const labels = bins.map((_, i) => i * 10 + '–' + (i * 10 + 10));
    const attention = rows.filter(r => needsAttention(r.health));
    content().replaceChildren(
      section('Batteries by grade', cards),
      section('State-of-health distribution (%)', barChart(labels, bins, { id: 'soh-histogram', unit: ' packs' })),
      section('Packs needing attention', attention.length
        ? table(['battery', 'model', 'SOH %', 'grade', 'reasons'], attention.map(r => [batteryLink(r.battery.code),
          r.battery.model || '', fmt(r.health.sohPercent), gradeCell(r.health.grade), (r.health.reasons || []).join('; ')]),
          'attention')
        : el('p', { id: 'attention' }, 'None.')),
      section('All batteries', table(['battery', 'model', 'owner', 'custodian', 'SOH %', 'grade'],
        rows.map(r => [batteryLink(r.battery.code), r.battery.model || '', r.battery.ownerOrg || '',
          r.battery.custodianOrg || '', fmt(r.health && r.health.sohPercent), gradeCell(r.health && r.health.grade)]),
        'batteries')));
  }

  // The BMS's own health figure beside voltrace's estimate (issue #15): side by side, never merged, since a BMS may
  // read 110 % or jump for a pack variant it does not know.
  function bmsSays(h) {
    const m = h.bms;
    if (!m) return el('p', { id: 'bms-health', class: 'muted' }, 'The BMS has not stated its own SOH.');
    const bms = m.soh != null ? 'BMS says ' + fmt(m.soh) + ' %' : 'BMS states no SOH';
    const cap = m.capacityAh != null ? ' (' + fmt(m.capacityAh) + ' Ah)' : '';
    const ours = h.sohPercent != null
      ? 'voltrace estimates ' + fmt(h.sohPercent) + ' ± ' + fmt(h.uncertaintyPercent) + ' %'
      : 'voltrace has no estimate yet';
    return el('p', { id: 'bms-health' }, el('b', {}, bms + cap + ', ' + ours), ' · BMS figure of ' + m.at);
  }

  async function batteryPage() {
    const code = params.get('code');
    if (!code) throw new ApiError(0, 'no battery chosen: open this page as battery.html?code=<battery code>');
    const enc = encodeURIComponent(code);
    const b = await api('/batteries/' + enc); // 404 for a battery outside the caller's reach
    const monthAgo = new Date(Date.now() - 45 * 86400e3).toISOString();
    const [health, history, telemetry, ledger, insulation, faults, implausible, carbon] = await Promise.all([
      optional('/batteries/' + enc + '/health'),
      optional('/batteries/' + enc + '/health/history?from=1970-01-01T00:00:00Z&limit=1000'),
      optional('/batteries/' + enc + '/telemetry?step=1h&limit=2000&from=' + monthAgo),
      optional('/ledger/' + enc),
      optional('/batteries/' + enc + '/evidence?type=INSULATION&limit=10000'),
      optional('/batteries/' + enc + '/evidence?type=FAULT&limit=1000'),
      optional('/batteries/' + enc + '/implausible?limit=20'),
      optional('/batteries/' + enc + '/carbon-footprint')]);
    const why = r => el('p', { class: 'muted' }, (r.error.status ? 'API ' + r.error.status + ': ' : '') + r.error.message);
    const h = health.data;
    const facts = table(['code', 'model', 'chemistry', 'nominal Ah', 'cells in series', 'owner', 'custodian'],
      [[b.code, b.model || '', b.chemistry, fmt(b.nominalAh, 0), b.cellsSeries, b.ownerOrg || '', b.custodianOrg || '']],
      'battery-facts');
    const grading = h
      ? el('div', { id: 'grading' }, el('p', {}, 'Grade ', el('b', {}, gradeCell(h.grade)), ' · SOH ', el('b', {}, fmt(h.sohPercent)),
        ' % ± ', fmt(h.uncertaintyPercent), ' · ', fmt(h.capacityAh), ' Ah · ', h.segments, ' segments · ', h.method,
        ' · resistance ', el('b', {}, fmt(h.resistanceMilliohm)), ' mΩ · assessed ', h.assessedAt),
        bmsSays(h),
        el('ul', { id: 'reasons' }, (h.reasons || []).map(r => el('li', {}, r))))
      : why(health);
    // The health line above and this trend are the service's stored assessments (/health, /health/history), never
    // figures computed here from telemetry; a battery the service has not assessed yet says so.
    const withSoh = history.data ? history.data.assessments.filter(a => a.sohPercent != null) : [];
    const trend = !history.data ? why(history)
      : withSoh.length
        ? lineChart([{ name: 'SOH %', color: '#3b6fb6', dots: true,
          points: withSoh.map(a => [Date.parse(a.assessedAt), a.sohPercent]) }], { id: 'soh-trend', yLabel: 'SOH %' })
        : el('p', { id: 'soh-trend', class: 'muted' }, history.data.count
          ? 'None of the ' + history.data.count + ' assessments made an SOH estimate yet (their reasons say why).'
          : 'Not assessed yet: the service assesses a battery once its evidence has arrived.');
    const resistance = history.data ? resistanceTrend(history.data.assessments) : why(history);
    const metals = h ? recoveryPanel(h.recovery) : why(health);
    let tele;
    if (telemetry.data) {
      const bk = telemetry.data.buckets || [];
      const pts = f => bk.filter(x => x[f] != null).map(x => [x.ts, x[f]]);
      tele = el('div', { id: 'telemetry' },
        el('p', { class: 'muted' }, bk.length + ' hourly buckets' + (bk.length ? ' since ' + bk[0].start.slice(0, 16).replace('T', ' ') + ' UTC' : '')),
        lineChart([{ name: 'pack voltage V', color: '#3b6fb6', points: pts('packVoltage') }], { id: 'voltage-chart', height: 180 }),
        lineChart([{ name: 'SOC %', color: '#1b7f3b', points: pts('soc') }], { id: 'soc-chart', height: 160 }),
        lineChart([{ name: 'temp max °C', color: '#b3261e', points: pts('tempMax') },
          { name: 'temp min °C', color: '#3b6fb6', points: pts('tempMin') }], { id: 'temp-chart', height: 160 }));
    } else {
      tele = why(telemetry);
    }
    // Samples the plausibility rules marked: shown, never used by an estimate (#15).
    if (implausible.data && implausible.data.total > 0) {
      tele.append(el('div', { id: 'implausible' },
        el('p', {}, el('b', {}, implausible.data.total + ' implausible samples'),
          ' are stored but left out of every estimate; the latest reasons:'),
        el('ul', {}, implausible.data.samples.slice(-5).map(x => el('li', {},
          new Date(x.ts).toISOString().slice(0, 19).replace('T', ' ') + ' UTC: ' + x.reasons.join('; '))))));
    }
    const life = ledger.data
      ? (ledger.data.events.length
        ? el('div', {}, el('p', {}, 'State: ', el('b', {}, ledger.data.state)),
          el('ol', { id: 'timeline' }, ledger.data.events.map(e => el('li', {}, el('b', {}, e.type), ' · ',
            e.occurredAt, e.actorOrg ? ' · ' + e.actorOrg : ''))))
        : el('p', { id: 'timeline' }, 'No lifecycle events recorded.'))
      : why(ledger);
    document.title = 'voltrace · ' + b.code;
    const safety = insulation.data && faults.data ? safetyPanel(insulation.data, faults.data)
      : el('div', { id: 'safety-monitor' }, why(insulation.data ? faults : insulation));
    content().replaceChildren(section('Battery ' + b.code, facts), section('Grading', grading),
      section('Retirement', retirementForm(b, ledger.data)),
      section('Safety monitor', safety), section('State-of-health trend', trend), section('Resistance trend', resistance),
      section('Recoverable metals', metals), section('Carbon footprint', carbon.data ? carbonPanel(carbon.data, enc)
        : why(carbon)), section('Recent telemetry', tele), section('Lifecycle', life));
  }

  // Issue #17: the manufacturer's declared footprint by life-cycle stage, what reuse avoids, and the passport.
  function carbonPanel(c, enc) {
    const d = c.declared;
    const declared = d
      ? el('div', {}, el('p', {}, 'Declared ', el('b', { id: 'carbon-total' }, fmt(d.totalKgCo2ePerKwh, 1)),
        ' kg CO2e per kWh' + (d.performanceClass ? ' · class ' + d.performanceClass : '') + ' · by ' + d.declaredBy
        + ' (' + d.eventType + ' event ' + d.seq + (d.battery !== c.battery ? ' of ' + d.battery : '') + ', '
        + d.occurredAt.slice(0, 10) + ') · rulebook: ' + d.rulebook + ' · declaration ' + d.declaration),
        table(['life-cycle stage', 'kg CO2e / kWh'], Object.entries(d.stages).map(([k, v]) => [k.replace(/_/g, ' '),
          fmt(v, 1)]), 'carbon-stages'))
      : el('p', { class: 'muted', id: 'carbon-total' }, 'No carbon footprint declared in the ledger.');
    const r = c.reuse;
    const reuse = r
      ? el('p', { id: 'carbon-avoided' }, (r.recorded ? 'Its reuse avoided ' : 'Reusing it now would avoid '),
        el('b', {}, fmt(r.avoidedKgCo2e, 0) + ' kg CO2e'), ' against a new battery of the same energy: '
        + r.energyBasis + ' = ' + fmt(r.energyKwh, 1) + ' kWh × ' + fmt(r.factorKgCo2ePerKwh, 1)
        + ' kg CO2e/kWh (' + r.factorSource + ')' + (r.recorded ? ', recorded with re-coding event ' + r.seq : ''))
      : el('p', { id: 'carbon-avoided', class: 'muted' }, 'No avoided footprint: the battery has no assessment.');
    return el('div', { id: 'carbon' }, declared, reuse,
      el('p', {}, el('a', { id: 'passport-link', href: '#' }, 'Battery passport (JSON)')));
  }

  // Retire the battery (issue #12): the service assesses and grades it, records the grading in its ledger and offers
  // it to the recycler named. Only its fleet (holding it) or an administrator may: the API answers everyone else.
  function retirementForm(b, ledger) {
    const pending = ledger && ledger.events.length && ledger.events[ledger.events.length - 1];
    const org = el('input', { name: 'offeredTo', placeholder: 'recycler organisation id', required: 'required' });
    const note = el('input', { name: 'note', placeholder: 'why (optional; no VIN or plate)', maxlength: '500' });
    const out = el('p', { id: 'retirement-result', class: 'muted' },
      pending && pending.type === 'transfer_initiated' ? 'Offered to ' + pending.details.to + ' on '
        + pending.occurredAt.slice(0, 16).replace('T', ' ') + ' UTC, not accepted yet.' : '');
    const form = el('form', { id: 'retirement-form' },
      el('p', { class: 'muted' }, 'Assesses and grades the battery now, records the grading in its ledger and offers '
        + 'it to a recycler, in whose queue it then appears.'),
      org, ' ', note, ' ', el('button', { type: 'submit', id: 'retire' }, 'Retire and offer'), out);
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      out.className = 'muted';
      out.textContent = 'Assessing…';
      try {
        const body = { offeredTo: org.value.trim() };
        if (note.value.trim()) body.note = note.value.trim();
        const r = await api('/batteries/' + encodeURIComponent(b.code) + '/retirement', 'POST', body);
        out.className = 'ok';
        out.textContent = 'Graded ' + r.assessment.grade + ' (SOH ' + fmt(r.assessment.sohPercent) + ' %), recorded as '
          + 'ledger event ' + r.grading.seq + '; offered to ' + r.offeredTo + ' (event ' + r.transfer.seq + ').';
      } catch (e) {
        if (e.status === 401) { showError(e); return; }
        out.className = 'bad';
        out.textContent = (e.status ? 'API ' + e.status + ': ' : '') + e.message;
      }
    });
    return form;
  }

  // What the edge sent of the BMS's safety monitors: insulation readings against the policy's Ω/V minimum, fault
  // flags raised and cleared, and how much full-rate evidence arrived. The API counts every type in its answers.
  function safetyPanel(ins, flt) {
    const counts = ins.counts || {};
    const total = Object.values(counts).reduce((a, n) => a + n, 0);
    if (!total) {
      return el('p', { id: 'safety-monitor', class: 'muted' }, 'No health evidence received from the edge yet.');
    }
    const limit = ins.minOhmsPerVolt;
    const when = r => r.time.slice(0, 16).replace('T', ' ') + ' UTC';
    const reading = (r, id) => el('span', { id, class: r.ohmsPerVolt < limit ? 'bad' : 'ok' },
      el('b', {}, fmt(r.insulationKohm, 0) + ' kΩ'), ' (' + fmt(r.ohmsPerVolt, 0) + ' Ω/V at ' + fmt(r.workingVolts, 0)
      + ' V) on ' + when(r));
    const readings = ins.evidence;
    let insul;
    if (!readings.length) {
      insul = el('p', { id: 'insulation', class: 'muted' }, 'No insulation readings received yet.');
    } else {
      const latest = readings[readings.length - 1];
      const lowest = readings.reduce((lo, r) => (r.insulationKohm < lo.insulationKohm ? r : lo));
      insul = el('div', { id: 'insulation' },
        el('p', {}, 'Insulation, latest ', reading(latest, 'insulation-latest'), ' · lowest ',
          reading(lowest, 'insulation-lowest'), ' · policy minimum ', el('b', { id: 'insulation-limit' }, fmt(limit, 0)
            + ' Ω/V'), ' · ' + readings.length + ' readings'
            + (ins.truncated ? ' (the first ' + readings.length + ' of ' + counts.INSULATION + ')' : '')),
        readings.length >= 3
          ? lineChart([{ name: 'insulation Ω/V', color: '#3b6fb6', dots: readings.length <= 60,
            points: readings.map(r => [r.ts, r.ohmsPerVolt]) },
          { name: 'policy minimum', color: '#b3261e',
            points: [[readings[0].ts, limit], [latest.ts, limit]] }],
          { id: 'insulation-chart', height: 180, yLabel: 'Ω/V of working voltage' })
          : null);
    }
    const events = flt.evidence;
    const faultHistory = events.length
      ? table(['BMS flag', 'event', 'time'], events.map(e => [e.name,
        el('span', { class: e.active ? 'bad' : 'ok' }, e.active ? 'raised' : 'cleared'), when(e)]), 'fault-history')
      : el('p', { id: 'fault-history', class: 'muted' }, 'No BMS fault flags raised.');
    return el('div', { id: 'safety-monitor' }, insul, el('h3', {}, 'Fault history'), faultHistory,
      el('p', { id: 'evidence-counts', class: 'muted' }, 'Seen by the edge at full CAN rate: ',
        el('b', {}, counts.CURRENT_STEP || 0), ' current steps · ', el('b', {}, counts.NEGATIVE_EVENT || 0),
        ' negative events'));
  }

  // Pack resistance over the assessments, with the latest growth over the battery's first figure.
  function resistanceTrend(assessments) {
    const withFigure = assessments.filter(a => a.resistanceMilliohm != null);
    if (!withFigure.length) {
      return el('p', { id: 'resistance-trend', class: 'muted' }, 'No resistance figure yet: too few current steps in '
        + 'the telemetry (the reasons above say why).');
    }
    const last = withFigure[withFigure.length - 1];
    return el('div', {},
      el('p', { id: 'resistance-latest' }, 'Latest ', el('b', {}, fmt(last.resistanceMilliohm)), ' mΩ at 25 °C, ',
        el('b', {}, (last.resistanceGrowthPercent >= 0 ? '+' : '') + fmt(last.resistanceGrowthPercent)), ' % over the first figure (',
        fmt(withFigure[0].resistanceMilliohm), ' mΩ on ', withFigure[0].assessedAt.slice(0, 10), ')'),
      lineChart([{ name: 'resistance mΩ', color: '#b3261e', dots: true,
        points: withFigure.map(a => [Date.parse(a.assessedAt), a.resistanceMilliohm]) }],
      { id: 'resistance-chart', yLabel: 'mΩ (pack, 25 °C)' }));
  }

  // What a recycler can expect to recover, per metal and as lithium carbonate equivalent.
  function recoveryPanel(r) {
    if (!r) return el('p', { id: 'recovery', class: 'muted' }, 'No recovery estimate: no cathode figures for this chemistry.');
    const kg = v => el('span', { class: 'num' }, fmt(v, 2));
    return el('div', { id: 'recovery' },
      el('p', { class: 'muted' }, r.cathode + ' cathode assumed · ' + fmt(r.energyKwh, 1) + ' kWh nameplate · recoverable after '
        + 'the recycling process\'s losses'),
      table(['metal', 'kg'], [['lithium (Li)', kg(r.lithiumKg)], ['nickel (Ni)', kg(r.nickelKg)],
        ['cobalt (Co)', kg(r.cobaltKg)], ['manganese (Mn)', kg(r.manganeseKg)],
        ['lithium carbonate equivalent (LCE)', kg(r.lceKg)]], 'recovery-table'));
  }

  function csv(rows) {
    const q = v => { const s = v == null ? '' : String(v); return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };
    return rows.map(r => r.map(q).join(',')).join('\r\n') + '\r\n'; // RFC 4180
  }

  async function recyclerPage() {
    const all = await withHealth(await api('/batteries'));
    // A recycler's token lists the batteries in its custody; an administrator sees every battery someone holds.
    const rows = all.filter(r => r.battery.custodianOrg);
    await Promise.all(rows.map(async r => { // issue #17: declared footprint and what reuse avoids
      r.carbon = (await optional('/batteries/' + encodeURIComponent(r.battery.code) + '/carbon-footprint')).data || {};
    }));
    const declaredCf = r => r.carbon.declared ? r.carbon.declared.totalKgCo2ePerKwh : null;
    const avoided = r => r.carbon.reuse ? r.carbon.reuse.avoidedKgCo2e : null;
    const header = ['code', 'model', 'chemistry', 'nominalAh', 'custodian', 'sohPercent', 'uncertaintyPercent',
      'grade', 'assessedAt', 'reasons', 'declaredKgCo2ePerKwh', 'reuseAvoidsKgCo2e'];
    const data = rows.map(r => [r.battery.code, r.battery.model, r.battery.chemistry, r.battery.nominalAh,
      r.battery.custodianOrg, r.health && r.health.sohPercent, r.health && r.health.uncertaintyPercent,
      r.health && r.health.grade, r.health && r.health.assessedAt, r.health && (r.health.reasons || []).join('; '),
      declaredCf(r), avoided(r)]);
    const text = csv([header, ...data]);
    const link = el('a', { id: 'csv-export', download: 'voltrace-recycler-queue.csv',
      href: 'data:text/csv;charset=utf-8,' + encodeURIComponent(text) }, 'Export CSV (' + rows.length + ' rows)');
    // Batteries offered to (or by) this organisation and not yet taken: retirements wait here with their grading.
    const transfers = await optional('/transfers');
    const offers = transfers.data ? await Promise.all(transfers.data.transfers.map(async t => {
      const g = await optional('/grading/' + encodeURIComponent(t.battery));
      return { t, g: g.data ? g.data.details : null };
    })) : [];
    const offered = transfers.data
      ? (offers.length
        ? table(['battery', 'from', 'to', 'offered', 'grade', 'SOH %', 'reason'], offers.map(o => [
          batteryLink(o.t.battery), o.t.from, o.t.to, o.t.initiatedAt.slice(0, 16).replace('T', ' '),
          gradeCell(o.g && o.g.grade), fmt(o.g && o.g.sohPercent && Number(o.g.sohPercent)), (o.g && o.g.reason) || '']),
        'offers')
        : el('p', { id: 'offers' }, 'No batteries offered.'))
      : el('p', { id: 'offers', class: 'muted' }, 'API ' + transfers.error.status + ': ' + transfers.error.message);
    // Issue #14: the tests and triages recorded for the batteries offered or held, and a bench-file upload.
    const intake = await intakePanel([...offers.map(o => ({ code: o.t.battery, grade: o.g && o.g.grade, reasons:
      o.g && o.g.reason ? [o.g.reason] : [] })), ...rows.map(r => ({ code: r.battery.code, grade: r.health && r.health.grade,
      reasons: r.health ? r.health.reasons || [] : [] }))]);
    content().replaceChildren(section('Offered for retirement', offered), intake,
      section('Batteries in custody', el('p', {}, link),
      rows.length ? table(['battery', 'model', 'chemistry', 'custodian', 'SOH %', 'grade', 'declared kg CO2e/kWh',
        'reuse avoids kg CO2e', 'reasons'],
        rows.map(r => [batteryLink(r.battery.code), r.battery.model || '', r.battery.chemistry, r.battery.custodianOrg,
          fmt(r.health && r.health.sohPercent), gradeCell(r.health && r.health.grade), fmt(declaredCf(r)),
          fmt(avoided(r), 0), r.health ? (r.health.reasons || []).join('; ') : '']), 'queue')
        : el('p', { id: 'queue' }, 'No batteries in custody.')));
  }

  // Issue #14: a recycler's intake tests and triages. Each battery's latest one with SOH ± σ (one sigma), the grade the
  // service gave and, for NEEDS_TEST, why; and a form that uploads a bench file (csv, xlsx, .mpt) for the service to
  // analyse and record. The grading reasons come from the API; this page only picks the one that explains the grade.
  const gradeReason = (grade, reasons) => (grade === 'NEEDS_TEST'
    && reasons.find(r => /straddles|held back|not established|bench test|capacity test/.test(r))) || reasons[0] || '';
  async function intakePanel(batteries) {
    const seen = new Set();
    const list = batteries.filter(b => !seen.has(b.code) && seen.add(b.code));
    const tested = await Promise.all(list.map(async b => {
      const t = await optional('/batteries/' + encodeURIComponent(b.code) + '/intake-tests');
      const tests = t.data ? t.data.tests : [];
      return { b, last: tests.length ? tests[tests.length - 1] : null, count: tests.length };
    }));
    const withTests = tested.filter(x => x.last);
    const shown = withTests.length
      ? table(['battery', 'kind', 'SOH % ± σ', 'capacity Ah', 'source', 'recorded', 'grade', 'reason'],
        withTests.map(x => [batteryLink(x.b.code), x.last.kind + (x.count > 1 ? ' (' + x.count + ' recorded)' : ''),
          fmt(x.last.sohPercent) + ' ± ' + fmt(x.last.sigmaPercent), fmt(x.last.capacityAh, 2), x.last.source,
          x.last.occurredAt.slice(0, 16).replace('T', ' '), gradeCell(x.b.grade), gradeReason(x.b.grade, x.b.reasons)]),
        'intake-tests')
      : el('p', { id: 'intake-tests', class: 'muted' }, 'No intake tests or triages recorded.');
    const code = el('select', { name: 'code', id: 'intake-code' },
      list.map(b => el('option', { value: b.code }, b.code)));
    const file = el('input', { type: 'file', name: 'file', id: 'intake-file', required: 'required',
      accept: '.csv,.gz,.xlsx,.mpt,.txt' });
    const format = el('select', { name: 'format', id: 'intake-format' },
      ['auto', 'csv', 'neware-csv', 'arbin-xlsx', 'neware-xlsx', 'biologic-mpt'].map(f => el('option', { value: f }, f)));
    const out = el('p', { id: 'intake-result', class: 'muted' });
    const form = el('form', { id: 'intake-form' },
      el('p', { class: 'muted' }, 'Upload a bench test file (Arbin CSV or xlsx, Neware CSV or xlsx, BioLogic .mpt, the '
        + 'generic CSV): the service finds the residual capacity (GB/T 34015), records it in the battery\'s ledger and '
        + 'grades the battery from it.'),
      code, ' ', file, ' ', format, ' ', el('button', { type: 'submit', id: 'intake-upload' }, 'Upload and analyse'), out);
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      if (!file.files.length) return;
      const f = file.files[0];
      out.className = 'muted';
      out.textContent = 'Analysing ' + f.name + '…';
      try {
        // A browser form's multipart/form-data: the file part carries its own name; the browser sets the boundary.
        const data = new FormData();
        data.append('format', format.value);
        data.append('file', f, f.name);
        const res = await fetch('/api/v1/batteries/' + encodeURIComponent(code.value) + '/intake-tests',
          { method: 'POST', headers: { Authorization: 'Bearer ' + sessionStorage.getItem(KEY) }, body: data });
        let body = null;
        try { body = await res.json(); } catch (e) { /* not JSON */ }
        if (!res.ok) throw new ApiError(res.status, body && body.error ? body.error : res.status + ' ' + res.statusText);
        const t = body.test;
        const a = body.assessment;
        out.className = 'ok';
        out.textContent = 'Recorded as ledger event ' + t.seq + ': ' + fmt(t.capacityAh, 2) + ' Ah, SOH '
          + fmt(t.sohPercent) + ' ± ' + fmt(t.sigmaPercent) + ' %' + (a ? '; graded ' + a.grade + ': '
          + gradeReason(a.grade, a.reasons || []) : '') + '.';
      } catch (e) {
        if (e.status === 401) { showError(e); return; }
        out.className = 'bad';
        out.textContent = (e.status ? 'API ' + e.status + ': ' : '') + e.message;
      }
    });
    return section('Intake tests and triages', shown, list.length ? form
      : el('p', { class: 'muted' }, 'No battery offered or held to upload a test for.'));
  }

  document.addEventListener('click', ev => {
    if (!ev.target || ev.target.id !== 'passport-link') return;
    ev.preventDefault();
    api('/batteries/' + encodeURIComponent(params.get('code')) + '/passport')
      .then(p => window.open(URL.createObjectURL(new Blob([JSON.stringify(p, null, 2)], { type: 'application/json' }))))
      .catch(showError);
  });
  document.getElementById('signout').addEventListener('click', ev => {
    ev.preventDefault(); sessionStorage.removeItem(KEY); askToken();
  });
  if (!sessionStorage.getItem(KEY)) { askToken(); return; }
  const page = { index: fleetPage, battery: batteryPage, recycler: recyclerPage }[document.body.dataset.page];
  page().catch(showError);
})();
