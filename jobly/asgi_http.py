"""Django's ASGI handler with the middleware chain built for synchronous code: one thread hop per request.

Django's own `ASGIHandler` builds the chain for async code. Every Jobly view and most middleware
are synchronous, so each request crossed between the event loop and a worker thread at every
sync/async boundary of the chain (into the outermost sync middleware, back to the event loop for
the async handler, out again for the view). Under load on two cores those crossings cost more than
a small view itself (measured in bench_serving: docs/BENCHMARKS.md). Here the chain is the
synchronous one WSGI uses, run whole on the request's thread (`thread_sensitive`, in the
`ThreadSensitiveContext` Django opens per request, so the view's database connection is the one
`request_finished` returns). Reading the body, disconnects, streaming and the signals stay Django's.
"""

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.base import BaseHandler


class SyncChainASGIHandler(ASGIHandler):
    def __init__(self):
        BaseHandler.__init__(self)  # not ASGIHandler.__init__: it would build the async chain too
        self.load_middleware(is_async=False)

    async def get_response_async(self, request):
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)


def get_application():
    """`django.core.asgi.get_asgi_application()` with this handler."""
    import django

    django.setup(set_prefix=False)
    return SyncChainASGIHandler()
