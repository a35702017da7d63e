"""The lifecycle app: records states on publication and lets the catalog and the loket read them; follows review
cases, shows their drafts on the task page, keeps them from waiting for an applicant and names their applicant (the
submitting unit) unmasked."""

from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "sopan.web.lifecycle"
    label = "lifecycle"
    verbose_name = "Siklus hidup SOP"

    def ready(self) -> None:
        from sopan.web.authoring import draft_states
        from sopan.web.cases import extensions, unit_applicants
        from sopan.web.catalog import version_states
        from sopan.web.lifecycle import draft_access, review_case, review_panel, services

        version_states.version_published.connect(services.on_published, dispatch_uid="lifecycle-on-published")
        version_states.register(services.READER)
        draft_states.register(draft_access.READER)
        extensions.command_done.connect(review_case.on_command, dispatch_uid="lifecycle-review-case")
        extensions.add_task_panel(review_panel.review_panel)
        extensions.refuse_hold_when(review_case.is_review_case)
        unit_applicants.add_unit_applicant_cases(review_case.review_cases_among)
