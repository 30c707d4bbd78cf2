"""Does the secretariat meet OGP's Participation and Co-Creation Standards? Each check reads
the records (the forum's meetings and members, the plan's steps, the meetings with civil
society, the publication log) and says `met`, `not_met`, `not_applicable` or `unknown`,
with the evidence it decided on (which meetings, which dates, which gaps) and what to do.

    check(session, plan_id=None, today=None) -> list[Result]

No Qt: the command line (`ogp-desktop compliance`), the home screen and the compliance
page show the same results. docs/compliance.md says how each status is decided."""

from ogp_desktop.core.compliance.checks import (
    CHECKS,
    Result,
    Status,
    check,
)

__all__ = ["CHECKS", "Result", "Status", "check"]
