"""Public pages, mounted at the site root: /events/…, /events.ics and the groups' pages."""

from django.urls import path

from . import views_groups, views_public

app_name = "events"
urlpatterns = [
    path("events/", views_public.event_list, name="list"),
    path("events.ics", views_public.events_ics, name="ics"),
    path("events/calendar/", views_public.month_calendar, name="calendar"),
    path("events/feed.atom", views_public.atom_feed, name="feed"),
    path("events/mine/", views_public.my_signups, name="mine"),
    path("events/<int:pk>/", views_public.event_detail, name="detail"),
    path("events/<int:pk>.ics", views_public.event_ics, name="event_ics"),
    path("events/<int:pk>/signup/", views_public.signup, name="signup"),
    path("events/signups/<int:pk>/cancel/", views_public.cancel_signup, name="cancel_signup"),
    # 団体
    path("events/groups/", views_groups.group_list, name="groups"),
    path("events/groups/register/", views_groups.register, name="group_register"),
    path("events/groups/mine/", views_groups.my_groups, name="my_groups"),
    path("events/groups/join/<str:token>/", views_groups.join, name="group_join"),
    path("events/groups/<int:pk>/", views_groups.group_detail, name="group"),
    path("events/groups/<int:pk>/manage/", views_groups.group_manage, name="group_manage"),
    path("events/groups/<int:pk>/edit/", views_groups.group_edit, name="group_edit"),
    path("events/groups/<int:pk>/invite/", views_groups.invite, name="group_invite"),
    path(
        "events/groups/<int:pk>/managers/<int:manager_pk>/remove/",
        views_groups.remove_manager,
        name="group_remove_manager",
    ),
    path(
        "events/groups/<int:pk>/events/new/", views_groups.group_event_form, name="group_event_new"
    ),
    path(
        "events/groups/<int:pk>/events/<int:event_pk>/edit/",
        views_groups.group_event_form,
        name="group_event_edit",
    ),
    path(
        "events/groups/<int:pk>/events/<int:event_pk>/cancel/",
        views_groups.group_event_cancel,
        name="group_event_cancel",
    ),
    path(
        "events/groups/<int:pk>/events/<int:event_pk>/participants/",
        views_groups.participants,
        name="participants",
    ),
    path(
        "events/groups/<int:pk>/events/<int:event_pk>/participants.csv",
        views_groups.participants_csv,
        name="participants_csv",
    ),
]
