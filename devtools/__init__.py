"""Developer tooling: the `make demo` launcher, the `make test` runner and the embedded PostgreSQL/Redis.

Nothing here is imported by the application at run time, except devtools.healthcheck (used by the
Docker health check). Modules must stay importable without Django settings configured.
"""
