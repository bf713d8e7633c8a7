#!/usr/bin/env python3
"""Crash soak for aimsaudit: kills `record` and the screen at random moments and checks that the
workpaper stays intact and that nothing acknowledged as saved is ever lost.

  Scripts/soak.py [--record-kills 200] [--screen-kills 200] [--seed N] [--binary PATH]

Phase 1 runs `aimsaudit record` with a random edit (a note or statement with wide characters, or
an evidence reference) and SIGKILLs it after a random delay around its own run time; a record is
acknowledged when the command exited 0. Phase 2 runs the screen in tmux, types a note, waits for
the status line to say it autosaved, types more, and ends the screen with SIGKILL, SIGTERM or
SIGHUP; with SIGTERM and SIGHUP everything typed must be saved. After every kill:
PRAGMA integrity_check, `aimsaudit verify`, and every acknowledged text present in the journal.
Prints one table; exits 1 if anything was lost or broken.
"""
import argparse, json, os, random, re, signal, sqlite3, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "SampleData/harbourline/programme.yaml")
ITEMS = ["9.2.1", "9.2.2", "A.6.2.8@ava", "A.10.2@talentlens", "A.7.5@claimsort"]   # olivia is independent of these
WORDS = ["Prüfung", "監査", "✓", "évidence", "log", "retention", "Ava", "drift", "sample", "ΑΒΓ", "👩‍💻", "note"]


def check(path, binary):
    db = sqlite3.connect(path)
    ok = db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    payloads = [r[0] for r in db.execute("SELECT payload FROM journal")]
    db.close()
    verified = subprocess.run([binary, "verify", path], capture_output=True).returncode == 0
    return ok, verified, "\n".join(payloads)


def text(rng, tag):
    return f"{tag} " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 8)))


def phase_record(binary, path, kills, rng):
    durations = []
    for i in range(3):
        start = time.time()
        subprocess.run([binary, "record", path, "--as", "olivia", "--item", "9.2.1", "--note", f"warm-up {i}"], check=True,
                       capture_output=True)
        durations.append(time.time() - start)
    window = max(0.05, 2 * sorted(durations)[1])
    acknowledged, lost, broken, unverified, killed_early = [], [], 0, 0, 0
    for i in range(kills):
        tag = f"R{i:04d}"
        item = rng.choice(ITEMS)
        kind = rng.choice(["note", "statement", "evidence"])
        body = text(rng, tag)
        args = {"note": ["--note", body], "statement": ["--evidence-text", body],
                "evidence": ["--add-evidence", f"record={body},from=soak"]}[kind]
        p = subprocess.Popen([binary, "record", path, "--as", "olivia", "--item", item] + args,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, window))
        p.send_signal(signal.SIGKILL)
        p.wait()
        if p.returncode == 0:
            acknowledged.append(json.dumps(body, ensure_ascii=False)[1:-1])
        else:
            killed_early += 1
        ok, verified, journal = check(path, binary)
        broken += not ok
        unverified += not verified
    _, _, journal = check(path, binary)
    lost = [t for t in acknowledged if t not in journal]
    return {"runs": kills, "acknowledged": len(acknowledged), "killed before ack": killed_early, "lost": len(lost),
            "integrity failures": broken, "verify failures": unverified}


def tmux(sock, *args):
    return subprocess.run(["tmux", "-L", sock] + list(args), capture_output=True, text=True).stdout


def phase_screen(binary, path, kills, rng):
    results = {s: {"runs": 0, "acknowledged": 0, "lost": 0, "integrity failures": 0, "verify failures": 0}
               for s in ("SIGKILL", "SIGTERM", "SIGHUP")}
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", NO_COLOR="")
    for i in range(kills):
        sig = ["SIGKILL", "SIGTERM", "SIGHUP"][i % 3]
        sock = f"soak-{os.getpid()}-{i}"
        tmux(sock, "new-session", "-d", "-s", "t", "-x", "100", "-y", "30", "-e", "LANG=C.UTF-8", "-e", "NO_COLOR=",
             f"'{binary}' open '{path}' --as olivia")
        screen = lambda: tmux(sock, "capture-pane", "-t", "t", "-p")

        def wait(pattern, seconds=10):
            end = time.time() + seconds
            while time.time() < end:
                if re.search(pattern, screen()):
                    return True
                time.sleep(0.05)
            return False
        r = results[sig]
        r["runs"] += 1
        if not wait("Olivia Brandt"):
            tmux(sock, "kill-server")
            continue
        tmux(sock, "send-keys", "-t", "t", ":")
        tmux(sock, "send-keys", "-t", "t", "-l", "item 9.2.1")
        tmux(sock, "send-keys", "-t", "t", "Enter")
        wait("9.2.1 General")
        for _ in range(4):
            tmux(sock, "send-keys", "-t", "t", "Tab")
        tmux(sock, "send-keys", "-t", "t", "Enter", "C-u")
        first = text(rng, f"S{i:04d}")
        tmux(sock, "send-keys", "-t", "t", "-l", first)
        saved = wait(r"saved \d\d:\d\d:\d\d", 5)
        more = " and " + text(rng, "more")
        tmux(sock, "send-keys", "-t", "t", "-l", more)
        time.sleep(rng.uniform(0, 0.3))
        pid = int(tmux(sock, "display-message", "-p", "-t", "t", "#{pane_pid}").strip() or 0)
        if pid:
            os.kill(pid, getattr(signal, sig))
        end = time.time() + 10
        while time.time() < end and pid:
            try:
                os.kill(pid, 0)
                time.sleep(0.05)
            except ProcessLookupError:
                break
        tmux(sock, "kill-server")
        ok, verified, journal = check(path, binary)
        r["integrity failures"] += not ok
        r["verify failures"] += not verified
        expected = [first] if sig == "SIGKILL" else [first + more]
        if saved or sig != "SIGKILL":
            r["acknowledged"] += 1
            if not all(json.dumps(t, ensure_ascii=False)[1:-1] in journal for t in expected):
                r["lost"] += 1
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--record-kills", type=int, default=200)
    ap.add_argument("--screen-kills", type=int, default=200)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/debug/aimsaudit"))
    a = ap.parse_args()
    if not os.path.exists(a.binary):
        subprocess.run(["swift", "build", "--product", "aimsaudit"], cwd=ROOT, check=True)
    rng = random.Random(a.seed)
    work = tempfile.mkdtemp(prefix="aimsaudit-soak-")
    rows = []
    path = os.path.join(work, "record.aimsaudit")
    subprocess.run([a.binary, "new", SAMPLE, "--audit", "IA-2026-01", "-o", path], check=True, capture_output=True)
    if a.record_kills:
        rows.append(("record, SIGKILL at random", phase_record(a.binary, path, a.record_kills, rng)))
    if a.screen_kills:
        path = os.path.join(work, "screen.aimsaudit")
        subprocess.run([a.binary, "new", SAMPLE, "--audit", "IA-2026-01", "-o", path], check=True, capture_output=True)
        for sig, r in phase_screen(a.binary, path, a.screen_kills, rng).items():
            rows.append((f"screen in tmux, {sig} while typing", r))
    cols = ["runs", "acknowledged", "lost", "integrity failures", "verify failures"]
    print(f"{'scenario':40} " + " ".join(f"{c:>18}" for c in cols))
    bad = False
    for name, r in rows:
        print(f"{name:40} " + " ".join(f"{r.get(c, 0):>18}" for c in cols))
        bad |= r["lost"] > 0 or r["integrity failures"] > 0 or r["verify failures"] > 0
    print(f"seed {a.seed}; workpapers kept in {work}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
