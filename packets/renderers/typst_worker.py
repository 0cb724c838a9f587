"""The Typst render process: compiles one document at a time, sandboxed, for `typst_process.py`.

Run as `python -I typst_worker.py MEMORY_MB`; it imports only the standard library and `typst`
(no Django, no settings, no secrets in its environment). Before it loads Typst it limits its own
address space, file size and open files, and moves into a new network namespace with no
interfaces when the kernel allows it (so a package import cannot reach the network). Each compile
runs in a fresh temporary root holding only `main.typ`; document data comes in `sys.inputs`.

Frames on stdin/stdout: a 4-byte big-endian length, then that many bytes. A request is a JSON
object {"source", "inputs", "format", "ppi"}; the answer is a JSON header
{"ok", "error", "message", "size"} followed by one frame with the output bytes when ok.
"""

import ctypes
import json
import os
import resource
import shutil
import struct
import sys
import tempfile

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
FONT_DIRS = ["/usr/share/fonts/truetype/liberation", "/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/dejavu"]
CPU_SECONDS_BEFORE_RECYCLE = 300  # the parent starts a fresh process after this much CPU time


def isolate_network():
    """A new, empty network namespace: "network unreachable" for everything. True when it worked."""
    libc = ctypes.CDLL(None, use_errno=True)
    for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return True
    return False


def limit_resources(memory_mb):
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024 * 1024, 64 * 1024 * 1024))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def read_frame(stream):
    head = stream.read(4)
    if len(head) < 4:
        return None
    (size,) = struct.unpack(">I", head)
    return stream.read(size)


def write_frame(stream, payload):
    stream.write(struct.pack(">I", len(payload)) + payload)
    stream.flush()


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def compile_one(typst, fonts, request, scratch):
    root = tempfile.mkdtemp(prefix="render-", dir=scratch)
    try:
        main = os.path.join(root, "main.typ")
        with open(main, "w", encoding="utf-8") as handle:
            handle.write(request["source"])
        empty = os.path.join(root, ".packages")  # no local packages, and none can be cached here
        compiler = typst.Compiler(input=main, root=root, font_paths=fonts, ignore_system_fonts=True,
                                  sys_inputs=request.get("inputs") or {}, package_path=empty, package_cache_path=empty)
        fmt = request.get("format", "pdf")
        output = compiler.compile(format=fmt, ppi=request.get("ppi") if fmt == "png" else None, timestamp=0)
        if isinstance(output, list):  # PNG of a multi-page document: one image per page
            output = output[0]
        return output
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main():
    memory_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    isolated = isolate_network()
    limit_resources(memory_mb)
    scratch = tempfile.mkdtemp(prefix="jobly-typst-")
    os.chdir(scratch)
    import typst

    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True,
                        font_paths=[d for d in FONT_DIRS if os.path.isdir(d)])
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    write_frame(stdout, json.dumps({"ready": True, "network_isolated": isolated}).encode())
    try:
        while True:
            frame = read_frame(stdin)
            if frame is None:
                return  # the parent closed the pipe (or died): nothing more to do
            request = json.loads(frame)
            try:
                output = compile_one(typst, fonts, request, scratch)
                header = {"ok": True, "size": len(output)}
            except typst.TypstError as error:
                output, header = b"", {"ok": False, "error": "render_error", "message": str(error.message)[:500]}
            except MemoryError:
                output, header = b"", {"ok": False, "error": "render_error", "message": "The document needs too much memory."}
            header["recycle"] = cpu_seconds() > CPU_SECONDS_BEFORE_RECYCLE
            write_frame(stdout, json.dumps(header).encode())
            if header["ok"]:
                write_frame(stdout, output)
            if header["recycle"]:
                return
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
