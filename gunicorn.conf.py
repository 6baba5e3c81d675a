"""gunicorn's settings for every server started from the project's root (gunicorn reads this file from the
working directory): the Docker image, `make demo`, the tests and the benchmarks. Options stay on the command
lines; this file only holds the hook below."""


def post_fork(server, worker):
    # The arbiter kills a worker whose heartbeat file is older than --timeout by time.monotonic(). Until the
    # worker's first heartbeat, the file carries the file system's wall-clock time, so the check compares two
    # different clocks: a worker that hangs while loading the app is never killed, and in a moved clock
    # (`make test-moved-clock`, where monotonic follows the moved wall clock) every worker is killed at boot.
    # A heartbeat at fork puts the file on the arbiter's clock from the start.
    worker.tmp.notify()
