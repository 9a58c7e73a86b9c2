from django.urls import path, re_path

from . import views_staff, views_staff_settings

app_name = "reports"
urlpatterns = [
    path("", views_staff.inbox, name="inbox"),
    path("<int:pk>/", views_staff.detail, name="detail"),
    path("<int:pk>/state/", views_staff.change_state, name="state"),
    path("<int:pk>/note/", views_staff.add_note, name="note"),
    path("<int:pk>/work/", views_staff.work, name="work"),
    path("<int:pk>/category/", views_staff.change_category, name="category"),
    path("<int:pk>/forward/", views_staff.forward, name="forward"),
    path("<int:pk>/merge/", views_staff.merge, name="merge"),
    path("<int:pk>/photos/", views_staff.add_photos, name="photos"),
    path("<int:pk>/photos/<int:photo_pk>/", views_staff.photo_visibility, name="photo_visibility"),
    path("<int:pk>/contact/", views_staff.contact, name="contact"),
    path("figures/", views_staff.figures, name="figures"),
    path("enter/", views_staff.enter, name="enter"),
    re_path(r"^export\.(?P<fmt>csv|geojson)$", views_staff.export, name="export"),
    # Settings: categories and questions, state labels, response templates, Open311 keys.
    path("settings/", views_staff_settings.overview, name="settings"),
    path("settings/categories/new/", views_staff_settings.category_form, name="category_new"),
    path("settings/categories/<int:pk>/", views_staff_settings.category_form, name="category_edit"),
    path(
        "settings/categories/<int:pk>/questions/",
        views_staff_settings.attribute_form,
        name="attribute_new",
    ),
    path("settings/states/", views_staff_settings.state_labels, name="state_labels"),
    path("settings/templates/", views_staff_settings.templates, name="templates"),
    path("settings/api-keys/", views_staff_settings.api_keys, name="api_keys"),
    path(
        "settings/api-keys/<int:pk>/revoke/",
        views_staff_settings.revoke_api_key,
        name="revoke_api_key",
    ),
]
