"""Account pages: settings, password change (audited) and the security log."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from jobly import account, audit
from jobly.forms import AccountSettingsForm


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request):
    # The form validates a copy: a ModelForm writes its values onto its instance, and the service
    # compares the submitted values with the account as stored to record what changed.
    form = AccountSettingsForm(request.POST or None, instance=get_user_model().objects.get(pk=request.user.pk))
    if request.method == "POST" and form.is_valid():
        account.update_account_settings(user=request.user, **{field: form.cleaned_data[field] for field in form.Meta.fields})
        messages.success(request, "Account settings saved.")
        return redirect("account-settings")
    return render(request, "jobly/account_settings.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def security_log(request):
    page = Paginator(account.security_log_for(request.user), 25).get_page(request.GET.get("page"))
    rows = [{"entry": entry, "label": audit.label_for(entry.action)} for entry in page.object_list]
    context = {"page": page, "rows": rows, "retention_days": settings.AUDIT_RETENTION_DAYS}
    return render(request, "jobly/security_log.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, recorded in the audit log."""

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record("account.password_changed", actor=self.request.user, target=self.request.user, request=self.request)
        return response
