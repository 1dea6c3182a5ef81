#!/usr/bin/env python3
"""UDP SIP REGISTER flood from many distinct loopback source addresses, paced to a rate.

  bench/flood/flood.py --target 127.0.0.1:5091 --rate 40000 --secs 10 \
      --sources 200 --base 127.1.0.1 [--procs 2] [--window 0] [--out stats.json]

Each source address (base, base+1, ... for --sources addresses, e.g. 127.1.0.1 ...) gets its own
UDP socket bound to it (Linux routes all of 127.0.0.0/8 to lo, so no setup is needed) and its own
pre-built REGISTER (distinct user 2000000+i) in which only a sequence number changes (Via branch
and Call-ID), so every packet is a new transaction, not a retransmission. --procs worker processes split the sources between them and each paces itself to
rate/procs with a token schedule checked every batch (so the offered rate is exact unless the
CPU cannot keep up; the achieved rate is reported).

--window W: instead of cycling over all sources at once, only W consecutive sources are active at
any moment and the window slides so that all --sources are covered once during --secs (each source
is active for about W*secs/sources seconds, at rate/W packets/s). This lets 10,000 addresses each
run hot long enough to be blocked without needing rate/10000 to exceed a per-source limit.

Prints one JSON line: {"sent": N, "errors": E, "seconds": S, "pps": N/S, ...} (also to --out).
"""
import argparse
import ipaddress
import json
import multiprocessing as mp
import os
import socket
import sys
import time


def build_packet(src_ip, src_port, dst, i):
    """Returns (head, mid, tail): a packet is head + seq + mid + seq + tail, so every packet has
    its own Via branch and Call-ID (a new transaction, never a retransmission)."""
    user = 2000000 + i
    head = (
        f"REGISTER sip:{dst[0]}:{dst[1]} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP {src_ip}:{src_port};rport;branch=z9hG4bKfl{i}x"
    ).encode()
    mid = (
        "\r\nMax-Forwards: 70\r\n"
        f"From: <sip:{user}@{dst[0]}>;tag=fl{i}\r\n"
        f"To: <sip:{user}@{dst[0]}>\r\n"
        f"Call-ID: fl{i}x"
    ).encode()
    tail = (
        f"@{src_ip}\r\n"
        "CSeq: 1 REGISTER\r\n"
        f"Contact: <sip:{user}@{src_ip}:{src_port}>\r\n"
        "Expires: 3600\r\n"
        "User-Agent: flood-gen\r\n"
        "Content-Length: 0\r\n\r\n"
    ).encode()
    return head, mid, tail


def worker(idx, nprocs, args, dst, start_at, q):
    base = ipaddress.IPv4Address(args.base)
    mine = [i for i in range(args.sources) if i % nprocs == idx]
    socks, pkts = [], []
    for i in mine:
        ip = str(base + i)
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((ip, 0))
        s.setblocking(False)
        socks.append(s)
        pkts.append(build_packet(ip, s.getsockname()[1], dst, i))
    n = len(socks)
    rate = args.rate / nprocs
    secs = args.secs
    window = args.window
    sent = errors = 0
    batch = max(16, int(rate / 2000))  # re-check the clock about every 0.5 ms of sending
    while time.time() < start_at:
        time.sleep(0.001)
    t0 = time.perf_counter()
    k = idx * 1000000000  # unique sequence numbers across workers
    now = t0
    while True:
        now = time.perf_counter()
        el = now - t0
        if el >= secs:
            break
        due = int(el * rate) - sent - errors
        if due <= 0:
            time.sleep(0.0002)
            continue
        if due > batch:
            due = batch
        if window:
            # global window [lo, lo+window) over all sources; this worker holds every nprocs-th
            lo = int(el / secs * (args.sources - window)) if args.sources > window else 0
            lo_mine = (lo + nprocs - 1 - idx) // nprocs if lo > idx else 0
            w_mine = max(1, window // nprocs)
            for _ in range(due):
                j = lo_mine + (k % w_mine)
                if j >= n:
                    j = n - 1 - (k % min(n, w_mine))
                k += 1
                h, m, t = pkts[j]
                q_ = str(k).encode()
                try:
                    socks[j].sendto(h + q_ + m + q_ + t, dst)
                    sent += 1
                except OSError:
                    errors += 1
        else:
            for _ in range(due):
                j = k % n
                k += 1
                h, m, t = pkts[j]
                q_ = str(k).encode()
                try:
                    socks[j].sendto(h + q_ + m + q_ + t, dst)
                    sent += 1
                except OSError:
                    errors += 1
    q.put((sent, errors, time.perf_counter() - t0))
    for s in socks:
        s.close()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--target", required=True, help="host:port")
    p.add_argument("--rate", type=float, required=True, help="packets/s offered in total")
    p.add_argument("--secs", type=float, default=10)
    p.add_argument("--sources", type=int, default=200)
    p.add_argument("--base", default="127.1.0.1", help="first source address")
    p.add_argument("--procs", type=int, default=2)
    p.add_argument("--window", type=int, default=0)
    p.add_argument("--out")
    args = p.parse_args()
    host, port = args.target.rsplit(":", 1)
    dst = (host, int(port))
    procs = max(1, min(args.procs, args.sources))
    q = mp.Queue()
    start_at = time.time() + 0.3 + args.sources / 20000  # sockets bound before anyone sends
    ws = [mp.Process(target=worker, args=(i, procs, args, dst, start_at, q)) for i in range(procs)]
    for w in ws:
        w.start()
    res = [q.get() for _ in ws]
    for w in ws:
        w.join()
    sent = sum(r[0] for r in res)
    errors = sum(r[1] for r in res)
    secs = max(r[2] for r in res)
    out = {"target": args.target, "offered_rate": args.rate, "sources": args.sources, "base": args.base,
           "window": args.window, "procs": procs, "sent": sent, "errors": errors,
           "seconds": round(secs, 3), "pps": round(sent / secs) if secs else 0}
    line = json.dumps(out)
    print(line)
    if args.out:
        with open(args.out, "w") as f:
            f.write(line + "\n")


if __name__ == "__main__":
    main()
