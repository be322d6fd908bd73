#!/usr/bin/env python3
"""analyze.py - hotswap-bench's bookkeeping: bundle snapshots, the drain, one step's figures, the table.

  analyze.py snapshot LIST_FILE SERVICES_FILE > SNAPSHOT
      bundle:list -s -r -t 0 --no-format and bundle:services -p (of every org.tessera bundle) made into
      one sorted line per bundle (id, state, revisions) and per DS component's service (component.id,
      service.id): a bundle that was refreshed or reinstalled shows a new revision or id, a component
      that was deactivated and activated again a new component.id and service.id.

  analyze.py drain STEP_DIR IDLE LIMIT
      Waits until every message of the step that got a 250 is in the Maildir, or IDLE s pass without
      a new delivery (LIMIT s at most); prints "done" or "waiting N".

  analyze.py step STEP_DIR
      STEP_DIR holds what hotswap-bench.sh wrote for one step (step.env, records.tsv, pop3.tsv,
      before.snap, after.snap, karaf.log.part, maillog.part, the Maildir's path): writes
      STEP_DIR/result.json and prints it.

  analyze.py verdict RESULT_JSON
      Exit 0 when the step met the targets, 2 (with the reasons on stderr) when not.

  analyze.py table RESULT_JSON...
      The markdown table of the steps.
"""
import json
import os
import re
import sys
import time


# ---- snapshots ----------------------------------------------------------------------------------

def snapshot(list_file, services_file):
    out = []
    for line in open(list_file, encoding="utf-8", errors="replace"):
        f = [x.strip() for x in line.rstrip("\n").split("\t")]
        if len(f) >= 5 and f[0].isdigit() and f[4].startswith("org.tessera"):
            revs = " ".join(re.findall(r"\(R [0-9.]+\)", f[5] if len(f) > 5 else ""))
            out.append(f"bundle {f[4]} id={f[0]} state={f[1]} revisions={revs.replace(' ', '')}")
    text = open(services_file, encoding="utf-8", errors="replace").read()
    for m in re.finditer(r"^([^\n]*) \((\d+)\) provides:\n-+\n(.*?)(?=^[^\n]* \(\d+\) provides:$|\Z)", text, re.M | re.S):
        bid = m.group(2)
        for block in re.split(r"^----$", m.group(3), flags=re.M):
            props = dict(re.findall(r"^([\w.]+) = (.*)$", block, re.M))
            if "component.name" not in props:
                continue
            key = props["component.name"]
            for k in ("service.pid", "name"):
                if k in props:
                    key += f"[{props[k]}]"
                    break
            out.append(f"component bundle={bid} {key} component.id={props.get('component.id')} "
                       f"service.id={props.get('service.id')}")
    return sorted(out)


def parse_snap(path):
    bundles, comps = {}, {}
    for line in open(path):
        f = line.split()
        if not f:
            continue
        if f[0] == "bundle":
            bundles[f[1]] = " ".join(f[2:])
        elif f[0] == "component":
            comps[(f[1], f[2])] = " ".join(f[3:])
    return bundles, comps


# ---- one step -----------------------------------------------------------------------------------

HDR = re.compile(rb"^X-Hotswap: (\S+)-(\d+)\r?$", re.M)
NAME = re.compile(r"^(\d+)\.M(\d+)P")


def scan(maildir, tag, seen):
    """Reads the header of every file not seen before; seen: name -> (tag, i, t)."""
    for sub in ("new", "cur"):
        d = os.path.join(maildir, sub)
        try:
            names = os.listdir(d)
        except FileNotFoundError:
            continue
        for name in names:
            if name in seen:
                continue
            try:
                with open(os.path.join(d, name), "rb") as f:
                    head = f.read(4096)
                st = os.stat(os.path.join(d, name))
            except FileNotFoundError:
                continue
            m = HDR.search(head.split(b"\n\n", 1)[0] if b"\n\n" in head else head)
            n = NAME.match(name)
            t = int(n.group(1)) + int(n.group(2)) / 1e6 if n else st.st_mtime
            seen[name] = (m.group(1).decode() if m else None, int(m.group(2)) if m else None, t, st.st_ctime)


def load_env(path):
    env = {}
    for line in open(path):
        if "=" in line:
            k, v = line.rstrip("\n").split("=", 1)
            env[k] = v
    return env


def drain(dirname, idle=10, limit=120):
    """Waits until every message of the step that got a 250 is in the Maildir, or IDLE s pass without a
    new delivery (LIMIT s at most); prints "done" or "waiting N" (N messages with a 250 not there)."""
    env = load_env(os.path.join(dirname, "step.env"))
    tag, maildir = env["TAG"], env["MAILDIR"]
    ok = {int(r.split("\t")[0]) for r in open(os.path.join(dirname, "records.tsv")) if r.split("\t")[3] == "ok"}
    seen, t_start, last_n, last_change = {}, time.time(), -1, time.time()
    while True:
        scan(maildir, tag, seen)
        missing = ok - {v[1] for v in seen.values() if v[0] == tag}
        if not missing:
            print("done")
            return
        if len(seen) != last_n:
            last_n, last_change = len(seen), time.time()
        if time.time() - last_change > idle or time.time() - t_start > limit:
            print("waiting %d" % len(missing))
            return
        time.sleep(0.5)


BUNDLE_OPS = r"Refreshing bundles|Stopping bundles|Starting bundles|Updating bundles|Uninstalling bundles|Installing bundles"


def karaf_part(dirname, targets):
    """karaf.log's bundle operations during the step (Karaf names the bundles on the indented lines
    that follow), the org.tessera bundles other than TARGETS that Karaf refreshed or stopped, its
    WARN/ERROR lines, and the mail log's deferrals and failures."""
    log = open(os.path.join(dirname, "karaf.log.part"), encoding="utf-8", errors="replace").read().splitlines()
    ops, core = [], []
    for i, line in enumerate(log):
        if re.search(BUNDLE_OPS, line):
            ops.append(line)
            for l2 in log[i + 1:i + 60]:
                if not re.search(r"FeaturesServiceImpl.*\|\s{2,}\S", l2):
                    break
                ops.append(l2)
                m = re.search(r"\|\s{2,}(org\.tessera[\w.-]*)/", l2)
                if m and m.group(1) not in targets and re.search(r"Refreshing|Stopping", line):
                    core.append(l2.strip())
    problems = [l for l in log if "| WARN " in l or "| ERROR" in l]
    mlog = []
    if os.path.exists(os.path.join(dirname, "maillog.part")):
        mlog = [l for l in open(os.path.join(dirname, "maillog.part"), encoding="utf-8", errors="replace")
                if "deferral" in l or "failure" in l or "warning" in l]
    return {"karaf_refresh_lines": ops, "karaf_core_refreshed": core, "karaf_warn_error": problems[:40],
            "maillog_deferrals_failures": len(mlog), "maillog_samples": [l.rstrip() for l in mlog[:10]]}


def relog(dirname):
    """Recomputes result.json's karaf.log and mail-log fields from the step's files."""
    env = load_env(os.path.join(dirname, "step.env"))
    path = os.path.join(dirname, "result.json")
    res = json.load(open(path))
    res.update(karaf_part(dirname, env.get("TARGETS", "").split()))
    json.dump(res, open(path, "w"), indent=1)


def step(dirname):
    env = load_env(os.path.join(dirname, "step.env"))
    tag, maildir = env["TAG"], env["MAILDIR"]
    up0, up1 = float(env["T_UPDATE_START"]), float(env["T_UPDATE_END"])
    targets = env.get("TARGETS", "").split()
    records = [line.rstrip("\n").split("\t") for line in open(os.path.join(dirname, "records.tsv"))]
    ok = {int(r[0]) for r in records if r[3] == "ok"}

    seen = {}
    scan(maildir, tag, seen)
    drain_s = float(env.get("DRAIN_S", "nan"))
    doqueue_at = float(env["DOQUEUE_AT"]) if env.get("DOQUEUE_AT") else None

    mine = [v for v in seen.values() if v[0] == tag]
    delivered = {}
    for v in mine:
        delivered[v[1]] = delivered.get(v[1], 0) + 1
    lost = sorted(ok - set(delivered))
    # delivered only after qmail:doqueue: deferred by the swap, waiting for the queue's next retry
    after_doqueue = sorted(v[1] for v in mine if doqueue_at is not None and v[3] >= doqueue_at)
    unacked = sorted(set(delivered) - ok)
    dups = sorted(i for i, c in delivered.items() if c > 1)
    foreign = sum(1 for v in seen.values() if v[0] != tag)

    outcomes = {}
    for r in records:
        key = r[3] if r[3] in ("ok", "not_sent") else f"{r[3]} {r[5]} at {r[4]}".replace("  ", " ")
        outcomes[key] = outcomes.get(key, 0) + 1
    failed = [r for r in records if r[3] in ("perm", "refused", "reset", "timeout", "error")]
    quit_errors = [r for r in records if r[3] == "ok" and r[4] == "quit-error"]
    temp = [r for r in records if r[3] == "temp"]
    texts = {}
    for r in failed + temp + quit_errors:
        k = f"{r[3]} {r[4]} {r[5]} {r[6][:120]}"
        texts[k] = texts.get(k, 0) + 1

    # delivery stall: the largest gap between consecutive deliveries (file name times) of this step
    # (messages delivered only after qmail:doqueue are left out: their gap is the queue's retry wait)
    times = sorted(v[2] for v in mine if doqueue_at is None or v[3] < doqueue_at)
    gap, gap_at = 0.0, None
    for a, b in zip(times, times[1:]):
        if b - a > gap:
            gap, gap_at = b - a, a
    # the same around the update only: from 1 s before it began to 5 s after it ended
    near = [t for t in times if up0 - 1 <= t <= up1 + 5]
    gap_near = max((b - a for a, b in zip(near, near[1:])), default=0.0)
    acc = sorted(float(r[2]) for r in records if r[3] == "ok")
    acc_gap, acc_gap_at = 0.0, None
    for a, b in zip(acc, acc[1:]):
        if b - a > acc_gap:
            acc_gap, acc_gap_at = b - a, a

    pop = []
    if os.path.exists(os.path.join(dirname, "pop3.tsv")):
        pop = [line.rstrip("\n").split("\t") for line in open(os.path.join(dirname, "pop3.tsv"))]
    pop_ok = sum(1 for p in pop if p[2] == "ok")
    pop_fail = [p for p in pop if p[2] != "ok"]
    pop_texts = {}
    for p in pop_fail:
        k = f"{p[2]} {p[3][:100]} (at {float(p[0]) - up0:+.2f} s)"
        pop_texts[k] = pop_texts.get(k, 0) + 1

    # bundles and components before / after
    b0, c0 = parse_snap(os.path.join(dirname, "before.snap"))
    b1, c1 = parse_snap(os.path.join(dirname, "after.snap"))
    changed_bundles, changed_comps = [], []
    for sym in sorted(set(b0) | set(b1)):
        if b0.get(sym) != b1.get(sym):
            changed_bundles.append(f"{sym}: {b0.get(sym, '(absent)')} -> {b1.get(sym, '(absent)')}")
    for key in sorted(set(c0) | set(c1)):
        if c0.get(key) != c1.get(key):
            changed_comps.append(f"{key[1]} ({key[0]}): {c0.get(key, '(absent)')} -> {c1.get(key, '(absent)')}")
    # a core bundle: an org.tessera bundle that is not the one updated / installed / uninstalled
    id_to_sym = {}
    for snap in (b0, b1):
        for sym, v in snap.items():
            id_to_sym[re.search(r"id=(\d+)", v).group(1)] = sym
    others_b = [c for c in changed_bundles if c.split(":")[0] not in targets]
    others_c = [c for c in changed_comps
                if id_to_sym.get(re.search(r"bundle=(\d+)", c).group(1)) not in targets]
    karaf = karaf_part(dirname, targets)
    res = {
        "step": env["STEP"], "what": env["WHAT"], "command": env["COMMAND"], "tag": tag,
        "load_s": float(env["SECONDS"]), "rate": float(env["RATE"]),
        "update_s": round(up1 - up0, 3), "update_exit": env.get("UPDATE_EXIT"),
        "update_at_s": round(up0 - float(env["T_LOAD_START"]), 2),
        "messages": len(records), "accepted_250": len(ok), "outcomes": outcomes,
        "temp_4xx": len(temp), "failed_sessions": len(failed), "quit_errors_after_250": len(quit_errors),
        "reply_texts": texts,
        "delivered": len(delivered), "lost": len(lost), "lost_ids": lost[:50],
        "deferred_until_doqueue": len(after_doqueue), "deferred_ids": after_doqueue[:50],
        "doqueue_after_s": round(doqueue_at - up0, 1) if doqueue_at else None,
        "delivered_without_250": len(unacked), "unacked_ids": unacked[:50], "duplicates": len(dups),
        "other_files_in_maildir": foreign, "drain_s": round(drain_s, 1),
        "max_delivery_gap_s": round(gap, 3),
        "max_gap_at_s_from_update": round(gap_at - up0, 2) if gap_at is not None else None,
        "max_delivery_gap_near_update_s": round(gap_near, 3),
        "max_accept_gap_s": round(acc_gap, 3),
        "max_accept_gap_at_s_from_update": round(acc_gap_at - up0, 2) if acc_gap_at is not None else None,
        "pop3_logins": len(pop), "pop3_ok": pop_ok, "pop3_failed": len(pop_fail), "pop3_texts": pop_texts,
        "bundles_changed": changed_bundles, "components_changed": changed_comps,
        "core_bundles_changed": others_b, "core_components_changed": others_c,
        **karaf,
        "queue_after": env.get("QSTAT", ""),
    }
    json.dump(res, open(os.path.join(dirname, "result.json"), "w"), indent=1)
    print(json.dumps(res, indent=1))


def verdict(path):
    r = json.load(open(path))
    why = []
    if r["lost"]:
        why.append(f"{r['lost']} messages lost (250, not in the Maildir): {r['lost_ids'][:10]}")
    if r["failed_sessions"]:
        why.append(f"{r['failed_sessions']} failed sessions: {r['reply_texts']}")
    if r["max_delivery_gap_s"] > 1.0:
        why.append(f"longest delivery stall {r['max_delivery_gap_s']} s > 1 s")
    if r["core_bundles_changed"] or r["core_components_changed"]:
        why.append(f"other Tessera bundles/components changed: {r['core_bundles_changed'] + r['core_components_changed']}")
    if r.get("karaf_core_refreshed"):
        why.append(f"karaf.log: other Tessera bundles refreshed or stopped: {r['karaf_core_refreshed']}")
    if r.get("pop3_failed"):
        why.append(f"{r['pop3_failed']} POP3 logins failed: {r['pop3_texts']}")
    if r.get("deferred_until_doqueue"):
        why.append(f"{r['deferred_until_doqueue']} messages deferred by the swap, delivered only after qmail:doqueue")
    if r["update_exit"] != "0":
        why.append(f"the command exited {r['update_exit']}")
    print("step %s %s: %s" % (r["step"], r["what"], "ok" if not why else "MISSED: " + "; ".join(why)), file=sys.stderr)
    return 2 if why else 0


# ---- the table ----------------------------------------------------------------------------------

def table(paths):
    rs = [json.load(open(p)) for p in paths]
    print("| step | action | load | 250s | 4xx | failed sessions | lost | 250 → Maildir stall (max gap, s) | near update | accept gap (s) | POP3 logins ok/all | core bundles or components refreshed/restarted |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rs:
        core = "none" if not (r["core_bundles_changed"] or r["core_components_changed"] or
                              r.get("karaf_core_refreshed")) else "YES (see below)"
        print("| %s | `%s` | %d msgs / %.0f s, update at %.1f s (took %.2f s) | %d | %d | %d | %d | %.3f (at %+.2f s) | %.3f | %.3f | %s | %s |" % (
            r["step"], r["command"], r["messages"], r["load_s"], r["update_at_s"], r["update_s"], r["accepted_250"],
            r["temp_4xx"], r["failed_sessions"], r["lost"], r["max_delivery_gap_s"],
            r["max_gap_at_s_from_update"] if r["max_gap_at_s_from_update"] is not None else float("nan"),
            r["max_delivery_gap_near_update_s"], r["max_accept_gap_s"],
            "%d/%d" % (r["pop3_ok"], r["pop3_logins"]) if r["pop3_logins"] else "-", core))
    print()
    print("Per step: the SMTP outcomes other than 250, POP3 failures, what changed among the org.tessera")
    print("bundles (id, state, revisions) and DS components (component.id, service.id), karaf.log.")
    for r in rs:
        print()
        print("**Step %s, `%s`** (exit %s, %.2f s; drained in %s s; queue after: %s)" % (
            r["step"], r["command"], r["update_exit"], r["update_s"], r["drain_s"], r["queue_after"].strip()))
        print()
        print("- outcomes: " + ", ".join("%s %d" % (k, v) for k, v in sorted(r["outcomes"].items())))
        for k, v in sorted(r["reply_texts"].items()):
            print("  - %d x %s" % (v, k))
        print("- delivered %d, lost %d %s, delivered without a 250 %d %s, duplicates %d" % (
            r["delivered"], r["lost"], r["lost_ids"][:10] if r["lost"] else "", r["delivered_without_250"],
            r["unacked_ids"][:10] if r["delivered_without_250"] else "", r["duplicates"]))
        if r.get("doqueue_after_s") is not None:
            print("- deferred by the swap and still queued when the load had drained: qmail:doqueue %.1f s after the"
                  " command; %d messages delivered only after it %s" % (r["doqueue_after_s"], r["deferred_until_doqueue"],
                                                                      r["deferred_ids"][:10]))
        print("- longest delivery gap %.3f s, starting %+.2f s from the command's start; around the command"
              " (-1 s .. +5 s) %.3f s; longest gap between 250s %.3f s at %+.2f s" % (
                  r["max_delivery_gap_s"], r["max_gap_at_s_from_update"] or 0, r["max_delivery_gap_near_update_s"],
                  r["max_accept_gap_s"], r["max_accept_gap_at_s_from_update"] or 0))
        if r["pop3_logins"]:
            print("- POP3: %d of %d logins ok" % (r["pop3_ok"], r["pop3_logins"]))
            for k, v in sorted(r["pop3_texts"].items()):
                print("  - %d x %s" % (v, k))
        print("- bundles changed: " + ("none" if not r["bundles_changed"] else ""))
        for c in r["bundles_changed"]:
            print("  - " + c)
        print("- components changed: " + ("none" if not r["components_changed"] else ""))
        for c in r["components_changed"]:
            print("  - " + c)
        print("- karaf.log, bundle operations: " + ("none" if not r["karaf_refresh_lines"] else ""))
        for l in r["karaf_refresh_lines"]:
            print("  - `%s`" % l.strip())
        if r.get("maillog_deferrals_failures"):
            print("- mail log: %d deferral/failure lines, e.g." % r["maillog_deferrals_failures"])
            for l in r["maillog_samples"][:5]:
                print("  - `%s`" % l[:300])
        if r["karaf_warn_error"]:
            print("- karaf.log WARN/ERROR:")
            for l in r["karaf_warn_error"][:15]:
                print("  - `%s`" % l.strip()[:300])


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "snapshot" and len(sys.argv) == 4:
        print("\n".join(snapshot(sys.argv[2], sys.argv[3])))
    elif cmd == "drain" and len(sys.argv) == 5:
        drain(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]))
    elif cmd == "step" and len(sys.argv) == 3:
        step(sys.argv[2])
    elif cmd == "relog" and len(sys.argv) == 3:
        relog(sys.argv[2])
    elif cmd == "verdict" and len(sys.argv) == 3:
        sys.exit(verdict(sys.argv[2]))
    elif cmd == "table" and len(sys.argv) > 2:
        table(sys.argv[2:])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(100)
