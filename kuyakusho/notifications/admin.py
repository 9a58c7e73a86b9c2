"""Django admin (superusers only) for reference data without a back-office screen yet:
areas with their polygons, and webhook endpoints."""

from django.contrib import admin

from .models import Area, Topic, WebhookEndpoint

admin.site.register(Area)
admin.site.register(Topic)
admin.site.register(WebhookEndpoint)
