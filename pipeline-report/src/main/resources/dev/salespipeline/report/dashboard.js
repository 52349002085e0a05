// The dashboard's script: reads the report's data from #dashboard-data, draws it with ECharts (inlined
// above), and redraws on every filter. Plain ES2017, no network, no storage.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('dashboard-data').textContent);
  // Okabe–Ito: told apart with every common kind of colour blindness.
  var PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#F0E442', '#000000'];
  var ROW = {id: 0, account: 1, owner: 2, segment: 3, pipeline: 4, stage: 5, currency: 6, amount: 7, close: 8, category: 9};
  var state = {
    currency: data.currencies[0] || 'EUR',
    pipeline: data.pipelines.length ? data.pipelines[0].id : '',
    owner: '', segment: '', period: ''
  };
  var charts = {};
  var byId = {};
  data.deals.concat(data.listedDeals).forEach(function (row) { byId[row[ROW.id]] = row; });

  function num(text) { return text === undefined || text === null || text === '' ? 0 : Number(text); }
  function money(value) {
    return new Intl.NumberFormat('en', {maximumFractionDigits: 0}).format(value) + ' ' + target();
  }
  function percent(value) { return (Math.round(value * 1000) / 10) + '%'; }
  function el(tag, text, attributes) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    return node;
  }
  function pipeline() {
    return data.pipelines.filter(function (p) { return p.id === state.pipeline; })[0] || {stages: []};
  }
  /** The forecast's quarter (a fiscal one, where the host's year starts in another month), or one after it. */
  function quarter(offset) {
    var start = new Date(data.forecast.periodStart + 'T00:00:00Z');
    var first = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3 * offset, 1));
    var last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 3, 0));
    return first.toISOString().substring(0, 10) + '/' + last.toISOString().substring(0, 10);
  }
  function matches(row) {
    if (row[ROW.pipeline] !== state.pipeline) { return false; }
    if (state.owner && row[ROW.owner] !== state.owner) { return false; }
    if (state.segment && row[ROW.segment] !== state.segment) { return false; }
    if (state.period) {
      var range = state.period.split('/');
      if (row[ROW.close] < range[0] || row[ROW.close] > range[1]) { return false; }
    }
    return true;
  }
  function rows() { return data.deals.filter(matches); }
  // A selected currency ending in '+' is that currency with every other one converted at the host's rates.
  function target() { return state.currency.replace('+', ''); }
  function converting() { return state.currency.charAt(state.currency.length - 1) === '+'; }
  function rate(code) {
    if (code === target()) { return 1; }
    if (!converting()) { return null; }
    var rates = data.rates[code];
    return rates && rates[target()] !== undefined ? num(rates[target()]) : null;
  }
  function inCurrency(list) { return list.filter(function (row) { return rate(row[ROW.currency]) !== null; }); }
  /** The row's amount in the selected currency (converted for display only; the data stays exact). */
  function amount(row) { return num(row[ROW.amount]) * rate(row[ROW.currency]); }
  /** A per-currency total of the data, in the selected currency. */
  function total(byCurrency) {
    return Object.keys(byCurrency || {}).reduce(function (sum, code) {
      var r = rate(code);
      return r === null ? sum : sum + num(byCurrency[code]) * r;
    }, 0);
  }

  function draw(id, option, description) {
    var node = document.getElementById(id);
    var chart = charts[id] || (charts[id] = echarts.init(node, null, {renderer: 'svg'}));
    option.color = PALETTE;
    option.animation = false;
    option.tooltip = option.tooltip || {trigger: 'axis'};
    chart.setOption(option, true);
    node.setAttribute('aria-label', description);
    document.getElementById(id + '-text').textContent = description;
  }
  function barOption(labels, series, axisName, horizontal) {
    var category = {type: 'category', data: labels, axisLabel: {interval: 0, width: 140, overflow: 'truncate'}};
    var value = {type: 'value', name: axisName, axisLabel: {formatter: function (v) {
      return new Intl.NumberFormat('en', {notation: 'compact'}).format(v);
    }}};
    return {
      grid: {left: horizontal ? 150 : 60, right: 40, top: 40, bottom: 60},
      legend: {top: 0},
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: series.map(function (s) {
        return {name: s.name, type: 'bar', data: s.data, stack: s.stack,
          label: {show: s.label !== false, position: horizontal ? 'right' : 'top', formatter: s.format || function (p) {
            return new Intl.NumberFormat('en', {maximumFractionDigits: 1}).format(p.value);
          }},
          itemStyle: s.style};
      })
    };
  }
  function describe(labels, values, unit) {
    return labels.map(function (label, i) { return label + ': ' + values[i] + (unit ? ' ' + unit : ''); }).join('; ');
  }

  function headline() {
    var open = total(data.openValue);
    var weighted = total(data.weightedOpenValue);
    var others = data.currencies.filter(function (c) { return c !== target(); });
    document.getElementById('headline').textContent = 'Open: ' + money(open) + ', weighted ' + money(weighted)
      + ' (' + data.openDeals + ' open deals in every currency; win rate ' + (data.winRate ? percent(num(data.winRate)) : 'n/a') + ').';
    document.getElementById('currency-note').textContent = converting()
      ? 'Figures in ' + target() + ', ' + others.map(function (c) { return c + ' converted at 1 ' + c + ' = ' + data.rates[c][target()] + ' ' + target(); }).join(', ')
        + ' (the host\u2019s rates, for display; the report\u2019s own figures stay per currency).'
      : 'Figures in ' + target() + ' only' + (others.length ? '; deals in ' + others.join(', ') + ' are not converted'
        + (Object.keys(data.rates).length ? ': pick \u201call in\u201d to convert them at the host\u2019s rates.' : ' (no exchange rates given): pick their currency to see them.') : '.');
    document.getElementById('rows-note').textContent = data.rowsShown < data.openDeals
      ? 'This page holds the ' + data.rowsShown + ' largest of ' + data.openDeals + ' open deals; funnels, breakdowns and tables cover those.'
      : '';
  }

  function funnels() {
    var stages = pipeline().stages;
    var list = rows();
    var counts = stages.map(function (s) { return list.filter(function (r) { return r[ROW.stage] === s.id; }).length; });
    var values = stages.map(function (s) {
      return inCurrency(list).filter(function (r) { return r[ROW.stage] === s.id; })
        .reduce(function (sum, r) { return sum + amount(r); }, 0);
    });
    var names = stages.map(function (s) { return s.name; });
    draw('chart-funnel-count', barOption(names, [{name: 'open deals', data: counts}], 'deals'),
      'Open deals per stage: ' + describe(names, counts));
    draw('chart-funnel-value', barOption(names, [{name: 'open value', data: values, format: function (p) {
      return new Intl.NumberFormat('en', {notation: 'compact'}).format(p.value);
    }}], target()), 'Open value per stage, ' + target() + ': ' + describe(names, values.map(Math.round)));
  }

  /** The history figures the filters ask for: an owner's, else a segment's, else every deal's. */
  function historySource() {
    if (state.owner) {
      return data.byOwner[state.owner] ? {figures: data.byOwner[state.owner], scope: state.owner + '\u2019s deals'}
        : {figures: data, scope: 'every deal (' + state.owner + ' is not among the owners with figures of their own)'};
    }
    if (state.segment) {
      return data.bySegment[state.segment] ? {figures: data.bySegment[state.segment], scope: 'the ' + state.segment + ' segment'}
        : {figures: data, scope: 'every deal (the ' + state.segment + ' segment has no figures of its own)'};
    }
    return {figures: data, scope: 'every deal'};
  }

  function history() {
    var stages = pipeline().stages;
    var names = stages.map(function (s) { return s.name; });
    var source = historySource();
    document.getElementById('history-scope').textContent = 'Conversion, time in stage, the trends and the forecast cover '
      + source.scope + (state.owner && state.segment ? ' (the owner filter takes precedence over the segment)' : '')
      + '; the close period does not change them.';
    var figures = stages.map(function (s) { return source.figures.stages[state.pipeline + '/' + s.id] || {}; });
    var forward = figures.map(function (f) { return f.exits ? Math.round(1000 * f.forward / f.exits) / 10 : 0; });
    var backward = figures.map(function (f) { return f.exits ? Math.round(1000 * f.backward / f.exits) / 10 : 0; });
    var out = figures.map(function (f) { return f.exits ? Math.round(1000 * f.out / f.exits) / 10 : 0; });
    var pct = function (p) { return p.value + '%'; };
    draw('chart-conversion', barOption(names, [
      {name: 'forward', data: forward, stack: 'exits', format: pct},
      {name: 'back', data: backward, stack: 'exits', label: false},
      {name: 'out', data: out, stack: 'exits', label: false}], '% of exits'),
      'Stage-to-stage conversion (forward share of exits, %): ' + describe(names, forward, '%'));
    var median = figures.map(function (f) { return f.medianDays || 0; });
    var average = stages.map(function (s) { return s.averageDays; });
    draw('chart-time-in-stage', barOption(names, [{name: 'median of completed visits', data: median},
      {name: "stage's average", data: average}], 'days'),
      'Time in stage, median days against the stage\u2019s average: ' + names.map(function (n, i) {
        return n + ' ' + median[i] + ' vs ' + average[i];
      }).join('; '));
    var months = source.figures.months.map(function (m) { return m.month; });
    var velocity = source.figures.months.map(function (m) { return Math.round(total(m.velocityPerDay)); });
    draw('chart-velocity', {grid: {left: 70, right: 30, top: 40, bottom: 40}, xAxis: {type: 'category', data: months},
      yAxis: {type: 'value', name: target() + ' per day'},
      series: [{name: 'velocity', type: 'line', data: velocity}]},
      'Velocity, ' + target() + ' per day, monthly: ' + describe(months, velocity));
    var regression = source.figures.months.map(function (m) { return Math.round(num(m.regressionRate) * 1000) / 10; });
    draw('chart-regression', {grid: {left: 70, right: 30, top: 40, bottom: 40}, xAxis: {type: 'category', data: months},
      yAxis: {type: 'value', name: '% of deals moved back'},
      series: [{name: 'regression rate', type: 'line', data: regression}]},
      'Regression rate, % of deals ever moved back, monthly: ' + describe(months, regression, '%'));
  }

  function forecast() {
    var f = data.forecast;
    var source = historySource();
    // An owner's or a segment's forecast: their deals' lines; the simulated interval is the whole pipeline's.
    var part = source.figures === data ? f : source.figures.forecast;
    var c = target();
    var labels = ['won to date', 'commit', 'best case', 'pipeline', 'conservative', 'full'];
    var values = [part.wonToDate, part.categories.COMMIT, part.categories.BEST_CASE, part.categories.PIPELINE,
      part.conservative, part.full].map(function (v) { return Math.round(total(v)); });
    // Percentiles of two currencies do not add up: the simulated interval is shown per currency only.
    var simulated = (converting() && data.currencies.length > 1) || part !== f ? null : f.simulated[c];
    var base = values.map(function () { return 0; });
    var band = values.map(function () { return 0; });
    if (simulated) {
      labels.push('simulated P10–P90');
      values.push(0);
      base.push(Math.round(num(simulated.p10)));
      band.push(Math.round(num(simulated.p90) - num(simulated.p10)));
    }
    var goal = f.targets[c];
    var option = barOption(labels, [
      {name: 'expected', data: values, format: function (p) { return p.value ? new Intl.NumberFormat('en', {notation: 'compact'}).format(p.value) : ''; }},
      {name: 'P10', data: base, stack: 'interval', label: false, style: {color: 'transparent'}},
      {name: 'P10–P90', data: band, stack: 'interval', format: function (p) {
        return p.value ? 'P50 ' + new Intl.NumberFormat('en', {notation: 'compact'}).format(num(simulated.p50)) : '';
      }}], c, true);
    option.legend = {top: 0, data: ['expected', 'P10–P90']};
    if (goal) {
      option.series[0].markLine = {symbol: 'none', label: {formatter: 'target ' + money(num(goal))},
        data: [{xAxis: num(goal)}]};
      // ECharts fits the axis to the bars alone; a target beyond them would fall off the chart.
      var highest = Math.max.apply(null, values.concat(base.map(function (b, i) { return b + band[i]; })));
      option.xAxis.max = Math.ceil(Math.max(highest, num(goal)) * 1.05);
    }
    var text = 'Forecast ' + f.periodStart + ' to ' + f.periodEnd + ' (' + source.scope + '), ' + c + ': ' + describe(labels.slice(0, 6), values.slice(0, 6))
      + (simulated ? '; simulated P10 ' + Math.round(num(simulated.p10)) + ', P50 ' + Math.round(num(simulated.p50))
        + ', P90 ' + Math.round(num(simulated.p90)) + ' (' + simulated.trials + ' trials)' : '')
      + (goal ? '; target ' + Math.round(num(goal)) : '');
    draw('chart-forecast', option, text);
    document.getElementById('forecast-note').textContent = simulated ? (simulated.note || '')
      : part !== f ? 'The simulated P10\u2013P90 is the whole pipeline\u2019s: clear the owner and segment filters to see it.'
      : converting() ? 'The simulated P10\u2013P90 is per currency (percentiles of two currencies do not add up): pick one currency to see it.' : '';
    var quarters = f.backtest.map(function (q) { return q.start.substring(0, 7); });
    var accuracy = f.backtest.map(function (q) { return q.accuracy[c] === undefined ? null : Math.round(num(q.accuracy[c]) * 1000) / 10; });
    draw('chart-backtest', barOption(quarters, [{name: 'accuracy', data: accuracy, format: function (p) {
      return p.value === null ? '' : p.value + '%';
    }}], '% of actual'), 'Backtest, forecast accuracy per quarter, ' + c + ': ' + describe(quarters, accuracy, '%'));
  }

  function breakdown(id, column, title) {
    var totals = {};
    inCurrency(rows()).forEach(function (r) { totals[r[column]] = (totals[r[column]] || 0) + amount(r); });
    var names = Object.keys(totals).sort(function (a, b) { return totals[b] - totals[a]; }).slice(0, 15).reverse();
    var values = names.map(function (n) { return Math.round(totals[n]); });
    draw(id, barOption(names, [{name: 'open value', data: values, format: function (p) {
      return new Intl.NumberFormat('en', {notation: 'compact'}).format(p.value);
    }}], target(), true), title + ', ' + target() + ': ' + describe(names, values));
  }

  function dealInfo(id) {
    var row = byId[id];
    return row ? [row[ROW.account], row[ROW.owner], stageName(row[ROW.pipeline], row[ROW.stage]), row[ROW.currency], row[ROW.amount]]
      : ['', '', '', '', ''];
  }
  function stageName(pipelineId, stageId) {
    var p = data.pipelines.filter(function (x) { return x.id === pipelineId; })[0];
    var s = p && p.stages.filter(function (x) { return x.id === stageId; })[0];
    return s ? s.name : stageId;
  }
  function visible(id) {
    var row = byId[id];
    return !row || matches(row);
  }
  function dealButton(id) {
    var button = el('button', id, {'class': 'deal', type: 'button', title: 'Show ' + id});
    button.addEventListener('click', function () { drill(id); });
    return button;
  }

  function table(id, columns, records) {
    var container = document.getElementById(id);
    var filter = container.querySelector('input');
    var tbody = container.querySelector('tbody');
    var thead = container.querySelector('thead tr');
    var sort = container.sort || {column: -1, ascending: true};
    container.sort = sort;
    if (!thead.children.length) {
      columns.forEach(function (column, index) {
        var th = el('th', column.name, {tabindex: '0', scope: 'col', 'aria-sort': 'none'});
        var choose = function () {
          sort.ascending = sort.column === index ? !sort.ascending : true;
          sort.column = index;
          render();
        };
        th.addEventListener('click', choose);
        th.addEventListener('keydown', function (event) { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); choose(); } });
        thead.appendChild(th);
      });
      filter.addEventListener('input', function () { render(); });
    }
    function render() {
      var needle = filter.value.toLowerCase();
      var shown = records.filter(function (r) {
        return visible(r[0]) && (!needle || r.join(' ').toLowerCase().indexOf(needle) >= 0);
      });
      if (sort.column >= 0) {
        var numeric = columns[sort.column].numeric;
        var currency = columns.map(function (c) { return c.name; }).indexOf('currency');
        shown.sort(function (a, b) {
          var x = a[sort.column], y = b[sort.column];
          // Amounts in different currencies are not comparable: each currency's deals sort among themselves.
          var order = numeric ? (currency >= 0 ? String(a[currency]).localeCompare(String(b[currency])) : 0) || num(x) - num(y)
            : String(x).localeCompare(String(y));
          return sort.ascending ? order : -order;
        });
      }
      Array.prototype.forEach.call(thead.children, function (th, index) {
        th.setAttribute('aria-sort', index === sort.column ? (sort.ascending ? 'ascending' : 'descending') : 'none');
      });
      tbody.textContent = '';
      shown.forEach(function (r) {
        var tr = el('tr');
        r.forEach(function (cell, index) {
          var td = el('td');
          if (index === 0) {
            td.appendChild(dealButton(cell));
          } else if (columns[index].numeric) {
            // As many decimals as the amount has: its currency's (none for JPY, three for KWD).
            var decimals = String(cell).indexOf('.') < 0 ? 0 : String(cell).length - String(cell).indexOf('.') - 1;
            td.textContent = new Intl.NumberFormat('en', {minimumFractionDigits: decimals, maximumFractionDigits: decimals})
              .format(num(cell));
            td.className = 'n';
          } else {
            td.textContent = cell;
          }
          tr.appendChild(td);
        });
        tbody.appendChild(tr);
      });
      container.querySelector('.count').textContent = shown.length + ' of ' + records.length;
    }
    render();
  }

  function tables() {
    var alertRows = data.alerts.map(function (a) {
      var d = dealInfo(a[0]);
      return [a[0], d[0], d[1], d[2], d[4], d[3], a[1], a[2], a[3], data.messages[a[4]]];
    });
    document.getElementById('alerts-note').textContent = data.alertCount > data.alerts.length
      ? 'The ' + data.alerts.length + ' most severe of ' + data.alertCount + ' alerts.' : '';
    table('alerts', [{name: 'deal'}, {name: 'account'}, {name: 'owner'}, {name: 'stage'}, {name: 'value', numeric: true},
      {name: 'currency'}, {name: 'kind'}, {name: 'severity'}, {name: 'since'}, {name: 'message'}], alertRows);
    var blockedRows = data.blocked.map(function (b) {
      var d = dealInfo(b[0]);
      return [b[0], d[0], d[1], d[2], d[4], d[3], b[1].map(function (m) { return data.messages[m]; }).join(' ')];
    });
    table('blocked', [{name: 'deal'}, {name: 'account'}, {name: 'owner'}, {name: 'stage'}, {name: 'value', numeric: true},
      {name: 'currency'}, {name: 'unmet criteria'}], blockedRows);
  }

  function inspection() {
    ['weekly', 'monthly', 'quarterly'].forEach(function (rhythm) {
      var list = document.getElementById('inspection-' + rhythm);
      list.textContent = '';
      var ids = data.inspection[rhythm].filter(visible);
      ids.slice(0, 50).forEach(function (id) {
        var d = dealInfo(id);
        var li = el('li');
        li.appendChild(dealButton(id));
        li.appendChild(document.createTextNode(' ' + d[0] + ', ' + d[1] + ', ' + d[2] + ', ' + d[3] + ' ' + d[4]));
        list.appendChild(li);
      });
      document.getElementById('inspection-' + rhythm + '-count').textContent = ids.length + (ids.length > 50 ? ' (first 50 shown)' : '');
    });
  }

  function coverage() {
    var section = document.getElementById('coverage-body');
    section.textContent = '';
    var c = target();
    var goal = data.forecast.targets[c];
    var winRate = num(data.winRate);
    // The average won deal over every currency shown: each currency's average weighed by its count.
    var wonCount = 0;
    var wonValue = 0;
    Object.keys(data.averageWon).forEach(function (code) {
      if (rate(code) !== null) {
        wonCount += data.wonCounts[code];
        wonValue += num(data.averageWon[code]) * data.wonCounts[code] * rate(code);
      }
    });
    var averageWon = wonCount ? wonValue / wonCount : 0;
    var open = inCurrency(data.deals.filter(function (r) { return r[ROW.pipeline] === state.pipeline; }))
      .reduce(function (sum, r) { return sum + amount(r); }, 0);
    var lines = [];
    if (goal) {
      var remaining = Math.max(0, num(goal) - total(data.forecast.wonToDate));
      lines.push(['team', num(goal), total(data.forecast.wonToDate), remaining, open]);
    }
    Object.keys(data.ownerTargets).forEach(function (owner) {
      var t = data.ownerTargets[owner];
      if (t.currency !== c) { return; }
      var won = total(data.wonByOwner[owner]);
      var pipelineValue = inCurrency(data.deals.filter(function (r) { return r[ROW.owner] === owner; }))
        .reduce(function (sum, r) { return sum + amount(r); }, 0);
      lines.push([owner, num(t.amount), won, Math.max(0, num(t.amount) - won), pipelineValue]);
    });
    if (!lines.length) {
      section.appendChild(el('p', 'No target in ' + c + ' was given: coverage needs one (DashboardOptions.withTarget, withOwnerTarget).'));
      return;
    }
    var t = el('table');
    var head = el('tr');
    ['who', 'target', 'won', 'still to win', 'open pipeline', 'coverage', 'deals still needed'].forEach(function (h) {
      head.appendChild(el('th', h, {scope: 'col'}));
    });
    t.appendChild(head);
    lines.forEach(function (line) {
      var tr = el('tr');
      var needed = averageWon > 0 && winRate > 0 ? Math.ceil(line[3] / (averageWon * winRate)) : 'n/a';
      [line[0], money(line[1]), money(line[2]), money(line[3]), money(line[4]),
        line[3] > 0 ? (Math.round(10 * line[4] / line[3]) / 10) + '×' : 'target met', String(needed)].forEach(function (cell) {
        tr.appendChild(el('td', cell));
      });
      t.appendChild(tr);
    });
    section.appendChild(t);
    section.appendChild(el('p', 'Coverage is open pipeline ÷ what is still to win; deals still needed = still to win ÷ (average won deal '
      + money(averageWon) + ' × win rate ' + percent(winRate) + '). Most businesses need 3–5× coverage.'));
  }

  function drill(id) {
    var panel = document.getElementById('deal');
    var body = document.getElementById('deal-body');
    body.textContent = '';
    var detail = data.details[id];
    document.getElementById('deal-title').textContent = 'Deal ' + id;
    if (!detail) {
      body.appendChild(el('p', 'This page holds the details of ' + data.detailsShown + ' deals (the listed ones, then the largest); not of this one.'));
    } else {
      body.appendChild(el('p', detail.account + ', ' + detail.owner + ', ' + detail.stage + ', ' + detail.value
        + ', expected to close ' + detail.expectedClose + '.'));
      if (detail.nextGateAllowed !== undefined) {
        body.appendChild(el('h4', detail.nextGateAllowed ? 'Next gate: open' : 'Next gate: blocked'));
        var unmet = el('ul', null, {'class': 'unmet'});
        (detail.unmet || []).forEach(function (u) { unmet.appendChild(el('li', u)); });
        body.appendChild(unmet);
      }
      if (detail.probability) {
        body.appendChild(el('p', 'Probability ' + percent(num(detail.probability)) + ' (' + data.probabilities.toLowerCase().replace('_', ' ')
          + '), forecast category ' + detail.category.toLowerCase().replace('_', ' ') + '.'));
      }
      if (detail.score !== undefined) {
        body.appendChild(el('p', 'Win score ' + percent(detail.score) + '; largest factors: ' + detail.factors.map(function (f) {
          return f[0] + ' (' + (f[1] > 0 ? '+' : '') + f[1] + ' log-odds)';
        }).join(', ') + '.'));
      }
      if (detail.alerts.length) {
        body.appendChild(el('h4', 'Alerts'));
        var alerts = el('ul');
        detail.alerts.forEach(function (a) { alerts.appendChild(el('li', a)); });
        body.appendChild(alerts);
      }
      body.appendChild(el('h4', 'History'));
      var timeline = el('ol', null, {'class': 'timeline'});
      detail.history.forEach(function (h) { timeline.appendChild(el('li', h[0] + ' ' + h[1])); });
      body.appendChild(timeline);
      body.appendChild(el('h4', 'Evidence (' + detail.evidence.length + ')'));
      var evidence = el('ul', null, {'class': 'evidence'});
      detail.evidence.forEach(function (e) { evidence.appendChild(el('li', e[0] + ' ' + e[1] + ' (' + e[2].toLowerCase() + ')' + (e[3] ? ': ' + e[3] : ''))); });
      body.appendChild(evidence);
    }
    panel.hidden = false;
    document.getElementById('deal-close').focus();
  }

  function options(select, values, all) {
    select.textContent = '';
    if (all) { select.appendChild(el('option', all, {value: ''})); }
    values.forEach(function (v) { select.appendChild(el('option', v.label || v, {value: v.value === undefined ? v : v.value})); });
  }
  function distinct(column) {
    var seen = {};
    data.deals.forEach(function (r) { seen[r[column]] = true; });
    return Object.keys(seen).sort();
  }
  function renderAll() {
    headline();
    funnels();
    history();
    forecast();
    breakdown('chart-owners', ROW.owner, 'Open value by owner');
    breakdown('chart-segments', ROW.segment, 'Open value by segment');
    tables();
    inspection();
    coverage();
  }

  // Each currency on its own; and, for each currency every other one has a rate to, all of them converted.
  options(document.getElementById('filter-currency'), data.currencies.concat(data.currencies.filter(function (to) {
    return data.currencies.length > 1 && data.currencies.every(function (from) {
      return from === to || (data.rates[from] && data.rates[from][to] !== undefined);
    });
  }).map(function (to) { return {value: to + '+', label: 'all in ' + to}; })));
  options(document.getElementById('filter-pipeline'), data.pipelines.map(function (p) { return {value: p.id, label: p.name}; }));
  options(document.getElementById('filter-owner'), distinct(ROW.owner), 'every owner');
  options(document.getElementById('filter-segment'), distinct(ROW.segment), 'every segment');
  options(document.getElementById('filter-period'), [{value: quarter(0), label: 'closing this quarter'},
    {value: quarter(1), label: 'closing next quarter'}], 'any close date');
  ['currency', 'pipeline', 'owner', 'segment', 'period'].forEach(function (name) {
    var select = document.getElementById('filter-' + name);
    select.value = state[name];
    select.addEventListener('change', function () { state[name] = select.value; renderAll(); });
  });
  document.getElementById('deal-close').addEventListener('click', function () { document.getElementById('deal').hidden = true; });
  window.addEventListener('resize', function () { Object.keys(charts).forEach(function (id) { charts[id].resize(); }); });
  renderAll();
  document.body.setAttribute('data-ready', 'true');
})();
