#!/usr/bin/env python3
"""Writes RESP for N commands to stdout, for `redis-cli --pipe` (binary-safe, fully pipelined).

usage: gen_resp.py KIND N NOW [SHA] [IDLE_MS]
kinds: incr                      INCR on 100,000 counters (the peer)
       eval_floor SHA            EVALSHA of a script that does nothing (Lua call overhead)
       source_ip SHA             source-IP Admit of a REGISTER from N distinct addresses
       source_ip_hot SHA         source-IP Admit over 100,000 addresses, repeatedly (buckets refill)
       gateway SHA               gateway Admit on one gateway, N distinct Call-IDs, no limits
       gateway_limited SHA       the same with a line limit of 1000 (most calls refused)
       register SHA              endpoint Register, N distinct users with one binding each
Arguments are what Cluster.Grains sends (PolicyBlobs.cs layouts), so the cost and memory
measured are the real grains'.
"""
import struct
import sys


def resp(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        b = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(out)


def source_ip_policy(idle_ms):
    # all-SIP 20/s burst 50, REGISTER 5/s burst 10, INVITE 10/s burst 20, pike 2 s / 100 / 3,
    # block 600 s, idle, max retry 5, suspend on, auth window 60 s
    return struct.pack("<ddddddiiiqqiBq", 20, 50, 5, 10, 10, 20, 2000, 100, 3, 600000, idle_ms, 5, 1, 60000)


def gateway_limits(line_limit):
    return struct.pack("<diiq", 0, 1, line_limit, 7260000)


def ip(i):
    return f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"


def main():
    kind, n, now = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    sha = sys.argv[4] if len(sys.argv) > 4 else ""
    idle = int(sys.argv[5]) if len(sys.argv) > 5 else 30000
    w = sys.stdout.buffer.write
    if kind == "incr":
        for i in range(n):
            w(resp("INCR", f"ctr:{{{i % 100000}}}"))
    elif kind == "eval_floor":
        for i in range(n):
            w(resp("EVALSHA", sha, 1, f"x:{{{i % 100000}}}", "admit", now, source_ip_policy(idle), 1))
    elif kind == "source_ip":
        policy = source_ip_policy(idle)
        for i in range(n):
            w(resp("EVALSHA", sha, 1, f"ip:{{{ip(i)}}}", "admit", now, policy, 1))
    elif kind == "source_ip_hot":
        policy = source_ip_policy(idle)
        for i in range(n):
            # one second passes per 100,000 calls, so buckets refill as in steady traffic
            w(resp("EVALSHA", sha, 1, f"ip:{{{ip(i % 100000)}}}", "admit", now + (i // 100000) * 1000, policy, 1))
    elif kind in ("gateway", "gateway_limited"):
        limits = gateway_limits(1000 if kind == "gateway_limited" else 0)
        name = "bench2" if kind == "gateway_limited" else "bench"
        for i in range(n):
            w(resp("EVALSHA", sha, 3, f"gw:{{{name}}}", f"gw:{{{name}}}:lines", f"gw:{{{name}}}:adm",
                   "admit", now, limits, f"call-{i}"))
    elif kind == "register":
        for i in range(n):
            user = str(100000 + i)
            contact = f"sip:{user}@{ip(i)}:5060;transport=udp"
            call_id = f"{i:08x}-4d3c-11ef-9a2b-0242ac120002"
            w(resp("EVALSHA", sha, 1, f"ep:{{{user}}}", "register", now, contact, f"{ip(i)}:5060", 3600000,
                   call_id, 1, "Yealink SIP-T46S 66.86.0.15", 1, 5, 180000))
    else:
        sys.exit(f"unknown kind {kind}")


if __name__ == "__main__":
    main()
