#!/usr/bin/env python3
"""metrics-plot.py - sample Tessera's /metrics once a second, and plot a run from the samples.

usage:
  metrics-plot.py sample URL OUT.jsonl       until SIGTERM or SIGINT: one JSON line per second with the
                                             queue's depth, the local deliveries so far and the local
                                             channel's latency histogram (cumulative bucket counts)
  metrics-plot.py plot SAMPLES.jsonl OUT.png [TITLE]
                                             three panels over time: messages in the queue, local
                                             deliveries per second, and the arrival-to-delivery latency's
                                             p50 and p99 (from the histogram's buckets, as Grafana's
                                             histogram_quantile does, over a 5 s window)

`sample` needs only the standard library; `plot` needs matplotlib (Debian: apt-get install
python3-matplotlib, then run it with /usr/bin/python3).
"""
import json
import math
import re
import signal
import sys
import time
import urllib.request

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$')
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')
WINDOW_S = 5


def parse(text):
    """Prometheus text -> list of (name, {label: value}, value)."""
    out = []
    for line in text.splitlines():
        m = SAMPLE.match(line)
        if m:
            out.append((m.group(1), dict(LABEL.findall(m.group(2) or '')), float(m.group(3))))
    return out


def one_sample(url):
    started = time.time()
    with urllib.request.urlopen(url, timeout=5) as response:
        text = response.read().decode()
    scrape_s = time.time() - started
    queue = {}
    delivered = 0.0
    deferred = 0.0
    buckets = {}
    for name, labels, value in parse(text):
        if name == 'tessera_queue_messages':
            queue[labels['state']] = value
        elif name == 'tessera_deliveries_total' and labels.get('channel') == 'local':
            if labels.get('outcome') == 'success':
                delivered += value
            elif labels.get('outcome') == 'deferral':
                deferred += value
        elif name == 'tessera_delivery_latency_seconds_bucket' and labels.get('channel') == 'local':
            buckets[labels['le']] = value
    return {'t': started, 'scrape_s': scrape_s, 'queue': queue, 'delivered': delivered,
            'deferred': deferred, 'buckets': buckets}


def sample(url, out_path):
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    next_t = time.time()
    with open(out_path, 'a') as out:
        while not stop:
            try:
                out.write(json.dumps(one_sample(url)) + '\n')
                out.flush()
            except OSError as e:
                # The server not up yet, or gone: a gap in the picture, not the end of the run.
                print('metrics-plot.py: %s: %s' % (url, e), file=sys.stderr)
            next_t += 1.0
            time.sleep(max(0.0, next_t - time.time()))


def quantile(q, upper_bounds, counts):
    """histogram_quantile: upper_bounds ascending (the last +Inf), counts cumulative (increases)."""
    total = counts[-1]
    if total <= 0:
        return float('nan')
    rank = q * total
    for i, (bound, count) in enumerate(zip(upper_bounds, counts)):
        if count >= rank:
            if math.isinf(bound):
                # Prometheus answers the highest finite bound for the +Inf bucket.
                return upper_bounds[i - 1] if i > 0 else float('nan')
            lower = upper_bounds[i - 1] if i > 0 else 0.0
            below = counts[i - 1] if i > 0 else 0.0
            in_bucket = count - below
            return lower + (bound - lower) * ((rank - below) / in_bucket if in_bucket > 0 else 1.0)
    return float('nan')


def plot(samples_path, png_path, title):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    rows = [json.loads(line) for line in open(samples_path) if line.strip()]
    if len(rows) < 2:
        sys.exit('metrics-plot.py: fewer than 2 samples in %s' % samples_path)
    t0 = rows[0]['t']
    t = [r['t'] - t0 for r in rows]
    depth = [sum(r['queue'].values()) for r in rows]
    rate_t, rate = [], []
    for a, b in zip(rows, rows[1:]):
        rate_t.append(b['t'] - t0)
        rate.append((b['delivered'] - a['delivered']) / (b['t'] - a['t']))
    bounds = sorted({le for r in rows for le in r['buckets']}, key=lambda le: float(le))
    upper = [float(le) for le in bounds]
    lat_t, p50, p99 = [], [], []
    for i in range(WINDOW_S, len(rows)):
        a, b = rows[i - WINDOW_S], rows[i]
        counts = [b['buckets'].get(le, 0) - a['buckets'].get(le, 0) for le in bounds]
        # A window without a delivery has no latency: a gap in the lines, not a slope across it.
        lat_t.append(b['t'] - t0)
        p50.append(quantile(0.5, upper, counts) if counts else float('nan'))
        p99.append(quantile(0.99, upper, counts) if counts else float('nan'))

    fig, axes = plt.subplots(3, 1, figsize=(9, 8), sharex=True, dpi=100)
    axes[0].plot(t, depth, color='tab:blue', label='in the queue (tessera_queue_messages, sum of the states)')
    axes[0].set_ylabel('messages')
    axes[0].legend(loc='upper right', fontsize=8)
    axes[1].plot(rate_t, rate, color='tab:green', label='local deliveries/s (rate of tessera_deliveries_total, success)')
    axes[1].set_ylabel('deliveries/s')
    axes[1].legend(loc='upper right', fontsize=8)
    axes[2].plot(lat_t, p99, color='tab:red', marker='.', label='p99')
    axes[2].plot(lat_t, p50, color='tab:purple', marker='.', label='p50')
    axes[2].set_yscale('log')
    # From the smallest bucket (1 ms) to past the longest outage a run makes, with room for the legend.
    axes[2].set_ylim(5e-4, 2000)
    axes[2].set_ylabel('seconds')
    axes[2].set_xlabel('seconds since the first sample')
    axes[2].legend(loc='upper left', fontsize=8, ncol=2,
                   title='arrival to delivery of the last %d s (tessera_delivery_latency_seconds_bucket)' % WINDOW_S,
                   title_fontsize=8)
    for ax in axes:
        ax.grid(True, alpha=0.3)
    fig.suptitle(title.replace('; ', '\n'), fontsize=10)
    fig.tight_layout()
    fig.savefig(png_path)


def main(argv):
    if len(argv) >= 4 and argv[1] == 'sample':
        sample(argv[2], argv[3])
    elif len(argv) >= 4 and argv[1] == 'plot':
        plot(argv[2], argv[3], argv[4] if len(argv) > 4 else 'Tessera under load, from /metrics')
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
