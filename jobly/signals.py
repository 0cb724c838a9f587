"""Infrastructure signal handlers only (Celery process lifecycle); domain flows are explicit calls."""

from celery.signals import worker_process_init

from jobly.fanout import reset_after_fork


@worker_process_init.connect
def _fresh_fanout_in_pool_child(**kwargs):
    reset_after_fork()
