// The segmentation report's page script (scripts/report.py inlines it after ECharts and
// the data): filters, charts, tables. Data: one JSON object of columnar arrays whose
// codes are indexes into the dictionaries D.dates, D.regions, D.branches, D.tiers, ...
(function () {
  'use strict';
  var started = performance.now();
  var D = JSON.parse(document.getElementById('report-data').textContent);
  var L = D.labels;
  var FONT = getComputedStyle(document.body).fontFamily;
  var DASHES = [[6, 4], [2, 3], [10, 3, 2, 3], [1, 5], [12, 6]];
  var FALLBACK = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4'];
  var initial = D.dates.indexOf(document.getElementById('report').getAttribute('data-initial-date'));
  var state = {date: initial < 0 ? D.dates.length - 1 : initial, region: -1, branch: -1, tier: -1};
  var charts = {};
  window.corpReport = {charts: charts, state: state, data: D, render: renderAll};

  // -- formatting --------------------------------------------------------------------
  function zh(type, code) { return (L[type] && L[type][code]) || ''; }
  function both(type, code) { var z = zh(type, code); return z ? z + ' ' + code : code; }
  function colour(code, i) { return D.colours[code] || FALLBACK[(i || 0) % FALLBACK.length]; }
  function cny(v) {
    if (v === null || v === undefined) { return '–'; }
    var sign = v < 0 ? '-' : '', a = Math.abs(v);
    if (a >= 1e8) { return sign + (a / 1e8).toLocaleString('en', {maximumFractionDigits: 2, minimumFractionDigits: 2}) + '亿'; }
    if (a >= 1e4) { return sign + (a / 1e4).toLocaleString('en', {maximumFractionDigits: 1, minimumFractionDigits: 1}) + '万'; }
    return sign + a.toLocaleString('en', {maximumFractionDigits: 0});
  }
  // Axis ticks: round values, so that neighbouring labels stay short and apart.
  function cnyTick(v) {
    var sign = v < 0 ? '-' : '', a = Math.abs(v);
    if (a >= 1e8) { return sign + (a / 1e8).toLocaleString('en', {maximumFractionDigits: 1}) + '亿'; }
    if (a >= 1e4) { return sign + (a / 1e4).toLocaleString('en', {maximumFractionDigits: 0}) + '万'; }
    return sign + a.toLocaleString('en', {maximumFractionDigits: 0});
  }
  function num(v, decimals) {
    if (v === null || v === undefined) { return '–'; }
    return v.toLocaleString('en', {maximumFractionDigits: decimals || 0, minimumFractionDigits: decimals || 0});
  }
  function esc(s) {
    return String(s === null || s === undefined ? '' : s).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }
  function symlog(v) { return (v < 0 ? -1 : 1) * Math.log10(1 + Math.abs(v) / D.symlogC); }
  function unsymlog(f) { return (f < 0 ? -1 : 1) * (Math.pow(10, Math.abs(f)) - 1) * D.symlogC; }

  // -- filters -----------------------------------------------------------------------
  function branchOK(b) {
    if (state.branch >= 0) { return b === state.branch; }
    return state.region < 0 || D.branchRegion[b] === state.region;
  }
  // a cutoff line that holds for one region or branch only (r, b: -1 when it holds for its whole group)
  function lineOK(r, b) {
    if (b >= 0) { return branchOK(b); }
    if (r >= 0) { return state.branch >= 0 ? D.branchRegion[state.branch] === r : regionOK(r); }
    return true;
  }
  function regionOK(r) { return state.region < 0 || r === state.region; }
  function tierOK(t) { return state.tier < 0 || t === state.tier; }
  function regionOf(b) { var r = D.branchRegion[b]; return r === null || r === undefined ? '–' : D.regions[r]; }

  function options(select, items, value) {
    select.innerHTML = items.map(function (item) {
      return '<option value="' + item[0] + '"' + (item[0] === value ? ' selected' : '') + '>' + esc(item[1]) + '</option>';
    }).join('');
  }
  function setupFilters() {
    var date = document.getElementById('filter-date'), region = document.getElementById('filter-region');
    var branch = document.getElementById('filter-branch'), tier = document.getElementById('filter-tier');
    options(date, D.dates.map(function (d, i) { return [i, d]; }), state.date);
    options(region, [[-1, 'all / 全部']].concat(D.regions.map(function (r, i) { return [i, r]; })), state.region);
    options(tier, [[-1, 'all / 全部']].concat(D.tiers.map(function (t, i) { return [i, both('tier_code', t)]; })), state.tier);
    function branches() {
      var items = [[-1, 'all / 全部']];
      D.branches.forEach(function (b, i) {
        if (state.region < 0 || D.branchRegion[i] === state.region) { items.push([i, b + ' (' + regionOf(i) + ')']); }
      });
      options(branch, items, state.branch);
    }
    branches();
    date.addEventListener('change', function () { state.date = Number(date.value); renderAll(); });
    region.addEventListener('change', function () {
      state.region = Number(region.value);
      if (state.branch >= 0 && state.region >= 0 && D.branchRegion[state.branch] !== state.region) { state.branch = -1; }
      branches(); renderAll();
    });
    branch.addEventListener('change', function () { state.branch = Number(branch.value); renderAll(); });
    tier.addEventListener('change', function () { state.tier = Number(tier.value); renderAll(); });
  }

  // -- figures -----------------------------------------------------------------------
  function figure(containerId, key, title, wide) {
    if (charts[key]) { return charts[key]; }
    var fig = document.createElement('figure');
    fig.className = 'chart' + (wide ? ' wide' : '');
    fig.setAttribute('data-chart', key);
    fig.innerHTML = '<h3>' + esc(title) + '</h3><div class="canvas"></div><figcaption></figcaption>';
    document.getElementById(containerId).appendChild(fig);
    var chart = echarts.init(fig.querySelector('.canvas'), null, {renderer: 'canvas'});
    charts[key] = {chart: chart, figure: fig, key: key};
    return charts[key];
  }
  function show(entry, visible) {
    var was = entry.figure.style.display !== 'none';
    entry.figure.style.display = visible ? '' : 'none';
    if (visible && !was) { entry.chart.resize(); }
    return visible;
  }
  function draw(entry, option, points, marks, mode, caption) {
    option.animation = false;
    option.textStyle = {fontFamily: FONT};
    option.tooltip = Object.assign({className: 'report-tooltip', confine: true}, option.tooltip || {});
    entry.chart.setOption(option, true);
    entry.figure.setAttribute('data-points', String(points));
    entry.figure.setAttribute('data-marks', String(marks));
    entry.figure.setAttribute('data-mode', mode);
    entry.figure.querySelector('figcaption').textContent = caption || '';
  }

  // -- KPIs and tier x segment ---------------------------------------------------------
  // Existing customers' totals by tier x segment: mart_segment_summary's rows (by region);
  // with a branch chosen, the segment fact's by branch (the mart has no branch).
  function totals() {
    var out = {}, src, ok;
    if (state.branch >= 0) {
      src = D.byBranch;
      ok = function (i) { return branchOK(src.b[i]); };
    } else {
      src = D.summary;
      ok = function (i) { return regionOK(src.r[i]); };
    }
    for (var i = 0; i < src.n.length; i++) {
      if (src.d[i] !== state.date || !tierOK(src.t[i]) || !ok(i)) { continue; }
      var key = src.t[i] + ':' + src.s[i];
      var cell = out[key] || (out[key] = {t: src.t[i], s: src.s[i], n: 0, p: 0, dep: 0, cr: 0});
      cell.n += src.n[i]; cell.p += src.p[i] || 0; cell.dep += src.dep[i] || 0; cell.cr += src.cr[i] || 0;
    }
    return out;
  }
  function prospectTotal() {
    var src = state.branch >= 0 ? D.prospectsByBranch : D.targetSummary, n = 0;
    for (var i = 0; i < src.n.length; i++) {
      if (src.d[i] !== state.date || !tierOK(src.t[i])) { continue; }
      if (state.branch >= 0 ? !branchOK(src.b[i]) : !regionOK(src.r[i])) { continue; }
      n += src.n[i];
    }
    return n;
  }
  function renderKpis(cells) {
    var n = 0, p = 0, dep = 0, cr = 0;
    Object.keys(cells).forEach(function (k) { n += cells[k].n; p += cells[k].p; dep += cells[k].dep; cr += cells[k].cr; });
    var kpis = [[num(n), 'existing customers / 存量客户'], [num(prospectTotal()), 'target prospects / 目标客户'],
                [cny(p), 'profit contribution / 利润贡献度（元）'], [cny(dep), 'deposit ADB / 日均存款（元）'],
                [cny(cr), 'credit balance / 授信余额（元）']];
    if (D.rejected !== null) { kpis.push([num(D.rejected), 'rejected raw rows, all dates / 拒收原始记录（全部）']); }
    document.getElementById('kpis').innerHTML = kpis.map(function (k) {
      return '<div class="kpi"><b>' + esc(k[0]) + '</b><span>' + esc(k[1]) + '</span></div>';
    }).join('');
  }
  function renderTierSegment(cells) {
    var tiers = D.tiers.map(function (t, i) { return i; }).filter(function (t) {
      return D.segments.some(function (s, si) { return cells[t + ':' + si]; });
    });
    var keys = Object.keys(cells);
    var source = state.branch >= 0 ? 'fct_customer_segments (by branch)' : 'mart_segment_summary';
    var counts = figure('tier-segment-charts', 'tier-segment-customers', 'Customers by tier and segment / 分层×客户群 客户数');
    var profit = figure('tier-segment-charts', 'tier-segment-profit',
      'Profit contribution by tier and segment (CNY) / 分层×客户群 利润贡献度（元）');
    var cats = tiers.map(function (t) { return both('tier_code', D.tiers[t]); }).reverse();
    function series(field, stack) {
      return D.segments.map(function (s, si) {
        return {name: both('segment_code', s), type: 'bar', stack: stack, itemStyle: {color: colour(s, si)},
                data: tiers.slice().reverse().map(function (t) { var c = cells[t + ':' + si]; return c ? c[field] : null; })};
      });
    }
    var base = {grid: {left: 10, right: 50, top: 20, bottom: 60, containLabel: true},
                legend: {bottom: 0}, yAxis: {type: 'category', data: cats},
                tooltip: {trigger: 'item'}};
    draw(counts, Object.assign({}, base, {xAxis: {type: 'value', name: 'customers / 客户数', nameLocation: 'middle', nameGap: 24},
      series: series('n', 'n'), tooltip: {trigger: 'item', formatter: function (p) {
        return esc(p.name) + ' · ' + esc(p.seriesName) + ': ' + num(p.value); }}}),
      keys.length, keys.length, 'bars', 'Source / 数据源: ' + source);
    draw(profit, Object.assign({}, base, {xAxis: {type: 'value', axisLabel: {formatter: cnyTick, hideOverlap: true}},
      series: series('p', null), tooltip: {trigger: 'item', formatter: function (p) {
        return esc(p.name) + ' · ' + esc(p.seriesName) + ': ' + cny(p.value) + ' CNY'; }}}),
      keys.length, keys.length, 'bars', 'Source / 数据源: ' + source);
    var rows = keys.map(function (k) { return cells[k]; }).sort(function (a, b) { return a.t - b.t || a.s - b.s; })
      .map(function (c) {
        return [[both('tier_code', D.tiers[c.t])], [both('segment_code', D.segments[c.s])], [num(c.n), c.n], [cny(c.p), c.p.toFixed(2)]];
      });
    table('tier-segment-table', 'tier-segment', ['tier / 分层', 'segment / 客户群', 'customers / 客户数', 'profit / 利润贡献度'], rows);
  }

  // -- quadrants -----------------------------------------------------------------------
  var POP = {
    existing: {prefix: 'quadrant-', container: 'quadrant-charts', segments: D.segments, idName: 'customer / 客户',
               x: 'profit contribution / 利润贡献度', y: 'bank value score / 银行价值得分',
               xTitle: 'profit contribution (CNY, signed log scale) / 利润贡献度（元，对称对数刻度）',
               corners: {hh: 'important', hl: 'quality', lh: 'ordinary', ll: 'exit'}},
    target: {prefix: 'prospect-quadrant-', container: 'prospect-charts', segments: D.prospectSegments,
             idName: 'prospect / 目标客户', x: 'potential value / 潜在价值贡献度', y: "bank's value / 银行对目标客户价值",
             xTitle: 'potential value score / 潜在价值贡献度', corners: {hh: 'gold', hl: 'potential', lh: 'watch', ll: 'general'}}
  };
  // Decode a population's embedded points and cells: points come in group order (group g
  // holds G.n[g] of them when G.p[g]); cells come as run lengths per group x segment and
  // key deltas within a run. Gives, per group, where its points and cells start.
  Object.keys(POP).forEach(function (pop) {
    var Q = D.quadrants[pop], G = Q.groups, S = POP[pop].segments.length, groups = G.n.length;
    var pointStart = new Int32Array(groups + 1), cellStart = new Int32Array(groups + 1), g, s, i;
    for (g = 0; g < groups; g++) { pointStart[g + 1] = pointStart[g] + (G.p[g] ? G.n[g] : 0); }
    var pointGroup = new Int32Array(pointStart[groups]);
    for (g = 0; g < groups; g++) { pointGroup.fill(g, pointStart[g], pointStart[g + 1]); }
    var runs = Q.cells.runs, dk = Q.cells.dk, k = new Int32Array(dk.length), seg = new Uint8Array(dk.length), at = 0;
    for (g = 0; g < groups; g++) {
      cellStart[g] = at;
      for (s = 0; s < S; s++) {
        var length = runs[g * S + s], previous = 0;
        for (i = 0; i < length; i++, at++) { previous = i === 0 ? dk[at] : previous + dk[at]; k[at] = previous; seg[at] = s; }
      }
    }
    cellStart[groups] = at;
    Q.cells.k = k; Q.cells.s = seg;
    POP[pop].pointStart = pointStart; POP[pop].cellStart = cellStart; POP[pop].pointGroup = pointGroup;
  });

  function renderQuadrants(pop) {
    var P = POP[pop], Q = D.quadrants[pop], C = D.cutoffs[pop], G = Q.groups, bins = Q.bins;
    var fx = Q.transform === 'symlog' ? symlog : function (v) { return v; };
    var xLabel = Q.transform === 'symlog' ? function (f) { return cny(unsymlog(f)); } : function (v) { return num(v, 0); };
    var xValue = Q.transform === 'symlog' ? cny : function (v) { return num(v, 1); };
    Q.tiers.forEach(function (t) {
      var code = D.tiers[t];
      var title = pop === 'existing'
        ? both('tier_code', code) + ': profit contribution × bank value score / 利润贡献度 × 银行价值'
        : 'Target prospects, ' + both('tier_code', code) + ': potential value × bank\'s value / 目标客户四象限';
      var entry = figure(P.container, P.prefix + code, title);
      var groups = [], total = 0, allPoints = true;
      for (var g = 0; g < G.n.length; g++) {
        if (G.d[g] === state.date && G.t[g] === t && branchOK(G.b[g])) {
          groups.push(g); total += G.n[g]; if (!G.p[g]) { allPoints = false; }
        }
      }
      // a tier nobody of the filter is in on this date shows no chart
      if (!show(entry, tierOK(t) && total > 0)) {
        entry.figure.setAttribute('data-points', '0'); entry.figure.setAttribute('data-marks', '0');
        return;
      }
      var dom = Q.domain[String(t)];
      var lines = [], groupsText = {};
      for (var c = 0; c < C.d.length; c++) {
        if (C.d[c] !== state.date || C.t[c] !== t || !lineOK(C.r[c], C.b[c])) { continue; }
        var name = C.group_zh[c] + ' (' + C.group[c] + ')'
          + (C.b[c] >= 0 ? ' @ ' + D.branches[C.b[c]] : C.r[c] >= 0 ? ' @ ' + D.regions[C.r[c]] : '');
        var rule = C.method[c] === 'absolute' ? '≥ ' + num(C.cutoff[c], 2)
          : C.method[c] === 'percent_rank' ? 'P' + Math.round(C.cutoff[c] * 1000) / 10 : 'lowest high / 最低高值';
        var fell = C.v[c] === null ? rule + ' → nobody high / 无人达到'
          : rule + ' → ' + (C.dim[c] === 'x' ? xValue(C.v[c]) : num(C.v[c], 1));
        groupsText[name] = groupsText[name] || {x: [], y: [], members: 0};
        groupsText[name][C.dim[c]].push(fell);
        groupsText[name].members = Math.max(groupsText[name].members, C.members[c]);
        if (C.v[c] !== null) { lines.push({c: c, name: name, dim: C.dim[c], text: fell}); }
      }
      var groupNames = Object.keys(groupsText).sort();
      var markData = lines.map(function (ln) {
        var dash = DASHES[groupNames.indexOf(ln.name) % DASHES.length];
        var item = {name: ln.name + ': ' + ln.dim + ' ' + ln.text, lineStyle: {type: dash, color: '#222', width: 1.3}};
        if (ln.dim === 'x') { item.xAxis = fx(C.v[ln.c]); } else { item.yAxis = C.v[ln.c]; }
        return item;
      });
      var series = [], marks = 0, mode;
      if (total <= D.pointsPerChart && allPoints) {
        mode = 'points';
        var bySegment = P.segments.map(function () { return []; });
        groups.forEach(function (g) {
          for (var i = P.pointStart[g]; i < P.pointStart[g + 1]; i++) {
            bySegment[Q.points.s[i]].push([fx(Q.points.x[i]), Q.points.y[i], i]);
          }
        });
        P.segments.forEach(function (s, si) {
          if (!bySegment[si].length) { return; }
          marks += bySegment[si].length;
          series.push({name: both('segment_code', s), type: 'scatter', symbolSize: 5, data: bySegment[si],
                       itemStyle: {color: colour(s, si), opacity: 0.65}, large: false});
        });
      } else {
        mode = 'density';
        var cells = {}, i, k;
        var add = function (key, s, n) {
          var cell = cells[key] || (cells[key] = {n: 0, s: {}});
          cell.n += n; cell.s[s] = (cell.s[s] || 0) + n;
        };
        groups.forEach(function (g) {
          for (i = P.cellStart[g]; i < P.cellStart[g + 1]; i++) { add(Q.cells.k[i], Q.cells.s[i], Q.cells.n[i]); }
          for (i = P.pointStart[g]; i < P.pointStart[g + 1]; i++) {
            var bi = Math.min(bins - 1, Math.max(0, Math.floor((fx(Q.points.x[i]) - dom[0]) / (dom[1] - dom[0]) * bins)));
            var bj = Math.min(bins - 1, Math.max(0, Math.floor(Q.points.y[i] / 100 * bins)));
            add(bi * bins + bj, Q.points.s[i], 1);
          }
        });
        var data = [], peak = 1;
        for (k in cells) { if (cells[k].n > peak) { peak = cells[k].n; } }
        for (k in cells) { data.push([Math.floor(k / bins), k % bins, cells[k].n, Number(k)]); }
        marks = data.length;
        var xw = (dom[1] - dom[0]) / bins, yw = 100 / bins;
        series.push({name: 'density / 密度', type: 'custom', data: data, encode: {x: 0, y: 1},
          renderItem: function (params, api) {
            var i0 = api.value(0), j0 = api.value(1), n = api.value(2);
            var a = api.coord([dom[0] + i0 * xw, (j0 + 1) * yw]), b = api.coord([dom[0] + (i0 + 1) * xw, j0 * yw]);
            var level = Math.sqrt(n / peak);
            return {type: 'rect', shape: {x: a[0], y: a[1], width: Math.max(1, b[0] - a[0]), height: Math.max(1, b[1] - a[1])},
                    style: {fill: 'rgb(' + Math.round(235 - 212 * level) + ',' + Math.round(241 - 191 * level) + ','
                                  + Math.round(250 - 173 * level) + ')'}};
          },
          tooltip: {formatter: function (p) {
            var v = p.value, cell = cells[v[3]];
            var parts = P.segments.map(function (s, si) {
              return cell.s[si] ? esc(both('segment_code', s)) + ': ' + num(cell.s[si]) : null;
            }).filter(Boolean);
            return 'customers in cell / 格内客户: <b>' + num(v[2]) + '</b><br>' + esc(P.x) + ': '
              + esc(xLabel(dom[0] + v[0] * xw)) + ' … ' + esc(xLabel(dom[0] + (v[0] + 1) * xw)) + '<br>' + esc(P.y) + ': '
              + num(v[1] * yw, 1) + ' … ' + num((v[1] + 1) * yw, 1) + '<br>' + parts.join('<br>');
          }}});
      }
      series.push({name: 'cutoffs / 分界线', type: 'line', data: [], silent: false,
                   markLine: {symbol: 'none', label: {show: false}, data: markData,
                              tooltip: {formatter: function (p) { return esc(p.name); }}}});
      var corners = Object.keys(P.corners).map(function (corner) {
        var s = P.corners[corner];
        return {type: 'text', right: corner[0] === 'h' ? 28 : null, left: corner[0] === 'l' ? 70 : null,
                top: corner[1] === 'h' ? 26 : null, bottom: corner[1] === 'l' ? 82 : null, silent: true, z: 100,
                style: {text: both('segment_code', s), fill: colour(s), opacity: 0.55, fontWeight: 'bold', fontSize: 12}};
      });
      draw(entry, {
        grid: {left: 60, right: 20, top: 20, bottom: 75},
        legend: {bottom: 0, data: series.filter(function (s) { return s.type === 'scatter'; }).map(function (s) { return s.name; })},
        xAxis: {type: 'value', min: dom[0], max: dom[1], name: P.xTitle, nameLocation: 'middle', nameGap: 26,
                axisLabel: {formatter: xLabel, hideOverlap: true}, splitLine: {lineStyle: {color: '#eceef2'}}},
        yAxis: {type: 'value', min: 0, max: 100, name: P.y, nameLocation: 'middle', nameGap: 36,
                splitLine: {lineStyle: {color: '#eceef2'}}},
        graphic: corners,
        tooltip: {trigger: 'item', formatter: function (p) {
          var i = p.value[2], b = G.b[P.pointGroup[i]];
          return esc(P.idName) + ': <b>' + esc(Q.points.id[i]) + '</b><br>segment / 客户群: '
            + esc(both('segment_code', P.segments[Q.points.s[i]])) + '<br>' + esc(P.x) + ': ' + esc(xValue(Q.points.x[i]))
            + '<br>' + esc(P.y) + ': ' + num(Q.points.y[i], 2) + '<br>region / 区域: ' + esc(regionOf(b))
            + '<br>branch / 机构: ' + esc(D.branches[b]);
        }},
        series: series
      }, total, marks, mode, (pop === 'existing' ? 'Customers / 客户数: ' : 'Target prospects / 目标客户数: ') + num(total)
        + (mode === 'density' ? ' — density: ' + num(marks) + ' cells of a ' + bins + '×' + bins
           + ' grid (more than ' + num(D.pointsPerChart) + ' points) / 密度图' : '')
        + '\nDashed lines: where each 分层客户群\'s cutoffs fell on this as_of_date (the lowest value ranked high) / '
        + '虚线为本观察日各分层客户群的实际分界值。\n'
        + groupNames.map(function (name) {
          var gt = groupsText[name];
          return name + ': ' + num(gt.members) + ' — x ' + (gt.x.join(', ') || '–') + ' · y ' + (gt.y.join(', ') || '–');
        }).join('\n'));
      entry.figure.setAttribute('data-cutoffs', String(markData.length));
    });
  }

  // -- migration -------------------------------------------------------------------------
  function renderMigration() {
    var M = D.migration, codes = D.migrationCodes, counts = {}, from = null, i;
    for (i = 0; i < M.n.length; i++) {
      if (M.d[i] !== state.date || !branchOK(M.b[i]) || !tierOK(M.t[i])) { continue; }
      from = M.from[String(M.d[i])];
      var key = M.fs[i] + ':' + M.ts[i];
      counts[key] = (counts[key] || 0) + M.n[i];
    }
    var entry = figure('migration-charts', 'migration', 'Segment migration / 客户群迁移', true);
    var rowTotal = codes.map(function (c, fi) {
      return codes.reduce(function (sum, c2, ti) { return sum + (counts[fi + ':' + ti] || 0); }, 0);
    });
    var data = [], peak = 1, stayed = 0, both_ = 0, up = 0;
    Object.keys(counts).forEach(function (key) {
      var parts = key.split(':').map(Number), n = counts[key];
      if (!n) { return; }
      data.push({value: [parts[1], parts[0], n],
                 itemStyle: parts[0] === parts[1] && codes[parts[0]] !== 'none' ? {borderColor: '#222', borderWidth: 1.5} : {}});
      peak = Math.max(peak, n);
      if (codes[parts[0]] !== 'none' && codes[parts[1]] !== 'none') {
        both_ += n; if (parts[0] === parts[1]) { stayed += n; }
      }
      if (codes[parts[0]] === 'exit' && codes[parts[1]] !== 'exit' && codes[parts[1]] !== 'none') { up += n; }
    });
    var labels = codes.map(function (c) { return both('segment_code', c); });
    var caption = from === null
      ? 'No earlier as_of_date to migrate from (backfill another month-end). / 无更早观察日，暂无迁移。'
      : D.dates[from] + ' → ' + D.dates[state.date] + ': ' + num(stayed) + ' of the ' + num(both_)
        + ' customers in scope on both dates kept their segment (' + num(both_ ? stayed / both_ * 100 : 0, 1) + '%); '
        + num(up) + ' left the exit segment for a better one. Rows: segment on ' + D.dates[from] + '; columns: on '
        + D.dates[state.date] + '; `none`: out of scope on that date. / 对角线为客户群未变。';
    entry.figure.querySelector('h3').textContent = 'Segment migration ' + (from === null ? '' : D.dates[from] + ' → ')
      + D.dates[state.date] + ' / 客户群迁移';
    draw(entry, {
      grid: {left: 150, right: 30, top: 40, bottom: 30},
      xAxis: {type: 'category', data: labels, position: 'top', name: 'to / 迁至 →', nameLocation: 'middle', nameGap: 26},
      yAxis: {type: 'category', data: labels, inverse: true, name: 'from / 迁出', nameLocation: 'start'},
      visualMap: {show: false, min: 0, max: peak, inRange: {color: ['#f5f8fc', '#2d62a6']}},
      tooltip: {trigger: 'item', formatter: function (p) {
        var v = p.value;
        return esc(codes[v[1]]) + ' → ' + esc(codes[v[0]]) + ': ' + num(v[2])
          + (rowTotal[v[1]] ? ' (' + num(v[2] / rowTotal[v[1]] * 100, 0) + '%)' : '');
      }},
      series: [{type: 'heatmap', data: data, label: {show: true, formatter: function (p) {
        var v = p.value; return num(v[2]) + (rowTotal[v[1]] ? ' (' + num(v[2] / rowTotal[v[1]] * 100, 0) + '%)' : '');
      }}}]
    }, data.length, data.length, 'cells', caption);
  }

  // -- lifecycle and risk by region ------------------------------------------------------
  function renderMix() {
    [['lifecycle-by-region', 'lifecycle', 'lifecycles', 'lifecycle_stage', 'Lifecycle stage by region / 各区域生命周期结构'],
     ['risk-by-region', 'risk', 'risks', 'risk_grade', 'Risk grade by region / 各区域风险等级结构']].forEach(function (spec) {
      var M = D.mix[spec[1]], stacks = D[spec[2]], values = {}, regions = {};
      for (var i = 0; i < M.n.length; i++) {
        if (M.d[i] !== state.date || !branchOK(M.b[i]) || !tierOK(M.t[i])) { continue; }
        var r = D.branchRegion[M.b[i]];
        regions[r] = (regions[r] || 0) + M.n[i];
        values[r + ':' + M.c[i]] = (values[r + ':' + M.c[i]] || 0) + M.n[i];
      }
      var rs = Object.keys(regions).map(Number).sort(function (a, b) {
        return String(D.regions[b]).localeCompare(String(D.regions[a]));
      });
      var entry = figure('mix-charts', spec[0], spec[4]);
      var series = stacks.map(function (s, si) {
        return {name: both(spec[3], s), type: 'bar', stack: 'share', itemStyle: {color: colour(s, si)},
                data: rs.map(function (r) {
                  var n = values[r + ':' + si] || 0;
                  return n ? {value: n / regions[r] * 100, n: n} : null;
                })};
      });
      draw(entry, {
        grid: {left: 10, right: 30, top: 20, bottom: 60, containLabel: true}, legend: {bottom: 0},
        xAxis: {type: 'value', max: 100, axisLabel: {formatter: '{value}%'}},
        yAxis: {type: 'category', data: rs.map(function (r) { return r === null || isNaN(r) ? '–' : D.regions[r]; })},
        tooltip: {trigger: 'item', formatter: function (p) {
          return esc(p.name) + ' · ' + esc(p.seriesName) + ': ' + num(p.data.n) + ' (' + num(p.value, 1) + '%)';
        }},
        series: series
      }, Object.keys(values).length, Object.keys(values).length, 'bars');
    });
  }

  // -- groups ------------------------------------------------------------------------------
  // D.groups (payload.groups): each as_of_date's largest groups (集团) by credit exposure
  // (rank rx) and by profit contribution (rank rp), with their members counted per segment
  // (cs: customers', in D.segments' order; ps: prospects', in D.prospectSegments'). Groups
  // span branches and regions: the section follows the as_of_date only.
  function groupName(G, i) { return G.name[i] ? G.name[i] + ' ' + G.id[i] : G.id[i]; }
  function groupMix(G, i) {
    var mix = [];
    D.segments.forEach(function (s, si) { if (G.cs[i][si]) { mix.push([s, G.cs[i][si], si]); } });
    D.prospectSegments.forEach(function (s, si) {
      if (G.ps[i][si]) { mix.push([s, G.ps[i][si], D.segments.length + si]); }
    });
    return mix;
  }
  function renderGroups() {
    var G = D.groups, note = document.getElementById('groups-note');
    if (!G) {
      note.textContent = 'No group marts in this file (marts.fct_group_summary, fct_group_members). / 本文件无集团数据。';
      return;
    }
    var count = G.count[state.date];
    note.textContent = num(count) + ' groups on ' + D.dates[state.date] + ' (fct_group_summary); the lists show the '
      + G.rows + ' largest of each ranking. Groups span branches and regions: this section follows the as_of_date only. '
      + '/ 本观察日共' + num(count) + '个集团，各列示前' + G.rows + '名；集团跨机构、跨区域，本节仅随观察日变化。';
    var codes = D.segments.concat(D.prospectSegments);
    [['groups-exposure', 'rx', 'Largest groups by credit exposure: members by segment / 授信敞口最大的集团：成员客户群'],
     ['groups-profit', 'rp', 'Largest groups by profit contribution: members by segment / 利润贡献度最高的集团：成员客户群']]
      .forEach(function (spec) {
        var rank = G[spec[1]], idx = [], i;
        for (i = 0; i < G.id.length; i++) { if (G.d[i] === state.date && rank[i] !== null) { idx.push(i); } }
        idx.sort(function (a, b) { return rank[a] - rank[b]; });
        var entry = figure('group-charts', spec[0], spec[2]), marks = 0, share = 0;
        idx.forEach(function (k) { share += G.share[k] || 0; });
        var series = codes.map(function (s, si) {
          return {name: both('segment_code', s), type: 'bar', stack: 'members', barMaxWidth: 28, itemStyle: {color: colour(s, si)},
                  data: idx.map(function (k) {
                    var n = si < D.segments.length ? G.cs[k][si] : G.ps[k][si - D.segments.length];
                    if (n) { marks += 1; }
                    return n || null;
                  })};
        }).filter(function (s) { return s.data.some(function (v) { return v; }); });
        if (show(entry, idx.length > 0)) {
          draw(entry, {
            grid: {left: 10, right: 30, top: 20, bottom: 60, containLabel: true}, legend: {bottom: 0},
            xAxis: {type: 'value', minInterval: 1, name: 'members / 成员数', nameLocation: 'middle', nameGap: 26},
            yAxis: {type: 'category', inverse: true, data: idx.map(function (k) { return groupName(G, k); })},
            tooltip: {trigger: 'item', formatter: function (p) {
              var k = idx[p.dataIndex];
              return esc(groupName(G, k)) + ' · ' + esc(p.seriesName) + ': ' + num(p.value) + '<br>credit exposure / 授信敞口: '
                + cny(G.exposure[k]) + (G.share[k] === null ? '' : ' (' + num(G.share[k] * 100, 2) + '%)') + '<br>profit / 利润贡献度: ' + cny(G.profit[k]);
            }},
            series: series
          }, idx.length, marks, 'bars', (spec[1] === 'rx'
            ? 'Together ' + num(share * 100, 2) + '% of the bank\'s credit exposure (balance × CCF). / 合计占全行授信敞口'
              + num(share * 100, 2) + '%。'
            : 'Ranked by the sum of the members\' profit contribution. / 按成员利润贡献度合计排名。'));
        }
        table(spec[0] + '-table', spec[0], ['group / 集团', 'customers / 客户', 'prospects / 目标客户',
          'members by segment / 成员客户群', 'credit exposure / 授信敞口', 'share of the bank / 占全行敞口',
          'profit / 利润贡献度', 'highest tier / 最高分层', 'worst risk / 最差风险等级', 'strategic / 战略集团'],
        idx.map(function (k) {
          var mix = groupMix(G, k).map(function (m) { return both('segment_code', m[0]) + ' ' + m[1]; }).join(' · ');
          var strategic = G.strategic[k] ? 'yes / 是' + (G.until[k] ? ' (until / 至 ' + G.until[k]
            + (G.ending[k] ? ', ends this month / 本月到期' : '') + ')' : '') : 'no / 否';
          return [[groupName(G, k)], [num(G.cm[k]), G.cm[k]], [num(G.pm[k]), G.pm[k]], [mix || '–'],
            [cny(G.exposure[k]), G.exposure[k]], G.share[k] === null ? ['–'] : [num(G.share[k] * 100, 2) + '%', G.share[k]],
            [cny(G.profit[k]), G.profit[k]],
            [G.tier[k] === null ? '–' : both('tier_code', D.tiers[G.tier[k]])],
            [G.risk[k] === null ? '–' : both('risk_grade', D.risks[G.risk[k]])], [strategic]];
        }));
      });
  }

  // -- tables --------------------------------------------------------------------------
  function table(containerId, key, headers, rows) {
    var body = rows.map(function (row) {
      return '<tr>' + row.map(function (cell) {
        if (cell.explain) { return '<td>' + explainLink(cell.explain[0], cell.explain[1], cell.text) + '</td>'; }
        return cell.length > 1 ? '<td class="num" data-value="' + esc(cell[1]) + '">' + esc(cell[0]) + '</td>'
          : '<td>' + esc(cell[0]) + '</td>';
      }).join('') + '</tr>';
    }).join('') || '<tr><td colspan="' + headers.length + '">none / 无</td></tr>';
    var el = document.getElementById(containerId);
    el.innerHTML = '<table class="sortable" data-table="' + esc(key) + '" data-rows="' + rows.length + '"><thead><tr>'
      + headers.map(function (h) { return '<th>' + esc(h) + '</th>'; }).join('') + '</tr></thead><tbody>' + body
      + '</tbody></table>';
    var tbl = el.querySelector('table');
    tbl.querySelectorAll('th').forEach(function (th, index) {
      th.addEventListener('click', function () {
        var tbody = tbl.tBodies[0], list = Array.prototype.slice.call(tbody.rows);
        var desc = th.getAttribute('data-desc') !== '1';
        th.setAttribute('data-desc', desc ? '1' : '0');
        list.sort(function (a, b) {
          var x = a.cells[index].getAttribute('data-value') || a.cells[index].textContent;
          var y = b.cells[index].getAttribute('data-value') || b.cells[index].textContent;
          var nx = parseFloat(x), ny = parseFloat(y);
          var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : String(x).localeCompare(String(y));
          return desc ? -c : c;
        });
        list.forEach(function (r) { tbody.appendChild(r); });
      });
    });
  }
  // The filter's top rows among those kept; when some group of the filter was kept short,
  // only the rows at or above the highest of those groups' last kept values are surely
  // the top ones: the list stops there and a note says how to see more.
  function top(src, order, noteId) {
    var idx = [], floor = -Infinity, i, C = src.cuts;
    for (i = 0; i < C.v.length; i++) {
      if (C.d[i] === state.date && branchOK(C.b[i]) && tierOK(C.t[i]) && C.v[i] > floor) { floor = C.v[i]; }
    }
    for (i = 0; i < src.id.length; i++) {
      if (src.d[i] === state.date && branchOK(src.b[i]) && tierOK(src.t[i]) && order(i) >= floor) { idx.push(i); }
    }
    idx.sort(function (a, b) { return order(b) - order(a) || (src.id[a] < src.id[b] ? -1 : 1); });
    document.getElementById(noteId).textContent = floor > -Infinity && idx.length < 20
      ? 'The file keeps the top rows of each branch and tier: choose a region, branch or tier to see more. '
        + '/ 本文件仅保存各机构各分层的前几名，请按区域、机构或分层筛选查看更多。' : '';
    return idx.slice(0, 20);
  }
  // A top list's id cell: a link to the customer's explanation card when the file has them.
  function idCell(population, d, id) {
    return D.explanations ? {text: id, explain: [population, d]} : [id];
  }
  function renderTables() {
    var E = D.exits, G = D.golds;
    table('exit-table', 'exit-credit', ['customer / 客户', 'branch / 机构', 'region / 区域', 'tier / 分层', 'credit balance / 授信余额',
      'profit / 利润贡献度', 'bank value / 银行价值', 'risk / 风险'],
    top(E, function (i) { return E.credit[i]; }, 'exit-note').map(function (i) {
      return [idCell('existing', E.d[i], E.id[i]), [D.branches[E.b[i]]], [regionOf(E.b[i])], [both('tier_code', D.tiers[E.t[i]])], [cny(E.credit[i]), E.credit[i]],
        [cny(E.x[i]), E.x[i]], [num(E.y[i], 1), E.y[i]], [both('risk_grade', D.risks[E.risk[i]])]];
    }));
    table('gold-table', 'gold-prospects', ['prospect / 目标客户', 'branch / 机构', 'region / 区域', 'tier / 分层',
      'potential value / 潜在价值', "bank's value / 银行价值"],
    top(G, function (i) { return G.x[i]; }, 'gold-note').map(function (i) {
      return [idCell('target', G.d[i], G.id[i]), [D.branches[G.b[i]]], [regionOf(G.b[i])], [both('tier_code', D.tiers[G.t[i]])], [num(G.x[i], 1), G.x[i]],
        [num(G.y[i], 1), G.y[i]]];
    }));
  }

  // -- work lists (mart_manager_actions) ------------------------------------------------
  // The latest as_of_date of the actions mart, whatever the date filter: per branch (region
  // and branch filters apply), the actions by action x priority, their total and how many
  // have no relationship manager (the branch's own list).
  function renderActions() {
    var A = D.actions, section = document.getElementById('actions-section');
    if (!A) { section.hidden = true; return; }
    var pairs = {}, byBranch = {};
    A.n.forEach(function (n, i) {
      if (A.b[i] >= 0 ? !branchOK(A.b[i]) : (state.region >= 0 || state.branch >= 0)) { return; }
      var key = A.a[i] + ':' + A.p[i], id = A.branchIds[i];
      pairs[key] = [A.a[i], A.p[i]];
      var row = byBranch[id] || (byBranch[id] = {b: A.b[i], cells: {}, n: 0, u: 0});
      row.cells[key] = (row.cells[key] || 0) + n;
      row.n += n;
      row.u += A.u[i];
    });
    var keys = Object.keys(pairs).sort(function (x, y) { return pairs[x][0] - pairs[y][0] || pairs[x][1] - pairs[y][1]; });
    var headers = ['branch / 机构', 'region / 区域'].concat(keys.map(function (k) {
      return A.names[pairs[k][0]] + ' · P' + pairs[k][1];
    }), ['total / 合计', 'without a manager / 无客户经理']);
    var rows = Object.keys(byBranch).sort().map(function (id) {
      var r = byBranch[id];
      return [[id], [r.b >= 0 ? regionOf(r.b) : '–']].concat(keys.map(function (k) {
        var v = r.cells[k] || 0;
        return [num(v), v];
      }), [[num(r.n), r.n], [num(r.u), r.u]]);
    });
    table('actions-table', 'actions-by-branch', headers, rows);
    document.getElementById('actions-note').textContent = 'as_of_date ' + A.date + ' (the latest of marts.mart_manager_actions, '
      + 'whatever the date filter); P1 = first. Each branch\'s list is reports/actions/<branch_id>.csv (make actions). '
      + '/ 观察日 ' + A.date + '（行动清单最新观察日，不随观察日筛选变化）；P1 为最优先。各机构清单见 reports/actions/<机构号>.csv（make actions）。';
  }

  // -- explanation cards ------------------------------------------------------------------
  // D.explanations.deflated: the cards of the top lists' customers, {population: {"<date
  // index>|<id>": [[mask, line], ...]}} as zlib-compressed JSON in base64 (payload.py),
  // inflated on first use with the browser's DecompressionStream. A card in a language is
  // its lines whose mask holds the language's bit (explanations.py, card_lines and
  // text_of): the text scripts/explain.py prints.
  var CARD_BITS = {zh: 1, en: 2, both: 4}, cardLang = 'both', cardData = null, cardShown = null;
  function cardText(lines, lang) {
    return lines.filter(function (line) { return line[0] & CARD_BITS[lang]; })
      .map(function (line) { return line[1]; }).join('\n') + '\n';
  }
  function explainLink(population, d, id) {
    return '<a href="#" class="explain-link" data-population="' + esc(population) + '" data-date="' + d
      + '" data-id="' + esc(id) + '" title="Why is this customer here? / 查看分层分类依据">' + esc(id) + '</a>';
  }
  function loadCards() {
    if (cardData) { return cardData; }
    if (typeof DecompressionStream === 'undefined') {
      cardData = Promise.reject(new Error('this browser cannot inflate the embedded cards (no DecompressionStream)'));
    } else {
      var raw = atob(D.explanations.deflated), bytes = new Uint8Array(raw.length);
      for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
      cardData = new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'))).text()
        .then(function (text) { return JSON.parse(text); });
    }
    return cardData;
  }
  function shellWord(s) { return /^[A-Za-z0-9_.:@%+=-]+$/.test(s) ? s : "'" + String(s).replace(/'/g, "'\\''") + "'"; }
  function showCard() {
    var population = cardShown[0], d = cardShown[1], id = cardShown[2];
    var dialog = document.getElementById('explain-dialog'), pre = document.getElementById('explain-card');
    var note = document.getElementById('explain-note');
    document.getElementById('explain-title').textContent = id + ' · ' + D.dates[d];
    document.getElementById('explain-command').value = 'make explain ID=' + shellWord(id) + ' AS_OF=' + D.dates[d];
    dialog.querySelectorAll('[data-lang]').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-lang') === cardLang));
    });
    dialog.setAttribute('data-state', 'loading');
    loadCards().then(function (all) {
      var card = (all[population] || {})[d + '|' + id];
      pre.textContent = card ? cardText(card, cardLang) : '';
      var first = D.explanations.first[population];
      note.textContent = card ? '' : 'This file embeds the cards of the rows each list shows unfiltered'
        + (first ? ' and of the first ' + first + ' rows of each branch and tier' : '')
        + ' only: print this one with the command below. / 本文件仅内嵌部分客户的说明，请用下方命令查看。';
      dialog.setAttribute('data-state', card ? 'shown' : 'missing');
    }, function (error) {
      pre.textContent = '';
      note.textContent = String(error.message || error) + ': print the card with the command below. / 请用下方命令查看。';
      dialog.setAttribute('data-state', 'failed');
    });
  }
  function setupCards() {
    var dialog = document.getElementById('explain-dialog');
    window.corpReport.cards = loadCards;
    window.corpReport.cardText = cardText;
    document.getElementById('top-lists').addEventListener('click', function (event) {
      var link = event.target.closest('a.explain-link');
      if (!link) { return; }
      event.preventDefault();
      cardShown = [link.getAttribute('data-population'), Number(link.getAttribute('data-date')), link.getAttribute('data-id')];
      showCard();
      if (!dialog.open) { dialog.showModal(); }
    });
    dialog.querySelectorAll('[data-lang]').forEach(function (button) {
      button.addEventListener('click', function () { cardLang = button.getAttribute('data-lang'); showCard(); });
    });
    document.getElementById('explain-close').addEventListener('click', function () { dialog.close(); });
    document.getElementById('explain-copy').addEventListener('click', function () {
      var input = document.getElementById('explain-command');
      input.select();
      if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(input.value); }
      else { document.execCommand('copy'); }
    });
  }

  var renders = 0;
  function renderAll() {
    var t0 = performance.now();
    var cells = totals();
    renderKpis(cells);
    renderTierSegment(cells);
    renderQuadrants('existing');
    renderQuadrants('target');
    renderMigration();
    renderMix();
    renderGroups();
    renderTables();
    renderActions();
    renders += 1;
    var root = document.documentElement;
    root.setAttribute('data-charts', String(document.querySelectorAll('[data-chart]').length));
    root.setAttribute('data-renders', String(renders));
    root.setAttribute('data-render-ms', String(Math.round(performance.now() - t0)));
    var note = [];
    if (state.region >= 0) { note.push('region ' + D.regions[state.region]); }
    if (state.branch >= 0) { note.push('branch ' + D.branches[state.branch]); }
    if (state.tier >= 0) { note.push('tier ' + D.tiers[state.tier]); }
    document.getElementById('filter-note').textContent = note.length ? 'filtered / 已筛选: ' + note.join(', ') : '';
  }

  setupFilters();
  if (D.explanations) { setupCards(); }
  renderAll();
  document.documentElement.setAttribute('data-ready-ms', String(Math.round(performance.now() - started)));
  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (k) { charts[k].chart.resize(); });
  });
})();
