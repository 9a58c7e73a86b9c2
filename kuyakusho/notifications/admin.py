"""Django admin (superusers only) for reference data. Staff manage areas and webhook endpoints
in the back office (views_staff_settings), which validates polygons and URLs and audits changes."""

from django.contrib import admin

from .models import Area, Topic, WebhookEndpoint

admin.site.register(Area)
admin.site.register(Topic)
admin.site.register(WebhookEndpoint)
