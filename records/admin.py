"""The Django admin's delete of a recyclable record moves it to the recycle bin (/sampah/).

`RecycleDeleteMixin` joins the ModelAdmin of each recyclable model: the confirmation page
(single and "delete selected") says the record and the rows listed go to the bin, and the
delete itself is `records.recycle.recycle_move`.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import recycle


class RecycleDeleteMixin:
    delete_confirmation_template = "admin/records/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/records/delete_selected_confirmation.html"

    def delete_model(self, request, obj):
        recycle.recycle_move(obj=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            recycle.recycle_move(obj=obj, user=request.user)

    def response_delete(self, request, obj_display, obj_id):
        self.message_user(
            request,
            _("%(record)s dipindahkan ke tempat sampah; admin dapat memulihkannya dari sana.")
            % {"record": f"{self.opts.verbose_name} #{obj_id}"},
            messages.SUCCESS,
        )
        if self.has_change_permission(request, None):
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        return HttpResponseRedirect(reverse("admin:index"))
