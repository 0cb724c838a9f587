"""ASGI entry point: HTTP through Django, WebSockets through Channels (origin-checked, session-authenticated)."""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobly.settings")

from jobly.asgi_http import get_application  # noqa: E402
from jobly.env import SettingsError  # noqa: E402

try:
    django_asgi_app = get_application()
except SettingsError as error:
    sys.stderr.write(f"Configuration error: {error}\n")
    sys.exit(2)

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from jobly.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
