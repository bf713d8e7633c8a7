#!/usr/bin/env python3
"""Performance of aimsaudit as a user feels it, beside baselines measured in the same run.

  Scripts/bench.py [--entries 10000] [--evidence 100000] [--findings 10000] [--runs 5]
                   [--callgrind] [--binary PATH] [--dev-binary PATH] [--quick]

Builds the release binaries as the README builds them to install, with --static-swift-stdlib
(unless --binary): aimsaudit, and aimsaudit-dev, the developer commands
not shipped with it (by default found beside --binary). Makes the sample's workpaper and a synthetic
one (`aimsaudit-dev synth`: ENTRIES register entries, EVIDENCE references, FINDINGS graded items), and
measures through a pseudo-terminal: open to first complete frame, and key to end of redraw for
scrolling, paging, jumping, typing a search, switching filters, opening an item and typing in a
note. Then: saving one edit (in process, synchronous=FULL, checkpointed into the file), export,
check of the programme, peak memory. Baselines: `vim -u NONE` on a 5,000-line file (first frame,
per key), a bare SQLite commit in WAL+FULL (Python's sqlite3) and the same followed by a passive
checkpoint, `sqlite3 -markdown` over the same findings, Python's `yaml.safe_load` of the same
programme. Prints one table: median, p99 and the ratio to the
baseline. --callgrind adds instructions per key press at the large size (valgrind).
--quick: tiny sizes and few runs, to keep the command working (the test suite runs this).
"""
import argparse, fcntl, os, pty, resource, select, shutil, signal, sqlite3, statistics, struct, subprocess, sys, tempfile, termios, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "SampleData/harbourline/programme.yaml")
GAP = 0.03   # silence that ends a burst of output (not counted)


def pct(xs, p):
    xs = sorted(xs)
    return xs[max(0, min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1)))))]


class Pty:
    """A program in a pseudo-terminal; times bursts of output."""

    def __init__(self, cmd, cols=120, rows=40, env=None):
        self.t0 = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            # An editor that ends at once: a stray `e` must not leave an editor waiting for keys.
            os.execvpe(cmd[0], cmd, dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8",
                                         VISUAL="true", **(env or {})))
        self.output = b""
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def burst(self, start, timeout=20.0, marker=None):
        """Milliseconds from `start` to the last byte of the next burst of output; with a marker,
        of the burst in which the marker (text of the complete first frame) was seen."""
        return self.bursts(start, [marker or b""], timeout)[0]   # b"" is in any output

    def bursts(self, start, markers, timeout=20.0):
        """For each marker, milliseconds from `start` to the last byte of the burst of output in
        which it was first seen (None if never seen before `timeout`)."""
        found, current, seen, last = {}, [], bytearray(), None
        end = start + timeout
        while True:
            unseen = [m for m in markers if m not in found and m not in current]
            wait = GAP if last is not None and (current or not unseen) else max(0.0, end - time.perf_counter())
            r, _, _ = select.select([self.fd], [], [], wait)
            if not r:
                if last is not None and current:
                    for m in current:
                        found[m] = (last - start) * 1000
                    current = []
                    if unseen:
                        continue    # the next burst
                break
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:
                break
            if not data:
                break
            seen.extend(data)
            self.output = bytes(seen)
            last = time.perf_counter()
            for m in unseen:
                if m in seen:
                    current.append(m)
        return [found.get(m) for m in markers]

    def key(self, seq):
        start = time.perf_counter()
        os.write(self.fd, seq.encode())
        return self.burst(start, timeout=1.0)   # a key that changes nothing on the screen draws nothing

    def end(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        _, _, usage = os.wait4(self.pid, 0)
        os.close(self.fd)
        return usage.ru_maxrss / 1024   # MiB


def screen(binary, workpaper, actor, runs):
    """First frame and per-key latencies of the screen; peak memory."""
    out = {k: [] for k in ["first frame", "ready for keys", "scroll (j)", "page (PgDn, PgUp)", "jump (G, g)", "search (typing)",
                           "filter (f, j, Enter)", "open item (Enter)", "type in a note"]}
    rss = []
    for _ in range(runs):
        p = Pty([binary, "open", workpaper, "--as", actor])
        # The screen opens once, from the workpaper's tables: its first frame, whose footer carries
        # the key hints, is the frame that takes keys (reported under both names, as the tables of
        # earlier runs, whose builds drew a partial frame first, have both rows).
        first = ready = p.burst(p.t0, marker=b"Enter")
        out["first frame"].append(first)
        out["ready for keys"].append(ready)
        # About twenty of each key a run, as many as vim's baseline has: with fewer, a p99 is
        # only the slowest one.
        for _ in range(20): out["scroll (j)"].append(p.key("j"))
        for _ in range(10):
            for k in ["\x1b[6~", "\x1b[5~"]: out["page (PgDn, PgUp)"].append(p.key(k))
        for k in "Gg" * 10: out["jump (G, g)"].append(p.key(k))
        for _ in range(10):
            out["open item (Enter)"].append(p.key("\r"))
            p.key("q")
        p.key("\r")
        for _ in range(4): p.key("\t")
        p.key("\r")          # edit the note
        if b"justify" in p.output:   # a warned auditor justifies first, then edits
            for c in "bench": p.key(c)
            p.key("\r")
        for c in "typed note 監査": out["type in a note"].append(p.key(c))
        p.key("\t")          # save
        p.key("q")           # back to the checklist
        for round in range(3):
            p.key("/")
            for c in "review": out["search (typing)"].append(p.key(c))
            p.key("\r" if round == 2 else "\x1b")   # Esc clears the search; the last one is kept
        for _ in range(8):   # the filter picker: open, next filter, apply
            for k in ["f", "j", "\r"]: out["filter (f, j, Enter)"].append(p.key(k))
        rss.append(p.end())
    return {k: [x for x in v if x is not None] for k, v in out.items()}, max(rss)


def opening(binary, workpaper, actor, runs):
    """Open to first frame and to readiness for keys, then quit (for a second build of the binary)."""
    first, ready = [], []
    for _ in range(runs):
        p = Pty([binary, "open", workpaper, "--as", actor])
        r = p.burst(p.t0, marker=b"Enter")   # the first frame is the ready one
        first.append(r)
        ready.append(r)
        p.key("q")
        p.end()
    return [x for x in first if x is not None], [x for x in ready if x is not None]


def vim(lines, runs):
    d = tempfile.mkdtemp()
    f = os.path.join(d, "file.txt")
    with open(f, "w") as fh:
        for i in range(lines): fh.write(f"line {i} of the baseline file, with some text to draw\n")
    first, keys, page, rss = [], [], [], []
    for _ in range(runs):
        p = Pty(["vim", "-u", "NONE", "-N", "-n", f])
        first.append(p.burst(p.t0, marker=b"file.txt"))
        for _ in range(20): keys.append(p.key("j"))
        for _ in range(5): page.append(p.key("\x06"))
        p.key("\x1b:qa!\r")
        rss.append(p.end())
    shutil.rmtree(d)
    return first, [k for k in keys + page if k is not None], max(rss)


def timed(cmd, runs, **kw):
    """Wall milliseconds of a command (median over runs) and its peak memory in MiB."""
    times, rss = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
        _, status, usage = os.wait4(p.pid, 0)
        times.append((time.perf_counter() - start) * 1000)
        rss = max(rss, usage.ru_maxrss / 1024)
    return times, rss


def sqlite_commits(n, checkpoint=False):
    """A bare commit of one row in WAL+FULL; with `checkpoint`, each followed by a passive
    checkpoint, as a save is (so that the database file alone holds it)."""
    d = tempfile.mkdtemp()
    db = sqlite3.connect(os.path.join(d, "b.db"), isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT)")
    times = []
    for i in range(n):
        s = time.perf_counter()
        db.execute("BEGIN"); db.execute("INSERT INTO t (note) VALUES (?)", (f"bench note {i} 監査",)); db.execute("COMMIT")
        if checkpoint:
            db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        times.append((time.perf_counter() - s) * 1000)
    db.close(); shutil.rmtree(d)
    return times


def sqlite_inserts(into, frm, runs):
    """The rows a merge of `frm` into `into` adds, inserted by sqlite3 into a copy of `into` in one
    transaction (WAL+FULL): the cost of writing them, with nothing checked or folded."""
    times = []
    for i in range(runs):
        copy = f"{into}.sqlite-{i}"
        shutil.copy(into, copy)
        db = sqlite3.connect(copy, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=FULL")
        db.execute("ATTACH ? AS f", (frm,))
        s = time.perf_counter()
        db.execute("BEGIN")
        db.execute("INSERT INTO journal (seq, id, time, actor, type, payload, prev_hash, hash, replica, rseq, clock, target, sig) "
                   "SELECT (SELECT max(seq) FROM main.journal) + row_number() OVER (ORDER BY seq), id, time, actor, type, payload, "
                   "prev_hash, hash, replica, rseq, clock, target, sig FROM f.journal WHERE hash NOT IN (SELECT hash FROM main.journal)")
        db.execute("COMMIT")
        times.append((time.perf_counter() - s) * 1000)
        db.close()
        for suffix in ["", "-wal", "-shm"]:
            if os.path.exists(copy + suffix):
                os.remove(copy + suffix)
    return times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=10000)
    ap.add_argument("--evidence", type=int, default=100000)
    ap.add_argument("--findings", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--binary")
    ap.add_argument("--dev-binary", help="aimsaudit-dev (synth, bench-save, bench-keys); default: beside --binary")
    ap.add_argument("--callgrind", action="store_true")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--static-binary", help="also time the start-up and the opening of a build with --static-swift-stdlib")
    a = ap.parse_args()
    if a.quick:
        a.entries, a.evidence, a.findings, a.runs = 300, 1000, 200, 1
    binary = a.binary
    if not binary:
        # As the README builds it to install: with the Swift libraries inside (it starts sooner).
        release = ["swift", "build", "-c", "release", "--static-swift-stdlib"]
        for product in ["aimsaudit", "aimsaudit-dev"]:
            subprocess.run(release + ["--product", product], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        binary = os.path.join(subprocess.run(release + ["--show-bin-path"], cwd=ROOT, check=True,
                                             capture_output=True, text=True).stdout.strip(), "aimsaudit")
    dev = a.dev_binary or os.path.join(os.path.dirname(binary), "aimsaudit-dev")
    work = tempfile.mkdtemp(prefix="aimsaudit-bench-")
    sample_wp = os.path.join(work, "sample.aimsaudit")
    subprocess.run([binary, "new", SAMPLE, "--audit", "IA-2026-01", "-o", sample_wp], check=True, stdout=subprocess.DEVNULL)
    big_yaml, big_wp = os.path.join(work, "big.yaml"), os.path.join(work, "big.aimsaudit")
    subprocess.run([dev, "synth", "--entries", str(a.entries), "-o", big_yaml, "--workpaper", big_wp,
                    "--evidence", str(a.evidence), "--findings", str(a.findings)], check=True)
    db = sqlite3.connect(big_wp)
    events = db.execute("SELECT count(*) FROM journal").fetchone()[0]
    refs = db.execute("SELECT count(*) FROM evidence").fetchone()[0]
    graded = db.execute("SELECT count(*) FROM item_state WHERE grade != 'not-audited'").fetchone()[0]
    items = db.execute("SELECT count(*) FROM checklist").fetchone()[0]
    lead = db.execute("SELECT actor FROM journal WHERE seq = 1").fetchone()[0]
    db.close()

    rows = []   # (what, size, median, p99, unit, baseline name, baseline median, baseline p99, ratio basis)
    def add(what, size, xs, base_name=None, base=None, basis="p99", unit="ms"):
        med, p99 = statistics.median(xs), pct(xs, 99)
        bmed = bp99 = None
        if base:
            bmed, bp99 = statistics.median(base), pct(base, 99)
        rows.append((what, size, med, p99, unit, base_name, bmed, bp99, basis))

    has_vim = shutil.which("vim") is not None
    vfirst, vkeys, vrss = vim(5000, a.runs) if has_vim else ([], [], 0)
    for label, wp, actor in [("sample", sample_wp, "amara"), (f"{items} items/{refs} refs", big_wp, lead)]:
        lat, rss = screen(binary, wp, actor, a.runs)
        add("open → first frame", label, lat["first frame"], "vim -u NONE, 5,000 lines", vfirst, basis="median")
        add("open → ready for keys", label, lat["ready for keys"], "vim -u NONE, 5,000 lines", vfirst, basis="median")
        for k in list(lat)[2:]:
            add(f"key: {k}", label, lat[k], "vim per key (j, ^F)", vkeys)
        rows.append(("peak memory (screen)", label, rss, rss, "MiB", "vim", vrss, vrss, "median"))
        if a.static_binary:
            sf, sr = opening(a.static_binary, wp, actor, a.runs)
            add("open → first frame (static)", label, sf, "vim -u NONE, 5,000 lines", vfirst, basis="median")
            add("open → ready for keys (static)", label, sr, "vim -u NONE, 5,000 lines", vfirst, basis="median")

    # Saving one edit, in process: the commit with synchronous=FULL against a bare SQLite commit.
    copy = os.path.join(work, "save.aimsaudit")
    shutil.copy(big_wp, copy)
    out = subprocess.run([dev, "bench-save", copy, "--count", str(50 if a.quick else 300), "--actor", lead],
                         check=True, capture_output=True, text=True).stdout
    saves = [float(x) for x in out.split()]
    add("save one edit (WAL, FULL)", f"{items} items", saves, "sqlite3 commit, WAL+FULL", sqlite_commits(50 if a.quick else 300))
    add("save one edit (WAL, FULL)", f"{items} items", saves, "sqlite3 commit+checkpoint",
        sqlite_commits(50 if a.quick else 300, checkpoint=True))

    # Export of the findings against sqlite3 -markdown of the same rows.
    report = os.path.join(work, "report.md")
    ex, exrss = timed([binary, "export", big_wp, "-o", report], a.runs)
    base = None
    if shutil.which("sqlite3"):
        base, _ = timed(["sqlite3", "-markdown", big_wp, "SELECT i.item, c.title, i.grade, i.requirement, i.evidence_text, i.gap, i.note, "
                         "(SELECT count(*) FROM evidence e WHERE e.item = i.item) FROM item_state i JOIN checklist c ON c.item = i.item"], a.runs)
    add("export report", f"{graded} findings", ex, "sqlite3 -markdown", base, basis="median")
    rows.append(("peak memory (export)", f"{graded} findings", exrss, exrss, "MiB", None, None, None, "median"))

    # Import and check of the programme against Python's yaml.safe_load.
    ck, ckrss = timed([binary, "check", big_yaml], a.runs)
    base = None
    try:
        import yaml  # noqa: F401
        base, _ = timed([sys.executable, "-c", "import yaml,sys; yaml.safe_load(open(sys.argv[1]))", big_yaml], a.runs)
    except ImportError:
        pass
    add("import + check programme", f"{a.entries} entries", ck, "python3 yaml.safe_load", base, basis="median")
    rows.append(("peak memory (check)", f"{a.entries} entries", ckrss, ckrss, "MiB", None, None, None, "median"))

    # Merging two replicas of the large audit, each with its own fieldwork (about 50,000 events
    # each at full size), against sqlite3 inserting the same rows.
    into, frm = os.path.join(work, "merge-into.aimsaudit"), os.path.join(work, "merge-from.aimsaudit")
    ev, fi = (500, 100) if a.quick else (25000, 10000)
    lines = subprocess.run([dev, "bench-merge", big_yaml, into, frm, "--evidence", str(ev), "--findings", str(fi), "--runs", str(a.runs)],
                           check=True, capture_output=True, text=True).stdout.split()
    merges, added = [float(x) for x in lines[0::2]], int(lines[1])
    held = sqlite3.connect(into).execute("SELECT count(*) FROM journal").fetchone()[0]
    add("merge two replicas", f"{held}+{added} events", merges, "sqlite3 insert, same rows", sqlite_inserts(into, frm, a.runs), basis="median")

    # Start-up of the binary.
    st, _ = timed([binary, "--version"], 20)
    tr, _ = timed(["/bin/true"], 20)
    add("aimsaudit --version", "", st, "/bin/true", tr, basis="median")
    if has_vim:
        vq, _ = timed(["vim", "-u", "NONE", "-es", "-c", "q"], 20)
        add("aimsaudit --version", "", st, "vim -u NONE -es -c q", vq, basis="median")
    if a.static_binary:
        ss, _ = timed([a.static_binary, "--version"], 20)
        add("aimsaudit --version (static)", "", ss, "/bin/true", tr, basis="median")
        if has_vim:
            add("aimsaudit --version (static)", "", ss, "vim -u NONE -es -c q", vq, basis="median")

    print(f"aimsaudit benchmark · {time.strftime('%Y-%m-%d')} · large workpaper: {items} items, {refs} evidence references, "
          f"{graded} graded items, {events} journal events · {a.runs} runs")
    print(f"{'measure':34s} {'size':22s} {'median':>9s} {'p99':>9s}   {'baseline':28s} {'median':>8s} {'p99':>8s} {'ratio':>7s}")
    for what, size, med, p99, unit, bname, bmed, bp99, basis in rows:
        ratio = ""
        if bmed:
            ratio = f"{(med / bmed if basis == 'median' else p99 / bp99):6.1f}×"
        b = f"{bname or '':28s} {bmed if bmed is not None else '':>8} {bp99 if bp99 is not None else '':>8}"
        if bmed is not None:
            b = f"{bname:28s} {bmed:8.2f} {bp99:8.2f}"
        print(f"{what:34s} {size:22s} {med:9.2f} {p99:9.2f}{'' if unit == 'ms' else ' ' + unit:4s} {b} {ratio:>7s}")
    print("ratio: p99 over baseline p99 for keys and saving, median over median otherwise")

    if a.callgrind and shutil.which("valgrind"):
        # valgrind 3.19 cannot read the toolchain's DWARF 5: count on a copy without debug info.
        plain = os.path.join(work, "aimsaudit-dev-nodebug")
        subprocess.run(["strip", "--strip-debug", "-o", plain, dev], check=True)
        counts = []
        for keys in ["j" * 10, "J" * 5, "o" * 3]:
            out_file = os.path.join(work, "callgrind.out")
            subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}", "--collect-atstart=no",
                            "--toggle-collect=*BenchKeys*keyLoop*", plain, "bench-keys", big_wp, "--actor", lead, "--keys", keys],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            total = 0
            with open(out_file) as fh:
                for line in fh:
                    if line.startswith("summary:") or line.startswith("totals:"):
                        total = int(line.split()[1])
            counts.append((keys[0], total // len(keys)))
        names = {"j": "scroll", "J": "page", "o": "open an item and back"}
        print("instructions per key press (callgrind, " + f"{items} items): " + ", ".join(f"{names[k]}: {n:,}" for k, n in counts))
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
