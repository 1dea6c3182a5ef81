#!/usr/bin/env python3
"""Writes RESP for N grain turns (EVALSHA) to stdout, for `redis-cli --pipe`.

usage: gen_resp.py source_ip SHA N NOW [IDLE_MS]
       gen_resp.py register  SHA N NOW
Arguments match what Cluster.Grains passes to the Lua turn, so the memory measured is the
memory the real grains use.
"""
import sys


def resp(*args):
    out = [f"*{len(args)}\r\n"]
    for a in args:
        s = str(a)
        out.append(f"${len(s.encode())}\r\n{s}\r\n")
    return "".join(out)


def main():
    kind, sha, n, now = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    w = sys.stdout.write
    if kind == "source_ip":
        idle = int(sys.argv[5]) if len(sys.argv) > 5 else 30000
        for i in range(n):
            ip = f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"
            # one REGISTER: all-SIP and register buckets plus the pike counters are written
            w(resp("EVALSHA", sha, 1, f"ip:{{{ip}}}", "admit", now, 1, 20, 50, 5, 10, 10, 20, 2000, 100, 3, 600000, idle))
    elif kind == "register":
        for i in range(n):
            user = str(100000 + i)
            contact = f"sip:{user}@10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}:5060;transport=udp"
            source = f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}:5060"
            call_id = f"{i:08x}-4d3c-11ef-9a2b-0242ac120002"
            w(resp("EVALSHA", sha, 1, f"ep:{{{user}}}", "register", now, contact, source, 3600000, call_id, 1,
                   "Yealink SIP-T46S 66.86.0.15", 1, 5, 180000))
    else:
        sys.exit(f"unknown kind {kind}")


if __name__ == "__main__":
    main()
