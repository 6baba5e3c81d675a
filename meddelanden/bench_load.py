"""Many concurrent HTTP clients against a running server, with nothing but asyncio (no extra dependency)."""
from __future__ import annotations

import asyncio
import time


async def _client(host, port, request: bytes, deadline: float, latencies: list, statuses: dict):
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        try:
            reader, writer = await asyncio.open_connection(host, port)
            writer.write(request)
            await writer.drain()
            data = await reader.read()
            writer.close()
        except OSError:
            statuses["fel"] = statuses.get("fel", 0) + 1
            await asyncio.sleep(0.05)
            continue
        latencies.append(time.perf_counter() - start)
        status = data[9:12].decode(errors="replace") if data.startswith(b"HTTP/") else "?"
        statuses[status] = statuses.get(status, 0) + 1


def load(*, host: str, port: int, path: str, headers: dict, clients: int, seconds: float) -> dict:
    """``clients`` clients each sending requests back to back (one connection per request, as gunicorn's sync
    workers close them) for ``seconds``; returns throughput, latency percentiles and status counts."""
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close",
             *(f"{k}: {v}" for k, v in headers.items()), "", ""]
    request = "\r\n".join(lines).encode()
    latencies: list[float] = []
    statuses: dict[str, int] = {}

    async def main():
        deadline = time.perf_counter() + seconds
        await asyncio.gather(*(_client(host, port, request, deadline, latencies, statuses) for _ in range(clients)))

    start = time.perf_counter()
    asyncio.run(main())
    elapsed = time.perf_counter() - start
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    return {"antal": len(latencies), "per_sekund": len(latencies) / elapsed, "p50_ms": pct(0.50), "p95_ms": pct(0.95),
            "p99_ms": pct(0.99), "status": statuses}
