"""Shard 3 of the API fuzz: the test of tests/reliability/test_api_fuzz.py over the operations of its
SHARDS[2], in a file of its own so that another xdist worker runs it."""

from tests.reliability.test_api_fuzz import api_schema, fuzz_test, fuzz_users  # noqa: F401  (the fixtures it uses)

test_api_operations_never_fail_the_server_and_follow_the_schema = fuzz_test(2)
