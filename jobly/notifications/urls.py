from django.urls import path

from jobly.notifications import views

app_name = "notifications"
urlpatterns = [
    path("settings/webhooks/", views.endpoint_list, name="endpoints"),
    path("settings/webhooks/<int:endpoint_id>/", views.endpoint_detail, name="endpoint"),
    path("settings/webhooks/<int:endpoint_id>/test/", views.endpoint_test, name="endpoint-test"),
    path("settings/webhooks/<int:endpoint_id>/rotate-secret/", views.endpoint_rotate, name="endpoint-rotate"),
    path("settings/webhooks/<int:endpoint_id>/toggle/", views.endpoint_toggle, name="endpoint-toggle"),
    path("settings/webhooks/<int:endpoint_id>/delete/", views.endpoint_delete, name="endpoint-delete"),
    path("settings/webhooks/<int:endpoint_id>/deliveries/<int:delivery_id>/resend/", views.delivery_resend,
         name="delivery-resend"),
    path("settings/notifications/", views.preferences, name="preferences"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
