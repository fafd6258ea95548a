/*
 * Draws report.html's charts with Chart.js from the statistics embedded in the page. The page itself decides which
 * charts have data (a canvas) and which do not (a "not measured" note); this script fills every canvas. Labels come
 * from user-provided ids, so nothing here writes them into the DOM: Chart.js draws them on the canvas as text.
 * When every chart is drawn, document.body.dataset.chartsRendered holds their number, for tests.
 */
(function () {
  'use strict';

  const stats = JSON.parse(document.getElementById('ftmatrix-statistics').textContent);
  const PALETTE = ['#0969da', '#cf222e', '#9a6700', '#1a7f37', '#8250df', '#bc4c00', '#1b7c83', '#bf3989',
    '#57606a', '#4d2d00'];
  const FILL = 'rgba(9, 105, 218, 0.35)';
  const INK = '#1f2328';

  // No animation: each chart is complete when its constructor returns, so the marker below means "drawn".
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = INK;

  const percent = (v) => (v * 100).toFixed(1) + '%';
  const measured = (g) => g.trials > 0;

  function passRateChart(groups, label) {
    return {
      type: 'bar',
      data: {
        labels: groups.map(label),
        datasets: [
          {label: 'pass rate', data: groups.map((g) => g.pass_rate), backgroundColor: FILL, order: 2},
          {
            label: '95% Wilson interval',
            data: groups.map((g) => [g.interval.low, g.interval.high]),
            backgroundColor: INK,
            barPercentage: 0.12,
            order: 1,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        datasets: {bar: {grouped: false}},
        scales: {x: {min: 0, max: 1, ticks: {callback: percent}, title: {display: true, text: 'pass rate'}}},
        plugins: {
          tooltip: {
            callbacks: {
              label: (c) => {
                const g = groups[c.dataIndex];
                return c.datasetIndex === 0
                  ? `pass rate ${percent(g.pass_rate)} (${g.passes} of ${g.trials})`
                  : `95% interval ${percent(g.interval.low)} to ${percent(g.interval.high)}`;
              },
            },
          },
        },
      },
    };
  }

  function installTimeChart() {
    const times = stats.install_times;
    const marker = (label, key, style, color) => ({
      type: 'line',
      label: label,
      data: times.map((t) => t[key]),
      showLine: false,
      pointStyle: style,
      pointRadius: 7,
      pointBorderWidth: 2,
      borderColor: color,
      backgroundColor: color,
      order: 1,
    });
    return {
      type: 'bar',
      data: {
        labels: times.map((t) => t.method),
        datasets: [
          {label: 'min to max', data: times.map((t) => [t.min_s, t.max_s]), backgroundColor: FILL, order: 2},
          marker('median', 'median_s', 'rectRot', INK),
          marker('90th percentile', 'p90_s', 'triangle', PALETTE[1]),
        ],
      },
      options: {
        indexAxis: 'y',
        scales: {x: {beginAtZero: true, title: {display: true, text: 'install time (seconds)'}}},
        plugins: {
          tooltip: {
            callbacks: {
              label: (c) => {
                const t = times[c.dataIndex];
                return c.datasetIndex === 0
                  ? `${t.min_s} s to ${t.max_s} s over ${t.samples} installs`
                  : `${c.dataset.label} ${c.parsed.x} s`;
              },
            },
          },
        },
      },
    };
  }

  // A control's failures are its detections: they are in the controls table, not here.
  function failureChart() {
    const methods = stats.failures.filter((m) => m.tier !== 'control');
    const categories = [...new Set(methods.flatMap((m) => Object.keys(m.categories)))].sort();
    return {
      type: 'bar',
      data: {
        labels: methods.map((m) => m.method),
        datasets: categories.map((category, i) => ({
          label: category,
          data: methods.map((m) => m.categories[category] || 0),
          backgroundColor: PALETTE[i % PALETTE.length],
        })),
      },
      options: {
        indexAxis: 'y',
        scales: {
          x: {stacked: true, beginAtZero: true, ticks: {precision: 0}, title: {display: true, text: 'failed cells'}},
          y: {stacked: true},
        },
      },
    };
  }

  // Per method: the single-thread penalty and the memory overhead against the baseline, each a bar from its 95%
  // interval's low to high end with the point estimate marked, in percent.
  function performanceChart() {
    const rows = stats.performance.filter((p) => p.penalty !== null || p.memory_overhead !== null);
    const pct = (v) => (v === null ? null : Math.round(v * 1000) / 10);
    const range = (i) => (i === null ? null : [pct(i.low), pct(i.high)]);
    const marker = (label, key, color) => ({
      type: 'line',
      label: label,
      data: rows.map((p) => pct(p[key])),
      showLine: false,
      pointStyle: 'rectRot',
      pointRadius: 7,
      borderColor: color,
      backgroundColor: color,
      order: 1,
    });
    return {
      type: 'bar',
      data: {
        labels: rows.map((p) => `${p.method} ${p.python}`),
        datasets: [
          {label: 'single-thread penalty, 95% interval', data: rows.map((p) => range(p.penalty_interval)),
            backgroundColor: PALETTE[0], order: 2},
          {label: 'memory overhead, 95% interval', data: rows.map((p) => range(p.memory_interval)),
            backgroundColor: PALETTE[1], order: 2},
          marker('penalty', 'penalty', INK),
          marker('memory overhead', 'memory_overhead', PALETTE[2]),
        ],
      },
      options: {
        indexAxis: 'y',
        scales: {x: {title: {display: true, text: '% slower / more memory than the baseline build'}}},
        plugins: {
          tooltip: {
            callbacks: {
              label: (c) => {
                const p = rows[c.dataIndex];
                const interval = c.datasetIndex === 0 ? p.penalty_interval : p.memory_interval;
                return c.datasetIndex < 2 && interval
                  ? `${c.dataset.label}: ${pct(interval.low)}% to ${pct(interval.high)}% (baseline ${p.baseline})`
                  : `${c.dataset.label} ${c.parsed.x}%`;
              },
            },
          },
        },
      },
    };
  }

  // One line per tier across the history's runs, oldest first; a run without trials of a tier leaves a gap.
  function trendChart() {
    const history = JSON.parse(document.getElementById('ftmatrix-history').textContent);
    const runs = history.periods.map((p) => p.key);
    const tierOrder = stats.tiers.map((g) => g.key);
    const rank = (t) => (tierOrder.indexOf(t) < 0 ? tierOrder.length : tierOrder.indexOf(t));
    const tiers = [...new Set(history.tiers.map((p) => p.key))]
      .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    const point = (run, tier) => history.tiers.find((p) => p.period === run && p.key === tier && p.trials > 0);
    return {
      type: 'line',
      data: {
        labels: runs,
        datasets: tiers.map((tier, i) => ({
          label: 'tier ' + tier,
          data: runs.map((run) => (point(run, tier) ? point(run, tier).pass_rate : null)),
          borderColor: PALETTE[i % PALETTE.length],
          backgroundColor: PALETTE[i % PALETTE.length],
          spanGaps: false,
        })),
      },
      options: {
        scales: {
          y: {min: 0, max: 1, ticks: {callback: percent}, title: {display: true, text: 'pass rate'}},
          x: {title: {display: true, text: 'run'}},
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: (c) => {
                const p = point(runs[c.dataIndex], tiers[c.datasetIndex]);
                return `tier ${p.key}: ${percent(p.pass_rate)} (${p.passes} of ${p.trials}; 95% interval `
                  + `${percent(p.interval.low)} to ${percent(p.interval.high)})`;
              },
            },
          },
        },
      },
    };
  }

  const BUILDERS = {
    'tiers': () => passRateChart(stats.tiers.filter(measured), (g) => 'tier ' + g.key),
    'methods': () => passRateChart(stats.methods.filter(measured), (g) => `${g.key} (tier ${g.tier})`),
    'install-times': installTimeChart,
    'failures': failureChart,
    'performance': performanceChart,
    'trend': trendChart,
  };

  const charts = [];
  for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
    const config = BUILDERS[canvas.dataset.chart]();
    if (config.type === 'line') {
      canvas.parentElement.style.height = '320px';
      charts.push(new Chart(canvas, config));
      continue;
    }
    // Horizontal bars, one row per label and side-by-side dataset: the chart grows with its rows so that long
    // method ids stay readable.
    const sideBySide = canvas.dataset.chart === 'performance' ? 2 : 1;
    const rows = config.data.labels.length * sideBySide;
    canvas.parentElement.style.height = Math.max(160, 90 + 30 * rows) + 'px';
    charts.push(new Chart(canvas, config));
  }
  document.body.dataset.chartsRendered = String(charts.length);
})();
