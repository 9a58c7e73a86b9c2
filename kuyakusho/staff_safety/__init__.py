"""Staff safety confirmation (職員安否確認), issue #6.

On a trigger or by hand, every staff member gets one e-mail (Japanese, English below) with a
signed link that needs no sign-in; they answer 無事 / 負傷 / 家族が被災, whether and when they
can come in and where they are, and may change the answer until the round closes. Crisis
management sees live totals per department, reminders go to non-responders at set intervals,
and drills are marked 【訓練】 everywhere. Private contact details live apart from the account
and only crisis management reads them (audited, with a purpose).

For other domains (the disaster domain starts a round for a JMA 震度5強 message):

    from kuyakusho.staff_safety.services import start_confirmation

    round_ = start_confirmation(
        actor,                     # None = started automatically; else needs staff_safety.manage
        title="震度5強 東京都２３区西部",
        drill=False,               # True: 【訓練】 in every mail and page
        trigger_key="jma:<EventID>",  # idempotent: the same key returns the existing round
        message="",                # optional, ≤ 500 characters, goes into the mail
        reminder_interval_minutes=30,  # 0, 10, 15, 30, 60, 120 or 180 (0: no reminders)
        reminder_limit=3,          # 0–10
    )

Every active staff member (each account with a StaffMembership, counted once, in all their
departments) becomes a recipient at that moment; the mail goes out from the task queue after
the caller's transaction commits, never inside it. Raises ValidationError for bad fields and
PermissionDenied for a person without the permission. Totals: selectors.overall_totals(round_),
selectors.department_totals(round_). See docs/architecture.md §18.
"""
