#!/usr/bin/env python3
"""hostile.py - how long a legitimate client waits for its message to be accepted while N hostile
clients, all from 127.0.0.1, occupy an SMTP listener, and what that costs the server.

  hostile.py PORT N MODE [--pid PID] [--seconds LIMIT]

MODE: idle (connect, send nothing, read nothing), slowloris (a byte of "EHLO x" every 2 s),
deaf (send EHLO, MAIL and NOOP, never read a reply). An idle or slowloris client that is closed
comes back at once; a deaf one, never reading, does not learn that it was closed and stays away. The legitimate client behaves as an MTA: connect, wait for the greeting (up to 300 s), send one
message; a 421 or a closed connection means trying again a second later. Prints the seconds to the
legitimate client's 250, and with --pid the server's RSS and heap (jcmd GC.heap_info) under the load.
Everything stops by itself after LIMIT seconds (default 600).
"""
import argparse
import asyncio
import re
import smtplib
import subprocess
import sys
import threading
import time


async def hostile(port, mode, stop):
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.5)
            continue
        try:
            if mode == "deaf":
                writer.write(b"EHLO deaf.test\r\nMAIL FROM:<a@deaf.test>\r\nNOOP\r\n")
            line = b"EHLO slow.test\r\n"
            i = 0
            while not stop.is_set():
                if mode == "slowloris":
                    writer.write(line[i:i + 1])
                    i = (i + 1) % len(line)
                await asyncio.sleep(2.0 if mode == "slowloris" else 1.0)
                # Only to notice the end of the connection; a deaf client's replies stay unread.
                if mode != "deaf" or reader.at_eof():
                    try:
                        if await asyncio.wait_for(reader.read(4096), timeout=0.01) == b"":
                            break
                    except asyncio.TimeoutError:
                        pass
                if writer.transport.is_closing():
                    break
                if mode == "deaf":
                    await asyncio.sleep(3600)
        except (OSError, ConnectionError):
            pass
        finally:
            writer.close()


def legitimate(port, limit):
    start = time.monotonic()
    while time.monotonic() - start < limit:
        try:
            s = smtplib.SMTP("127.0.0.1", port, local_hostname="mta.test", timeout=300)
            s.sendmail("mta@mta.test", ["postmaster"], "Subject: legitimate\r\n\r\nhello\r\n")
            s.quit()
            return time.monotonic() - start
        except (smtplib.SMTPException, OSError):
            time.sleep(1)
    return None


def server_memory(pid):
    rss = 0
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) // 1024
    heap = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True).stdout
    # the heap's generations (Serial: "def new generation", "tenured generation"; G1: "garbage-first
    # heap"), not Metaspace
    used = [int(k) for k in re.findall(r"(?:generation|heap)\s+total \d+K, used (\d+)K", heap)]
    return rss, sum(used) // 1024 if used else -1


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("n", type=int)
    parser.add_argument("mode", choices=["idle", "slowloris", "deaf"])
    parser.add_argument("--pid", type=int)
    parser.add_argument("--seconds", type=int, default=600)
    args = parser.parse_args()
    stop = asyncio.Event()
    tasks = []
    for i in range(args.n):
        tasks.append(asyncio.create_task(hostile(args.port, args.mode, stop)))
        if i % 200 == 199:
            await asyncio.sleep(0.05)
    await asyncio.sleep(3)
    memory = server_memory(args.pid) if args.pid else None
    took = await asyncio.get_running_loop().run_in_executor(None, legitimate, args.port, args.seconds)
    memory_after = server_memory(args.pid) if args.pid else None
    stop.set()
    await asyncio.wait(tasks, timeout=10)
    result = f"{args.mode} {args.n}: legitimate message accepted after " + (f"{took:.1f} s" if took else "never")
    if memory:
        result += f"; server RSS {memory[0]} -> {memory_after[0]} MiB, heap used {memory[1]} -> {memory_after[1]} MiB"
    print(result, flush=True)
    return 0 if took else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
