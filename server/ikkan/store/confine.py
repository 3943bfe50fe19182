"""Keep query processes off the network: defence in depth behind the SERVICE check.

pyoxigraph has no switch to turn SERVICE off; it opens a TCP connection to whatever endpoint a
query names. The guard refuses such queries before they run, but a second line costs little:
when no SERVICE endpoint is allowed and the store is embedded, the query processes need no
network at all, so the zygote installs a seccomp filter (inherited by every query process it
forks) under which creating an IPv4 or IPv6 socket fails with ``EACCES``. Unix sockets, which
carry jobs and answers, are untouched. The filter needs no privilege (``PR_SET_NO_NEW_PRIVS``
first) and cannot be lifted by the process. On a machine where it cannot be installed (another
architecture, a kernel without seccomp), :func:`deny_network` says so and the guard stands
alone.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import socket
import struct

# Linux UAPI constants (linux/seccomp.h, linux/filter.h, linux/audit.h).
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_SECCOMP_RET_ALLOW = 0x7FFF0000
_SECCOMP_RET_ERRNO = 0x00050000
_BPF_LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_BPF_JEQ_K = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_BPF_RET_K = 0x06  # BPF_RET | BPF_K
# Offsets into struct seccomp_data: nr, arch, instruction_pointer, args[6].
_NR, _ARCH, _ARG0 = 0, 4, 16

# machine -> (AUDIT_ARCH_*, the socket system call's number)
_ARCHITECTURES = {
    "x86_64": (0xC000003E, 41),
    "aarch64": (0xC00000B7, 198),
}


def _instruction(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def _program(audit_arch: int, socket_nr: int) -> bytes:
    deny = _SECCOMP_RET_ERRNO | errno.EACCES
    return b"".join(
        [
            _instruction(_BPF_LD_W_ABS, 0, 0, _ARCH),
            _instruction(_BPF_JEQ_K, 1, 0, audit_arch),  # another ABI: leave it alone
            _instruction(_BPF_RET_K, 0, 0, _SECCOMP_RET_ALLOW),
            _instruction(_BPF_LD_W_ABS, 0, 0, _NR),
            _instruction(_BPF_JEQ_K, 0, 3, socket_nr),
            _instruction(_BPF_LD_W_ABS, 0, 0, _ARG0),  # the address family (low 32 bits)
            _instruction(_BPF_JEQ_K, 2, 0, socket.AF_INET),
            _instruction(_BPF_JEQ_K, 1, 0, socket.AF_INET6),
            _instruction(_BPF_RET_K, 0, 0, _SECCOMP_RET_ALLOW),
            _instruction(_BPF_RET_K, 0, 0, deny),
        ]
    )


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def deny_network() -> str | None:
    """Forbid this process and its future children IP sockets; None, or why it could not."""
    if platform.system() != "Linux":
        return f"seccomp is Linux-only (this is {platform.system()})"
    arch = _ARCHITECTURES.get(platform.machine())
    if arch is None:
        return f"no seccomp filter for the {platform.machine()} architecture"
    program = _program(*arch)
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"prctl(PR_SET_NO_NEW_PRIVS) failed: {ctypes.get_errno()}"
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        return f"prctl(PR_SET_SECCOMP) failed: errno {ctypes.get_errno()}"
    return None
