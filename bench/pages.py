#!/usr/bin/env python3
"""What writing files costs on this machine, apart from moncc (docs/performance.md).

Usage: bench/pages.py [DIR] [MB...]      (default: $BENCH_DIR or /tmp/moncc-bench; 250 2500)

For each size, after 10 s of rest, writes that many megabytes into a new file in DIR, in 1 MiB
writes ("first"); then deletes it and at once writes the same again ("again": into the pages
the kernel has just freed). 250 MB and 2,500 MB are what `moncc build` writes at 1,000 and
10,000 benchmark services. Prints the seconds of each write and seconds per GB.

On a physical machine both columns are close. On a virtual machine whose host takes back
memory the guest is not using (free page reporting, a balloon), the first touch of a page
the host took back costs a fault in the host: then "first" costs several times "again".
On this project's machines that varies from minute to minute (0.3 to 2.8 s/GB for "first",
0.2 to 0.3 for "again"), and it is what a build pays on top of moncc's own work when it
writes into such pages: see "Why 10,000 services are not 10 times 1,000".
"""
import os
import sys
import time

CHUNK = b"x" * (1 << 20)


def write(path, mb):
    t0 = time.perf_counter()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        for _ in range(mb):
            os.write(fd, CHUNK)
    finally:
        os.close(fd)
    return time.perf_counter() - t0


def main():
    args = sys.argv[1:]
    folder = os.environ.get("BENCH_DIR", "/tmp/moncc-bench")
    if args and not args[0].isdigit():
        folder = args.pop(0)
    sizes = [int(a) for a in args] or [250, 2500]
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "pages-%d.tmp" % os.getpid())
    print("%8s %10s %10s %12s %12s" % ("MB", "first s", "again s", "first s/GB",
                                         "again s/GB"))
    try:
        for mb in sizes:
            time.sleep(10)  # the host may take back what was freed before (see the top)
            first = write(path, mb)
            os.unlink(path)
            again = write(path, mb)
            os.unlink(path)
            print("%8d %10.3f %10.3f %12.3f %12.3f" % (mb, first, again, first * 1000 / mb,
                                                       again * 1000 / mb), flush=True)
    finally:
        if os.path.exists(path):
            os.unlink(path)


if __name__ == "__main__":
    main()
