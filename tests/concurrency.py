"""Run calls at the same moment from threads, each with its own database connection (race tests)."""

import threading

from django.db import connection


def run_together(calls, *, timeout=60):
    """Start every call in `calls` (zero-argument functions) behind one barrier; return their results
    in order, with an exception raised by a call returned in its place."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout)
            results[index] = call()
        except Exception as error:  # returned to the test, which asserts on it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results
